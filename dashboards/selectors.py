"""Reads of the dashboards app, scoped to the user through ``access``.

``dashboard(user=)`` gathers every figure of the officials' page in a fixed number of queries
whatever the number of enterprises and weeks: the trend and the ranking read the weekly
snapshots (true history); inspections, findings and funds are read live and say so."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When
from django.urls import reverse
from django.utils import timezone

import access
from accounts.models import User
from enterprises import selectors as enterprise_selectors
from enterprises.models import County, Industry, Target, UleStage
from inspections.models import FindingStatus, InspectionStatus

from .models import EnterpriseWeek, Rating, WeeklySnapshot

HUNDRED = Decimal(100)


def percent(part: int | Decimal | None, whole: int | Decimal | None) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part or 0) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"))


# worst first: red, then yellow, then green
SEVERITY = Case(
    When(rating=Rating.RED, then=Value(0)),
    When(rating=Rating.YELLOW, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)
RANK_ORDER = (
    "severity",
    "-longest_missed_days",
    "-findings_overdue",
    "-capacity_t",
    "enterprise_id",
)


def latest_snapshot() -> WeeklySnapshot | None:
    return WeeklySnapshot.objects.order_by("-week_start").first()


@dataclass
class Slice:
    """Capacity figures of one group (an industry or a county) in the latest snapshot."""

    key: str | int
    label: str
    enterprises: int = 0
    capacity: int = 0
    complete: int = 0
    red: int = 0
    yellow: int = 0
    green: int = 0
    at_risk: dict[int, int] = field(default_factory=dict)

    @property
    def share(self) -> Decimal | None:
        return percent(self.complete, self.capacity)


@dataclass
class TargetLine:
    scope: str
    scope_label: str
    industry: str
    year: int
    share: Decimal
    source: str


@dataclass
class FindingFigures:
    total: int
    open: int
    responded: int
    closed: int
    overdue: int
    opened_30d: int
    closed_30d: int
    order_to_correct: int
    fined: int
    fine_total: Decimal
    restricted: int
    stopped: int
    cases: int
    inspections: int
    inspections_30d: int

    @property
    def closure_rate(self) -> Decimal | None:
        return percent(self.closed, self.total)


@dataclass
class FundFigures:
    budget: Decimal
    invested: Decimal
    requested: Decimal
    granted: Decimal

    @property
    def invested_share(self) -> Decimal | None:
        return percent(self.invested, self.budget)


@dataclass
class Dashboard:
    snapshot: WeeklySnapshot | None
    live_as_of: datetime.datetime
    target_years: list[int]
    targets: list[TargetLine]
    trend: dict[str, list[dict]]
    industries: list[Slice]
    counties: list[Slice]
    worst: list[EnterpriseWeek]
    totals: Slice
    findings: FindingFigures
    funds: FundFigures
    overview: list

    @property
    def rating_total(self) -> int:
        return self.totals.red + self.totals.yellow + self.totals.green


def _targets() -> list[TargetLine]:
    return [
        TargetLine(
            scope=t.scope,
            scope_label=t.get_scope_display(),
            industry=t.industry,
            year=t.year,
            share=t.share_percent,
            source=t.source_document,
        )
        for t in Target.objects.order_by("industry", "year", "scope")
    ]


def _slice_annotations(years: list[int]) -> dict:
    ann = {
        "n": Count("id"),
        "cap": Sum("capacity_t"),
        "done": Sum("capacity_t", filter=Q(ule_complete=True)),
        "red": Count("id", filter=Q(rating=Rating.RED)),
        "yellow": Count("id", filter=Q(rating=Rating.YELLOW)),
        "green": Count("id", filter=Q(rating=Rating.GREEN)),
    }
    for y in years:
        ann[f"risk{y}"] = Sum(
            "capacity_t",
            filter=Q(ule_complete=False, committed_finish__gt=datetime.date(y, 12, 31)),
        )
    return ann


def _add(s: Slice, row: dict, years: list[int]) -> None:
    s.enterprises += row["n"]
    s.capacity += row["cap"] or 0
    s.complete += row["done"] or 0
    s.red += row["red"]
    s.yellow += row["yellow"]
    s.green += row["green"]
    for y in years:
        s.at_risk[y] = s.at_risk.get(y, 0) + (row[f"risk{y}"] or 0)


def trend(*, rows: QuerySet[EnterpriseWeek]) -> dict[str, list[dict]]:
    """Per industry, the share of capacity with ULE complete in every stored week (one query)."""
    series: dict[str, list[dict]] = {}
    for r in (
        rows.values("snapshot__week_start", "industry")
        .annotate(cap=Sum("capacity_t"), done=Sum("capacity_t", filter=Q(ule_complete=True)))
        .order_by("snapshot__week_start", "industry")
    ):
        series.setdefault(r["industry"], []).append(
            {
                "week": r["snapshot__week_start"].isoformat(),
                "share": float(percent(r["done"], r["cap"]) or 0),
                "capacity": r["cap"] or 0,
                "complete": r["done"] or 0,
            }
        )
    return series


def _findings(user: User, today: datetime.date) -> FindingFigures:
    since = timezone.now() - datetime.timedelta(days=30)
    f = access.visible_findings(user).aggregate(
        total=Count("id"),
        open=Count("id", filter=Q(status=FindingStatus.OPEN)),
        responded=Count("id", filter=Q(status=FindingStatus.RESPONDED)),
        closed=Count("id", filter=Q(status=FindingStatus.CLOSED)),
        overdue=Count("id", filter=~Q(status=FindingStatus.CLOSED) & Q(deadline__lt=today)),
        opened_30d=Count("id", filter=Q(created_at__gte=since)),
        closed_30d=Count("id", filter=Q(closed_at__gte=since)),
        order_to_correct=Count("id", filter=Q(order_to_correct=True)),
        fined=Count("id", filter=Q(fine_amount__gt=0)),
        fine_total=Sum("fine_amount"),
        restricted=Count("id", filter=Q(restrict_production=True)),
        stopped=Count("id", filter=Q(stop_production=True)),
        cases=Count("id", filter=Q(case_filed=True)),
    )
    i = access.visible_inspections(user).aggregate(
        n=Count("id", filter=Q(status=InspectionStatus.SUBMITTED)),
        recent=Count("id", filter=Q(status=InspectionStatus.SUBMITTED, started_at__gte=since)),
    )
    f["fine_total"] = f["fine_total"] or Decimal(0)
    return FindingFigures(**f, inspections=i["n"], inspections_30d=i["recent"])


def _funds(user: User) -> FundFigures:
    r = access.visible_projects(user).aggregate(
        budget=Sum("budget_wan"),
        invested=Sum("invested_wan"),
        requested=Sum("fund_requested_wan"),
        granted=Sum("fund_granted_wan"),
    )
    return FundFigures(**{k: v or Decimal(0) for k, v in r.items()})


def dashboard(*, user: User, worst: int = 15) -> Dashboard:
    today = timezone.localdate()
    rows = access.visible_snapshot_rows(user)
    snap = latest_snapshot()
    targets = _targets()
    years = sorted({t.year for t in targets})
    latest = rows.filter(snapshot=snap) if snap else rows.none()
    county_names = {c.pk: c.name for c in access.visible_counties(user)}
    by_industry: dict[str, Slice] = {}
    by_county: dict[int, Slice] = {}
    totals = Slice(key="all", label="")
    for r in (
        latest.values("industry", "county_id").annotate(**_slice_annotations(years)).order_by()
    ):
        ind = by_industry.setdefault(
            r["industry"], Slice(key=r["industry"], label=Industry(r["industry"]).label)
        )
        cty = by_county.setdefault(
            r["county_id"], Slice(key=r["county_id"], label=county_names.get(r["county_id"], ""))
        )
        for s in (ind, cty, totals):
            _add(s, r, years)
    order = list(Industry.values)
    worst_rows = list(
        latest.exclude(rating=Rating.GREEN)
        .select_related("enterprise", "county")
        .annotate(severity=SEVERITY)
        .order_by(*RANK_ORDER)[:worst]
    )
    return Dashboard(
        snapshot=snap,
        live_as_of=timezone.localtime(),
        target_years=years,
        targets=targets,
        trend=trend(rows=rows),
        industries=sorted(by_industry.values(), key=lambda s: order.index(s.key)),
        counties=sorted(by_county.values(), key=lambda s: (-s.capacity, str(s.label))),
        worst=worst_rows,
        totals=totals,
        findings=_findings(user, today),
        funds=_funds(user),
        overview=enterprise_selectors.capacity_overview(user=user),
    )


def ranking(
    *,
    user: User,
    snapshot: WeeklySnapshot,
    rating: str | None = None,
    county: County | None = None,
    industry: str | None = None,
) -> QuerySet[EnterpriseWeek]:
    """Every enterprise of a snapshot in the user's scope, worst first."""
    qs = access.visible_snapshot_rows(user).filter(snapshot=snapshot)
    if rating:
        qs = qs.filter(rating=rating)
    if county is not None:
        qs = qs.filter(county=county)
    if industry:
        qs = qs.filter(industry=industry)
    return (
        qs.select_related("enterprise", "county").annotate(severity=SEVERITY).order_by(*RANK_ORDER)
    )


