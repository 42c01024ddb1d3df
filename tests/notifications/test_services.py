from datetime import timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone, translation

from accounts.models import NotificationChannel
from notifications.messages import Message, bilingual, local, render, renders, text_message
from notifications.models import EmailStatus, Notification
from notifications.selectors import inbox_for, unread_count
from notifications.services import (
    deliver_pending_notifications,
    mark_read,
    notify,
    send_daily_digests,
)

from ..conftest import wait_for

URGENT = text_message("Node moved forward", "details", url="/x/", urgent=True)
ROUTINE = text_message("Node due in 7 days")
BILINGUAL = text_message(
    {"zh-hans": "节点已提前", "en": "Node moved forward"},
    {"zh-hans": "提前 5 天", "en": "5 days earlier"},
    url="/x/",
    urgent=True,
)


def test_notify_twice_for_the_same_event_writes_one_row(world):
    notify(recipients=[world.bureau], key="node:1:forward", message=URGENT)
    notify(recipients=[world.bureau], key="node:1:forward", message=URGENT)
    assert Notification.objects.filter(recipient=world.bureau).count() == 1


def test_rows_are_in_the_inbox_before_any_worker_runs(world):
    notify(recipients=[world.bureau], key="k1", message=URGENT)
    assert unread_count(user=world.bureau) == 1
    assert mail.outbox == []
    deliver_pending_notifications()
    assert unread_count(user=world.bureau) == 1
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [world.bureau.email]


def test_each_reader_gets_the_event_in_their_own_language(world):
    """The row stores the event; inbox and e-mail are rendered for whoever reads them."""
    from django.utils import translation

    world.bureau.language = "en"
    world.bureau.save()
    world.official.language = "zh-hans"
    world.official.save()
    with translation.override("zh-hans"):  # raised by someone using the Chinese interface
        notify(recipients=[world.bureau, world.official], key="k-lang", message=BILINGUAL)
    english = Notification.objects.get(recipient=world.bureau)
    chinese = Notification.objects.get(recipient=world.official)
    with translation.override("en"):
        assert (english.subject, english.body) == ("Node moved forward", "5 days earlier")
    with translation.override("zh-hans"):
        assert chinese.subject == "节点已提前"
    deliver_pending_notifications()
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert by_recipient[world.bureau.email].subject == "[ULE] Node moved forward"
    assert "5 days earlier" in by_recipient[world.bureau.email].body
    assert "Hello" in by_recipient[world.bureau.email].body
    assert by_recipient[world.official.email].subject == "[ULE] 节点已提前"
    assert "提前 5 天" in by_recipient[world.official.email].body


def test_users_without_a_preference_get_the_portal_language(world, settings):
    assert world.bureau.language == ""
    assert world.bureau.preferred_language == settings.LANGUAGE_CODE == "zh-hans"
    notify(recipients=[world.bureau], key="k-default", message=BILINGUAL)
    deliver_pending_notifications()
    assert mail.outbox[0].subject == "[ULE] 节点已提前"


def test_a_registered_renderer_words_the_event_at_read_time(world):
    from django.utils import translation
    from django.utils.translation import gettext as _

    @renders("test.enterprise_named")
    def _named(params):
        from notifications.messages import Rendered

        return Rendered(subject=_("Enterprise") + ": " + local(params["enterprise"]))

    notify(
        recipients=[world.bureau],
        key="k-renderer",
        message=Message(
            kind="test.enterprise_named", params={"enterprise": bilingual(world.ent_a)}
        ),
    )
    row = Notification.objects.get()
    with translation.override("en"):
        assert row.subject.endswith(world.ent_a.name_en or world.ent_a.name_zh)
    with translation.override("zh-hans"):
        assert row.subject.endswith(world.ent_a.name_zh)


def test_an_unknown_kind_shows_what_is_stored_rather_than_failing():
    assert render("no.such.kind", {"subject": "stored text"}).subject == "stored text"
    assert render("no.such.kind", {}).subject


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
    world.bureau.language = "en"
    world.bureau.save()
    for i in range(3):
        notify(recipients=[world.bureau], key=f"due:{i}", message=ROUTINE)
    deliver_pending_notifications()
    assert mail.outbox == []
    assert send_daily_digests() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[ULE] Daily digest: 3 items"
    assert mail.outbox[0].body.count("Node due in 7 days") == 3
    assert send_daily_digests() == 0
    assert not Notification.objects.filter(email_status=EmailStatus.DIGEST).exists()


