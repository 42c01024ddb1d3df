"""Reads of the monitoring app, scoped to the user, in a fixed number of queries. Pages read the
rollups, never a scan of raw hours (a point's month of hours is one range query on its
partition)."""

from __future__ import annotations

import calendar
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils import timezone

import access
from accounts.models import User
from enterprises.models import EmissionPoint, Enterprise, Industry, LimitRule
from enterprises.selectors import (
    ApplicableLimit,
    applicable_limits_by_kind,
    limit_industry,
    limits_for_point,
)

from .models import (
    DailyRollup,
    Flag,
    HourlyValue,
    MonthlyRollup,
    Parameter,
    RejectedPacket,
    StopPeriod,
)
from .storage import TZ, next_month

log = logging.getLogger(__name__)


def month_bounds(month: date) -> tuple[datetime, datetime]:
    start = datetime.combine(month, datetime.min.time(), TZ)
    return start, datetime.combine(next_month(month), datetime.min.time(), TZ)


def expected_hours(month: date, stops: list[StopPeriod], *, now: datetime | None = None) -> int:
    """Production hours of the month so far: the elapsed hours minus declared stops."""
    start, end = month_bounds(month)
    end = min(
        end, (now or timezone.now()).astimezone(TZ).replace(minute=0, second=0, microsecond=0)
    )
    if end <= start:
        return 0
    total = int((end - start) / timedelta(hours=1))
    for stop in stops:
        lo, hi = max(stop.start, start), min(stop.end, end)
        if hi > lo:
            total -= int((hi - lo) / timedelta(hours=1))
    return max(total, 0)


def rules_by_industry() -> dict[str, LimitRule]:
    return {r.industry: r for r in LimitRule.objects.filter(period="month")}


@dataclass
class ComplianceRow:
    point: EmissionPoint
    parameter: Parameter
    limit: ApplicableLimit | None
    rollup: MonthlyRollup | None
    expected: int
    threshold: Decimal | None

    @property
    def valid_hours(self) -> int:
        return self.rollup.valid_hours if self.rollup else 0

    @property
    def ule_ok_hours(self) -> int:
        return self.rollup.ule_ok_hours if self.rollup else 0

    @property
    def over_baseline_hours(self) -> int:
        return self.rollup.over_baseline_hours if self.rollup else 0

    @property
    def share(self) -> float | None:
        return 100 * self.ule_ok_hours / self.valid_hours if self.valid_hours else None

    @property
    def capture(self) -> float | None:
        return min(100.0, 100 * self.valid_hours / self.expected) if self.expected else None

    @property
    def meets_rule(self) -> bool | None:
        if self.share is None or self.threshold is None or not (self.limit and self.limit.ule):
            return None
        return self.share >= float(self.threshold)


@dataclass
class EnterpriseCompliance:
    enterprise: Enterprise
    month: date
    rows: list[ComplianceRow] = field(default_factory=list)
    rule: LimitRule | None = None


def enterprise_compliance(*, enterprise: Enterprise, month: date) -> EnterpriseCompliance:
    """Per point and pollutant of one enterprise for one month: valid hours, hours meeting ULE,
    the share against the month rule, hours over the baseline, capture rate (6 queries)."""
    points = list(enterprise.emission_points.order_by("kind", "name"))
    rollups = {
        (r.point_id, r.parameter): r
        for r in MonthlyRollup.objects.filter(point__in=points, month=month)
    }
    stops: dict[int, list[StopPeriod]] = defaultdict(list)
    start, end = month_bounds(month)
    for stop in StopPeriod.objects.filter(point__in=points, end__gt=start, start__lt=end):
        stops[stop.point_id].append(stop)
    params = [p for p in Parameter.objects.all() if p.pollutant]
    table = applicable_limits_by_kind(on=month)
    rule = rules_by_industry().get(limit_industry(enterprise.industry))
    result = EnterpriseCompliance(enterprise=enterprise, month=month, rule=rule)
    for point in points:
        limits = {
            lim.pollutant: lim
            for lim in limits_for_point(table, industry=enterprise.industry, kind=point.kind)
        }
        # a point without CEMS sends nothing: no capture rate to speak of
        exp = expected_hours(month, stops[point.pk]) if point.cems_installed else 0
        for param in params:
            rollup = rollups.get((point.pk, param.key))
            if rollup is None and param.key not in limits:
                continue
            result.rows.append(
                ComplianceRow(
                    point=point,
                    parameter=param,
                    limit=limits.get(param.key),
                    rollup=rollup,
                    expected=exp,
                    threshold=rule.threshold_percent if rule else None,
                )  # fmt: skip
            )
    return result


