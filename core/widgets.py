"""Pickers over long lists: a ``<select>`` that renders only its chosen option(s), turned by
``static/js/combobox.js`` into a search-as-you-type combobox (ARIA 1.2 combobox with a
listbox, keyboard operable) that reads a JSON endpoint of ``{"results": [{"id", "text",
"detail"}]}`` scoped by ``access``. The form field keeps its queryset, so a posted value is
still checked against what the user may choose (one query), and 2,000 enterprises are never
rendered as options."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext


class SearchSelect(forms.Select):
    template_name = "django/forms/widgets/select.html"

    def __init__(self, url_name: str, attrs: dict | None = None):
        super().__init__(attrs)
        self.url_name = url_name

    def get_context(self, name, value, attrs):
        attrs = {
            **(attrs or {}),
            "data-combobox": "",
            "data-search-url": reverse(self.url_name),
            "data-placeholder": gettext("Type a name or credit code"),
            "data-empty-text": gettext("No match within what you may see"),
        }
        return super().get_context(name, value, attrs)

    def optgroups(self, name, value, attrs=None):
        """The empty choice and the chosen value(s) only, labelled as the field labels them."""
        chosen = [v for v in value if v not in ("", None)]
        options = [self.create_option(name, "", "—", not chosen, 0, attrs=attrs)]
        queryset = getattr(self.choices, "queryset", None)
        if chosen and queryset is not None:
            try:
                found = list(queryset.filter(pk__in=chosen))
            except (ValueError, TypeError):
                found = []
            label = self.choices.field.label_from_instance
            for i, obj in enumerate(found, start=1):
                options.append(self.create_option(name, obj.pk, label(obj), True, i, attrs=attrs))
        return [(None, options, 0)]
