"""The reminder pipeline with a real Celery worker on Redis (see tests/conftest.py)."""

import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from config.celery_app import app
from notifications.models import EmailStatus, Notification
from notifications.selectors import inbox_for
from retrofits import services
from retrofits.models import DateChange
from retrofits.tasks import daily_sweep

from ..conftest import wait_for
from .conftest import make_project, node

D = datetime.timedelta
TODAY = timezone.localdate()
pytestmark = pytest.mark.django_db(transaction=True)


def queue_length() -> int:
    with app.connection_for_write() as conn:
        return conn.default_channel.client.llen("celery")


def settled() -> None:
    """Wait until every delivery is done and the worker holds no task: no pending row, nothing
    queued in Redis, nothing reserved (prefetched) or running in the in-process worker, for
    three polls in a row. ``make_project`` enqueues one delivery per commit and the first one
    delivers every row, so "no pending row" alone left later copies queued; one of them then
    mailed rows a test meant to find still pending."""
    from celery.worker import state

    calm = []

    def idle() -> bool:
        quiet = (
            not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
            and queue_length() == 0
            and not state.reserved_requests
            and not state.active_requests
        )
        calm.append(quiet)
        return len(calm) >= 3 and all(calm[-3:])

    wait_for(idle)


def test_contact_moves_a_node_forward_and_county_staff_get_inbox_and_mail(world, celery_worker):
    project = make_project(world, actor=world.contact_a, approver=world.bureau)
    settled()
    mail.outbox.clear()
    n = node(project, 3)
    services.node_change_date(actor=world.contact_a, node=n, new_date=n.planned_date - D(5))
    row = wait_for(
        lambda: inbox_for(user=world.county_a_staff).filter(kind="retrofit.moved_forward").first()
    )
    assert "提前" in row.subject
    wait_for(lambda: any(world.county_a_staff.email in m.to for m in mail.outbox))
    sent = next(m for m in mail.outbox if world.county_a_staff.email in m.to)
    assert "提前" in sent.subject and n.get_absolute_url() in sent.body
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT


def test_a_rolled_back_change_enqueues_and_records_nothing(world, celery_worker):
    project = make_project(world, actor=world.contact_a, approver=world.bureau)
    settled()
    before = Notification.objects.count()

    class Boom(Exception):
        pass

    n = node(project, 3)
    with pytest.raises(Boom), transaction.atomic():
        services.node_change_date(actor=world.contact_a, node=n, new_date=n.planned_date - D(5))
        raise Boom
    assert Notification.objects.count() == before
    assert not DateChange.objects.exists()
    assert queue_length() == 0


def test_the_daily_sweep_task_twice_produces_each_reminder_once(world, celery_worker):
    make_project(world, actor=world.contact_a, approver=world.bureau, start=TODAY - D(10))
    Notification.objects.all().delete()
    daily_sweep.delay()
    wait_for(lambda: Notification.objects.filter(kind="retrofit.escalated").exists())
    settled()
    first = sorted(Notification.objects.values_list("idempotency_key", flat=True))
    daily_sweep.delay()
    daily_sweep.apply()  # and once more in-process
    wait_for(lambda: queue_length() == 0)
    assert sorted(Notification.objects.values_list("idempotency_key", flat=True)) == first
    assert {r.recipient for r in Notification.objects.filter(kind="retrofit.missed")} == {
        world.contact_a,
        world.county_a_staff,
    }


def _point_broker_at(url: str) -> None:
    """Re-point the app's publishing side (the worker keeps its own consumer connection).
    Pools are only dropped, never closed: kombu keeps them per URL, and a closed one would
    come back closed when the real broker's URL is restored."""
    app.conf.broker_url = url
    app._pool = None
    app.amqp._producer_pool = None


def test_with_the_broker_down_the_change_saves_and_is_delivered_later(world, celery_worker):
    from notifications.tasks import deliver_pending

    project = make_project(world, actor=world.contact_a, approver=world.bureau)
    settled()
    mail.outbox.clear()
    n = node(project, 3)
    url = app.conf.broker_url
    _point_broker_at("redis://127.0.0.1:1/0")  # nothing listens there
    try:
        with app.connection_for_write() as conn:
            assert "127.0.0.1:1" in conn.as_uri()
        services.node_change_date(actor=world.contact_a, node=n, new_date=n.planned_date - D(5))
    finally:
        _point_broker_at(url)
    n.refresh_from_db()
    assert n.date_changes.count() == 1  # the change is saved
    moved = Notification.objects.filter(kind="retrofit.moved_forward")
    pending = moved.filter(email_status=EmailStatus.PENDING)
    assert pending.count() == 2  # nothing mailed, nothing lost
    # the inbox does not wait for the worker
    assert inbox_for(user=world.county_a_staff).filter(kind="retrofit.moved_forward").exists()
    # The broker is back: the beat entry "deliver-pending-notifications" enqueues the
    # delivery every minute; the worker delivers the rows.
    deliver_pending.delay()
    wait_for(lambda: not pending.exists())
    assert inbox_for(user=world.county_a_staff).filter(kind="retrofit.moved_forward").exists()
    wait_for(lambda: any(world.county_a_staff.email in m.to for m in mail.outbox))