@dataclass
class CityRow:
    enterprise: Enterprise
    series: int
    meeting: int
    over_baseline_hours: int
    valid_hours: int
    open_flags: int = 0

    @property
    def share_meeting(self) -> float | None:
        return 100 * self.meeting / self.series if self.series else None


def compliance_enterprises(*, user: User) -> QuerySet[Enterprise]:
    """The enterprises of the city's compliance page, in its order (paginated by the view)."""
    return (
        access.visible_enterprises(user)
        .select_related("county")
        .order_by("county__code", "name_zh")
    )


def city_compliance(
    *, user: User, month: date, page: Iterable[Enterprise] | None = None
) -> list[CityRow]:
    """Per visible enterprise (or per enterprise of ``page``), from the monthly rollups: how
    many point-pollutant series meet the month rule, hours over the baseline, valid hours (one
    aggregate per industry rule, plus the enterprises and the open flags)."""
    enterprises = {e.pk: e for e in (compliance_enterprises(user=user) if page is None else page)}
    rows = {
        eid: CityRow(enterprises[eid], series, meeting, over, valid)
        for eid, (series, meeting, over, valid) in compliance_counts(
            month=month, enterprise_ids=enterprises.keys()
        ).items()
    }
    flags = (
        access.visible_flags(user)
        .filter(
            status__in=[Flag.Status.OPEN, Flag.Status.VERIFYING],
            point__enterprise_id__in=list(enterprises),
        )
        .values("point__enterprise_id")
        .annotate(n=Count("id"))
    )
    for f in flags:
        if f["point__enterprise_id"] in rows:
            rows[f["point__enterprise_id"]].open_flags = f["n"]
    return [rows.get(pk) or CityRow(e, 0, 0, 0, 0) for pk, e in enterprises.items()]


def compliance_counts(
    *, month: date, enterprise_ids: Iterable[int] | None = None
) -> dict[int, tuple[int, int, int, int]]:
    """Per enterprise with data that month: (point-pollutant series with valid hours, series
    meeting the month rule of its industry, hours over the baseline, valid hours), from the
    monthly rollups in one aggregate per industry (the rule's share differs by industry)."""
    rules = rules_by_industry()
    ids = None if enterprise_ids is None else list(enterprise_ids)
    counts: dict[int, tuple[int, int, int, int]] = {}
    for industry in Industry.values:
        rule = rules.get(limit_industry(industry))
        if rule is None:  # no rule row for the industry: nothing to judge against
            log.warning("no monthly LimitRule row for industry %s", industry)
            continue
        share = float(rule.threshold_percent) / 100
        qs = MonthlyRollup.objects.filter(
            month=month, point__enterprise__industry=industry, parameter__in=_pollutant_keys()
        )
        if ids is not None:
            qs = qs.filter(point__enterprise_id__in=ids)
        agg = (
            qs.values("point__enterprise_id")
            .annotate(
                series=Count("id", filter=Q(valid_hours__gt=0)),
                meeting=Count(
                    "id", filter=Q(valid_hours__gt=0, ule_ok_hours__gte=F("valid_hours") * share)
                ),
                over=Sum("over_baseline_hours"),
                valid=Sum("valid_hours"),
            )
            .order_by()
        )
        for a in agg:
            counts[a["point__enterprise_id"]] = (
                a["series"],
                a["meeting"],
                a["over"] or 0,
                a["valid"] or 0,
            )
    return counts


