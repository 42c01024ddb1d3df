"""Access to the inspections app (part of the one access policy; see the access package).

Who inspects: the office and municipal bureau staff anywhere, county staff in their county,
vehicle exhaust monitoring staff anywhere (clean-transport checks). Enterprise contacts see the
submitted inspections, findings and rectification plans of their own enterprise and answer
findings. Officials read everything that is not confidential. Draws are confidential: only
the office sees a drawn target before its inspection date; after it, it is published.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import Role

from .roles import (
    can_see_enterprise_id,
    county_limit,
    enterprise_scope_q,
    is_authenticated,
    is_bureau,
    is_contact,
    is_county_staff,
    is_office,
    is_official,
)

if TYPE_CHECKING:
    from accounts.models import User
    from enterprises.models import Enterprise
    from inspections.models import (
        Attachment,
        Draw,
        DrawTarget,
        Finding,
        Inspection,
        RectificationPlan,
    )

__all__ = [
    "can_see_draw_inputs",
    "access_attachment",
    "access_draw_target",
    "can_follow_up_finding",
    "can_record_finding_on",
    "can_use_task_list",
    "INSPECTOR_ROLES",
    "access_draw",
    "access_finding",
    "access_inspection",
    "access_plan",
    "can_amend_inspection",
    "can_declare_conflicts",
    "can_edit_checklists",
    "can_edit_inspection",
    "can_inspect_enterprise",
    "can_record_conflicts_for_others",
    "can_record_finding",
    "can_respond_to_finding",
    "can_review_finding",
    "can_run_draw",
    "can_see_draw_record",
    "draw_records_open",
    "can_view_attachment",
    "can_view_checklists",
    "can_view_draw_target",
    "can_view_finding",
    "can_view_inspection",
    "can_view_plan",
    "eligible_inspectors",
    "findings_to_verify",
    "inspector_county_limit",
    "inspection_nav_flags",
    "is_inspector",
    "visible_conflicts",
    "visible_findings",
    "visible_inspections",
    "visible_plans",
    "visible_verification_tasks",
]

INSPECTOR_ROLES = frozenset({Role.OFFICE, Role.BUREAU, Role.COUNTY, Role.VEHICLE})


def is_inspector(user: User) -> bool:
    """Staff who log spot checks and verify rectification."""
    return is_authenticated(user) and user.role in INSPECTOR_ROLES


def inspector_county_limit(user: User) -> int | None:
    """The county an inspector is limited to (county staff), or None for city-wide roles."""
    return county_limit(user)


def eligible_inspectors(enterprise: Enterprise | None = None) -> QuerySet[User]:
    """Active inspectors; for an enterprise, those who may inspect it."""
    from django.db.models import Q

    from accounts.models import User

    qs = User.objects.filter(role__in=INSPECTOR_ROLES, is_active=True)
    if enterprise is not None:
        qs = qs.filter(~Q(role=Role.COUNTY) | Q(county_id=enterprise.county_id))
    return qs


def can_inspect_enterprise(user: User, enterprise: Enterprise) -> bool:
    """Inspectors within their scope: county staff only in their own county."""
    return is_inspector(user) and can_see_enterprise_id(user, enterprise.pk, enterprise.county_id)


# Inspections ------------------------------------------------------------------------------


def visible_inspections(user: User) -> QuerySet[Inspection]:
    from inspections.models import Inspection, InspectionStatus

    qs = Inspection.objects.filter(enterprise_scope_q(user, "enterprise"))
    if not is_inspector(user) and not is_official(user):
        # contacts: only finished records of their own enterprise, never drafts
        qs = qs.filter(status=InspectionStatus.SUBMITTED)
    return qs


def can_view_inspection(user: User, inspection: Inspection) -> bool:
    if not can_see_enterprise_id(user, inspection.enterprise_id, inspection.enterprise.county_id):
        return False
    return is_inspector(user) or is_official(user) or inspection.is_locked


def _is_on_team(user: User, inspection: Inspection) -> bool:
    return inspection.created_by_id == user.pk or any(
        u.pk == user.pk for u in inspection.inspectors.all()
    )


def can_edit_inspection(user: User, inspection: Inspection) -> bool:
    """A draft may be changed by its team (or bureau staff); a submitted one never."""
    return (
        not inspection.is_locked
        and can_inspect_enterprise(user, inspection.enterprise)
        and (is_bureau(user) or _is_on_team(user, inspection))
    )


def can_amend_inspection(user: User, inspection: Inspection) -> bool:
    """Corrections to a submitted record, recorded as amendments."""
    return (
        inspection.is_locked
        and can_inspect_enterprise(user, inspection.enterprise)
        and (is_bureau(user) or _is_on_team(user, inspection))
    )


def access_inspection(
    user: User, pk: int, *, edit: bool = False, amend: bool = False
) -> Inspection:
    """Fetch and authorize: 404 outside the user's scope, 403 when visible but not allowed."""
    from inspections.models import Inspection

    inspection = (
        Inspection.objects.select_related("enterprise__county")
        .prefetch_related("inspectors")
        .filter(pk=pk)
        .first()
    )
    if inspection is None or not can_view_inspection(user, inspection):
        raise Http404
    if edit and not can_edit_inspection(user, inspection):
        raise PermissionDenied
    if amend and not can_amend_inspection(user, inspection):
        raise PermissionDenied
    return inspection


