"""Writes to the enterprise registry. Every write is audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.concurrency import save_versioned

from .models import Contact, EmissionPoint, Enterprise, ProductionUnit, UleStage


def _save_with_audit(
    *, actor: User, instance: Any, data: dict[str, Any], enterprise_id: int | None = None
) -> Any:
    """Create, or update the row if it is still at the version the form carried
    (``core.concurrency.StaleEdit`` otherwise), with its audit entry."""
    return save_versioned(instance, actor=actor, data=data, enterprise_id=enterprise_id)


def _check_stage(actor: User, data: dict[str, Any], current: str | None) -> None:
    """The ULE stage is derived from the facts the bureau confirmed (acceptance), never typed:
    ``retrofits.services.enterprise_stage_recompute`` alone writes it."""
    if "ule_stage" in data and data["ule_stage"] != current:
        raise ValidationError(
            {
                "ule_stage": _(
                    "The ULE stage follows from the milestones the bureau confirmed; it cannot "
                    "be set by hand."
                )
            }
        )


def enterprise_create(*, actor: User, data: dict[str, Any]) -> Enterprise:
    if not access.can_create_enterprise(actor):
        raise PermissionDenied
    _check_stage(actor, data, UleStage.NOT_STARTED)
    data = {**data, "credit_code": data["credit_code"].strip().upper()}
    return _save_with_audit(actor=actor, instance=Enterprise(), data=data)


def enterprise_update(*, actor: User, enterprise: Enterprise, data: dict[str, Any]) -> Enterprise:
    if not access.can_edit_enterprise(actor, enterprise):
        raise PermissionDenied
    _check_stage(actor, data, Enterprise.objects.get(pk=enterprise.pk).ule_stage)
    if "credit_code" in data:
        data = {**data, "credit_code": data["credit_code"].strip().upper()}
    return _save_with_audit(
        actor=actor, instance=enterprise, data=data, enterprise_id=enterprise.pk
    )


def unit_save(
    *, actor: User, enterprise: Enterprise, data: dict[str, Any], unit: ProductionUnit | None = None
) -> ProductionUnit:
    if not access.can_edit_enterprise(actor, enterprise):
        raise PermissionDenied
    unit = unit or ProductionUnit(enterprise=enterprise)
    return _save_with_audit(actor=actor, instance=unit, data=data, enterprise_id=enterprise.pk)


def point_save(
    *, actor: User, enterprise: Enterprise, data: dict[str, Any], point: EmissionPoint | None = None
) -> EmissionPoint:
    if not access.can_edit_enterprise(actor, enterprise):
        raise PermissionDenied
    point = point or EmissionPoint(enterprise=enterprise)
    return _save_with_audit(actor=actor, instance=point, data=data, enterprise_id=enterprise.pk)


def contact_save(
    *, actor: User, enterprise: Enterprise, data: dict[str, Any], contact: Contact | None = None
) -> Contact:
    contact = contact or Contact(enterprise=enterprise)
    if not access.can_edit_contact(actor, contact):
        raise PermissionDenied
    return _save_with_audit(actor=actor, instance=contact, data=data, enterprise_id=enterprise.pk)
