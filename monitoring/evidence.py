"""Readable names of the evidence a flag keeps (the keys its rule writes)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

LABELS = {
    "value": _("repeated value"),
    "limit": pgettext_lazy("monitoring", "ULE value"),
    "parked_hours": _("hours just under the limit"),
    "valid_hours": _("valid hours that day"),
    "min": _("lowest plausible"),
    "max": _("highest plausible"),
    "first_value": _("first value out of range"),
    "stop": _("declared stop"),
    "o2_reference": _("reference O₂ (%)"),
    "sent": _("converted value sent"),
    "expected": _("converted value expected"),
}


def label(key: str) -> str:
    return str(LABELS.get(key, key))
