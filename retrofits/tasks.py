"""Thin tasks: each calls a service. Idempotent, late-acknowledged, retried with backoff."""

from celery import shared_task
from django.utils import timezone

from . import reminders


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def daily_sweep() -> dict:
    """Beat entry "retrofits-daily-sweep" (07:30 Asia/Shanghai): due, missed and escalated
    milestone nodes. Re-running it the same day writes nothing twice."""
    today = timezone.localdate()
    counts = reminders.daily_sweep(today=today)
    return {
        "today": today.isoformat(),
        "due": counts.due,
        "overdue": counts.overdue,
        "escalated": counts.escalated,
        "by_rung": {str(days): n for days, n in counts.by_rung.items()},
        "rows_offered": counts.rows_offered,
    }
