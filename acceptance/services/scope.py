"""The ULE scope of an enterprise: which pillars it must complete, for which units (set by the
bureau; every pillar is in scope until the bureau says otherwise, with a reason)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited, snapshot
from enterprises.models import Enterprise

from ..models import PILLARS, Pillar, PillarScope
from .status import stage_recompute


def scope_update(*, actor: User, enterprise: Enterprise, data: dict[str, Any]) -> list[PillarScope]:
    """Set the three pillars of the enterprise's scope from ``data``: ``<pillar>`` (bool),
    ``<pillar>_note`` (required when out of scope) and ``<pillar>_units`` (units of this
    enterprise; none = all). At least one pillar stays in scope. The stage is derived again."""
    if not access.can_manage_listing(actor):
        raise PermissionDenied
    errors: dict[str, str] = {}
    if not any(data.get(p) for p in PILLARS):
        errors[PILLARS[0]] = _("At least one pillar must stay in the ULE scope.")
    for pillar in PILLARS:
        if not data.get(pillar) and not (data.get(f"{pillar}_note") or "").strip():
            errors[f"{pillar}_note"] = _("Say why “%(pillar)s” is out of the scope.") % {
                "pillar": Pillar(pillar).label
            }
        if any(u.enterprise_id != enterprise.pk for u in data.get(f"{pillar}_units") or ()):
            errors[f"{pillar}_units"] = _("Choose production units of this enterprise only.")
    if errors:
        raise ValidationError(errors)
    rows = []
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        existing = {s.pillar: s for s in PillarScope.objects.filter(enterprise=enterprise)}
        for pillar in PILLARS:
            scope = existing.get(pillar) or PillarScope(enterprise=enterprise, pillar=pillar)
            before = snapshot(scope) if scope.pk else None
            scope.in_scope = bool(data.get(pillar))
            scope.note = (data.get(f"{pillar}_note") or "").strip()
            scope.set_by = actor
            scope.set_at = timezone.now()
            save_audited(scope, actor=actor, before=before, enterprise_id=enterprise.pk)
            scope.units.set(list(data.get(f"{pillar}_units") or ()))
            rows.append(scope)
        stage_recompute(enterprise=enterprise, actor=actor)
    return rows
