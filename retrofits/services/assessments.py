"""The bureau's "four truths" assessments of an enterprise, one per quarter."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

import access
from accounts.models import User
from core.audit import save_audited, snapshot
from enterprises.models import Enterprise

from ..models import FourTruthsAssessment

ASSESSMENT_FIELDS = (
    "period",
    "leadership_score",
    "leadership_note",
    "funds_score",
    "funds_note",
    "projects_score",
    "projects_note",
    "management_score",
    "management_note",
)


def assessment_save(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
) -> FourTruthsAssessment:
    """Create or update the assessment of ``enterprise`` for ``data["period"]``."""
    if not access.can_assess_four_truths(actor, enterprise):
        raise PermissionDenied
    with transaction.atomic():
        existing = (
            FourTruthsAssessment.objects.select_for_update()
            .filter(enterprise=enterprise, period=data.get("period"))
            .first()
        )
        obj = existing or FourTruthsAssessment(enterprise=enterprise)
        before = snapshot(existing) if existing else None
        for k in ASSESSMENT_FIELDS:
            if k in data:
                setattr(obj, k, data[k])
        obj.assessed_by = actor
        save_audited(obj, actor=actor, before=before, enterprise_id=enterprise.pk)
    return obj
