"""Benchmark (not a timed test): e-mail delivery throughput as the notification table grows,
and with two workers sharing the work. A local SMTP sink (aiosmtpd) receives the mail.

Pending rows are picked in SKIP LOCKED batches over a partial index of the rows still to send,
so the time per row should not depend on how many sent rows the table holds. Run with
`make bench`; figures in docs/benchmarks.md.
"""

import os
import threading
import time

import pytest
from django.db import connection, connections

from notifications.delivery import deliver_pending_notifications
from notifications.models import EmailStatus, Notification
from tests.notifications.test_reliability import Capture, free_port

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db(transaction=True)]

PENDING = int(os.environ.get("BENCH_PENDING", 2000))
SIZES = (6_000, int(os.environ.get("BENCH_NOTIFICATIONS", 600_000)))


@pytest.fixture
def sink(settings):
    from aiosmtpd.controller import Controller

    capture = Capture()
    port = free_port()
    controller = Controller(capture, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, 10
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    yield capture
    controller.stop()


def fill(total: int, pending: int, recipients: list[int]) -> None:
    """``total`` rows, of which ``pending`` wait to be mailed and the rest were sent."""
    Notification.objects.all().delete()
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO notifications_notification
              (recipient_id, idempotency_key, kind, params, url, urgent, created_at,
               email_status, attempts, last_error)
            SELECT (%(users)s)[1 + g %% cardinality(%(users)s)], 'bench:' || g,
                   'notifications.text', jsonb_build_object('subject', 'Bench ' || g),
                   '/inbox/', true, now(),
                   CASE WHEN g <= %(pending)s THEN 'pending' ELSE 'sent' END, 0, ''
            FROM generate_series(1, %(total)s) g
            """,
            {"users": recipients, "pending": pending, "total": total},
        )
        cur.execute("ANALYZE notifications_notification")


def deliver(workers: int) -> float:
    def run():
        try:
            deliver_pending_notifications()
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(workers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return time.perf_counter() - start


def test_delivery_throughput(world, sink):
    recipients = [u.pk for u in world.users().values()]
    rows = []
    for total in SIZES:
        fill(total, PENDING, recipients)
        sink.messages.clear()
        seconds = deliver(1)
        assert len(sink.messages) == PENDING
        assert not Notification.objects.filter(email_status=EmailStatus.PENDING).exists()
        rows.append((total, 1, seconds, PENDING / seconds))
    fill(SIZES[-1], 2 * PENDING, recipients)
    sink.messages.clear()
    seconds = deliver(1)
    rows.append((SIZES[-1], 1, seconds, 2 * PENDING / seconds))
    fill(SIZES[-1], 2 * PENDING, recipients)
    sink.messages.clear()
    seconds = deliver(2)
    assert len(sink.messages) == 2 * PENDING  # shared, none twice
    assert len({m["Message-ID"] for m in sink.messages}) == 2 * PENDING
    rows.append((SIZES[-1], 2, seconds, 2 * PENDING / seconds))
    print("\n| rows in table | workers | pending mailed | time | mails/s |")
    print("|---:|---:|---:|---:|---:|")
    for (total, workers, secs, rate), pending in zip(
        rows, (PENDING, PENDING, 2 * PENDING, 2 * PENDING), strict=True
    ):
        print(f"| {total:,} | {workers} | {pending:,} | {secs:.1f} s | {rate:.0f} |")
    small, large = rows[0][3], rows[1][3]
    print(f"throughput at {SIZES[-1]:,} rows / at {SIZES[0]:,}: {large / small:.2f}")
    assert large / small > 0.8
