"""What each list of the portal exports: the list's own filtered queryset (the same selector
and filter the page uses, with the same query parameters), and its columns.

``build(name, user=, params=)`` returns a ``Table``; the rows are exactly the rows the list
shows the user with those filters, on every page, within the user's access."""

from __future__ import annotations

from collections.abc import Callable

from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

import access
from accounts.models import User
from core.params import parse_int
from enterprises import selectors as enterprise_selectors
from enterprises.filters import SORTS as ENTERPRISE_SORTS
from enterprises.filters import EnterpriseFilter
from inspections import selectors as inspection_selectors
from inspections.filters import DRAW_SORTS, INSPECTION_SORTS, InspectionFilter
from notifications import selectors as notification_selectors
from retrofits import selectors as retrofit_selectors
from retrofits.filters import PROJECT_SORTS, REPORT_SORTS, ProjectFilter
from retrofits.models import MilestoneNode, ProgressReport

from .tabular import Column, Table

Builder = Callable[[User, QueryDict], Table]
BUILDERS: dict[str, Builder] = {}


def exporter(name: str) -> Callable[[Builder], Builder]:
    def register(fn: Builder) -> Builder:
        BUILDERS[name] = fn
        return fn

    return register


def build(name: str, *, user: User, params: QueryDict) -> Table:
    builder = BUILDERS.get(name)
    if builder is None:
        raise Http404
    if not access.can_export(user, name):
        raise PermissionDenied
    return builder(user, params)


def _name(obj) -> str:
    return obj.name if obj is not None else ""


# --- enterprises ----------------------------------------------------------------------------


def enterprise_queryset(user: User, params: QueryDict):
    return EnterpriseFilter(
        params or None,
        queryset=enterprise_selectors.enterprise_list(
            user=user, ordering=ENTERPRISE_SORTS.ordering(params)
        ),
        counties=enterprise_selectors.counties_for(user=user),
    ).qs


@exporter("enterprises")
def enterprises(user: User, params: QueryDict) -> Table:
    return Table(
        "enterprises",
        _("Enterprises"),
        [
            Column(_("Name"), lambda e: e.name_zh, 36),
            Column(_("Name (English)"), lambda e: e.name_en, 36),
            Column(_("Unified social credit code"), lambda e: e.credit_code, 22),
            Column(_("Industry"), lambda e: e.get_industry_display()),
            Column(_("County"), lambda e: _name(e.county)),
            Column(_("Annual capacity (t/a)"), lambda e: e.annual_capacity_t),
            Column(_("ULE stage"), lambda e: e.get_ule_stage_display(), 22),
            Column(_("Production units"), lambda e: e.unit_count),
            Column(_("Address"), lambda e: e.address, 30),
            Column(_("Latitude"), lambda e: e.latitude),
            Column(_("Longitude"), lambda e: e.longitude),
            Column(_("Illustrative demo data"), lambda e: e.is_illustrative),
        ],
        enterprise_queryset(user, params),
    )


# --- retrofit projects and their nodes ------------------------------------------------------


def project_queryset(user: User, params: QueryDict):
    return ProjectFilter(
        params or None,
        queryset=retrofit_selectors.project_list(
            user=user, ordering=PROJECT_SORTS.ordering(params)
        ),
        enterprises=retrofit_selectors.enterprises_for_filter(user=user),
        counties=retrofit_selectors.counties_for_filter(user=user),
    ).qs


@exporter("projects")
def projects(user: User, params: QueryDict) -> Table:
    return Table(
        "projects",
        _("Retrofit projects"),
        [
            Column(_("Enterprise"), lambda p: _name(p.enterprise), 36),
            Column(_("County"), lambda p: _name(p.enterprise.county)),
            Column(_("Project name"), lambda p: p.name, 36),
            Column(_("Category"), lambda p: p.get_category_display()),
            Column(_("Status"), lambda p: p.get_status_display(), 20),
            Column(_("Nodes"), lambda p: p.n_nodes),
            Column(_("Nodes done"), lambda p: p.n_done),
            Column(_("Nodes missed"), lambda p: p.n_missed),
            Column(_("Next planned date"), lambda p: p.next_planned),
            Column(_("Budget (10,000 yuan)"), lambda p: p.budget_wan),
            Column(_("Invested (10,000 yuan)"), lambda p: p.invested_wan),
            Column(_("Central fund"), lambda p: p.get_fund_status_display()),
            Column(_("Fund granted (10,000 yuan)"), lambda p: p.fund_granted_wan),
            Column(_("Responsible person"), lambda p: p.responsible_person),
            Column(_("Plan approved"), lambda p: p.plan_approved_at),
        ],
        project_queryset(user, params),
    )


