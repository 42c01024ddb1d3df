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
    from enterprises.models import County

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


def is_county_staff_of(user: User, county_id: int | None) -> bool:
    """The one county rule: county staff bound to that county (never a county-less account)."""
    return (
        is_county_staff(user)
        and user.county_id is not None
        and county_id is not None
        and user.county_id == county_id
    )


def is_contact_of(user: User, enterprise_id: int | None) -> bool:
    return is_contact(user) and enterprise_id is not None and user.enterprise_id == enterprise_id


def county_limit(user: User) -> int | None:
    """The county a user's work is limited to (county staff), or None for city-wide roles."""
    return user.county_id if is_county_staff(user) else None


def visible_counties(user: User) -> QuerySet[County]:
    """Counties ``user`` may see figures and pickers of: their own for county staff, that of
    their enterprise for contacts, all for city-wide roles, none otherwise."""
    from enterprises.models import County

    if not is_authenticated(user):
        return County.objects.none()
    if user.role in CITY_WIDE_ROLES:
        return County.objects.all()
    if is_county_staff(user) and user.county_id:
        return County.objects.filter(pk=user.county_id)
    if is_contact(user) and user.enterprise_id:
        return County.objects.filter(enterprises__pk=user.enterprise_id)
    return County.objects.none()


def can_manage_sign_ins(user: User) -> bool:
    """See and lift sign-in locks: the special class office, who keeps the accounts."""
    return is_office(user)


def can_use_admin(user: User) -> bool:
    """The Django admin (reference data, users): the office's accounts flagged as staff."""
    return is_authenticated(user) and bool(user.is_staff)


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
    if is_county_staff(user) and user.county_id:
        return Q(**{f"{prefix}county_id": user.county_id})
    if is_contact(user) and user.enterprise_id:
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
    return is_county_staff_of(user, county_id) or is_contact_of(user, enterprise_id)
