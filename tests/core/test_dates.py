"""core.dates: the one plausible range of typed dates, its form fields, the service check and
the arithmetic that never raises."""

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.dates import (
    PlausibleDateField,
    PlausibleDateTimeField,
    check_plausible,
    plausible_range,
    safe_add_days,
    validate_plausible_date,
    validate_plausible_month,
)


class DatesForm(forms.Form):
    day = PlausibleDateField()
    at = PlausibleDateTimeField(input_formats=["%Y-%m-%dT%H:%M"])


def test_the_range_is_2000_to_twenty_years_ahead_by_default():
    assert plausible_range(datetime.date(2026, 5, 1)) == (
        datetime.date(2000, 1, 1),
        datetime.date(2046, 5, 1),
    )


def test_the_range_ends_on_28_february_when_that_year_has_no_29th(settings):
    settings.PLAUSIBLE_DATE_YEARS_AHEAD = 1
    assert plausible_range(datetime.date(2028, 2, 29))[1] == datetime.date(2029, 2, 28)


def test_the_range_follows_the_settings(settings):
    settings.PLAUSIBLE_DATE_MIN = "2010-06-01"
    settings.PLAUSIBLE_DATE_YEARS_AHEAD = 5
    assert plausible_range(datetime.date(2026, 1, 1)) == (
        datetime.date(2010, 6, 1),
        datetime.date(2031, 1, 1),
    )


@pytest.mark.parametrize(
    "value",
    [
        datetime.date(1, 1, 1),
        datetime.date(9999, 12, 31),
        datetime.date(1999, 12, 31),
        timezone.localdate() + datetime.timedelta(days=366 * 21),
        datetime.datetime(1, 1, 1, tzinfo=datetime.UTC),
        datetime.datetime(9999, 12, 31, 23, 59, tzinfo=datetime.UTC),
    ],
)
def test_extreme_dates_are_refused(value):
    with pytest.raises(ValidationError) as exc:
        validate_plausible_date(value)
    assert exc.value.code == "implausible_date"


@pytest.mark.parametrize(
    "value",
    [None, datetime.date(2000, 1, 1), timezone.localdate(), plausible_range()[1], timezone.now()],
)
def test_plausible_dates_pass(value):
    validate_plausible_date(value)


@pytest.mark.parametrize(
    ("day", "at"),
    [("0001-01-01", "0001-01-01T00:00"), ("9999-12-31", "9999-12-31T23:59")],
)
def test_form_fields_refuse_extreme_input_with_a_message(day, at):
    form = DatesForm(data={"day": day, "at": at})
    assert not form.is_valid()
    assert set(form.errors) == {"day", "at"}


def test_form_fields_accept_a_plausible_date_and_limit_the_picker():
    form = DatesForm(data={"day": "2025-09-12", "at": "2025-09-12T10:30"})
    assert form.is_valid(), form.errors
    html = str(form["day"])
    assert 'min="2000-01-01"' in html and f'max="{plausible_range()[1].isoformat()}"' in html


def test_services_check_names_every_refused_field():
    with pytest.raises(ValidationError) as exc:
        check_plausible(
            start=datetime.date(1, 1, 1), end=datetime.date(9999, 12, 31), ok=timezone.localdate()
        )
    assert set(exc.value.error_dict) == {"start", "end"}
    check_plausible(ok=timezone.localdate(), missing=None)


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1999-12"])
def test_extreme_months_are_refused(month):
    with pytest.raises(ValidationError):
        validate_plausible_month(month)


@pytest.mark.parametrize("month", ["2000-01", timezone.localdate().strftime("%Y-%m"), "bad", ""])
def test_plausible_or_malformed_months_pass_to_the_format_check(month):
    validate_plausible_month(month)


def test_date_arithmetic_clamps_instead_of_raising():
    assert safe_add_days(datetime.date.max, 10) == datetime.date.max
    assert safe_add_days(datetime.date.min, -10) == datetime.date.min
    assert safe_add_days(datetime.date(2025, 1, 1), 1) == datetime.date(2025, 1, 2)
