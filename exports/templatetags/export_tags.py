from django import template
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

register = template.Library()

# what the buttons say where one page exports more than one list
LABELS = {"projects": _("Projects"), "nodes": _("Nodes"), "findings": _("Findings")}


@register.inclusion_tag("exports/_buttons.html", takes_context=True)
def export_buttons(context, name: str, labelled: bool = False, **params) -> dict:
    """Excel and CSV links for list ``name`` carrying the page's current filters, and
    ``params`` (what the page's address holds, such as the draw of a draw's pool)."""
    request = context.get("request")
    query = request.GET.copy() if request is not None else QueryDict(mutable=True)
    query.pop("page", None)
    for key, value in params.items():
        query[key] = str(value)
    qs = f"?{query.urlencode()}" if query else ""
    return {
        "xlsx": reverse("exports:export", args=[name, "xlsx"]) + qs,
        "csv": reverse("exports:export", args=[name, "csv"]) + qs,
        "name": name,
        "label": LABELS.get(name, "") if labelled else "",
    }
