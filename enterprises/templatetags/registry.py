from django import template
from django.utils.html import format_html

from enterprises.models import UleStage

register = template.Library()

STAGE_COLOURS = {
    UleStage.NOT_STARTED: "text-bg-secondary",
    UleStage.RETROFITTING: "text-bg-warning",
    UleStage.COMPLETED: "text-bg-info",
    UleStage.STABLE: "text-bg-primary",
    UleStage.EVALUATED: "text-bg-primary",
    UleStage.PUBLICIZED: "text-bg-success",
    UleStage.UNDER_REVIEW: "text-bg-warning",
    UleStage.SUSPENDED: "text-bg-danger",
    UleStage.REMOVED: "text-bg-danger",
}


@register.simple_tag
def stage_badge(enterprise) -> str:
    """The enterprise's ULE stage as a coloured badge: grey not started, amber retrofitting,
    blue completed to evaluated, green publicized, red removed."""
    return format_html(
        '<span class="badge {}" data-testid="stage">{}</span>',
        STAGE_COLOURS.get(enterprise.ule_stage, "text-bg-secondary"),
        enterprise.get_ule_stage_display(),
    )