def _smtp_down(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1


def _smtp_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_mail_server_down_keeps_the_row_and_retries_with_backoff(world, settings):
    _smtp_down(settings)
    notify(recipients=[world.bureau], key="k4", message=URGENT)
    deliver_pending_notifications()
    row = Notification.objects.get()
    assert row.email_status == EmailStatus.FAILED and row.attempts == 1
    assert inbox_for(user=world.bureau).get() == row  # the inbox does not wait for the mail
    wait = row.next_attempt_at - timezone.now()
    assert timedelta(seconds=50) < wait <= timedelta(seconds=60)
    # further changes start delivery runs: they do not burn the row's attempts
    for i in range(20):
        notify(recipients=[world.official], key=f"more:{i}", message=URGENT)
        deliver_pending_notifications()
    row.refresh_from_db()
    assert row.attempts == 1
    assert set(Notification.objects.values_list("attempts", flat=True)) == {1}
    _smtp_back(settings)
    deliver_pending_notifications()
    assert mail.outbox == []  # every row waits for its retry time
    Notification.objects.update(next_attempt_at=timezone.now())  # time passes
    deliver_pending_notifications()
    deliver_pending_notifications()
    row.refresh_from_db()
    assert row.email_status == EmailStatus.SENT and len(mail.outbox) == 21


def test_the_backoff_doubles_up_to_its_cap(settings):
    from notifications.delivery import retry_delay

    settings.NOTIFICATION_RETRY_FIRST_SECONDS, settings.NOTIFICATION_RETRY_MAX_SECONDS = 60, 3600
    assert [retry_delay(n).total_seconds() for n in (1, 2, 3, 6, 7, 20)] == [
        60,
        120,
        240,
        1920,
        3600,
        3600,
    ]


def test_after_two_days_of_failures_the_row_is_undeliverable_and_the_office_is_told(
    world, settings
):
    _smtp_down(settings)
    notify(recipients=[world.bureau], key="k-old", message=URGENT)
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=49))
    deliver_pending_notifications()
    row = Notification.objects.get(recipient=world.bureau)
    assert row.email_status == EmailStatus.UNDELIVERABLE
    told = Notification.objects.get(recipient=world.office)
    assert told.kind == "notifications.undeliverable"
    assert told.email_status == EmailStatus.SKIPPED  # inbox: mail is what failed
    with translation.override("en"):
        assert told.subject == f"E-mail to {world.bureau} could not be delivered"
        assert world.bureau.email in told.body


def test_a_line_break_in_a_name_does_not_break_the_mail(world):
    notify(
        recipients=[world.bureau],
        key="k-newline",
        message=text_message("Plant A\r\nBcc: someone@evil.example.org", urgent=True),
    )
    deliver_pending_notifications()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[ULE] Plant A Bcc: someone@evil.example.org"
    assert mail.outbox[0].bcc == []


def test_each_mail_has_a_message_id_derived_from_its_row(world):
    notify(recipients=[world.bureau], key="k-id", message=URGENT)
    row = Notification.objects.get()
    deliver_pending_notifications()
    assert (
        mail.outbox[0].extra_headers["Message-ID"]
        == f"<ule-notification-{row.pk}@ule-portal.local>"
    )


def test_a_failed_digest_is_retried_without_waiting_for_the_next_morning(world, settings):
    world.bureau.language = "en"
    world.bureau.save()
    for i in range(2):
        notify(recipients=[world.bureau], key=f"d:{i}", message=ROUTINE)
    _smtp_down(settings)
    assert send_daily_digests() == 0
    assert Notification.objects.filter(email_status=EmailStatus.DIGEST).count() == 2
    _smtp_back(settings)
    Notification.objects.update(next_attempt_at=timezone.now())
    deliver_pending_notifications()  # the minute sweep picks the digest up
    assert (
        len(mail.outbox) == 1
        and "Daily digest" in mail.outbox[0].subject
        or "每日" in mail.outbox[0].subject
    )
    assert not Notification.objects.filter(email_status=EmailStatus.DIGEST).exists()


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
