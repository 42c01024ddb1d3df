"""Template helpers of the retrofits app: node state and delay badges, and the panels included
by the shared pages (home, enterprise), each with a fixed small number of queries."""

from django import template
from django.utils import timezone

import access

from .. import selectors
from ..models import ProgressReport

register = template.Library()


@register.inclusion_tag("retrofits/partials/_state.html")
def node_state(node, today=None):
    return {"state": node.state(today or timezone.localdate())}


@register.inclusion_tag("retrofits/partials/_delay.html")
def node_delay(node, today=None):
    delay = node.delay_days(today or timezone.localdate())
    return {"delay": delay, "early": -delay if delay is not None and delay < 0 else 0}


@register.inclusion_tag("retrofits/partials/_home_panels.html", takes_context=True)
def retrofit_home_panels(context):
    user = context["request"].user
    today = timezone.localdate()
    data = {"user": user, "today": today, "is_contact": access.is_contact(user)}
    if access.has_own_enterprise(user):
        data["late"] = list(
            selectors.late_nodes(user=user, today=today, enterprise_id=user.enterprise_id)[:5]
        )
        data["due"] = list(
            selectors.due_nodes(
                user=user, enterprise_id=user.enterprise_id, today=today, within_days=14
            )[:5]
        )
        data["returned"] = selectors.reports(
            user=user, status=ProgressReport.Status.RETURNED
        ).count()
    elif access.is_authenticated(user):
        late = selectors.late_nodes(user=user, today=today)
        data["late"] = list(late[:8])
        data["late_count"] = late.count()
        data["can_decide"] = access.can_decide_postponement(user)
        if data["can_decide"]:
            data["pending"] = selectors.postponements(user=user).count()
        data["to_review"] = selectors.reports(
            user=user, status=ProgressReport.Status.SUBMITTED
        ).count()
    return data


@register.inclusion_tag("retrofits/partials/_enterprise_panel.html", takes_context=True)
def retrofit_enterprise_panel(context, enterprise):
    user = context["request"].user
    return {
        "enterprise": enterprise,
        "summary": selectors.enterprise_summary(enterprise_id=enterprise.pk),
        "can_create": access.can_create_project(user, enterprise),
    }


@register.filter
def days_late(committed, today):
    """Days since ``committed`` passed (0 if not passed or unknown)."""
    if committed is None or today is None:
        return 0
    return max(0, (today - committed).days)
