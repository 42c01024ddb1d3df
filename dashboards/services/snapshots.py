"""Taking the weekly snapshot: one row per enterprise with its figures and rating.

Figures come from a fixed number of grouped queries whatever the number of enterprises
(enterprises, nodes, projects, findings; the monitoring rollups of the last complete month, one
per industry; the clean-transport figures of the year to date, three), then one bulk insert."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max, Min, Q, Sum
from django.utils import timezone

from enterprises.models import ULE_COMPLETE_STAGES, Enterprise, Target, UleStage
from inspections.models import Finding, FindingStatus
from monitoring.selectors import compliance_counts
from retrofits.models import MilestoneNode, ProjectStatus, RetrofitProject
from transport.shares import shares

from ..models import EnterpriseWeek, WeeklySnapshot
from ..rating import Facts, rate

ZERO = Decimal("0")


@dataclass(frozen=True)
class _Ent:
    """What ``transport.shares`` needs of an enterprise."""

    pk: int
    industry: str
    key_region: bool


def _one_decimal(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.1"))


def monday_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def next_target_year(today: datetime.date) -> int | None:
    """The nearest target year not yet over (from the targets data), or None."""
    return (
        Target.objects.filter(year__gte=today.year)
        .order_by("year")
        .values_list("year", flat=True)
        .first()
    )


def enterprise_weeks(
    *,
    today: datetime.date,
    enterprise_ids: Iterable[int] | None = None,
    stage_of: Callable[[dict], str] | None = None,
    target_year: int | None = None,
) -> list[EnterpriseWeek]:
    """Unsaved rows for every enterprise (or those given) as of ``today``: a node counts as
    done when its actual date is on or before ``today``. ``stage_of`` overrides the stage
    (the demo reconstructs past weeks); otherwise ``Enterprise.ule_stage`` is read."""
    ents = Enterprise.objects.all()
    if enterprise_ids is not None:
        enterprise_ids = list(enterprise_ids)
        ents = ents.filter(pk__in=enterprise_ids)
    live = ~Q(project__status=ProjectStatus.SUSPENDED)
    done = Q(actual_date__lte=today)
    open_ = Q(actual_date__isnull=True) | Q(actual_date__gt=today)
    week_ahead = today + datetime.timedelta(days=7)
    nodes = {
        r["project__enterprise_id"]: r
        for r in MilestoneNode.objects.filter(live)
        .values("project__enterprise_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=done),
            due=Count(
                "id", filter=open_ & Q(planned_date__gte=today, planned_date__lte=week_ahead)
            ),
            missed=Count("id", filter=open_ & Q(planned_date__lt=today)),
            oldest_missed=Min("planned_date", filter=open_ & Q(planned_date__lt=today)),
            delayed=Count(
                "id",
                filter=(done & Q(actual_date__gt=F("committed_date")))
                | (open_ & Q(committed_date__lt=today)),
            ),
            finish=Max("committed_date"),
        )
        .order_by()
    }
    projects = {
        r["enterprise_id"]: r
        for r in RetrofitProject.objects.exclude(status=ProjectStatus.SUSPENDED)
        .values("enterprise_id")
        .annotate(
            budget=Sum("budget_wan"), invested=Sum("invested_wan"), granted=Sum("fund_granted_wan")
        )
        .order_by()
    }
    created = Q(created_at__date__lte=today)
    # open on ``today``: not closed by then (a closed finding always has its closing time)
    still_open = (Q(closed_at__isnull=True) & ~Q(status=FindingStatus.CLOSED)) | Q(
        closed_at__date__gt=today
    )
    findings = {
        r["enterprise_id"]: r
        for r in Finding.objects.filter(created)
        .values("enterprise_id")
        .annotate(
            open=Count("id", filter=still_open),
            overdue=Count("id", filter=still_open & Q(deadline__lt=today)),
        )
        .order_by()
    }
    this_month = today.replace(day=1)
    last_month = this_month - datetime.timedelta(days=1)
    cems_month = last_month.replace(day=1)
    cems = compliance_counts(month=cems_month, enterprise_ids=enterprise_ids)
    ent_rows = list(
        ents.values("id", "county_id", "industry", "annual_capacity_t", "ule_stage", "key_region")
    )
    transport = {
        eid: periods[-1]
        for eid, periods in shares(
            [_Ent(e["id"], e["industry"], e["key_region"]) for e in ent_rows],
            last_month.year,
            before=this_month,
        ).items()
    }
    rows = []
    for e in ent_rows:
        n = nodes.get(e["id"], {})
        p = projects.get(e["id"], {})
        f = findings.get(e["id"], {})
        stage = stage_of(e) if stage_of else e["ule_stage"]
        complete = stage in ULE_COMPLETE_STAGES
        total = n.get("total", 0)
        oldest = n.get("oldest_missed")
        facts = Facts(
            ule_complete=complete,
            has_nodes=bool(total),
            nodes_missed=n.get("missed", 0),
            nodes_delayed=n.get("delayed", 0),
            longest_missed_days=(today - oldest).days if oldest else 0,
            findings_open=f.get("open", 0),
            findings_overdue=f.get("overdue", 0),
            committed_finish=n.get("finish"),
            target_year=target_year,
            removed=stage == UleStage.REMOVED,
            cems_series_below=c[0] - c[1] if (c := cems.get(e["id"])) else 0,
            cems_hours_over=c[2] if c else 0,
            transport_rules_missed=len(ytd.failed) if (ytd := transport.get(e["id"])) else 0,
            transport_year=last_month.year,
        )
        rating, reasons = rate(facts)
        rows.append(
            EnterpriseWeek(
                enterprise_id=e["id"],
                county_id=e["county_id"],
                industry=e["industry"],
                capacity_t=e["annual_capacity_t"],
                ule_stage=stage,
                ule_complete=complete,
                nodes_total=total,
                nodes_done=n.get("done", 0),
                nodes_due=n.get("due", 0),
                nodes_missed=facts.nodes_missed,
                nodes_delayed=facts.nodes_delayed,
                longest_missed_days=facts.longest_missed_days,
                percent_complete=round(100 * n.get("done", 0) / total) if total else 0,
                committed_finish=facts.committed_finish,
                budget_wan=p.get("budget") or ZERO,
                invested_wan=p.get("invested") or ZERO,
                fund_granted_wan=p.get("granted") or ZERO,
                findings_open=facts.findings_open,
                findings_overdue=facts.findings_overdue,
                cems_month=cems_month if c else None,
                cems_series=c[0] if c else 0,
                cems_series_meeting=c[1] if c else 0,
                cems_hours_over_baseline=facts.cems_hours_over,
                clean_share_pct=_one_decimal(ytd.figures.clean_share) if ytd else None,
                transport_rules_missed=facts.transport_rules_missed,
                rating=rating,
                reasons=reasons,
            )
        )
    return rows


def snapshot_take(
    *, week_start: datetime.date | None = None, illustrative: bool = False
) -> tuple[WeeklySnapshot, bool]:
    """The snapshot of the week starting ``week_start`` (this week's Monday by default),
    taken now if it does not exist yet: ``(snapshot, created)``. Running it again the same
    week returns the stored one unchanged, so a beat task retried or run twice is harmless."""
    week_start = monday_of(week_start or timezone.localdate())
    existing = WeeklySnapshot.objects.filter(week_start=week_start).first()
    if existing is not None:
        return existing, False
    today = timezone.localdate()
    as_of = max(week_start, min(today, week_start + datetime.timedelta(days=6)))
    try:
        with transaction.atomic():
            snap = WeeklySnapshot.objects.create(
                week_start=week_start, taken_at=timezone.now(), is_illustrative=illustrative
            )
            rows = enterprise_weeks(today=as_of, target_year=next_target_year(as_of))
            for row in rows:
                row.snapshot = snap
            EnterpriseWeek.objects.bulk_create(rows, batch_size=1000)
            WeeklySnapshot.objects.filter(pk=snap.pk).update(enterprises=len(rows))
            snap.enterprises = len(rows)
    except IntegrityError:
        # another worker took the same week at the same moment: theirs stands
        return WeeklySnapshot.objects.get(week_start=week_start), False
    return snap, True
