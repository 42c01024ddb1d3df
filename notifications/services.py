"""Writing and delivering notifications (the outbox pattern of ../shared/style.md)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import NotificationChannel, User

from .models import EmailStatus, Notification

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    """What to tell people; ``subject`` and ``body`` are rendered per recipient in their
    language by the caller (use ``translation.override``) or kept language-neutral."""

    kind: str
    subject: str
    body: str = ""
    url: str = ""
    urgent: bool = False


def notify(
    *,
    recipients: Iterable[User],
    key: str,
    message: Message,
    enterprise_id: int | None = None,
) -> list[Notification]:
    """Write one notification row per recipient inside the caller's transaction.

    ``key`` identifies the event (``node:42:missed:2025-09-01``); the recipient is appended, so
    calling this twice for the same event creates nothing the second time. Delivery is
    enqueued only after the transaction commits.
    """
    created = []
    for user in {u.pk: u for u in recipients if u is not None and u.is_active}.values():
        obj, was_created = Notification.objects.get_or_create(
            idempotency_key=_key_for(key, user),
            defaults=_row_fields(user, message, enterprise_id),
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


def _row_fields(user: User, message: Message, enterprise_id: int | None) -> dict:
    """Inbox-only people and people without an address are never mailed; urgent items are
    mailed at once, the rest wait for the daily digest."""
    if user.notification_channel == NotificationChannel.INBOX_ONLY or not user.email:
        status = EmailStatus.SKIPPED
    else:
        status = EmailStatus.PENDING if message.urgent else EmailStatus.DIGEST
    return {
        "recipient": user,
        "kind": message.kind,
        "subject": message.subject[:200],
        "body": message.body,
        "url": message.url,
        "urgent": message.urgent,
        "enterprise_id": enterprise_id,
        "email_status": status,
    }


def enqueue_delivery() -> None:
    """Ask a worker to deliver pending rows. If the broker is down the rows stay pending and
    the beat sweep (every minute) delivers them once it is back: nothing is lost."""
    from .tasks import deliver_pending

    try:
        deliver_pending.apply_async(retry=False)
    except Exception as exc:  # broker unreachable: the periodic sweep will pick the rows up
        log.warning("Could not enqueue notification delivery (%s); the sweep will retry.", exc)


def deliver_pending_notifications() -> int:
    """Deliver every pending notification, one locked row at a time. Safe to run in parallel
    and to re-run: a delivered row is never delivered again. Returns how many were handled."""
    handled: list[int] = []  # each row is attempted at most once per run
    while len(handled) < 10_000:
        with transaction.atomic():
            pending = Notification.objects.select_for_update(skip_locked=True).select_related(
                "recipient"
            )
            row = (
                pending.filter(delivered_at__isnull=True)
                .exclude(pk__in=handled)
                .order_by("id")
                .first()
            )
            if row is None:
                row = (
                    pending.filter(
                        email_status__in=[EmailStatus.PENDING, EmailStatus.FAILED], attempts__lt=8
                    )
                    .exclude(pk__in=handled)
                    .order_by("id")
                    .first()
                )
            if row is None:
                break
            _deliver(row)
            handled.append(row.pk)
    return len(handled)


def _deliver(row: Notification) -> None:
    now = timezone.now()
    if row.delivered_at is None:
        row.delivered_at = now
    if row.email_status in (EmailStatus.PENDING, EmailStatus.FAILED):
        try:
            _send_mail(row.recipient, row.subject, [row])
        except Exception as exc:  # SMTP down: keep it, retry on the next sweep
            row.attempts += 1
            row.email_status = EmailStatus.FAILED
            row.last_error = str(exc)[:1000]
            log.warning("Mail to %s failed (%s); will retry.", row.recipient, exc)
        else:
            row.email_status = EmailStatus.SENT
            row.emailed_at = now
    row.save(update_fields=["delivered_at", "email_status", "emailed_at", "attempts", "last_error"])


def _send_mail(user: User, subject: str, items: list[Notification]) -> None:
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        body = render_to_string(
            "email/notifications.txt",
            {"user": user, "items": items, "site_url": settings.SITE_URL},
        )
    EmailMessage(
        subject=f"[ULE] {subject}",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        connection=get_connection(fail_silently=False),
    ).send()


def send_daily_digests(*, today: date | None = None) -> int:
    """One e-mail per person with every non-urgent item waiting for the digest. Rows are
    locked while sent, so two runs never mail the same item twice. Returns mails sent."""
    sent = 0
    recipient_ids = (
        Notification.objects.filter(email_status=EmailStatus.DIGEST, delivered_at__isnull=False)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    for recipient_id in list(recipient_ids):
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True)
                .select_related("recipient")
                .filter(recipient_id=recipient_id, email_status=EmailStatus.DIGEST)
                .order_by("created_at")
            )
            if not rows:
                continue
            user = rows[0].recipient
            with translation.override(settings.LANGUAGE_CODE):
                from django.utils.translation import gettext

                subject = gettext("Daily digest: %(n)d items") % {"n": len(rows)}
            try:
                _send_mail(user, subject, rows)
            except Exception as exc:
                log.warning("Digest to %s failed (%s); will retry tomorrow.", user, exc)
                continue
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                email_status=EmailStatus.SENT, emailed_at=timezone.now()
            )
            sent += 1
    return sent


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())
