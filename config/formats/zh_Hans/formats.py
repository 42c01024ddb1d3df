"""Simplified Chinese formats: Django's, with the comma grouping by thousands used in the
bureau's statistical tables (Django's zh_Hans has no thousands separator, so intcomma
printed 1550000)."""

from django.conf.locale.zh_Hans.formats import *  # noqa: F403

THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
