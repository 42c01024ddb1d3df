"""``{% upload_attrs %}``: the attributes of a hand-written file input (accepted types, size
limit and messages) from ``core.uploads``, for the browser's check before sending."""

from __future__ import annotations

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from core.uploads import browser_attrs

register = template.Library()


@register.simple_tag
def upload_attrs() -> SafeString:
    return format_html_join(" ", '{}="{}"', browser_attrs().items())
