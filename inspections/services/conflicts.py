"""Declared conflicts of interest: the double-random draw never assigns an inspector to an
enterprise they declared one with, and such an inspector cannot be on its inspection team."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from accounts.models import User
from enterprises.models import Enterprise

from ..models import ConflictDeclaration


def conflict_declare(
    *, actor: User, inspector: User, enterprise: Enterprise, reason: str
) -> ConflictDeclaration:
    if not access.can_declare_conflicts(actor):
        raise PermissionDenied
    if inspector.pk != actor.pk and not access.can_record_conflicts_for_others(actor):
        raise PermissionDenied
    if not access.can_view_enterprise(actor, enterprise):
        raise PermissionDenied
    if not access.is_inspector(inspector):
        raise ValidationError({"inspector": _("Only inspectors declare conflicts of interest.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the conflict of interest.")})
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        inspector=inspector,
        enterprise=enterprise,
        defaults={"reason": reason.strip(), "declared_by": actor, "declared_at": timezone.now()},
    )
    return declaration


def conflict_withdraw(*, actor: User, declaration: ConflictDeclaration) -> None:
    if declaration.inspector_id != actor.pk and not access.can_record_conflicts_for_others(actor):
        raise PermissionDenied
    declaration.delete()
