from django import template
from django.utils.translation import gettext as _

from enterprises.models import Industry, UleStage

from ..models import Rating
from ..rating import reason_text

register = template.Library()

RATING_CLASS = {Rating.RED: "danger", Rating.YELLOW: "warning", Rating.GREEN: "success"}


@register.filter
def reasons(row) -> list[str]:
    return [reason_text(r) for r in row.reasons or []]


@register.filter
def rating_class(value: str) -> str:
    return RATING_CLASS.get(value, "secondary")


@register.filter
def rating_label(value: str) -> str:
    return str(Rating(value).label) if value in Rating.values else value


@register.filter
def stage_label(value: str) -> str:
    return str(UleStage(value).label) if value in UleStage.values else value


@register.filter
def industry_label(value: str) -> str:
    return str(Industry(value).label) if value in Industry.values else value


@register.filter
def get_item(mapping, key):
    return (mapping or {}).get(key)


@register.simple_tag
def as_of(moment) -> str:
    """ "As of …" for a figure (a date or a date-time)."""
    if not moment or not hasattr(moment, "isoformat"):
        return _("no snapshot yet")
    if hasattr(moment, "hour"):
        return _("as of %(when)s") % {"when": moment.strftime("%Y-%m-%d %H:%M")}
    return _("as of %(when)s") % {"when": moment.isoformat()}


@register.simple_tag
def dashboard_flags(user) -> dict[str, bool]:
    """The navigation flags of the dashboards app, decided by the access policy."""
    import access

    return access.dashboard_nav_flags(user)
