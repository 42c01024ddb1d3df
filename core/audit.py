"""Saving a record together with its audit entry (the trail itself is ``accounts.audit``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.db import models

from accounts import audit
from accounts.models import AuditEntry

if TYPE_CHECKING:
    from accounts.models import User

snapshot = audit.snapshot


def save_audited(
    instance: models.Model,
    *,
    actor: User | None,
    before: dict[str, Any] | None = None,
    enterprise_id: int | None = None,
    update_fields: Sequence[str] | None = None,
    validate: bool = True,
) -> models.Model:
    """Validate (unless ``validate`` is false), save, and record who changed what: a creation
    when ``before`` is None, otherwise an update against the ``before`` snapshot (nothing is
    recorded when nothing changed). The entry is filed under ``enterprise_id``, by default the
    record's own ``enterprise_id`` (an Enterprise answers with its own id). Call inside the
    service's transaction."""
    creating = before is None
    if validate:
        instance.full_clean()
    instance.save(update_fields=update_fields)
    audit.record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        before=before,
        enterprise_id=enterprise_id
        if enterprise_id is not None
        else getattr(instance, "enterprise_id", None),
    )
    return instance
