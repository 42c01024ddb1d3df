"""Access to plant operation: the running-status history of production units, peak-shifting
campaigns and opening rates. Everyone sees the units in their scope; an enterprise's contacts
report its status (the bureau may correct it); county staff of its county and the bureau
verify; the bureau and the office keep campaigns and the provincial rates."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .roles import (
    can_see_enterprise_id,
    enterprise_scope_q,
    is_bureau,
    is_contact_of,
    is_county_staff_of,
)

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import Enterprise, ProductionUnit
    from operations.models import StatusInterval


def visible_units(user: User) -> QuerySet[ProductionUnit]:
    from enterprises.models import ProductionUnit

    return ProductionUnit.objects.filter(enterprise_scope_q(user, "enterprise"))


def can_report_status(user: User, enterprise: Enterprise) -> bool:
    return is_contact_of(user, enterprise.pk) or is_bureau(user)


def can_verify_status(user: User, interval: StatusInterval) -> bool:
    """County staff of the unit's county, or the bureau; never the person who reported it."""
    if interval.verified_at is not None or interval.reported_by_id == getattr(user, "pk", None):
        return False
    return is_bureau(user) or is_county_staff_of(user, interval.enterprise.county_id)


def can_manage_campaigns(user: User) -> bool:
    return is_bureau(user)


def can_enter_provincial_rates(user: User) -> bool:
    return is_bureau(user)


def access_unit(user: User, pk: int | None, *, report: bool = False) -> ProductionUnit:
    from enterprises.models import ProductionUnit

    unit = (
        ProductionUnit.objects.select_related("enterprise__county").filter(pk=pk).first()
        if pk
        else None
    )
    if unit is None or not can_see_enterprise_id(
        user, unit.enterprise_id, unit.enterprise.county_id
    ):
        raise Http404
    if report and not can_report_status(user, unit.enterprise):
        raise PermissionDenied
    return unit


def access_interval(user: User, pk: int | None, *, verify: bool = False) -> StatusInterval:
    from operations.models import StatusInterval

    interval = (
        StatusInterval.objects.select_related("enterprise__county", "unit").filter(pk=pk).first()
        if pk
        else None
    )
    if interval is None or not can_see_enterprise_id(
        user, interval.enterprise_id, interval.enterprise.county_id
    ):
        raise Http404
    if verify and not can_verify_status(user, interval):
        raise PermissionDenied
    return interval
