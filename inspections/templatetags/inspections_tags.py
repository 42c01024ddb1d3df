from django import template

import access

from .. import selectors

register = template.Library()

RESULT_CLASSES = {
    "compliant": "text-bg-success",
    "non_compliant": "text-bg-danger",
    "not_applicable": "text-bg-secondary",
}
FINDING_CLASSES = {
    "open": "text-bg-warning",
    "responded": "text-bg-info",
    "closed": "text-bg-success",
}


@register.simple_tag(takes_context=True)
def inspections_nav(context):
    """Flags for the navigation entries of the inspections app (decided by the access package)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return access.inspection_nav_flags(user) if user is not None else {}


@register.inclusion_tag("inspections/partials/_enterprise_panel.html", takes_context=True)
def inspection_enterprise_panel(context, enterprise):
    """The panel on the enterprise page: one aggregate query, whatever the history."""
    user = context["request"].user
    return {
        "enterprise": enterprise,
        "stats": selectors.enterprise_panel_stats(user=user, enterprise=enterprise),
        "can_inspect": access.can_inspect_enterprise(user, enterprise),
    }


@register.inclusion_tag("inspections/partials/_home_panel.html", takes_context=True)
def inspection_home_panel(context):
    user = context["request"].user
    if not access.can_use_task_list(user):
        return {"show": False}
    flags = access.inspection_nav_flags(user)
    return {
        "show": True,
        "tasks": selectors.my_tasks(user=user, limit=5),
        "flags": flags,
    }


@register.filter
def result_class(value: str) -> str:
    return RESULT_CLASSES.get(value, "text-bg-light border")


@register.filter
def finding_class(value: str) -> str:
    return FINDING_CLASSES.get(value, "text-bg-light border")


@register.filter
def days_until(deadline, today):
    return (deadline - today).days
