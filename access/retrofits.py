"""Access to the retrofits app (part of the one access policy; see the access package).

Who may do what with retrofit projects:
- see: everyone within their enterprise scope (contacts their own enterprise, county staff
  their county, every other role the whole city);
- create and edit projects, record node completion, move nodes or request postponements:
  the enterprise's contacts, county staff of its county, and bureau staff (office, bureau);
- approve a plan (fixing committed dates), decide postponements, accept progress reports,
  assess the "four truths": bureau staff only;
- return a progress report for correction: bureau staff and county staff of the county;
- submit progress reports: the enterprise's contacts.
Officials and vehicle staff read only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .roles import (
    can_see_enterprise_id,
    enterprise_scope_q,
    is_bureau,
    is_contact,
    is_contact_of,
    is_county_staff,
    is_county_staff_of,
)

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import Enterprise
    from retrofits.models import (
        DateChange,
        Evidence,
        MilestoneNode,
        ProgressReport,
        RetrofitProject,
    )

__all__ = [
    "can_change_node_date",
    "can_complete_node",
    "can_update_nodes_of",
    "access_assessments",
    "access_date_change",
    "access_evidence",
    "access_node",
    "access_project",
    "access_report",
    "can_accept_report",
    "can_approve_plan",
    "can_assess_four_truths",
    "can_create_project",
    "can_decide_postponement",
    "can_edit_project",
    "can_edit_plan_dates",
    "can_resubmit_report",
    "can_return_report",
    "can_review_report",
    "can_submit_report",
    "can_suspend_project",
    "can_update_node",
    "can_view_project",
    "could_review_report",
    "has_own_enterprise",
    "is_enterprise_contact_of",
    "plan_already_approved_for",
    "visible_projects",
]


def is_enterprise_contact_of(user: User, enterprise_id: int) -> bool:
    return is_contact_of(user, enterprise_id)


def _works_on(user: User, enterprise: Enterprise) -> bool:
    """Bureau staff, county staff of the enterprise's county, or its own contacts."""
    return (
        is_bureau(user)
        or is_county_staff_of(user, enterprise.county_id)
        or is_enterprise_contact_of(user, enterprise.pk)
    )


def project_creatable_enterprises(user: User) -> QuerySet[Enterprise]:
    """The enterprises ``can_create_project`` allows, as a queryset (``_works_on``): all for
    bureau staff, their county's for county staff, their own for a contact, else none."""
    from enterprises.models import Enterprise

    if is_bureau(user):
        return Enterprise.objects.all()
    if is_county_staff(user) and user.county_id is not None:
        return Enterprise.objects.filter(county_id=user.county_id)
    if is_contact(user) and user.enterprise_id is not None:
        return Enterprise.objects.filter(pk=user.enterprise_id)
    return Enterprise.objects.none()


def visible_projects(user: User) -> QuerySet[RetrofitProject]:
    from retrofits.models import RetrofitProject

    return RetrofitProject.objects.filter(enterprise_scope_q(user, "enterprise"))


def can_view_project(user: User, project: RetrofitProject) -> bool:
    return can_see_enterprise_id(user, project.enterprise_id, project.enterprise.county_id)


def can_create_project(user: User, enterprise: Enterprise) -> bool:
    return _works_on(user, enterprise)


def can_edit_project(user: User, project: RetrofitProject) -> bool:
    return _works_on(user, project.enterprise)


def can_edit_plan_dates(user: User, project: RetrofitProject) -> bool:
    """Planned dates are edited freely only until the bureau approves the plan."""
    return not project.plan_approved and can_edit_project(user, project)


def can_suspend_project(user: User, project: RetrofitProject) -> bool:
    """Suspending or resuming an approved project (a suspended one leaves reminder tracking):
    bureau staff only. Every other status follows from the plan and its nodes."""
    return is_bureau(user) and project.status in ("underway", "suspended")


def can_approve_plan(user: User, project: RetrofitProject) -> bool:
    return is_bureau(user) and not project.plan_approved


def plan_already_approved_for(user: User, project: RetrofitProject) -> bool:
    """The plan is approved and the user is one who approves plans: told so, not refused."""
    return project.plan_approved and is_bureau(user)


def has_own_enterprise(user: User) -> bool:
    """An enterprise's contact bound to an enterprise (whose own pages show what is due)."""
    return is_contact(user) and user.enterprise_id is not None


def can_update_node(user: User, node: MilestoneNode) -> bool:
    """Record completion, move earlier or request a postponement."""
    return can_edit_project(user, node.project)


