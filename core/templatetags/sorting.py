"""``{% sort_header sorting "key" "Label" %}`` (a sortable column header, core.sorting) and
``{% list_url "app:list" %}`` (a list's address with its remembered filters, core.list_memory)."""

from django import template

from core import list_memory, sorting

register = template.Library()


@register.inclusion_tag("includes/_sort_header.html")
def sort_header(list_sorting: dict, key: str, label: str, css: str = "") -> dict:
    """``list_sorting`` is the view's ``Sorting.context(request.GET)``."""
    return {"h": sorting.header(list_sorting, key), "label": label, "css": css}


@register.inclusion_tag("includes/_sort_link.html")
def sort_link(list_sorting: dict, key: str, label: str) -> dict:
    """The same as a link outside a table (a list of cards): aria-current marks the sort."""
    return {"h": sorting.header(list_sorting, key), "label": label}


@register.simple_tag(takes_context=True)
def list_url(context, name: str) -> str:
    return list_memory.remembered_url(context.get("request"), name)