def snapshots() -> QuerySet[WeeklySnapshot]:
    return WeeklySnapshot.objects.order_by("-week_start")


STAGE_LABELS = dict(UleStage.choices)


# --- the bulletin (city-wide: it goes to the office and the city) ---------------------------


def bulletin_rows(*, snapshot: WeeklySnapshot) -> QuerySet[EnterpriseWeek]:
    return (
        snapshot.rows.select_related("enterprise", "county")
        .annotate(severity=SEVERITY)
        .order_by(*RANK_ORDER)
    )


def bulletin_late_nodes(*, as_of: datetime.date):
    from retrofits.models import MilestoneNode, ProjectStatus

    return (
        MilestoneNode.objects.filter(
            actual_date__isnull=True,
            planned_date__lt=as_of,
            project__status=ProjectStatus.UNDERWAY,
        )
        .select_related("project__enterprise__county")
        .order_by("planned_date", "id")
    )


def bulletin_open_findings(*, as_of: datetime.date):
    from inspections.models import Finding

    return (
        Finding.objects.exclude(status=FindingStatus.CLOSED)
        .select_related("enterprise__county")
        .order_by("deadline", "id")
    )


def all_trend() -> dict[str, list[dict]]:
    return trend(rows=EnterpriseWeek.objects.all())


