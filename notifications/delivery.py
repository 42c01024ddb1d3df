"""E-mail delivery of the outbox: at least once, never lost, deduplicable.

- Pending rows are picked in batches with ``SELECT … FOR UPDATE SKIP LOCKED`` over a partial
  index, so the time per row does not grow with the table and several workers share the work.
- A refused or failed send is retried with exponential backoff per row (settings
  ``NOTIFICATION_RETRY_FIRST_SECONDS`` doubling up to ``NOTIFICATION_RETRY_MAX_SECONDS``) for
  ``NOTIFICATION_GIVE_UP_HOURS``; only then is the row marked undeliverable and the office told
  in its inbox. A mail-server outage therefore delays mail, it does not drop it.
- Every mail carries a Message-ID derived from its rows: if a worker dies after the server
  accepted a mail but before the row was marked sent, the row is sent again (at least once)
  with the same Message-ID, which mail clients use to show it once.
- Subjects are made single-line: a line break typed into a name never breaks a mail.
"""

from __future__ import annotations

import logging
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from accounts.models import User

from .messages import render
from .models import EmailStatus, Notification

log = logging.getLogger(__name__)

BATCH = 50


def _setting(name: str, default: int) -> int:
    return int(getattr(settings, name, default))


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failure (1, 2, 4 … minutes, capped)."""
    first = _setting("NOTIFICATION_RETRY_FIRST_SECONDS", 60)
    cap = _setting("NOTIFICATION_RETRY_MAX_SECONDS", 3600)
    return timedelta(seconds=min(cap, first * 2 ** max(0, attempts - 1)))


def give_up_after() -> timedelta:
    return timedelta(hours=_setting("NOTIFICATION_GIVE_UP_HOURS", 48))


def single_line(text: str, limit: int = 200) -> str:
    return " ".join(str(text).split())[:limit]


def _domain() -> str:
    sender = settings.DEFAULT_FROM_EMAIL
    address = sender.rsplit("<", 1)[-1].rstrip(">")
    return address.rsplit("@", 1)[-1] if "@" in address else "ule-portal.local"


def _due_rows(now):
    return Notification.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        email_status__in=[EmailStatus.PENDING, EmailStatus.FAILED],
    )


def deliver_pending_notifications(*, max_rows: int = 10_000) -> int:
    """E-mail the rows waiting to be sent at once (and digests whose retry is due), in locked
    batches. Safe to run in parallel and to re-run. Returns how many rows were tried."""
    tried = 0
    connection = get_connection(fail_silently=False)
    while tried < max_rows:
        now = timezone.now()
        with transaction.atomic():
            rows = list(
                _due_rows(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .order_by("id")[:BATCH]
            )
            if not rows:
                break
            for row in rows:
                _deliver(row, connection, now)
            tried += len(rows)
    _retry_digests()
    return tried


def _deliver(row: Notification, connection, now) -> None:
    try:
        _send_mail(row.recipient, [row], connection=connection)
    except Exception as exc:  # the server refused or is down: retry this row later
        _failed([row], exc, now)
    else:
        row.email_status = EmailStatus.SENT
        row.emailed_at = now
        row.next_attempt_at = None
        row.save(update_fields=["email_status", "emailed_at", "next_attempt_at"])


def _failed(rows: list[Notification], exc: Exception, now) -> None:
    for row in rows:
        row.attempts += 1
        row.last_error = f"{type(exc).__name__}: {exc}"[:1000]
        if now - row.created_at >= give_up_after():
            row.email_status = EmailStatus.UNDELIVERABLE
            row.next_attempt_at = None
            _tell_the_office(row)
        else:
            if row.email_status != EmailStatus.DIGEST:
                row.email_status = EmailStatus.FAILED
            row.next_attempt_at = now + retry_delay(row.attempts)
        row.save(update_fields=["attempts", "last_error", "email_status", "next_attempt_at"])
    log.warning("Mail to %s failed (%s); will retry.", rows[0].recipient, exc)


def _tell_the_office(row: Notification) -> None:
    import access
    from access import Audience

    from .messages import Message
    from .services import notify

    notify(
        recipients=[u for u in access.people(Audience.OFFICE) if u.pk != row.recipient_id],
        key=f"notification:{row.pk}:undeliverable",
        message=Message(
            kind="notifications.undeliverable",
            params={
                "recipient": str(row.recipient),
                "address": row.recipient.email,
                "error": row.last_error,
                "kind": row.kind,
                "params": row.params,
            },
            url=f"/admin/notifications/notification/{row.pk}/change/",
            urgent=False,
        ),
        enterprise_id=row.enterprise_id,
        email=False,
    )


def _send_mail(
    user: User, items: list[Notification], *, digest: bool = False, connection=None
) -> None:
    """One e-mail to ``user`` in their language: one item's subject, or the digest's."""
    with translation.override(user.preferred_language):
        subject = (
            render("notifications.digest", {"count": len(items)}).subject
            if digest
            else items[0].subject
        )
        body = render_to_string(
            "email/notifications.txt",
            {"user": user, "items": items, "site_url": settings.SITE_URL},
        )
    ids = [i.pk for i in items]
    message_id = (
        f"<ule-digest-{user.pk}-{min(ids)}-{max(ids)}-{len(ids)}@{_domain()}>"
        if digest
        else f"<ule-notification-{ids[0]}@{_domain()}>"
    )
    EmailMessage(
        subject=single_line(f"[ULE] {subject}"),
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[user.email],
        headers={"Message-ID": message_id},
        connection=connection or get_connection(fail_silently=False),
    ).send()


def send_daily_digests(*, today: date | None = None) -> int:
    """One e-mail per person with every non-urgent item waiting for the digest. Rows are
    locked while sent, so two runs never mail an item twice; a failed digest is retried with
    the same backoff as any row. Returns mails sent."""
    return _send_digests(Notification.objects.filter(email_status=EmailStatus.DIGEST))


def _retry_digests() -> int:
    now = timezone.now()
    return _send_digests(
        Notification.objects.filter(email_status=EmailStatus.DIGEST, next_attempt_at__lte=now)
    )


def _send_digests(waiting) -> int:
    sent = 0
    connection = get_connection(fail_silently=False)
    for recipient_id in list(waiting.values_list("recipient_id", flat=True).distinct()):
        now = timezone.now()
        with transaction.atomic():
            rows = list(
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("recipient")
                .filter(recipient_id=recipient_id, email_status=EmailStatus.DIGEST)
                .order_by("created_at", "id")
            )
            if not rows:
                continue
            try:
                _send_mail(rows[0].recipient, rows, digest=True, connection=connection)
            except Exception as exc:
                _failed(rows, exc, now)
                continue
            Notification.objects.filter(pk__in=[r.pk for r in rows]).update(
                email_status=EmailStatus.SENT, emailed_at=now, next_attempt_at=None
            )
            sent += 1
    return sent