@exporter("nodes")
def nodes(user: User, params: QueryDict) -> Table:
    """The milestone nodes of the projects the project list shows with these filters."""
    qs = (
        MilestoneNode.objects.filter(project__in=project_queryset(user, params).values("pk"))
        .select_related("project__enterprise__county")
        .order_by(
            "project__enterprise__county__code",
            "project__enterprise__name_zh",
            "project_id",
            "order",
        )
    )
    return Table(
        "nodes",
        _("Milestone nodes"),
        [
            Column(_("Enterprise"), lambda n: _name(n.project.enterprise), 36),
            Column(_("County"), lambda n: _name(n.project.enterprise.county)),
            Column(_("Project name"), lambda n: n.project.name, 30),
            Column(_("Node"), lambda n: n.name, 24),
            Column(_("Committed date"), lambda n: n.committed_date),
            Column(_("Current planned date"), lambda n: n.planned_date),
            Column(_("Actual date"), lambda n: n.actual_date),
            Column(_("Days late against the committed date"), lambda n: n.delay_days()),
        ],
        qs,
    )


# --- progress reports -----------------------------------------------------------------------


@exporter("reports")
def reports(user: User, params: QueryDict) -> Table:
    status = params.get("status") or ""
    if status not in ProgressReport.Status.values:
        status = ""
    return Table(
        "reports",
        _("Progress reports"),
        [
            Column(_("Enterprise"), lambda r: _name(r.project.enterprise), 36),
            Column(_("Project name"), lambda r: r.project.name, 30),
            Column(_("Month"), lambda r: r.period),
            Column(_("Percent complete"), lambda r: r.percent_complete),
            Column(_("Funds invested (10,000 yuan)"), lambda r: r.funds_invested_wan),
            Column(_("Status"), lambda r: r.get_status_display(), 18),
            Column(_("Submitted"), lambda r: r.submitted_at),
            Column(_("Submitted by"), lambda r: str(r.submitted_by or "")),
            Column(_("Reviewed by"), lambda r: str(r.reviewed_by or "")),
        ],
        retrofit_selectors.reports(
            user=user, status=status or None, ordering=REPORT_SORTS.ordering(params)
        ),
    )


# --- inspections, findings, draws -----------------------------------------------------------


@exporter("inspections")
def inspections(user: User, params: QueryDict) -> Table:
    qs = InspectionFilter(
        params or None,
        queryset=inspection_selectors.inspection_list(
            user=user, ordering=INSPECTION_SORTS.ordering(params)
        ),
        enterprises=inspection_selectors.enterprises_for_filter(user=user),
        counties=inspection_selectors.counties_for(user=user),
    ).qs
    return Table(
        "inspections",
        _("Inspections"),
        [
            Column(_("Date and time"), lambda i: i.started_at, 18),
            Column(_("Enterprise"), lambda i: _name(i.enterprise), 36),
            Column(_("County"), lambda i: _name(i.enterprise.county)),
            Column(_("Origin"), lambda i: i.get_origin_display(), 20),
            Column(_("Status"), lambda i: i.get_status_display()),
            Column(_("Inspectors"), lambda i: "、".join(str(u) for u in i.inspectors.all()), 24),
            Column(_("Items not compliant"), lambda i: i.non_compliant),
            Column(_("Findings"), lambda i: i.finding_count),
        ],
        qs,
    )


@exporter("findings")
def findings(user: User, params: QueryDict) -> Table:
    qs = (
        access.visible_findings(user)
        .select_related("enterprise__county", "legal_basis")
        .order_by("-created_at", "-id")
    )
    return Table(
        "findings",
        _("Findings"),
        [
            Column(_("Recorded"), lambda f: f.created_at, 18),
            Column(_("Enterprise"), lambda f: _name(f.enterprise), 36),
            Column(_("County"), lambda f: _name(f.enterprise.county)),
            Column(_("Category"), lambda f: f.get_category_display()),
            Column(_("Severity"), lambda f: f.get_severity_display()),
            Column(_("Description"), lambda f: f.description, 40),
            Column(_("Legal basis"), lambda f: str(f.legal_basis or ""), 24),
            Column(_("Rectification required"), lambda f: f.requirement, 30),
            Column(_("Deadline"), lambda f: f.deadline),
            Column(_("Status"), lambda f: f.get_status_display(), 18),
            Column(_("Fine (yuan)"), lambda f: f.fine_amount),
            Column(_("Closed"), lambda f: f.closed_at, 18),
        ],
        qs,
    )


