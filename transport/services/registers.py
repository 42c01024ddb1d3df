"""Writes of the registers (gates, in-plant vehicles, machinery, transport staff) and of the
clean-mode tonnage with its evidence. Every write is audited under the enterprise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

import access
from accounts import audit
from accounts.models import AuditEntry, User
from core.audit import save_audited, snapshot
from core.dates import check_plausible
from core.files import atomic_with_files, store_upload
from core.uploads import CheckedUpload
from enterprises.models import Enterprise

from ..models import CleanTonnage, Gate, InPlantVehicle, Machine, TonnageEvidence, TransportStaff

REGISTER_MODELS: dict[str, type[models.Model]] = {
    "gates": Gate,
    "vehicles": InPlantVehicle,
    "machines": Machine,
    "staff": TransportStaff,
}


def register_save(
    *,
    actor: User,
    enterprise: Enterprise,
    model: type[models.Model],
    data: dict[str, Any],
    instance: models.Model | None = None,
) -> models.Model:
    """Create (``instance`` None) or update a register record of ``enterprise``."""
    if not access.can_edit_transport(actor, enterprise):
        raise PermissionDenied
    if instance is not None and instance.enterprise_id != enterprise.pk:
        raise PermissionDenied
    for name in ("live_from", "appointed_on"):
        if name in data:
            check_plausible(**{name: data[name]})
    with transaction.atomic():
        before = None
        if instance is None:
            instance = model(enterprise=enterprise)
        else:
            instance = model._default_manager.select_for_update().get(pk=instance.pk)
            before = snapshot(instance)
        for field, value in data.items():
            setattr(instance, field, value)
        return save_audited(instance, actor=actor, before=before, enterprise_id=enterprise.pk)


def register_delete(*, actor: User, instance: models.Model) -> None:
    if not access.can_edit_transport(actor, instance.enterprise):
        raise PermissionDenied
    with transaction.atomic():
        audit.record(
            actor=actor,
            instance=instance,
            action=AuditEntry.Action.DELETE,
            before=snapshot(instance),
            enterprise_id=instance.enterprise_id,
        )
        instance.delete()


def tonnage_save(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
    uploads: Sequence[CheckedUpload],
) -> CleanTonnage:
    """Record the tonnes moved by a clean mode in a month, with at least one evidence file
    (rail waybills, belt-scale records...)."""
    if not access.can_edit_transport(actor, enterprise):
        raise PermissionDenied
    month = data["month"].replace(day=1)
    check_plausible(month=month)
    if not uploads:
        raise ValidationError({"evidence": _("Attach the waybills or scale records as evidence.")})
    with atomic_with_files() as files:
        exists = CleanTonnage.objects.filter(
            enterprise=enterprise,
            month=month,
            cargo_class=data["cargo_class"],
            material=data["material"],
            mode=data["mode"],
        ).exists()
        if exists:
            raise ValidationError(
                _("This month already has a figure for this material and mode; edit that one.")
            )
        tonnage = save_audited(
            CleanTonnage(
                enterprise=enterprise,
                month=month,
                cargo_class=data["cargo_class"],
                material=data["material"],
                mode=data["mode"],
                tonnes=data["tonnes"],
                created_by=actor,
            ),
            actor=actor,
            enterprise_id=enterprise.pk,
        )
        for upload in uploads:
            store_upload(
                TonnageEvidence(enterprise=enterprise, tonnage=tonnage),
                upload,
                files=files,
                actor=actor,
            )
    return tonnage
