"""Reads of the enterprise registry, scoped to the user (see the access package)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet, Sum

import access
from accounts.models import AuditEntry, User

from .models import (
    ULE_COMPLETE_STAGES,
    County,
    EmissionLimit,
    EmissionPoint,
    Enterprise,
    Industry,
    Pollutant,
    SourceKind,
    Target,
    UleStage,
)


def enterprise_list(*, user: User) -> QuerySet[Enterprise]:
    return (
        access.visible_enterprises(user)
        .select_related("county")
        .annotate(unit_count=Count("units", distinct=True))
        .order_by("county__code", "name_zh")
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
    pollutant: str
    pollutant_label: str
    strictest: EmissionLimit
    all: list[EmissionLimit] = field(default_factory=list)

    @property
    def differs(self) -> bool:
        return len({lim.value for lim in self.all}) > 1


POLLUTANT_ORDER = list(Pollutant.values)


def applicable_jurisdictions() -> list[str]:
    """National limits always apply; the province's own where the portal is deployed."""
    return ["national", settings.PORTAL_PROVINCE]


def applicable_limits_by_kind() -> dict[str, list[ApplicableLimit]]:
    """Per source kind, the limits that apply, the stricter value computed across
    jurisdictions (one query for the whole table)."""
    grouped: dict[str, dict[str, list[EmissionLimit]]] = defaultdict(lambda: defaultdict(list))
    for lim in EmissionLimit.objects.filter(jurisdiction__in=applicable_jurisdictions()):
        grouped[lim.source_kind][lim.pollutant].append(lim)
    result: dict[str, list[ApplicableLimit]] = {}
    for kind, by_pollutant in grouped.items():
        rows = []
        for pollutant, limits in by_pollutant.items():
            strictest = min(limits, key=lambda lim: (lim.value, not lim.confirmed))
            rows.append(
                ApplicableLimit(
                    pollutant=pollutant,
                    pollutant_label=strictest.get_pollutant_display(),
                    strictest=strictest,
                    all=sorted(limits, key=lambda lim: lim.jurisdiction),
                )
            )
        result[kind] = sorted(rows, key=lambda r: POLLUTANT_ORDER.index(r.pollutant))
    return result


def emission_limit_table() -> list[EmissionLimit]:
    """Every limit, cement sources first then coking ones (the order of SourceKind), then
    pollutant and jurisdiction: one query."""
    kinds, pollutants = list(SourceKind.values), POLLUTANT_ORDER
    return sorted(
        EmissionLimit.objects.all(),
        key=lambda lim: (
            kinds.index(lim.source_kind),
            pollutants.index(lim.pollutant),
            lim.jurisdiction,
        ),
    )


@dataclass
class IndustryProgress:
    industry: str
    label: str
    enterprises: int
    capacity: int
    complete_capacity: int
    by_stage: dict[str, int]
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
        .annotate(n=Count("id"), capacity=Sum("annual_capacity_t"))
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
                target_percent=target.share_percent if target else None,
                target_year=target.year if target else None,
                target_source=target.source_document if target else "",
            )
        cap = row["capacity"] or 0
        prog.enterprises += row["n"]
        prog.capacity += cap
        prog.by_stage[row["ule_stage"]] += cap
        if row["ule_stage"] in ULE_COMPLETE_STAGES:
            prog.complete_capacity += cap
    order = list(Industry.values)
    return sorted(by_industry.values(), key=lambda p: order.index(p.industry))