def can_complete_node(user: User, node: MilestoneNode) -> bool:
    """Record a node as done: those who work on the project, while the node of an approved
    plan is open."""
    return node.project.plan_approved and node.actual_date is None and can_update_node(user, node)


def can_change_node_date(user: User, node: MilestoneNode) -> bool:
    """Move an open node of an approved plan earlier, or request its postponement."""
    return node.project.plan_approved and node.actual_date is None and can_update_node(user, node)


def can_update_nodes_of(user: User, project: RetrofitProject) -> bool:
    """Whether the node table offers completion and date changes at all (approved plans)."""
    return project.plan_approved and can_edit_project(user, project)


def can_decide_postponement(user: User, change: DateChange | None = None) -> bool:
    if change is not None and change.status != "pending":
        return False
    return is_bureau(user)


def can_submit_report(user: User, project: RetrofitProject) -> bool:
    return is_enterprise_contact_of(user, project.enterprise_id)


def can_resubmit_report(user: User, report: ProgressReport) -> bool:
    return report.status == "returned" and can_submit_report(user, report.project)


def can_accept_report(user: User, report: ProgressReport) -> bool:
    return is_bureau(user) and report.status == "submitted"


def can_return_report(user: User, report: ProgressReport) -> bool:
    if report.status != "submitted":
        return False
    return is_bureau(user) or is_county_staff_of(user, report.project.enterprise.county_id)


def could_review_report(user: User, report: ProgressReport) -> bool:
    """Whether the user is one of the report's reviewers, whatever its status."""
    return is_bureau(user) or is_county_staff_of(user, report.project.enterprise.county_id)


def can_review_report(user: User, report: ProgressReport) -> bool:
    return can_accept_report(user, report) or can_return_report(user, report)


def can_assess_four_truths(user: User, enterprise: Enterprise | None = None) -> bool:
    return is_bureau(user)


def _404_unless(ok: bool) -> None:
    if not ok:
        raise Http404


def access_project(user: User, pk: int, *, edit: bool = False) -> RetrofitProject:
    """Fetch a project and authorize in one step: 404 outside the user's scope, 403 when
    visible but not editable."""
    from retrofits.models import RetrofitProject

    project = (
        RetrofitProject.objects.select_related("enterprise__county", "plan_approved_by")
        .filter(pk=pk)
        .first()
    )
    _404_unless(project is not None and can_view_project(user, project))
    if edit and not can_edit_project(user, project):
        raise PermissionDenied
    return project


def access_node(user: User, pk: int, *, update: bool = False) -> MilestoneNode:
    from retrofits.models import MilestoneNode

    node = MilestoneNode.objects.select_related("project__enterprise__county").filter(pk=pk).first()
    _404_unless(node is not None and can_view_project(user, node.project))
    if update and not can_update_node(user, node):
        raise PermissionDenied
    return node


def access_date_change(user: User, pk: int, *, decide: bool = False) -> DateChange:
    from retrofits.models import DateChange

    change = (
        DateChange.objects.select_related(
            "node__project__enterprise__county", "requested_by", "decided_by"
        )
        .filter(pk=pk)
        .first()
    )
    _404_unless(change is not None and can_view_project(user, change.node.project))
    if decide and not can_decide_postponement(user):
        raise PermissionDenied
    return change


def access_report(user: User, pk: int) -> ProgressReport:
    from retrofits.models import ProgressReport

    report = (
        ProgressReport.objects.select_related(
            "project__enterprise__county", "submitted_by", "reviewed_by"
        )
        .filter(pk=pk)
        .first()
    )
    _404_unless(report is not None and can_view_project(user, report.project))
    return report


def access_evidence(user: User, pk: int) -> Evidence:
    from retrofits.models import Evidence

    evidence = Evidence.objects.select_related("enterprise").filter(pk=pk).first()
    _404_unless(
        evidence is not None
        and can_see_enterprise_id(user, evidence.enterprise_id, evidence.enterprise.county_id)
    )
    return evidence


def access_assessments(user: User, enterprise_pk: int, *, edit: bool = False) -> Enterprise:
    """The enterprise whose "four truths" assessments are shown (its contacts see their own)."""
    from enterprises.models import Enterprise

    enterprise = Enterprise.objects.select_related("county").filter(pk=enterprise_pk).first()
    _404_unless(
        enterprise is not None and can_see_enterprise_id(user, enterprise.pk, enterprise.county_id)
    )
    if edit and not can_assess_four_truths(user, enterprise):
        raise PermissionDenied
    return enterprise
