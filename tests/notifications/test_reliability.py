"""Mail delivery through a real worker and a real (local) SMTP server that goes away for a
while: nothing is lost, nothing arrives twice."""

import socket
import time
from email import message_from_bytes

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from notifications.messages import text_message
from notifications.models import EmailStatus, Notification
from notifications.services import notify
from notifications.tasks import deliver_pending

from ..conftest import wait_for


class Capture:
    """An SMTP server's handler that keeps every message it accepts."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    port = free_port()
    capture = Capture()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 2
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    # seconds instead of minutes, so that the outage below spans many retry rounds
    settings.NOTIFICATION_RETRY_FIRST_SECONDS = 1
    settings.NOTIFICATION_RETRY_MAX_SECONDS = 2
    yield controller, capture
    controller.stop(no_assert=True)


@pytest.mark.django_db(transaction=True)
def test_an_smtp_outage_longer_than_any_retry_cap_loses_and_doubles_nothing(
    world, celery_worker, smtp
):
    controller, capture = smtp
    people = [world.bureau, world.official, world.office]
    # the mail server is down: 10 changes come in, each starting a delivery run on the worker
    # (more runs than the 8 attempts after which rows used to be abandoned)
    for i in range(10):
        with transaction.atomic():
            notify(
                recipients=people,
                key=f"outage:{i}",
                message=text_message(f"Event {i}", "details", urgent=True),
            )
        time.sleep(0.15)
    wait_for(lambda: Notification.objects.filter(attempts__gte=2).count() >= 6, timeout=30)
    assert not Notification.objects.filter(email_status=EmailStatus.SENT).exists()
    assert max(Notification.objects.values_list("attempts", flat=True)) >= 2

    controller.start()  # the server is back; the beat's minute sweep keeps asking for delivery
    expected = 10 * len(people)

    def all_sent() -> bool:
        deliver_pending.delay()
        return Notification.objects.filter(email_status=EmailStatus.SENT).count() == expected

    wait_for(all_sent, timeout=60, interval=0.5)
    time.sleep(1.0)  # any duplicate would arrive now
    ids = [m["Message-ID"] for m in capture.messages]
    assert len(ids) == expected and len(set(ids)) == expected
    rows = Notification.objects.all()
    assert {f"<ule-notification-{r.pk}@ule-portal.local>" for r in rows} == set(ids)
    assert not Notification.objects.exclude(email_status=EmailStatus.SENT).exists()