def _pollutant_keys() -> list[str]:
    return [k for k, _label in Parameter._meta.get_field("pollutant").choices]


@dataclass
class Series:
    parameter: Parameter
    points: list[tuple[str, float | None]]
    ule: float | None = None
    baseline: float | None = None
    converted: bool = False


def point_series(*, point: EmissionPoint, start: date, days: int) -> tuple[list[Series], str]:
    """A point's values from ``start`` for ``days`` days: hourly values up to 31 days (one
    range query), daily means from the rollups beyond (one query), with the ULE and baseline
    lines. Returns the series and the resolution ("hour" or "day")."""
    params = {p.key: p for p in Parameter.objects.all()}
    table = applicable_limits_by_kind(on=start)
    limits = {
        lim.pollutant: lim
        for lim in limits_for_point(table, industry=point.enterprise.industry, kind=point.kind)
    }
    by_param: dict[str, list[tuple[str, float | None]]] = defaultdict(list)
    first = datetime.combine(start, datetime.min.time(), TZ)
    last = first + timedelta(days=days)
    if days <= 31:
        resolution = "hour"
        rows = (
            HourlyValue.objects.filter(point=point, hour__gte=first, hour__lt=last)
            .order_by("parameter", "hour")
            .values_list("parameter", "hour", "value", "converted", "flag")
        )
        for key, hour, value, conv, flag in rows:
            lim = limits.get(key)
            use_conv = bool(lim and lim.strictest.o2_basis == "converted" and conv is not None)
            shown = (conv if use_conv else value) if flag == "N" else None
            by_param[key].append((hour.astimezone(TZ).strftime("%Y-%m-%d %H:00"), shown))
    else:
        resolution = "day"
        rows = (
            DailyRollup.objects.filter(point=point, day__gte=start, day__lt=last.date())
            .order_by("parameter", "day")
            .values_list("parameter", "day", "value_sum", "valid_hours")
        )
        for key, day, total, valid in rows:
            by_param[key].append((day.isoformat(), round(total / valid, 3) if valid else None))
    result = []
    for key in sorted(by_param, key=lambda k: params[k].order if k in params else 99):
        if key not in params:
            continue
        lim = limits.get(key)
        result.append(
            Series(
                parameter=params[key],
                points=by_param[key],
                ule=float(lim.ule.value) if lim and lim.ule else None,
                baseline=float(lim.baseline.value) if lim and lim.baseline else None,
                converted=bool(lim and lim.strictest.o2_basis == "converted"),
            )  # fmt: skip
        )
    return result, resolution


def point_flags(*, user: User, point: EmissionPoint, start: date, days: int) -> QuerySet[Flag]:
    first = datetime.combine(start, datetime.min.time(), TZ)
    return (
        access.visible_flags(user)
        .filter(point=point, end__gte=first, start__lt=first + timedelta(days=days))
        .select_related("rule")
        .order_by("start")
    )


def flag_queue(*, user: User, status: str | None = None) -> QuerySet[Flag]:
    qs = access.visible_flags(user).select_related(
        "point__enterprise__county", "rule", "decided_by"
    )
    if status in Flag.Status.values:
        qs = qs.filter(status=status)
    return qs.order_by("status", "-start", "-id")


def rejected_summary() -> tuple[list[dict], QuerySet[RejectedPacket]]:
    counts = list(
        RejectedPacket.objects.values("source", "reason").annotate(n=Count("id")).order_by("-n")
    )
    return counts, RejectedPacket.objects.all()[:100]


def month_from(text: str | None) -> date:
    """``YYYY-MM`` from a query string, else the current month (never an error)."""
    today = timezone.localdate()
    if text and len(text) == 7 and text[4] == "-" and text[:4].isdigit() and text[5:].isdigit():
        year, month = int(text[:4]), int(text[5:])
        if 2000 <= year <= today.year + 1 and 1 <= month <= 12:
            return date(year, month, 1)
    return today.replace(day=1)


def days_in(month: date) -> int:
    return calendar.monthrange(month.year, month.month)[1]
