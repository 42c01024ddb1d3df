"""Writes to the enterprise registry. Every write is audited in the same transaction."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited, snapshot

from .models import Contact, EmissionPoint, Enterprise, ProductionUnit, UleStage


def _save_with_audit(
    *, actor: User, instance: Any, data: dict[str, Any], enterprise_id: int | None = None
) -> Any:
    before = None if instance.pk is None else snapshot(type(instance).objects.get(pk=instance.pk))
    for field, value in data.items():
        setattr(instance, field, value)
    with transaction.atomic():
        return save_audited(instance, actor=actor, before=before, enterprise_id=enterprise_id)


def _check_stage(actor: User, data: dict[str, Any], current: str | None) -> None:
    if "ule_stage" in data and data["ule_stage"] != current and not access.can_set_ule_stage(actor):
        raise ValidationError({"ule_stage": _("Only the municipal bureau can set the ULE stage.")})


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
