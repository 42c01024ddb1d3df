"""Writing and delivering notifications (the outbox pattern of ../shared/style.md)."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.models import NotificationChannel, User

from .delivery import deliver_pending_notifications, send_daily_digests
from .messages import Message
from .models import EmailStatus, Notification

__all__ = [
    "Message",
    "deliver_pending_notifications",
    "enqueue_delivery",
    "mark_read",
    "notify",
    "notify_many",
    "send_daily_digests",
]

log = logging.getLogger(__name__)


def notify(
    *,
    recipients: Iterable[User],
    key: str,
    message: Message,
    enterprise_id: int | None = None,
    email: bool | None = None,
) -> list[Notification]:
    """Write one notification row per recipient inside the caller's transaction.

    ``key`` identifies the event (``node:42:missed:2025-09-01``); the recipient is appended, so
    calling this twice for the same event creates nothing the second time. The rows are in the
    recipients' inboxes as soon as the transaction commits; e-mail delivery is enqueued then.
    """
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        obj, was_created = Notification.objects.get_or_create(
            idempotency_key=_key_for(key, user),
            defaults=_row_fields(user, message, enterprise_id, email=email),
        )
        if was_created:
            created.append(obj)
    if created:
        transaction.on_commit(enqueue_delivery)
    return created


def notify_many(items: Iterable[tuple[User, str, Message, int | None]]) -> int:
    """``notify`` for many events at once, (recipient, key, message, enterprise id) each, in a
    single INSERT ... ON CONFLICT DO NOTHING: same keys and e-mail rules, so a re-run writes
    nothing twice, in a fixed number of queries (for sweeps over many records). Returns how
    many rows were offered; delivery is enqueued on commit."""
    rows = [
        Notification(
            idempotency_key=_key_for(key, user), **_row_fields(user, message, enterprise_id)
        )
        for user, key, message, enterprise_id in items
        if user is not None and user.is_active
    ]
    if rows:
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        transaction.on_commit(enqueue_delivery)
    return len(rows)


def _key_for(key: str, user: User) -> str:
    return f"{key}:user:{user.pk}"[:200]


def _row_fields(
    user: User, message: Message, enterprise_id: int | None, *, email: bool | None = None
) -> dict:
    """``email`` None follows the person's choice (inbox-only people are not mailed), True mails
    whatever they chose (a password reset link), False never mails; people without an address
    are never mailed. Urgent items are mailed at once, the rest wait for the daily digest."""
    inbox_only = user.notification_channel == NotificationChannel.INBOX_ONLY
    if email is False or not user.email or (email is None and inbox_only):
        status = EmailStatus.SKIPPED
    else:
        status = EmailStatus.PENDING if message.urgent else EmailStatus.DIGEST
    return {
        "recipient": user,
        "kind": message.kind,
        "params": message.params,
        "url": message.url,
        "urgent": message.urgent,
        "enterprise_id": enterprise_id,
        "email_status": status,
    }


def enqueue_delivery() -> None:
    """Ask a worker to e-mail pending rows. If the broker is down the rows stay pending and
    the beat sweep (every minute) mails them once it is back: nothing is lost."""
    from .tasks import deliver_pending

    try:
        deliver_pending.apply_async(retry=False)
    except Exception as exc:  # broker unreachable: the periodic sweep will pick the rows up
        log.warning("Could not enqueue notification delivery (%s); the sweep will retry.", exc)


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
