"""Thin Celery tasks: each calls a service. Idempotent, late-acknowledged, retried with backoff."""

from celery import shared_task

from . import reminders, services


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def weekly_snapshot() -> dict[str, object]:
    """This week's snapshot and its dispatch bulletin (beat ``dashboards-weekly-snapshot``,
    Monday 06:30 Asia/Shanghai); a second run the same week keeps the first of both."""
    snap, created = services.snapshot_take()
    bulletin, issued = services.bulletin_issue(snapshot=snap)
    return {
        "week": snap.week_start.isoformat(),
        "created": created,
        "rows": snap.enterprises,
        "bulletin": bulletin.number,
        "issued": issued,
    }


@shared_task(
    acks_late=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
)
def daily_sweep() -> dict[str, int]:
    """Reminders of supervision orders awaiting the enterprise and of double-random results
    still to publish (beat ``dashboards-daily-sweep``)."""
    return {**reminders.daily_sweep(), **reminders.disclosure_sweep()}
