"""The Celery task with a real worker on Redis: the beat's daily sweep writes an overdue
reminder and the notification is delivered (inbox row and e-mail)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from inspections.models import Finding
from inspections.tasks import daily_sweep
from notifications.models import Notification
from notifications.selectors import inbox_for

from ..conftest import wait_for
from .conftest import make_finding


@pytest.mark.django_db(transaction=True)
def test_daily_sweep_on_a_real_worker_delivers_the_overdue_reminder(world, celery_worker):
    finding = make_finding(world)
    Finding.objects.filter(pk=finding.pk).update(deadline=timezone.localdate() - timedelta(days=2))
    Notification.objects.all().delete()
    mail.outbox.clear()
    daily_sweep.delay()
    row = wait_for(
        lambda: inbox_for(user=world.contact_a).filter(kind="inspection.finding_overdue").first()
    )
    assert finding.reference in row.subject and row.urgent
    wait_for(lambda: any(world.contact_a.email in m.to for m in mail.outbox))
    wait_for(
        lambda: (
            inbox_for(user=world.county_a_staff).filter(kind="inspection.finding_overdue").exists()
        )
    )
    # the beat runs it again: nothing is written twice
    daily_sweep.delay()
    daily_sweep.apply()
    assert (
        Notification.objects.filter(
            recipient=world.contact_a, kind="inspection.finding_overdue"
        ).count()
        == 1
    )


@pytest.mark.django_db(transaction=True)
def test_rolled_back_finding_enqueues_and_records_nothing(world, celery_worker):
    from config.celery_app import app

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        make_finding(world)
        raise Boom
    assert not Notification.objects.exists() and not Finding.objects.exists()
    with app.connection_for_write() as conn:
        assert conn.default_channel.client.llen("celery") == 0
