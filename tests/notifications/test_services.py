import pytest
from django.core import mail
from django.db import transaction

from accounts.models import NotificationChannel
from notifications.models import EmailStatus, Notification
from notifications.selectors import inbox_for, unread_count
from notifications.services import (
    Message,
    deliver_pending_notifications,
    mark_read,
    notify,
    send_daily_digests,
)

from ..conftest import wait_for

URGENT = Message(kind="test", subject="Node moved forward", body="details", url="/x/", urgent=True)
ROUTINE = Message(kind="test", subject="Node due in 7 days")


def test_notify_twice_for_the_same_event_writes_one_row(world):
    notify(recipients=[world.bureau], key="node:1:forward", message=URGENT)
    notify(recipients=[world.bureau], key="node:1:forward", message=URGENT)
    assert Notification.objects.filter(recipient=world.bureau).count() == 1


def test_undelivered_rows_are_not_in_the_inbox_until_delivered(world):
    notify(recipients=[world.bureau], key="k1", message=URGENT)
    assert unread_count(user=world.bureau) == 0
    deliver_pending_notifications()
    assert unread_count(user=world.bureau) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.bureau.email]


def test_delivery_rerun_sends_nothing_twice(world):
    notify(recipients=[world.bureau, world.official], key="k2", message=URGENT)
    assert deliver_pending_notifications() == 2
    assert deliver_pending_notifications() == 0
    assert len(mail.outbox) == 2


def test_inbox_only_users_get_no_mail(world):
    world.bureau.notification_channel = NotificationChannel.INBOX_ONLY
    world.bureau.save()
    notify(recipients=[world.bureau], key="k3", message=URGENT)
    deliver_pending_notifications()
    assert mail.outbox == []
    assert inbox_for(user=world.bureau).count() == 1


def test_routine_items_wait_for_one_digest_per_person(world):
    for i in range(3):
        notify(recipients=[world.bureau], key=f"due:{i}", message=ROUTINE)
    deliver_pending_notifications()
    assert mail.outbox == []
    assert send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.count("Node due in 7 days") == 3
    assert send_daily_digests() == 0
    assert not Notification.objects.filter(email_status=EmailStatus.DIGEST).exists()


def test_mail_server_down_keeps_the_row_for_a_retry(world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1
    notify(recipients=[world.bureau], key="k4", message=URGENT)
    deliver_pending_notifications()
    row = Notification.objects.get()
    assert row.email_status == EmailStatus.FAILED and row.delivered_at is not None
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    deliver_pending_notifications()
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT and len(mail.outbox) == 1


def test_mark_read_only_touches_own_notifications(world):
    notify(recipients=[world.bureau, world.official], key="k5", message=URGENT)
    deliver_pending_notifications()
    mark_read(user=world.bureau)
    assert unread_count(user=world.bureau) == 0
    assert unread_count(user=world.official) == 1


@pytest.mark.django_db(transaction=True)
def test_real_worker_delivers_after_commit(world, celery_worker):
    with transaction.atomic():
        notify(recipients=[world.bureau], key="k6", message=URGENT)
    wait_for(lambda: inbox_for(user=world.bureau).exists())
    wait_for(lambda: len(mail.outbox) == 1)


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_records_and_enqueues_nothing(world, celery_worker):
    from config.celery_app import app

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        notify(recipients=[world.bureau], key="k7", message=URGENT)
        raise Boom
    assert not Notification.objects.exists()
    with app.connection_for_write() as conn:
        assert conn.default_channel.client.llen("celery") == 0