# Findings and rectification ---------------------------------------------------------------


def visible_findings(user: User) -> QuerySet[Finding]:
    from inspections.models import Finding

    return Finding.objects.filter(enterprise_scope_q(user, "enterprise"))


def can_view_finding(user: User, finding: Finding) -> bool:
    return can_see_enterprise_id(user, finding.enterprise_id, finding.enterprise.county_id)


def can_record_finding(user: User, enterprise: Enterprise, category: str | None = None) -> bool:
    """Inspectors in scope record findings; vehicle exhaust staff only clean-transport ones
    (``category`` None asks whether the user may record any finding at all)."""
    from inspections.models import Category

    if not can_inspect_enterprise(user, enterprise):
        return False
    return category is None or user.role != Role.VEHICLE or category == Category.TRANSPORT


def can_record_finding_on(user: User, inspection: Inspection) -> bool:
    """Findings from an inspection's non-compliant items: once its record is submitted."""
    return inspection.is_locked and can_record_finding(user, inspection.enterprise)


def can_follow_up_finding(user: User, finding: Finding) -> bool:
    """Open a follow-up inspection of a finding: inspectors who may inspect its enterprise."""
    return can_inspect_enterprise(user, finding.enterprise)


def can_respond_to_finding(user: User, finding: Finding) -> bool:
    """The enterprise's own contacts answer an open finding."""
    from inspections.models import FindingStatus

    return (
        is_contact(user)
        and user.enterprise_id == finding.enterprise_id
        and finding.status == FindingStatus.OPEN
    )


def can_review_finding(user: User, finding: Finding) -> bool:
    """An inspector in scope verifies a response; vehicle staff only clean-transport ones."""
    from inspections.models import Category, FindingStatus

    if finding.status != FindingStatus.RESPONDED:
        return False
    if not can_inspect_enterprise(user, finding.enterprise):
        return False
    return user.role != Role.VEHICLE or finding.category == Category.TRANSPORT


def findings_to_verify(user: User) -> QuerySet[Finding]:
    """Answered findings waiting for ``user``'s verification (the queryset twin of
    ``can_review_finding``)."""
    from inspections.models import Category, FindingStatus

    if not is_inspector(user):
        return visible_findings(user).none()
    qs = visible_findings(user).filter(status=FindingStatus.RESPONDED)
    if user.role == Role.VEHICLE:
        qs = qs.filter(category=Category.TRANSPORT)
    return qs


def access_finding(user: User, pk: int) -> Finding:
    from inspections.models import Finding

    finding = (
        Finding.objects.select_related(
            "enterprise__county", "inspection", "item", "legal_basis", "emission_point", "plan"
        )
        .filter(pk=pk)
        .first()
    )
    if finding is None or not can_view_finding(user, finding):
        raise Http404
    return finding


def visible_plans(user: User) -> QuerySet[RectificationPlan]:
    from inspections.models import RectificationPlan

    return RectificationPlan.objects.filter(enterprise_scope_q(user, "enterprise"))


def can_view_plan(user: User, plan: RectificationPlan) -> bool:
    return can_see_enterprise_id(user, plan.enterprise_id, plan.enterprise.county_id)


def access_plan(user: User, pk: int) -> RectificationPlan:
    from inspections.models import RectificationPlan

    plan = RectificationPlan.objects.select_related("enterprise__county").filter(pk=pk).first()
    if plan is None or not can_view_plan(user, plan):
        raise Http404
    return plan


# Files --------------------------------------------------------------------------------------


def can_view_attachment(user: User, attachment: Attachment) -> bool:
    """A file is visible to whoever may see what it is attached to."""
    if attachment.inspection_id is not None:
        return can_view_inspection(user, attachment.inspection)
    if attachment.finding_id is not None:
        return can_view_finding(user, attachment.finding)
    if attachment.response_id is not None:
        return can_view_finding(user, attachment.response.finding)
    return False


def access_attachment(user: User, pk: int) -> Attachment:
    """Fetch a stored file with what it belongs to and authorize in one step (404 otherwise)."""
    from inspections.models import Attachment

    att = (
        Attachment.objects.select_related(
            "inspection__enterprise__county",
            "finding__enterprise__county",
            "response__finding__enterprise__county",
        )
        .filter(pk=pk)
        .first()
    )
    if att is None or not can_view_attachment(user, att):
        raise Http404
    return att


