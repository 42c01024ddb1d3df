"""Access to clean transport: registers, gate e-ledgers, shares and the vehicle exhaust
staff's queue. Everyone who may see an enterprise sees its transport data; its contacts
maintain their own registers and ledgers; vehicle exhaust staff and the bureau may do so for
any enterprise and work the queue; county staff and officials read."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from accounts.models import Role

from .inspections import can_record_finding
from .roles import (
    can_see_enterprise_id,
    enterprise_scope_q,
    is_authenticated,
    is_bureau,
    is_contact_of,
)

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import Enterprise
    from transport.models import LedgerImport


def is_vehicle_staff(user: User) -> bool:
    return is_authenticated(user) and user.role == Role.VEHICLE


def visible_transport_enterprises(user: User) -> QuerySet[Enterprise]:
    from enterprises.models import Enterprise

    return Enterprise.objects.filter(enterprise_scope_q(user))


def can_view_transport(user: User, enterprise: Enterprise) -> bool:
    return can_see_enterprise_id(user, enterprise.pk, enterprise.county_id)


def can_edit_transport(user: User, enterprise: Enterprise) -> bool:
    """Registers, clean-mode tonnage and ledger uploads: the enterprise's own contacts, the
    vehicle exhaust staff and the bureau."""
    return (
        is_contact_of(user, enterprise.pk)
        or is_vehicle_staff(user)
        or (is_bureau(user) and can_view_transport(user, enterprise))
    )


def can_use_transport_queue(user: User) -> bool:
    """The queue of non-compliant vehicles, machines and shares: vehicle exhaust staff and the
    bureau (who also record clean-transport findings)."""
    return is_vehicle_staff(user) or is_bureau(user)


def can_raise_transport_finding(user: User, enterprise: Enterprise) -> bool:
    from inspections.models import Category

    return can_use_transport_queue(user) and can_record_finding(
        user, enterprise, Category.TRANSPORT
    )


def transport_home_enterprise(user: User) -> int | None:
    """The enterprise a contact's transport pages open on (None for other roles)."""
    if is_authenticated(user) and user.role == Role.CONTACT:
        return user.enterprise_id
    return None


def access_transport_enterprise(user: User, pk: int | None, *, edit: bool = False) -> Enterprise:
    """Fetch an enterprise for its transport pages: 404 outside the user's scope, 403 when
    visible but not editable."""
    from enterprises.models import Enterprise

    enterprise = Enterprise.objects.select_related("county").filter(pk=pk).first() if pk else None
    if enterprise is None or not can_view_transport(user, enterprise):
        raise Http404
    if edit and not can_edit_transport(user, enterprise):
        raise PermissionDenied
    return enterprise


def access_transport_record(user: User, model, pk: int | None, *, edit: bool = False):
    """A register record (gate, vehicle, machine, staff, tonnage, evidence) or a ledger import,
    fetched and authorized through its enterprise."""
    obj = (
        model._default_manager.select_related("enterprise__county").filter(pk=pk).first()
        if pk
        else None
    )
    if obj is None or not can_view_transport(user, obj.enterprise):
        raise Http404
    if edit and not can_edit_transport(user, obj.enterprise):
        raise PermissionDenied
    return obj


def access_ledger_import(user: User, pk: int | None, *, edit: bool = False) -> LedgerImport:
    from transport.models import LedgerImport

    return access_transport_record(user, LedgerImport, pk, edit=edit)
