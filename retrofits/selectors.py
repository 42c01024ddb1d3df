"""Reads of the retrofits app, scoped to the user through the access package, with everything a
page renders fetched in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

import access
from accounts.models import User
from core.dates import safe_add_days
from core.sorting import choice_order
from core.subqueries import count_of, min_of
from enterprises.models import County, Enterprise

from .models import (
    DateChange,
    Evidence,
    FourTruthsAssessment,
    MilestoneNode,
    ProgressReport,
    ProjectStatus,
    RetrofitProject,
)


def _open(prefix: str = "nodes__") -> Q:
    return Q(**{f"{prefix}actual_date__isnull": True})


def project_list(
    *, user: User, today: datetime.date | None = None, ordering: Sequence[Any] | None = None
) -> QuerySet[RetrofitProject]:
    """Projects the user may see with node counts: done, missed (open and past the current
    planned date), delayed against the committed date, and the next planned date. The counts
    are correlated subqueries, computed for the rows of the page only (``core.subqueries``).
    ``ordering``: the list's chosen sort (core.sorting), else by county and enterprise."""
    today = today or timezone.localdate()
    nodes = MilestoneNode.objects.filter(project=OuterRef("pk"))
    open_nodes = nodes.filter(actual_date__isnull=True)
    return (
        access.visible_projects(user)
        .select_related("enterprise__county")
        .annotate(
            n_nodes=count_of(nodes),
            n_done=count_of(nodes.filter(actual_date__isnull=False)),
            n_missed=count_of(open_nodes.filter(planned_date__lt=today)),
            next_planned=min_of(open_nodes, "planned_date"),
            oldest_open_committed=min_of(open_nodes, "committed_date"),
            n_pending=count_of(
                DateChange.objects.filter(
                    node__project=OuterRef("pk"), status=DateChange.Status.PENDING
                )
            ),
        )
        .order_by(
            *(ordering or ("enterprise__county__code", "enterprise__name_zh", "category", "id"))
        )
    )


def enterprises_for_filter(*, user: User) -> QuerySet[Enterprise]:
    return access.visible_enterprises(user).order_by("name_zh")


def counties_for_filter(*, user: User) -> QuerySet[County]:
    return County.objects.filter(
        pk__in=access.visible_enterprises(user).values("county_id")
    ).order_by("code")


def enterprises_for_new_project(*, user: User) -> QuerySet[Enterprise]:
    """Visible enterprises the user may start a project for (``access.can_create_project``),
    as a queryset: the picker searches it, the view checks a chosen one against it."""
    return (
        access.project_creatable_enterprises(user)
        .filter(pk__in=access.visible_enterprises(user).values("pk"))
        .select_related("county")
        .order_by("name_zh")
    )


def _change_qs() -> QuerySet[DateChange]:
    return DateChange.objects.select_related("requested_by", "decided_by").prefetch_related(
        "evidence"
    )


def project_detail(*, project: RetrofitProject) -> RetrofitProject:
    """The project with its nodes (each with date changes and evidence), reports, units and
    points, in a fixed number of queries."""
    return (
        RetrofitProject.objects.select_related("enterprise__county", "plan_approved_by")
        .prefetch_related(
            Prefetch(
                "nodes",
                queryset=MilestoneNode.objects.order_by("order").prefetch_related(
                    Prefetch("date_changes", queryset=_change_qs()), "evidence"
                ),
            ),
            Prefetch(
                "reports",
                queryset=ProgressReport.objects.select_related(
                    "submitted_by", "reviewed_by"
                ).order_by("-period"),
            ),
            "units",
            "emission_points",
        )
        .get(pk=project.pk)
    )


def node_detail(*, node: MilestoneNode) -> MilestoneNode:
    return (
        MilestoneNode.objects.select_related("project__enterprise__county", "completed_by")
        .prefetch_related(Prefetch("date_changes", queryset=_change_qs()), "evidence")
        .get(pk=node.pk)
    )


def report_detail(*, report: ProgressReport) -> ProgressReport:
    return (
        ProgressReport.objects.select_related(
            "project__enterprise__county", "submitted_by", "reviewed_by"
        )
        .prefetch_related("evidence")
        .get(pk=report.pk)
    )


def postponements(*, user: User, pending_only: bool = True) -> QuerySet[DateChange]:
    qs = DateChange.objects.filter(
        access.enterprise_scope_q(user, "node__project__enterprise"),
        kind=DateChange.Kind.POSTPONEMENT,
    ).select_related("node__project__enterprise__county", "requested_by", "decided_by")
    if pending_only:
        qs = qs.filter(status=DateChange.Status.PENDING)
    return qs.order_by("requested_at", "id")


def reports(
    *, user: User, status: str | None = None, ordering: Sequence[Any] | None = None
) -> QuerySet[ProgressReport]:
    """``ordering``: the list's chosen sort (core.sorting); by default those awaiting review
    first, then returned, then accepted, newest first."""
    qs = ProgressReport.objects.filter(
        access.enterprise_scope_q(user, "project__enterprise")
    ).select_related("project__enterprise__county", "submitted_by", "reviewed_by")
    if status:
        qs = qs.filter(status=status)
    order = ProgressReport.Status
    pending_first = choice_order("status", [order.SUBMITTED, order.RETURNED, order.ACCEPTED])
    return qs.order_by(*(ordering or (pending_first, "-submitted_at", "-id")))


