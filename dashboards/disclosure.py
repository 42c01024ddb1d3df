"""The "one public" of "double random, one public": what the public sees of the draws and
their inspections, and the working-day clock the office keeps to publish each result.

Reads the inspections app through its selector (``inspections.selectors.disclosure``): a
drawn target is public from its inspection date, never before (the draw is confidential until
then); its result once a submitted inspection record exists. Public fields only: enterprise,
credit code, county, class, date and result (no problem found, or how many); no inspector, no
finding text, no photo."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import get_language

from core.workdays import WorkCalendar
from inspections import selectors as inspection_selectors

from .models import DisclosureRule
from .reference import DOUBLE_RANDOM


def rule() -> DisclosureRule | None:
    return DisclosureRule.objects.filter(code=DOUBLE_RANDOM).first()


def add_working_days(
    start: datetime.date, days: int, calendar: WorkCalendar | None = None
) -> datetime.date:
    """``start`` plus ``days`` working days of the official calendar (holidays skipped,
    weekend days worked in lieu counted)."""
    return (calendar or WorkCalendar.load()).add(start, days)


def working_days_between(
    start: datetime.date, end: datetime.date, calendar: WorkCalendar | None = None
) -> int:
    """Working days after ``start`` up to and including ``end`` (negative if ``end`` is before)."""
    return (calendar or WorkCalendar.load()).between(start, end)


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
    """``targets``: every published target (a lazy queryset, paginated by the page); ``rows``:
    the public rows of the targets read (``read``); ``due`` and ``disclosed`` counted in SQL."""

    targets: object
    rule: DisclosureRule | None
    today: datetime.date
    due: int
    disclosed: int
    rows: list[PublicRow] = field(default_factory=list)

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

    def read(self, targets) -> list[PublicRow]:
        """The public rows of ``targets`` (a page, or a filtered queryset), kept as ``rows``."""
        r = self.rule
        calendar = WorkCalendar.load()
        rows = []
        for t in targets:
            done = t.done[0] if t.done else None
            due = calendar.add(t.inspection_date, r.working_days) if r else None
            left = calendar.between(self.today, due) if due else None
            rows.append(PublicRow(target=t, inspection=done, due=due, working_days_left=left))
        self.rows = rows
        return rows

    def disclosed_targets(self):
        """The targets with a submitted inspection record (for the credit-publicity export)."""
        from inspections.models import Inspection, InspectionStatus

        return self.targets.filter(
            Exists(
                Inspection.objects.filter(
                    draw_target=OuterRef("pk"), status=InspectionStatus.SUBMITTED
                )
            )
        )

    def undisclosed_targets(self):
        """The targets still without a submitted inspection record (the office's clock)."""
        from inspections.models import Inspection, InspectionStatus

        return self.targets.exclude(
            Exists(
                Inspection.objects.filter(
                    draw_target=OuterRef("pk"), status=InspectionStatus.SUBMITTED
                )
            )
        )


def public_disclosure(*, today: datetime.date | None = None) -> Disclosure:
    """The published targets and the counts; read a page of them with ``Disclosure.read``."""
    today = today or timezone.localdate()
    base = inspection_selectors.disclosure(today=today)
    return Disclosure(
        targets=base.rows, rule=rule(), today=today, due=base.due, disclosed=base.disclosed
    )
