"""Access to the enterprise registry."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .roles import (
    can_see_enterprise_id,
    enterprise_scope_q,
    is_authenticated,
    is_bureau,
    is_contact,
    is_contact_of,
    is_county_staff_of,
)

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import Contact, Enterprise


def visible_enterprises(user: User) -> QuerySet[Enterprise]:
    from enterprises.models import Enterprise

    return Enterprise.objects.filter(enterprise_scope_q(user))


def can_view_enterprise(user: User, enterprise: Enterprise) -> bool:
    return can_see_enterprise_id(user, enterprise.pk, enterprise.county_id)


def can_create_enterprise(user: User) -> bool:
    return is_bureau(user)


def can_edit_enterprise(user: User, enterprise: Enterprise) -> bool:
    """Registry data (name, code, capacity, units, points, contacts): the office and the
    municipal bureau everywhere, county staff within their county."""
    if is_bureau(user):
        return True
    return is_county_staff_of(user, enterprise.county_id)


def can_view_audit(user: User, enterprise: Enterprise) -> bool:
    """The change history is for staff; officials see it too. Contacts do not."""
    return is_authenticated(user) and not is_contact(user) and can_view_enterprise(user, enterprise)


def can_edit_contact(user: User, contact: Contact) -> bool:
    """Staff who may edit the enterprise, or the contact person editing their own details."""
    if can_edit_enterprise(user, contact.enterprise):
        return True
    return is_contact_of(user, contact.enterprise_id) and contact.user_id == user.pk


def access_enterprise(user: User, pk: int, *, edit: bool = False) -> Enterprise:
    """Fetch an enterprise and authorize in one step: 404 when it is outside the user's
    scope (its existence is not revealed), 403 when it is visible but not editable."""
    from enterprises.models import Enterprise

    enterprise = Enterprise.objects.select_related("county").filter(pk=pk).first()
    if enterprise is None or not can_view_enterprise(user, enterprise):
        raise Http404
    if edit and not can_edit_enterprise(user, enterprise):
        raise PermissionDenied
    return enterprise
