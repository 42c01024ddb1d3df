"""Who sees and does what in online monitoring (issue 9).

Hourly data and monthly compliance: whoever may see the enterprise (contacts their own only).
Anomaly flags are leads for inspectors, not for the plant: the office and the bureau see all,
officials read them, county staff see their county's and verify them. File imports: the office
and the bureau for every device, an enterprise's contact for their own enterprise's devices
only (a plant without a live link sends its DAU's export). The rejected-packet log belongs to
the office and the bureau."""

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
    is_county_staff,
    is_county_staff_of,
    is_official,
)

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import EmissionPoint
    from monitoring.models import Flag


def visible_points(user: User) -> QuerySet[EmissionPoint]:
    from enterprises.models import EmissionPoint

    return EmissionPoint.objects.filter(enterprise_scope_q(user, "enterprise"))


def access_point(user: User, pk: int) -> EmissionPoint:
    """Fetch an emission point and authorize (404 outside the user's scope)."""
    from enterprises.models import EmissionPoint

    point = EmissionPoint.objects.select_related("enterprise__county").filter(pk=pk).first()
    if point is None or not can_see_enterprise_id(
        user, point.enterprise_id, point.enterprise.county_id
    ):
        raise Http404
    return point


def can_view_flags(user: User) -> bool:
    return is_bureau(user) or is_official(user) or is_county_staff(user)


def visible_flags(user: User) -> QuerySet[Flag]:
    from monitoring.models import Flag

    if not is_authenticated(user) or not can_view_flags(user):
        return Flag.objects.none()
    return Flag.objects.filter(enterprise_scope_q(user, "point__enterprise"))


def access_flag(user: User, pk: int) -> Flag:
    flag = visible_flags(user).select_related("point__enterprise__county", "rule").filter(pk=pk)
    found = flag.first()
    if found is None:
        raise Http404
    return found


def can_send_flag_for_verification(user: User, flag: Flag) -> bool:
    county_id = flag.point.enterprise.county_id
    return is_bureau(user) or is_county_staff_of(user, county_id)


def can_record_flag_outcome(user: User, flag: Flag) -> bool:
    return is_bureau(user) or is_county_staff_of(user, flag.point.enterprise.county_id)


def can_import_monitoring(user: User) -> bool:
    return is_bureau(user) or (is_contact(user) and user.enterprise_id is not None)


def monitoring_import_scope(user: User) -> int | None:
    """Whose devices an import by ``user`` may store: None for every device (the office and
    the bureau), else the contact's own enterprise. Refuses anyone else."""
    if is_bureau(user):
        return None
    if is_contact(user) and user.enterprise_id is not None:
        return user.enterprise_id
    raise PermissionDenied


def can_view_rejected_packets(user: User) -> bool:
    return is_bureau(user)


def monitoring_nav_flags(user: User) -> dict[str, bool]:
    return {
        "monitoring": is_authenticated(user),
        "monitoring_flags": can_view_flags(user),
        "monitoring_rejected": can_view_rejected_packets(user),
        "monitoring_import": can_import_monitoring(user),
    }
