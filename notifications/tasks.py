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
def deliver_pending() -> int:
    return services.deliver_pending_notifications()


@shared_task(acks_late=True, autoretry_for=(Exception,), retry_backoff=True, max_retries=3)
def send_daily_digests() -> int:
    services.deliver_pending_notifications()
    return services.send_daily_digests()