def bulletins() -> QuerySet:
    from .models import Bulletin

    return Bulletin.objects.select_related("snapshot").order_by("-number")


def orders(*, user: User, open_only: bool = True) -> QuerySet:
    from .models import SupervisionOrder

    qs = access.visible_orders(user).select_related("enterprise__county", "issued_by")
    if open_only:
        qs = qs.exclude(status=SupervisionOrder.Status.CLOSED)
    return qs.order_by("status", "response_deadline", "id")


@dataclass
class RankingQuery:
    snapshot: WeeklySnapshot | None
    rows: QuerySet[EnterpriseWeek] | None
    counties: QuerySet[County]
    county: County | None
    rating: str
    industry: str


def ranking_from_params(*, user: User, params) -> RankingQuery:
    """The ranking page's rows for its query parameters (the page and its export share it);
    anything unreadable or outside the user's choices is ignored."""
    from core.params import parse_int

    snaps = snapshots()
    week_id = parse_int(params.get("week"))
    snapshot = (snaps.filter(pk=week_id).first() if week_id else None) or snaps.first()
    counties = access.visible_counties(user).order_by("code")
    county_id = parse_int(params.get("county"))
    county = counties.filter(pk=county_id).first() if county_id else None
    rating = params.get("rating") if params.get("rating") in Rating.values else ""
    industry = params.get("industry") if params.get("industry") in Industry.values else ""
    rows = (
        ranking(user=user, snapshot=snapshot, rating=rating, county=county, industry=industry)
        if snapshot
        else None
    )
    return RankingQuery(snapshot, rows, counties, county, rating, industry)


def map_points(*, user: User) -> list[dict]:
    """Every plant of the user's scope with coordinates, as rated in the latest snapshot, for
    the dashboard's map. Served apart from the page (``dashboards:map``): the one part of the
    dashboard that grows with the city (about 480 kB of JSON at 2,000 plants) is fetched by
    the map itself, so the page's figures do not wait for it."""
    snap = latest_snapshot()
    if snap is None:
        return []
    latest = access.visible_snapshot_rows(user).filter(snapshot=snap)
    # one reverse() for all plants, not one per plant
    marker = 987654321
    detail_url = reverse("enterprises:detail", args=[marker]).replace(str(marker), "{}")
    return [
        {
            "id": p["enterprise_id"],
            "url": detail_url.format(p["enterprise_id"]),
            "name": p["enterprise__name_zh"],
            "name_en": p["enterprise__name_en"],
            "value": [float(p["enterprise__longitude"]), float(p["enterprise__latitude"])],
            "rating": p["rating"],
            "stage": p["ule_stage"],
            "capacity": p["capacity_t"],
        }
        for p in latest.filter(
            enterprise__latitude__isnull=False, enterprise__longitude__isnull=False
        ).values(
            "enterprise_id",
            "enterprise__name_zh",
            "enterprise__name_en",
            "enterprise__latitude",
            "enterprise__longitude",
            "rating",
            "ule_stage",
            "capacity_t",
        )
    ]
