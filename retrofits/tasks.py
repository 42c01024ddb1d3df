"""Thin tasks: each calls a service. Idempotent, late-acknowledged, retried with backoff."""

from celery import shared_task

from . import services


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
    result = services.daily_sweep()
    return {
        "today": result.today.isoformat(),
        "due": result.due,
        "missed": result.missed,
        "escalated_county": result.escalated_county,
        "escalated_city": result.escalated_city,
        "rows_attempted": result.rows_attempted,
    }
