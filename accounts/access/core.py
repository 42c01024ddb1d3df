"""Who is who: role predicates and the enterprise scope every other rule builds on.

This package is the one place that decides access. Views and services call these functions;
templates get flags computed here, never compare roles themselves. Scoping follows one rule:
an enterprise contact sees only their own enterprise, county staff only their county, every
other role the whole city.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.db.models import Model, Q, QuerySet

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=Model)

STAFF_ROLES = frozenset({Role.OFFICE, Role.BUREAU, Role.COUNTY, Role.VEHICLE})
CITY_WIDE_ROLES = frozenset({Role.OFFICE, Role.BUREAU, Role.VEHICLE, Role.OFFICIAL})


def is_authenticated(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def is_office(user: User) -> bool:
    return is_authenticated(user) and user.role == Role.OFFICE


def is_bureau(user: User) -> bool:
    """Municipal bureau staff or the special class office (which may do all a bureau does)."""
    return is_authenticated(user) and user.role in (Role.OFFICE, Role.BUREAU)


def is_county_staff(user: User) -> bool:
    return is_authenticated(user) and user.role == Role.COUNTY


def is_staff_role(user: User) -> bool:
    return is_authenticated(user) and user.role in STAFF_ROLES


def is_contact(user: User) -> bool:
    return is_authenticated(user) and user.role == Role.CONTACT


def is_official(user: User) -> bool:
    return is_authenticated(user) and user.role == Role.OFFICIAL


def enterprise_scope_q(user: User, path: str = "") -> Q:
    """A filter restricting anything linked to an enterprise to what ``user`` may see.

    ``path`` is the lookup from the filtered model to the enterprise, e.g. ``"enterprise"`` for a
    retrofit project, ``"project__enterprise"`` for a milestone node, ``""`` for Enterprise itself.
    """
    prefix = f"{path}__" if path else ""
    if not is_authenticated(user):
        return Q(pk__in=[])
    if user.role in CITY_WIDE_ROLES:
        return Q()
    if user.role == Role.COUNTY and user.county_id:
        return Q(**{f"{prefix}county_id": user.county_id})
    if user.role == Role.CONTACT and user.enterprise_id:
        return Q(**{f"{prefix}id" if prefix else "pk": user.enterprise_id})
    return Q(pk__in=[])


def scope(user: User, queryset: QuerySet[M], path: str = "enterprise") -> QuerySet[M]:
    """``queryset`` restricted to the enterprises ``user`` may see (``path`` as above)."""
    return queryset.filter(enterprise_scope_q(user, path))


def can_see_enterprise_id(user: User, enterprise_id: int | None, county_id: int | None) -> bool:
    """The object-level twin of ``enterprise_scope_q`` for an already loaded record."""
    if not is_authenticated(user) or enterprise_id is None:
        return False
    if user.role in CITY_WIDE_ROLES:
        return True
    if user.role == Role.COUNTY:
        return user.county_id is not None and user.county_id == county_id
    if user.role == Role.CONTACT:
        return user.enterprise_id == enterprise_id
    return False
