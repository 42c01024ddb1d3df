"""Thin Celery tasks: each calls a service. Idempotent, late-acknowledged, retried with backoff."""

from celery import shared_task

from . import reminders


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def daily_sweep() -> dict[str, int]:
    """Reminders of evaluations and claims awaiting the bureau (beat ``acceptance-daily-sweep``)."""
    return reminders.daily_sweep()
