from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User

from .models import Notification


def inbox_for(*, user: User) -> QuerySet[Notification]:
    """What the person sees in their inbox: every committed notification, newest first (mail
    delivery does not hold it back)."""
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return inbox_for(user=user).filter(read_at__isnull=True).count()