def late_nodes(
    *, user: User, today: datetime.date | None = None, enterprise_id: int | None = None
) -> QuerySet[MilestoneNode]:
    """Open nodes of approved plans whose current planned date has passed, most overdue first."""
    today = today or timezone.localdate()
    qs = MilestoneNode.objects.filter(
        access.enterprise_scope_q(user, "project__enterprise"),
        actual_date__isnull=True,
        planned_date__lt=today,
        project__status=ProjectStatus.UNDERWAY,
    )
    if enterprise_id is not None:
        qs = qs.filter(project__enterprise_id=enterprise_id)
    return qs.select_related("project__enterprise__county").order_by("planned_date", "id")


def due_nodes(
    *,
    user: User,
    enterprise_id: int,
    today: datetime.date | None = None,
    within_days: int = 30,
) -> QuerySet[MilestoneNode]:
    """Open nodes of an enterprise due within ``within_days`` (not yet missed)."""
    today = today or timezone.localdate()
    return (
        MilestoneNode.objects.filter(
            access.enterprise_scope_q(user, "project__enterprise"),
            project__enterprise_id=enterprise_id,
            actual_date__isnull=True,
            planned_date__gte=today,
            planned_date__lte=today + datetime.timedelta(days=within_days),
            project__status__in=[ProjectStatus.UNDERWAY, ProjectStatus.PLANNING],
        )
        .select_related("project")
        .order_by("planned_date", "id")
    )


@dataclass
class EnterpriseSummary:
    projects: int
    nodes: int
    done: int
    missed: int
    pending: int


def enterprise_summary(
    *, enterprise_id: int, today: datetime.date | None = None
) -> EnterpriseSummary:
    """One aggregate query for the panel on the enterprise page."""
    today = today or timezone.localdate()
    row = RetrofitProject.objects.filter(enterprise_id=enterprise_id).aggregate(
        n_projects=Count("id", distinct=True),
        n_nodes=Count("nodes", distinct=True),
        n_done=Count("nodes", filter=Q(nodes__actual_date__isnull=False), distinct=True),
        n_missed=Count(
            "nodes",
            filter=_open() & Q(nodes__planned_date__lt=today, status=ProjectStatus.UNDERWAY),
            distinct=True,
        ),
        n_pending=Count(
            "nodes__date_changes",
            filter=Q(nodes__date_changes__status=DateChange.Status.PENDING),
            distinct=True,
        ),
    )
    return EnterpriseSummary(**{k.removeprefix("n_"): v for k, v in row.items()})


def assessments_for(*, enterprise: Enterprise) -> QuerySet[FourTruthsAssessment]:
    return (
        FourTruthsAssessment.objects.filter(enterprise=enterprise)
        .select_related("assessed_by")
        .order_by("period")
    )


def evidence_for_download(*, evidence: Evidence) -> Evidence:
    return evidence


# ---------------------------------------------------------------------------------------------
# The timeline chart (inline SVG drawn on the server; the table below it carries the same data)


@dataclass
class TimelineRow:
    node: MilestoneNode
    y: int
    committed_x: float | None
    planned_x: float
    actual_x: float | None
    state: str


@dataclass
class Timeline:
    rows: list[TimelineRow]
    ticks: list[tuple[float, str]]
    today_x: float | None
    width: int
    height: int
    left: int

    @property
    def plot_width(self) -> int:
        """Width of the dated part, right of the node names (drawn as its own picture)."""
        return self.width - self.left


def timeline(
    nodes: list[MilestoneNode], *, today: datetime.date | None = None, width: int = 900
) -> Timeline | None:
    today = today or timezone.localdate()
    dates = [
        d for n in nodes for d in (n.committed_date, n.planned_date, n.actual_date) if d is not None
    ]
    if not dates:
        return None
    # whatever is stored renders: no arithmetic may overflow, and ticks stay few
    start = safe_add_days(min(*dates, today), -10)
    end = safe_add_days(max(*dates, today), 10)
    span = max((end - start).days, 1)
    left, right, top, row_h = 190, 20, 30, 26
    plot = width - left - right

    def x(d: datetime.date | None) -> float | None:
        return None if d is None else round(left + plot * (d - start).days / span, 1)

    rows = [
        TimelineRow(
            node=n,
            y=top + i * row_h + row_h // 2,
            committed_x=x(n.committed_date),
            planned_x=x(n.planned_date),
            actual_x=x(n.actual_date),
            state=n.state(today),
        )
        for i, n in enumerate(nodes)
    ]
    ticks = []
    month = datetime.date(start.year, start.month, 1)
    step = 1 if span <= 400 else 2 if span <= 800 else max(3, -(-span // 400))
    while month <= end:
        if month >= start:
            ticks.append((x(month), month.strftime("%Y-%m")))
        m = month.month - 1 + step
        if month.year + m // 12 > datetime.MAXYEAR:
            break
        month = datetime.date(month.year + m // 12, m % 12 + 1, 1)
    return Timeline(
        rows=rows,
        ticks=ticks,
        today_x=x(today),
        width=width,
        height=top + len(nodes) * row_h + 10,
        left=left,
    )
