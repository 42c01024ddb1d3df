"""Celery tasks of the transport app: thin, by id, calling the services."""

from celery import shared_task


@shared_task(acks_late=True, max_retries=3, default_retry_delay=30)
def run_ledger_import(ledger_id: int) -> None:
    from .services.ledger import ledger_run

    ledger_run(ledger_id=ledger_id)


@shared_task
def sweep_imports() -> dict:
    """Queue again the imports whose task was lost or whose worker stopped (every 10 minutes)."""
    from .services.ledger import ledger_sweep

    return ledger_sweep()


@shared_task
def refresh_share_misses() -> int:
    """Judge the last 13 complete months of every enterprise again (every night)."""
    from .misses import last_months, refresh_misses

    return refresh_misses(months=last_months())
