"""The "one public" of "double random, one public": what the public sees of the draws and
their inspections, and the working-day clock the office keeps to publish each result.

Reads the inspections app through its selector (``inspections.selectors.disclosure``): a
drawn target is public from its inspection date, never before (the draw is confidential until
then); its result once a submitted inspection record exists. Public fields only: enterprise,
credit code, county, class, date and result (no problem found, or how many); no inspector, no
finding text, no photo."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import get_language

from inspections import selectors as inspection_selectors

from .models import DisclosureRule
from .reference import DOUBLE_RANDOM


def rule() -> DisclosureRule | None:
    return DisclosureRule.objects.filter(code=DOUBLE_RANDOM).first()


def add_working_days(start: datetime.date, days: int) -> datetime.date:
    """``start`` plus ``days`` working days (Monday to Friday)."""
    day = start
    left = days
    while left > 0:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is before)."""
    if end < start:
        return -working_days_between(end, start)
    full_weeks, rest = divmod((end - start).days, 7)
    count = full_weeks * 5
    day = start
    for _ in range(rest):
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            count += 1
    return count


@dataclass
class PublicRow:
    target: object
    inspection: object | None
    due: datetime.date | None
    working_days_left: int | None

    @property
    def disclosed(self) -> bool:
        return self.inspection is not None

    @property
    def working_days_late(self) -> int:
        return max(0, -(self.working_days_left or 0))

    @property
    def late(self) -> bool:
        return (
            not self.disclosed and self.working_days_left is not None and self.working_days_left < 0
        )


@dataclass
class Disclosure:
    rows: list[PublicRow]
    rule: DisclosureRule | None
    today: datetime.date

    @property
    def due(self) -> int:
        return len(self.rows)

    @property
    def disclosed(self) -> int:
        return sum(1 for r in self.rows if r.disclosed)

    @property
    def rate(self):
        from .selectors import percent

        return percent(self.disclosed, self.due)

    @property
    def authority(self) -> str:
        if self.rule is None:
            return ""
        if (get_language() or "").startswith("en") and self.rule.authority_en:
            return self.rule.authority_en
        return self.rule.authority_zh


def public_disclosure(*, today: datetime.date | None = None) -> Disclosure:
    today = today or timezone.localdate()
    r = rule()
    base = inspection_selectors.disclosure(today=today)
    rows = []
    for t in base.rows:
        done = t.done[0] if t.done else None
        due = add_working_days(t.inspection_date, r.working_days) if r else None
        left = working_days_between(today, due) if due else None
        rows.append(PublicRow(target=t, inspection=done, due=due, working_days_left=left))
    return Disclosure(rows=rows, rule=r, today=today)
