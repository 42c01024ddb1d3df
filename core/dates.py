"""Plausible dates: the one range of dates and date-times the portal accepts from anyone.

A date typed as ``0001-01-01`` or ``9999-12-31`` is not a date anybody means, and stored it
breaks pages for everyone (year 0 in UTC cannot be read back by psycopg; date arithmetic
overflows). Every date a person types is therefore checked three times:

- in forms: ``PlausibleDateField`` / ``PlausibleDateTimeField`` (or ``validate_plausible_date``
  on any field);
- in services: ``check_plausible(field=value, ...)``, so a direct call is refused too;
- in the database: ``plausible_date_constraint(field, name)``, a check constraint with the fixed
  outer bounds ``DB_DATE_MIN``..``DB_DATE_MAX`` (a constraint cannot follow "today").

The range is ``settings.PLAUSIBLE_DATE_MIN`` (default 2000-01-01) to today (Asia/Shanghai)
plus ``settings.PLAUSIBLE_DATE_YEARS_AHEAD`` years (default 20). Pages never assume it: what
is already stored renders whatever it is (see ``safe_add_days``).
"""

from __future__ import annotations

import contextlib
import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.forms import DateInput

# The database's outer guard, wider than the portal's range so that stored data stays valid
# as "today" moves on; it keeps every stored date readable and its arithmetic safe.
DB_DATE_MIN = datetime.date(1990, 1, 1)
DB_DATE_MAX = datetime.date(2199, 12, 31)
DB_DATETIME_MIN = datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC)
DB_DATETIME_MAX = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)

IMPLAUSIBLE = "implausible_date"


def plausible_range(today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
    """The first and last date the portal accepts (both included)."""
    today = today or timezone.localdate()
    minimum = getattr(settings, "PLAUSIBLE_DATE_MIN", datetime.date(2000, 1, 1))
    if isinstance(minimum, str):
        minimum = datetime.date.fromisoformat(minimum)
    years = getattr(settings, "PLAUSIBLE_DATE_YEARS_AHEAD", 20)
    try:
        maximum = today.replace(year=today.year + years)
    except ValueError:  # 29 February
        maximum = today.replace(year=today.year + years, day=28)
    return minimum, maximum


def _as_date(value: datetime.date | datetime.datetime) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            with contextlib.suppress(OverflowError, ValueError):
                value = timezone.localtime(value)
        return value.date()
    return value


def validate_plausible_date(value: datetime.date | datetime.datetime | None) -> None:
    """Refuse a date or date-time outside ``plausible_range()``."""
    if value is None:
        return
    minimum, maximum = plausible_range()
    if not minimum <= _as_date(value) <= maximum:
        raise ValidationError(
            _("Enter a date between %(min)s and %(max)s."),
            code=IMPLAUSIBLE,
            params={"min": date_format(minimum), "max": date_format(maximum)},
        )


def check_plausible(**values: datetime.date | datetime.datetime | None) -> None:
    """For services: every given date within the range, else a ValidationError naming the
    fields (``check_plausible(new_date=new_date)``)."""
    errors = {}
    for field, value in values.items():
        try:
            validate_plausible_date(value)
        except ValidationError as exc:
            errors[field] = exc.error_list
    if errors:
        raise ValidationError(errors)


def _limit_widget(field: forms.Field) -> None:
    minimum, maximum = plausible_range()
    if isinstance(field, forms.DateTimeField):
        # a datetime-local input takes date-times only, its bounds included
        field.widget.attrs.setdefault("min", f"{minimum.isoformat()}T00:00")
        field.widget.attrs.setdefault("max", f"{maximum.isoformat()}T23:59")
    else:
        field.widget.attrs.setdefault("min", minimum.isoformat())
        field.widget.attrs.setdefault("max", maximum.isoformat())


class PlausibleDateField(forms.DateField):
    """A date field (``core.forms.DateInput``) limited to ``plausible_range()``."""

    default_validators = [validate_plausible_date]

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", DateInput())
        super().__init__(*args, **kwargs)
        _limit_widget(self)


class PlausibleDateTimeField(forms.DateTimeField):
    """A date-time field limited to ``plausible_range()``."""

    default_validators = [validate_plausible_date]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _limit_widget(self)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except (OverflowError, ValueError) as exc:  # making year 1 aware may overflow
            raise ValidationError(self.error_messages["invalid"], code="invalid") from exc


def plausible_date_constraint(field: str, name: str, *, datetime_field: bool = False):
    """The database's check that ``field`` lies within ``DB_DATE_MIN``..``DB_DATE_MAX`` (a
    null passes: the column's own nullability decides)."""
    low, high = (DB_DATETIME_MIN, DB_DATETIME_MAX) if datetime_field else (DB_DATE_MIN, DB_DATE_MAX)
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__gte": low, f"{field}__lte": high}),
        name=name,
        violation_error_message=_("A date is outside the range the portal accepts."),
    )


def plausible_month_constraint(field: str, name: str):
    """The database's check that a ``YYYY-MM`` text ``field`` lies within the outer bounds."""
    return models.CheckConstraint(
        condition=models.Q(
            **{
                f"{field}__gte": DB_DATE_MIN.strftime("%Y-%m"),
                f"{field}__lte": DB_DATE_MAX.strftime("%Y-%m"),
            }
        ),
        name=name,
        violation_error_message=_("A date is outside the range the portal accepts."),
    )


def validate_plausible_month(value: str | None) -> None:
    """Refuse a ``YYYY-MM`` month wholly outside ``plausible_range()`` (a malformed value is
    left to the field's own format check)."""
    try:
        first = datetime.date.fromisoformat(f"{value}-01")
    except (TypeError, ValueError):
        return
    minimum, maximum = plausible_range()
    if not minimum.replace(day=1) <= first <= maximum:
        validate_plausible_date(first if first > maximum else minimum - datetime.timedelta(1))


def safe_add_days(value: datetime.date, days: int) -> datetime.date:
    """``value + days`` clamped to ``date.min``/``date.max`` instead of raising."""
    try:
        return value + datetime.timedelta(days=days)
    except OverflowError:
        return datetime.date.max if days > 0 else datetime.date.min
