from django import template

import access

register = template.Library()


@register.filter
def check(period, rule: str):
    """The check of ``rule`` in a period of shares (None when absent)."""
    return period.check(rule) if period is not None else None


@register.simple_tag(takes_context=True)
def transport_nav(context) -> dict[str, bool]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"queue": bool(user) and access.can_use_transport_queue(user)}