# Draws ("double random, one public") ------------------------------------------------------


def can_run_draw(user: User) -> bool:
    return is_office(user)


def can_view_draw_target(user: User, target: DrawTarget, today: date | None = None) -> bool:
    """Confidential until the inspection date: the office only; then everyone signed in."""
    if is_office(user):
        return True
    today = today or timezone.localdate()
    return is_authenticated(user) and target.inspection_date <= today


def can_see_draw_record(user: User, draw: Draw, today: date | None = None) -> bool:
    """The full record (seed, inputs, every target): the office at any time; anyone signed in
    once every target of the draw has been published, so that they can re-run it."""
    if is_office(user):
        return True
    today = today or timezone.localdate()
    last = max((t["inspection_date"] for t in draw.result.get("targets", [])), default=None)
    return is_authenticated(user) and last is not None and date.fromisoformat(last) <= today


def draw_records_open(user: User, draw_ids, today: date | None = None) -> set[int]:
    """Of ``draw_ids``, the draws whose full record ``user`` may see (``can_see_draw_record``
    for a page of rows): judged on the drawn targets' dates in one query, without loading
    each draw's result."""
    from django.db.models import Max

    from inspections.models import DrawTarget

    ids = set(draw_ids)
    if is_office(user):
        return ids
    if not ids or not is_authenticated(user):
        return set()
    today = today or timezone.localdate()
    return set(
        DrawTarget.objects.filter(draw_id__in=ids)
        .values("draw_id")
        .annotate(last=Max("inspection_date"))
        .filter(last__lte=today)
        .values_list("draw_id", flat=True)
    )


def can_see_draw_inputs(user: User) -> bool:
    """The draw's whole pool (every plant with its supervision class, every inspector, the
    declared conflicts): staff and officials. "One public" publishes the method, the seed,
    the counts and the drawn targets, not the classification of every plant."""
    return is_inspector(user) or is_official(user)


def access_draw_target(user: User, pk: int | None) -> DrawTarget | None:
    """A drawn target the user may see (None when absent, unknown or still confidential)."""
    from inspections.models import DrawTarget

    if pk is None:
        return None
    target = DrawTarget.objects.select_related("enterprise__county").filter(pk=pk).first()
    if target is None or not can_view_draw_target(user, target):
        return None
    return target


def can_use_task_list(user: User) -> bool:
    """ "My tasks": inspectors (their inspections and verifications) and contacts (answers due)."""
    return is_inspector(user) or is_contact(user)


def access_draw(user: User, pk: int) -> Draw:
    """A draw whose record the user may not see does not exist for them (404)."""
    from inspections.models import Draw

    draw = Draw.objects.filter(pk=pk).first()
    if draw is None or not can_see_draw_record(user, draw):
        raise Http404
    return draw


def access_draw_inputs(user: User, pk: int) -> Draw:
    """A draw whose whole pool the user may see: its record (``access_draw``) and the inputs
    (``can_see_draw_inputs``); else it does not exist for them (404)."""
    draw = access_draw(user, pk)
    if not can_see_draw_inputs(user):
        raise Http404
    return draw


def can_declare_conflicts(user: User) -> bool:
    return is_inspector(user)


def can_record_conflicts_for_others(user: User) -> bool:
    return is_office(user)


def visible_conflicts(user: User):
    from inspections.models import ConflictDeclaration

    qs = ConflictDeclaration.objects.all()
    if is_office(user):
        return qs
    if is_inspector(user):
        return qs.filter(inspector=user)
    return qs.none()


# Checklists ---------------------------------------------------------------------------------


def can_view_checklists(user: User) -> bool:
    return is_inspector(user) or is_official(user)


def can_edit_checklists(user: User) -> bool:
    return is_office(user)


# Verification tasks (completed retrofit milestones) -----------------------------------------


def visible_verification_tasks(user: User):
    """County staff see the tasks of their county; bureau staff all; others none."""
    from django.apps import apps

    model = apps.get_model("inspections", "VerificationTask")
    qs = model.objects.all()
    if is_bureau(user):
        return qs
    if is_county_staff(user) and user.county_id:
        return qs.filter(enterprise__county_id=user.county_id)
    return qs.none()


# Navigation -----------------------------------------------------------------------------------


def inspection_nav_flags(user: User) -> dict[str, bool]:
    """What the navigation and home page of the inspections app show to ``user``."""
    authenticated = is_authenticated(user)
    return {
        "inspections": authenticated,
        "rectification": authenticated,
        "tasks": is_inspector(user),
        "draws": is_office(user),
        "disclosure": authenticated,
        "checklists": can_view_checklists(user),
        "conflicts": is_inspector(user),
        "contact": is_contact(user),
    }
