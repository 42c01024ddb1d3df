"""Checklists ("one list"): which apply to an enterprise, their current versions, and
publishing a new version."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited
from enterprises.models import Enterprise

from ..models import ChecklistItem, ChecklistTemplate, ChecklistVersion


def checklists_for(enterprise: Enterprise) -> QuerySet[ChecklistTemplate]:
    """The active checklists that apply to the enterprise's industry."""
    return ChecklistTemplate.objects.filter(
        is_active=True, industry__in=["", enterprise.industry]
    ).order_by("order", "code")


def current_versions(templates: Iterable[ChecklistTemplate]) -> list[ChecklistVersion]:
    ids = [t.pk for t in templates]
    latest = (
        ChecklistVersion.objects.filter(template_id__in=ids)
        .values("template_id")
        .annotate(n=Max("number"))
    )
    wanted = {(row["template_id"], row["n"]) for row in latest}
    versions = ChecklistVersion.objects.filter(template_id__in=ids).select_related("template")
    return sorted(
        (v for v in versions if (v.template_id, v.number) in wanted),
        key=lambda v: (v.template.order, v.template.code),
    )


def checklist_revise(
    *, actor: User, template: ChecklistTemplate, items: Sequence[dict[str, Any]], note: str = ""
) -> ChecklistVersion:
    """Publish a new version of a checklist with ``items`` (text_zh, text_en, source,
    confirmed). Earlier versions, and the inspections done with them, are untouched."""
    if not access.can_edit_checklists(actor):
        raise PermissionDenied
    items = [i for i in items if (i.get("text_zh") or "").strip()]
    if not items:
        raise ValidationError(_("A checklist needs at least one check item."))
    with transaction.atomic():
        template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
        number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = save_audited(
            ChecklistVersion(template=template, number=number, created_by=actor, note=note[:300]),
            actor=actor,
        )
        for order, data in enumerate(items, start=1):
            item = ChecklistItem(
                version=version,
                order=order,
                text_zh=data["text_zh"].strip(),
                text_en=(data.get("text_en") or "").strip(),
                source=(data.get("source") or "").strip() or _("practice"),
                confirmed=bool(data.get("confirmed", True)),
            )
            item.full_clean(exclude=["version"])
            item.save()
    return version
