"""Clean-transport shares per enterprise, month and year to date, measured against the
thresholds in force (``Threshold`` rows). Two aggregate queries for any number of enterprises
and months (gate passes of finished imports, clean-mode tonnage) plus one for the thresholds.

- clean share: clean-mode tonnes ÷ (clean-mode tonnes + trucked tonnes) of incoming raw
  materials and fuels, against ``clean_share`` (80%);
- when below it, every incoming truck must be at least ``truck_min_stage`` (China VI or new
  energy), and in key regions new-energy trucks must carry ``nev_share`` (60%) of the trucked
  tonnes;
- products' trucks at least ``product_min_stage``;
- gate data completeness: passes with a plate and a known emission stage ÷ all passes.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import (
    STAGE_ORDER,
    CargoClass,
    CleanTonnage,
    Direction,
    GatePass,
    ImportStatus,
    Rule,
    Stage,
    Threshold,
)

ZERO = Decimal("0")
HUNDRED = Decimal("100")


def stage_at_least(stage: str, minimum: str) -> bool:
    return STAGE_ORDER.index(Stage(stage)) >= STAGE_ORDER.index(Stage(minimum))


def stages_at_least(minimum: str) -> list[str]:
    return [s.value for s in STAGE_ORDER[STAGE_ORDER.index(Stage(minimum)) :]]


class Thresholds:
    """The threshold rows, picked per rule, industry and date (an industry's own row before a
    row for every industry)."""

    def __init__(self, rows: Iterable[Threshold] | None = None) -> None:
        self.rows = list(Threshold.objects.all() if rows is None else rows)

    def get(self, rule: str, industry: str, on: datetime.date) -> Threshold | None:
        best = None
        for row in self.rows:
            if row.rule != rule or row.industry not in (industry, ""):
                continue
            if row.valid_from and row.valid_from > on:
                continue
            if row.valid_until and row.valid_until < on:
                continue
            if best is None or (row.industry and not best.industry):
                best = row
        return best


@dataclass
class Figures:
    clean_t: Decimal = ZERO
    truck_t: Decimal = ZERO
    nev_truck_t: Decimal = ZERO
    trucks_in: int = 0
    trucks_in_below: int = 0
    products_out: int = 0
    products_below: int = 0
    passes: int = 0
    complete: int = 0

    def add(self, other: Figures) -> None:
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @staticmethod
    def pct(part: Decimal | int, whole: Decimal | int) -> Decimal | None:
        if not whole:
            return None
        return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"))

    @property
    def clean_share(self) -> Decimal | None:
        return self.pct(self.clean_t, self.clean_t + self.truck_t)

    @property
    def nev_share(self) -> Decimal | None:
        return self.pct(self.nev_truck_t, self.truck_t)

    @property
    def completeness(self) -> Decimal | None:
        return self.pct(self.complete, self.passes)


@dataclass
class Check:
    """One rule checked for a period: the figure, the threshold row and the verdict (None when
    there is nothing to judge)."""

    rule: str
    value: Decimal | int | None
    threshold: Threshold | None
    ok: bool | None

    @property
    def label(self) -> str:
        return Rule(self.rule).label


@dataclass
class Period:
    enterprise_id: int
    start: datetime.date  # first day of the month, or 1 January for the year to date
    figures: Figures
    checks: list[Check] = field(default_factory=list)
    ytd: bool = False

    @property
    def failed(self) -> list[Check]:
        return [c for c in self.checks if c.ok is False]

    def check(self, rule: str) -> Check | None:
        return next((c for c in self.checks if c.rule == rule), None)


def _month_end(start: datetime.date) -> datetime.date:
    nxt = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    return nxt - datetime.timedelta(days=1)


def judge(period: Period, *, industry: str, key_region: bool, thresholds: Thresholds) -> Period:
    f = period.figures
    on = _month_end(period.start) if not period.ytd else period.start.replace(month=12, day=31)
    checks = []
    clean_row = thresholds.get(Rule.CLEAN_SHARE, industry, on)
    share = f.clean_share
    below = clean_row is not None and share is not None and share < clean_row.percent
    checks.append(
        Check(
            Rule.CLEAN_SHARE,
            share,
            clean_row,
            None if share is None or clean_row is None else not below,
        )
    )
    truck_row = thresholds.get(Rule.TRUCK_MIN_STAGE, industry, on)
    if truck_row is not None:
        checks.append(
            Check(
                Rule.TRUCK_MIN_STAGE,
                f.trucks_in_below,
                truck_row,
                (f.trucks_in_below == 0) if below else None,
            )
        )
    nev_row = thresholds.get(Rule.NEV_SHARE, industry, on)
    if nev_row is not None and (key_region or not nev_row.key_region_only):
        nev = f.nev_share
        judged = below and nev is not None
        checks.append(
            Check(Rule.NEV_SHARE, nev, nev_row, (nev >= nev_row.percent) if judged else None)
        )
    product_row = thresholds.get(Rule.PRODUCT_MIN_STAGE, industry, on)
    if product_row is not None:
        checks.append(
            Check(
                Rule.PRODUCT_MIN_STAGE,
                f.products_below,
                product_row,
                (f.products_below == 0) if f.products_out else None,
            )
        )
    gate_row = thresholds.get(Rule.GATE_COMPLETENESS, industry, on)
    if gate_row is not None:
        value = f.completeness
        checks.append(
            Check(
                Rule.GATE_COMPLETENESS,
                value,
                gate_row,
                None if value is None else value >= gate_row.percent,
            )
        )
    period.checks = checks
    return period


def figures_by_month(
    enterprise_ids: list[int] | QuerySet, year: int, *, first_month: datetime.date | None = None
) -> dict[tuple[int, datetime.date], Figures]:
    """Two grouped queries: gate passes of finished imports and clean-mode tonnage, of
    ``year`` (from ``first_month`` on when given). The passes are bounded by local-time
    instants, which the (enterprise, time) index serves, not by their dates."""
    start = first_month or datetime.date(year, 1, 1)
    end = datetime.date(year + 1, 1, 1)
    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(end, datetime.time.min))
    six = stages_at_least(Stage.CHINA_6)
    incoming = Q(direction=Direction.IN, cargo_class=CargoClass.RAW_FUEL)
    products = Q(direction=Direction.OUT, cargo_class=CargoClass.PRODUCT)
    rows = (
        GatePass.objects.filter(
            enterprise_id__in=enterprise_ids,
            ledger__status=ImportStatus.DONE,
            passed_at__gte=since,
            passed_at__lt=until,
        )
        .annotate(month=TruncMonth("passed_at"))
        .values("enterprise_id", "month")
        .annotate(
            truck_t=Sum("tonnage", filter=incoming),
            nev_truck_t=Sum("tonnage", filter=incoming & Q(stage=Stage.NEV)),
            trucks_in=Count("pk", filter=incoming),
            trucks_in_below=Count("pk", filter=incoming & ~Q(stage__in=six)),
            products_out=Count("pk", filter=products),
            products_below=Count("pk", filter=products & ~Q(stage__in=six)),
            passes=Count("pk"),
            complete=Count("pk", filter=~Q(stage=Stage.UNKNOWN) & ~Q(plate="")),
        )
    )
    out: dict[tuple[int, datetime.date], Figures] = defaultdict(Figures)
    for r in rows:
        month = r["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        f = out[(r["enterprise_id"], month)]
        f.truck_t = r["truck_t"] or ZERO
        f.nev_truck_t = r["nev_truck_t"] or ZERO
        for name in (
            "trucks_in",
            "trucks_in_below",
            "products_out",
            "products_below",
            "passes",
            "complete",
        ):
            setattr(f, name, r[name])
    clean = (
        CleanTonnage.objects.filter(
            enterprise_id__in=enterprise_ids,
            cargo_class=CargoClass.RAW_FUEL,
            month__gte=start,
            month__lt=end,
        )
        .values("enterprise_id", "month")
        .annotate(t=Sum("tonnes"))
    )
    for r in clean:
        out[(r["enterprise_id"], r["month"])].clean_t = r["t"] or ZERO
    return out


def shares(
    enterprises: Iterable,
    year: int,
    thresholds: Thresholds | None = None,
    *,
    before: datetime.date | None = None,
    first_month: datetime.date | None = None,
) -> dict[int, list[Period]]:
    """Per enterprise: its months of ``year`` with data (oldest first), then the year to date
    (months from ``before`` on left out: a snapshot counts complete months only). With
    ``first_month`` only the months from it are read (the queue needs the last one only; the
    "year to date" then covers those months)."""
    enterprises = list(enterprises)
    figures = figures_by_month([e.pk for e in enterprises], year, first_month=first_month)
    return _judged(enterprises, figures, year, thresholds or Thresholds(), before)


def shares_with_data(
    scope: QuerySet, year: int, thresholds: Thresholds | None = None, *, first_month: datetime.date
) -> dict[int, list[Period]]:
    """``shares`` for the enterprises of ``scope`` (a queryset, read as a subquery, never as a
    list of ids) that have data from ``first_month`` on: the work follows the enterprises with
    gate passes or clean tonnage in the months read, not every enterprise of the city."""
    figures = figures_by_month(scope.values("pk"), year, first_month=first_month)
    ids = {eid for eid, _m in figures}
    enterprises = scope.filter(pk__in=ids).only("pk", "industry", "key_region") if ids else []
    return _judged(enterprises, figures, year, thresholds or Thresholds(), None)


def _judged(enterprises, figures, year, thresholds, before) -> dict[int, list[Period]]:
    months_of: dict[int, list[datetime.date]] = {}
    for eid, m in figures:
        if before is None or m < before:
            months_of.setdefault(eid, []).append(m)
    result: dict[int, list[Period]] = {}
    for e in enterprises:
        months = sorted(months_of.get(e.pk, ()))
        periods = []
        total = Figures()
        for m in months:
            f = figures[(e.pk, m)]
            total.add(f)
            periods.append(
                judge(
                    Period(e.pk, m, f),
                    industry=e.industry,
                    key_region=e.key_region,
                    thresholds=thresholds,
                )
            )
        ytd = judge(
            Period(e.pk, datetime.date(year, 1, 1), total, ytd=True),
            industry=e.industry,
            key_region=e.key_region,
            thresholds=thresholds,
        )
        result[e.pk] = [*periods, ytd]
    return result
