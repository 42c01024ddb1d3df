"""Reads of the enterprise registry, scoped to the user (see the access package)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet, Sum
from django.utils import timezone

import access
from accounts.models import AuditEntry, User

from .models import (
    ULE_COMPLETE_STAGES,
    County,
    EmissionLimit,
    EmissionPoint,
    Enterprise,
    Industry,
    LegalForce,
    LimitRule,
    Pollutant,
    SourceKind,
    Target,
    UleStage,
)


def enterprise_list(*, user: User, ordering: Sequence[Any] | None = None) -> QuerySet[Enterprise]:
    """``ordering``: the list's chosen sort (core.sorting), else by county and name."""
    return (
        access.visible_enterprises(user)
        .select_related("county")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by(*(ordering or ("county__code", "name_zh")))
    )


def counties_for(*, user: User) -> QuerySet[County]:
    qs = County.objects.all()
    if access.is_county_staff(user):
        qs = qs.filter(pk=user.county_id)
    elif access.is_contact(user):
        qs = qs.filter(enterprises__pk=user.enterprise_id)
    return qs.order_by("code")


def enterprise_detail(*, enterprise: Enterprise, with_audit: bool) -> Enterprise:
    """Everything the detail page renders, in a fixed number of queries."""
    qs = Enterprise.objects.select_related("county").prefetch_related(
        "units",
        Prefetch(
            "emission_points",
            queryset=EmissionPoint.objects.select_related("unit").order_by("name"),
        ),
        "contacts",
    )
    if with_audit:
        qs = qs.prefetch_related(
            Prefetch(
                "audit_entries",
                queryset=AuditEntry.objects.select_related("actor", "content_type").order_by(
                    "-at", "-id"
                ),
                to_attr="recent_audit",
            )
        )
    return qs.get(pk=enterprise.pk)


@dataclass
class ApplicableLimit:
    """One pollutant of one kind of point: the ULE value and the baseline (the stricter of the
    standard and permit rows in force) side by side, and every row behind them."""

    pollutant: str
    pollutant_label: str
    ule: EmissionLimit | None
    baseline: EmissionLimit | None
    all: list[EmissionLimit] = field(default_factory=list)

    @property
    def strictest(self) -> EmissionLimit:
        """The value a point is held to: ULE where there is one, else the baseline."""
        return self.ule or self.baseline  # type: ignore[return-value]

    @property
    def differs(self) -> bool:
        return len({lim.value for lim in self.all}) > 1


POLLUTANT_ORDER = list(Pollutant.values)
# Which industry's limit rows a plant follows: grinding plants take the cement rows, semi-coke
# plants the coking rows (GB 4915 and GB 16171 cover them).
LIMIT_INDUSTRY = {
    Industry.CEMENT_GRINDING: Industry.CEMENT_CLINKER,
    Industry.SEMI_COKE: Industry.COKING,
}


def limit_industry(industry: str) -> str:
    return LIMIT_INDUSTRY.get(industry, industry)


def applicable_jurisdictions() -> list[str]:
    """National limits always apply; the province's own where the portal is deployed."""
    return ["national", settings.PORTAL_PROVINCE]


def _stricter(rows: list[EmissionLimit]) -> EmissionLimit | None:
    return min(rows, key=lambda lim: (lim.value, not lim.confirmed)) if rows else None