@exporter("draws")
def draws(user: User, params: QueryDict) -> Table:
    return Table(
        "draws",
        _("Draws"),
        [
            Column(_("Title"), lambda d: d.title, 30),
            Column(_("Period from"), lambda d: d.period_start),
            Column(_("Period to"), lambda d: d.period_end),
            Column(pgettext_lazy("draw", "Targets"), lambda d: d.n),
            Column(_("Seed"), lambda d: str(d.seed), 22),
            Column(_("Run at"), lambda d: d.created_at, 18),
            Column(_("Run by"), lambda d: str(d.created_by or "")),
        ],
        inspection_selectors.draw_list(ordering=DRAW_SORTS.ordering(params)),
    )


@exporter("draw_pool")
def draw_pool(user: User, params: QueryDict) -> Table:
    """A recorded draw's target pool (``?draw=``), limited as its page is by class and county,
    in the draw's order: the enterprise, its county then and the class it was drawn from."""
    from enterprises.models import County, Enterprise
    from inspections import draws as draw_records
    from inspections.models import TargetClass

    pk = parse_int(params.get("draw"))
    if pk is None:
        raise Http404
    draw = access.access_draw_inputs(user, pk)
    klass, county_id = draw_records.pool_filter(params)
    entries = draw_records.pool_entries(draw.inputs, klass=klass, county_id=county_id)
    names = Enterprise.objects.in_bulk([t["enterprise_id"] for t in entries])
    counties = County.objects.in_bulk({t.get("county_id") for t in entries} - {None})

    def name(t: dict) -> str:
        e = names.get(t["enterprise_id"])
        return e.name if e is not None else ""

    return Table(
        "draw_pool",
        _("Target pool of %(title)s") % {"title": draw.title},
        [
            Column(_("Enterprise ID"), lambda t: t["enterprise_id"], 12),
            Column(_("Enterprise"), name, 40),
            Column(
                _("Unified social credit code"),
                lambda t: getattr(names.get(t["enterprise_id"]), "credit_code", ""),
                22,
            ),
            Column(_("County"), lambda t: _name(counties.get(t.get("county_id")))),
            Column(_("Class"), lambda t: TargetClass(t["class"]).label),
        ],
        entries,
    )


# --- inbox ----------------------------------------------------------------------------------


@exporter("inbox")
def inbox(user: User, params: QueryDict) -> Table:
    qs = notification_selectors.inbox_for(user=user)
    if params.get("unread"):
        qs = qs.filter(read_at__isnull=True)
    return Table(
        "inbox",
        _("Inbox"),
        [
            Column(_("Received"), lambda n: n.created_at, 18),
            Column(_("Subject"), lambda n: n.subject, 40),
            Column(_("Message"), lambda n: n.body, 60),
            Column(_("Urgent"), lambda n: n.urgent),
            Column(_("Read"), lambda n: n.read_at, 18),
        ],
        qs,
    )


# --- the weekly ranking (dashboards) --------------------------------------------------------


@exporter("ranking")
def ranking(user: User, params: QueryDict) -> Table:
    from dashboards import selectors as dashboard_selectors
    from dashboards.models import EnterpriseWeek
    from dashboards.rating import reason_text

    q = dashboard_selectors.ranking_from_params(user=user, params=params)
    rows = q.rows if q.rows is not None else EnterpriseWeek.objects.none()
    return Table(
        "ranking",
        _("Weekly ranking"),
        [
            Column(_("Week"), lambda r: r.snapshot.week_start, 12),
            Column(_("Rating"), lambda r: r.get_rating_display(), 8),
            Column(_("Enterprise"), lambda r: r.enterprise.name, 36),
            Column(_("County"), lambda r: _name(r.county)),
            Column(_("Annual capacity (t/a)"), lambda r: r.capacity_t),
            Column(_("Nodes done"), lambda r: r.nodes_done),
            Column(_("Nodes"), lambda r: r.nodes_total),
            Column(_("Nodes missed"), lambda r: r.nodes_missed),
            Column(_("Open findings"), lambda r: r.findings_open),
            Column(_("Overdue findings"), lambda r: r.findings_overdue),
            Column(_("Monitored series"), lambda r: r.cems_series),
            Column(_("Series meeting the monthly rule"), lambda r: r.cems_series_meeting),
            Column(_("Hours over the standard"), lambda r: r.cems_hours_over_baseline),
            Column(_("Clean transport share YTD (%)"), lambda r: r.clean_share_pct),
            Column(_("Reasons"), lambda r: "；".join(reason_text(x) for x in r.reasons), 60),
        ],
        rows.select_related("snapshot"),
    )
