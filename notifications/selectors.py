from __future__ import annotations

from collections.abc import Iterable

from django.db.models import QuerySet

from accounts.models import User

from .done import done_ids
from .models import Notification


def inbox_for(*, user: User) -> QuerySet[Notification]:
    """What the person sees in their inbox: every committed notification, newest first (mail
    delivery does not hold it back)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def with_task_state(rows: Iterable[Notification]) -> list[Notification]:
    """The rows (a page of the inbox) with ``task_done`` set: True when the message is about a
    task that is done since (node completed, report reviewed, finding closed…; see
    ``notifications.done``), in one query per kind of task on the page."""
    rows = list(rows)
    done = done_ids(rows)
    for row in rows:
        row.task_done = row.pk in done
    return rows


def unread_count(*, user: User) -> int:
    return inbox_for(user=user).filter(read_at__isnull=True).count()
