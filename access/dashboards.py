"""Access to the officials' dashboard, the weekly ranking and the snapshots behind them.

The dashboard is for the people who supervise: officials, the office, the municipal bureau,
vehicle staff (city-wide) and county staff (their county's figures only). An enterprise
contact has their own enterprise's page instead."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import QuerySet
from django.http import Http404

from .roles import is_authenticated, is_bureau, is_contact, is_contact_of, is_county_staff, scope

if TYPE_CHECKING:
    from accounts.models import User
    from dashboards.models import EnterpriseWeek, SupervisionOrder


def can_view_dashboard(user: User) -> bool:
    return is_authenticated(user) and not is_contact(user)


def visible_snapshot_rows(user: User) -> QuerySet[EnterpriseWeek]:
    """Snapshot rows of the enterprises ``user`` may see (none for those without the
    dashboard)."""
    from dashboards.models import EnterpriseWeek

    if not can_view_dashboard(user):
        return EnterpriseWeek.objects.none()
    return scope(user, EnterpriseWeek.objects.all(), "enterprise")


def dashboard_nav_flags(user: User) -> dict[str, bool]:
    return {
        "dashboard": can_view_dashboard(user),
        "bulletins": can_view_bulletins(user),
        "orders": is_authenticated(user),
    }


def can_view_bulletins(user: User) -> bool:
    """The weekly dispatch bulletins (city-wide documents): the city's supervisors."""
    return can_view_dashboard(user) and not is_county_staff(user)


def can_issue_order(user: User) -> bool:
    """Supervision orders (督办) are issued by the special class office and the bureau."""
    return is_bureau(user)


def visible_orders(user: User) -> QuerySet[SupervisionOrder]:
    from dashboards.models import SupervisionOrder

    return scope(user, SupervisionOrder.objects.all(), "enterprise")


def can_answer_order(user: User, order: SupervisionOrder) -> bool:
    from dashboards.models import SupervisionOrder

    return order.status == SupervisionOrder.Status.OPEN and is_contact_of(user, order.enterprise_id)


def can_close_order(user: User, order: SupervisionOrder) -> bool:
    from dashboards.models import SupervisionOrder

    return is_bureau(user) and order.status != SupervisionOrder.Status.CLOSED


def access_order(user: User, pk: int) -> SupervisionOrder:
    order = (
        visible_orders(user).select_related("enterprise__county", "issued_by").filter(pk=pk).first()
    )
    if order is None:
        raise Http404
    return order


def can_see_disclosure_clock(user: User) -> bool:
    """The working-day clock of each result still to publish: the office and the bureau."""
    return is_bureau(user)
