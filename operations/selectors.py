"""Reads of the operations app, scoped to the user: a unit's history, the campaigns with the
lines that ran on a stop day, and the weekly opening rates (city or county) with the
campaign windows. Each in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Max, Prefetch, Q, QuerySet
from django.utils import timezone

import access
from accounts.models import User
from enterprises.models import ProductionUnit, UnitKind

from .models import Campaign, CampaignLine, ProvincialRate, Status, StatusInterval

ONE_DAY = datetime.timedelta(days=1)
MAKE_UP_SPAN = datetime.timedelta(days=183)  # make-up stops count within half a year of the window


def unit_history(*, unit: ProductionUnit) -> QuerySet[StatusInterval]:
    return (
        StatusInterval.objects.filter(unit=unit)
        .select_related("reported_by", "verified_by")
        .order_by("-start")
    )


def units(*, user: User, county_id: int | None = None) -> QuerySet[ProductionUnit]:
    qs = (
        access.visible_units(user)
        .select_related("enterprise__county")
        .order_by("enterprise__county__code", "enterprise__name_zh", "name")
    )
    if county_id is not None:
        qs = qs.filter(enterprise__county_id=county_id)
    return qs.prefetch_related(
        Prefetch(
            "status_intervals",
            queryset=StatusInterval.objects.order_by("-start"),
            to_attr="recent_intervals",
        )
    )


def _days(
    intervals, start: datetime.date, end: datetime.date
) -> dict[int, dict[datetime.date, str]]:
    """unit id -> day -> status, for the days between ``start`` and ``end``."""
    out: dict[int, dict[datetime.date, str]] = defaultdict(dict)
    for iv in intervals:
        day = max(iv.start, start)
        last = min(iv.end or end, end)
        while day <= last:
            out[iv.unit_id][day] = iv.status
            day += ONE_DAY
    return out


@dataclass
class Week:
    start: datetime.date
    lines_rate: Decimal | None
    capacity_rate: Decimal | None
    reported_lines: int


def weekly_rates(
    *, user: User, year: int, county_id: int | None = None, today: datetime.date | None = None
) -> list[Week]:
    """Per week (Monday to Sunday) of ``year`` up to today: kiln lines running ÷ kiln lines,
    and capacity running ÷ capacity, over the line-days with a reported status."""
    today = today or timezone.localdate()
    first = datetime.date(year, 1, 1)
    first -= datetime.timedelta(days=first.weekday())
    last = min(datetime.date(year, 12, 31), today)
    kiln_qs = access.visible_units(user).filter(kind=UnitKind.KILN_LINE)
    if county_id is not None:
        kiln_qs = kiln_qs.filter(enterprise__county_id=county_id)
    kilns = {u.pk: u for u in kiln_qs}
    intervals = StatusInterval.objects.filter(unit_id__in=kilns, start__lte=last).filter(
        Q(end__isnull=True) | Q(end__gte=first)
    )
    days = _days(intervals, first, last)
    weeks = []
    monday = first
    while monday <= last:
        line_days = running_days = 0
        cap_days = running_cap = 0
        reported = set()
        for offset in range(7):
            day = monday + datetime.timedelta(days=offset)
            for pk, unit in kilns.items():
                status = days.get(pk, {}).get(day)
                if status is None:
                    continue
                reported.add(pk)
                line_days += 1
                cap_days += unit.capacity
                if status == Status.RUNNING:
                    running_days += 1
                    running_cap += unit.capacity
        weeks.append(
            Week(
                start=monday,
                lines_rate=_pct(running_days, line_days),
                capacity_rate=_pct(running_cap, cap_days),
                reported_lines=len(reported),
            )
        )
        monday += datetime.timedelta(days=7)
    return weeks


def _pct(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"))


def campaigns(*, year: int | None = None) -> QuerySet[Campaign]:
    qs = Campaign.objects.order_by("-start")
    if year is not None:
        qs = qs.filter(start__lte=datetime.date(year, 12, 31), end__gte=datetime.date(year, 1, 1))
    return qs


@dataclass
class LineVerdict:
    line: CampaignLine
    ran_on: list[datetime.date] = field(default_factory=list)  # stop days it ran (must-stop lines)
    made_up: int = 0  # peak-shifting days outside the window (exempt lines)
    unreported: int = 0  # window days without a reported status
    # stop days a must-stop line did not declare as running, on which its emission points'
    # monitoring still reported hours of normal operation (HJ 212 flag N): (day, hours)
    monitored: list[tuple[datetime.date, int]] = field(default_factory=list)

    @property
    def violates(self) -> bool:
        return bool(self.ran_on or self.monitored)


def campaign_verdicts(
    *, user: User, campaign: Campaign, today: datetime.date | None = None
) -> list[LineVerdict]:
    """Each line of the campaign in the user's scope: which stop days a must-stop line ran
    (from the declared status), which other stop days its monitoring data show it operating
    (hours flagged N at one of its emission points: a stopped kiln's data-acquisition unit
    reports F), and how many days an exempt line has made up. Three queries."""
    today = today or timezone.localdate()
    lines = list(
        CampaignLine.objects.filter(campaign=campaign, unit__in=access.visible_units(user))
        .select_related("unit__enterprise__county")
        .order_by("unit__enterprise__name_zh", "unit__name")
    )
    span_start = campaign.start - MAKE_UP_SPAN
    span_end = min(campaign.end + MAKE_UP_SPAN, today)
    intervals = StatusInterval.objects.filter(
        unit_id__in=[ln.unit_id for ln in lines], start__lte=span_end
    ).filter(Q(end__isnull=True) | Q(end__gte=span_start))
    days = _days(intervals, span_start, span_end)
    window_end = min(campaign.end, today)
    operating = _operating_hours(
        [ln.unit_id for ln in lines if ln.must_stop], campaign.start, window_end
    )
    verdicts = []
    for line in lines:
        v = LineVerdict(line)
        unit_days = days.get(line.unit_id, {})
        day = campaign.start
        while day <= window_end:
            status = unit_days.get(day)
            if status is None:
                v.unreported += 1
            if status == Status.RUNNING and line.must_stop:
                v.ran_on.append(day)
            elif line.must_stop and operating.get((line.unit_id, day)):
                v.monitored.append((day, operating[line.unit_id, day]))
            day += ONE_DAY
        if not line.must_stop:
            v.made_up = sum(
                1
                for d, s in unit_days.items()
                if s == Status.PEAK_SHIFTING and not (campaign.start <= d <= campaign.end)
            )
        verdicts.append(v)
    return verdicts


def _operating_hours(
    unit_ids: list[int], first: datetime.date, last: datetime.date
) -> dict[tuple[int, datetime.date], int]:
    """(unit, day) -> the most hours of normal-operation data any parameter of any of the
    unit's emission points reported that day (from the daily rollups; one query)."""
    from monitoring.models import DailyRollup

    if not unit_ids or first > last:
        return {}
    rows = (
        DailyRollup.objects.filter(
            point__unit_id__in=unit_ids, day__gte=first, day__lte=last, valid_hours__gt=0
        )
        .values_list("point__unit_id", "day")
        .annotate(hours=Max("valid_hours"))
    )
    return {(unit_id, day): hours for unit_id, day, hours in rows}


def provincial_rates(*, limit: int = 40) -> list[ProvincialRate]:
    return list(ProvincialRate.objects.order_by("-week_start", "-rate")[:limit])