def applicable_limits_by_kind(
    *, on: date | None = None
) -> dict[tuple[str, str], list[ApplicableLimit]]:
    """Per (industry, source kind), the limits in force on ``on`` (today by default) that apply
    here, with the stricter ULE value and the stricter baseline computed across jurisdictions
    (one query for the whole table)."""
    day = on or timezone.localdate()
    grouped: dict[tuple[str, str], dict[str, list[EmissionLimit]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for lim in EmissionLimit.objects.filter(jurisdiction__in=applicable_jurisdictions()):
        if lim.in_force_on(day):
            grouped[(lim.industry, lim.source_kind)][lim.pollutant].append(lim)
    result: dict[tuple[str, str], list[ApplicableLimit]] = {}
    for key, by_pollutant in grouped.items():
        rows = []
        for pollutant, limits in by_pollutant.items():
            ule = _stricter([lim for lim in limits if not lim.is_binding])
            baseline = _stricter([lim for lim in limits if lim.is_binding])
            rows.append(
                ApplicableLimit(
                    pollutant=pollutant,
                    pollutant_label=limits[0].get_pollutant_display(),
                    ule=ule,
                    baseline=baseline,
                    all=sorted(limits, key=lambda lim: (lim.legal_force, lim.jurisdiction)),
                )
            )
        result[key] = sorted(rows, key=lambda r: POLLUTANT_ORDER.index(r.pollutant))
    return result


def limits_for_point(
    table: dict[tuple[str, str], list[ApplicableLimit]], *, industry: str, kind: str
) -> list[ApplicableLimit]:
    return table.get((limit_industry(industry), kind), [])


@dataclass
class LimitTableRow:
    industry: str
    kind: str
    industry_label: str
    kind_label: str
    limit: ApplicableLimit


def emission_limit_table() -> list[EmissionLimit]:
    """Every limit row, by industry, then source kind (the order of SourceKind), pollutant,
    legal force and jurisdiction: one query."""
    kinds, pollutants = list(SourceKind.values), POLLUTANT_ORDER
    industries, forces = list(Industry.values), list(LegalForce.values)
    return sorted(
        EmissionLimit.objects.all(),
        key=lambda lim: (
            industries.index(lim.industry),
            kinds.index(lim.source_kind),
            pollutants.index(lim.pollutant),
            forces.index(lim.legal_force),
            lim.jurisdiction,
            lim.code,
        ),
    )


def side_by_side_limits(*, on: date | None = None) -> list[LimitTableRow]:
    """The limits page's summary: per industry, kind and pollutant, ULE and baseline side by
    side (one query)."""
    table = applicable_limits_by_kind(on=on)
    kinds, industries = list(SourceKind.values), list(Industry.values)
    rows = []
    for (industry, kind), limits in sorted(
        table.items(), key=lambda kv: (industries.index(kv[0][0]), kinds.index(kv[0][1]))
    ):
        for lim in limits:
            rows.append(
                LimitTableRow(
                    industry=industry,
                    kind=kind,
                    industry_label=Industry(industry).label,
                    kind_label=SourceKind(kind).label,
                    limit=lim,
                )
            )
    return rows


def limit_rules() -> QuerySet[LimitRule]:
    return LimitRule.objects.all()


@dataclass
class IndustryProgress:
    industry: str
    label: str
    enterprises: int
    capacity: int
    complete_capacity: int
    by_stage: dict[str, int]
    # Units with ULE complete in plants not listed as a whole: shown apart, never counted.
    partial_capacity: int
    target_percent: Decimal | None
    target_year: int | None
    target_source: str

    @property
    def complete_percent(self) -> Decimal:
        if not self.capacity:
            return Decimal("0")
        return (Decimal(self.complete_capacity) * 100 / Decimal(self.capacity)).quantize(
            Decimal("0.1")
        )

    @property
    def gap_capacity(self) -> int:
        """Capacity still to complete to reach the target (0 when reached)."""
        if self.target_percent is None:
            return 0
        needed = Decimal(self.capacity) * self.target_percent / 100
        return max(0, int((needed - self.complete_capacity).to_integral_value()))

    @property
    def stages(self) -> list[tuple[str, int]]:
        """(stage label, capacity) for the stages that hold any capacity, in stage order."""
        return [(UleStage(s).label, cap) for s, cap in self.by_stage.items() if cap]

    @property
    def on_track(self) -> bool:
        return self.target_percent is not None and self.complete_percent >= self.target_percent


def capacity_overview(*, user: User, target_year: int = 2025) -> list[IndustryProgress]:
    """Enterprises and capacity by industry and ULE stage against the city's targets
    (two queries whatever the number of enterprises)."""
    rows = (
        access.visible_enterprises(user)
        .values("industry", "ule_stage")
        .annotate(
            n=Count("id"),
            capacity=Sum("annual_capacity_t"),
            partial=Sum("ule_partial_capacity_t"),
        )
        .order_by()
    )
    targets = {
        t.industry: t for t in Target.objects.filter(scope=Target.Scope.CITY, year=target_year)
    }
    by_industry: dict[str, IndustryProgress] = {}
    for row in rows:
        ind = row["industry"]
        prog = by_industry.get(ind)
        if prog is None:
            target = targets.get(ind)
            prog = by_industry[ind] = IndustryProgress(
                industry=ind,
                label=Industry(ind).label,
                enterprises=0,
                capacity=0,
                complete_capacity=0,
                by_stage=dict.fromkeys(UleStage.values, 0),
                partial_capacity=0,
                target_percent=target.share_percent if target else None,
                target_year=target.year if target else None,
                target_source=target.source_document if target else "",
            )
        cap = row["capacity"] or 0
        prog.enterprises += row["n"]
        prog.capacity += cap
        prog.by_stage[row["ule_stage"]] += cap
        prog.partial_capacity += row["partial"] or 0
        if row["ule_stage"] in ULE_COMPLETE_STAGES:
            prog.complete_capacity += cap
    order = list(Industry.values)
    return sorted(by_industry.values(), key=lambda p: order.index(p.industry))
