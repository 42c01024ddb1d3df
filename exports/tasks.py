"""Thin Celery tasks: each calls a service. Idempotent, late-acknowledged, retried with backoff."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def run_export(job_id: int) -> str:
    return services.export_run(job_id=job_id).status
