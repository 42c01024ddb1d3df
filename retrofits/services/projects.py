"""Projects and their plans: create, update, set the planned dates, approve the plan."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import Audience
from accounts.models import User
from core.audit import save_audited, snapshot
from core.concurrency import save_versioned, split_version
from core.dates import check_plausible
from enterprises.models import Enterprise
from notifications.services import notify

from .. import messages
from ..models import MilestoneNode, NodeTemplate, ProjectStatus, RetrofitProject
from .stage import enterprise_stage_recompute

M2M_FIELDS = ("units", "emission_points")


def project_create(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
    start_date: datetime.date,
) -> RetrofitProject:
    """A new project with its nodes copied from the category's template; planned dates are
    proposed from ``start_date`` and editable until the bureau approves the plan."""
    if not access.can_create_project(actor, enterprise):
        raise PermissionDenied
    check_plausible(start_date=start_date)
    data, _version = split_version(data)
    m2m = {k: data.pop(k) for k in M2M_FIELDS if k in data}
    project = RetrofitProject(enterprise=enterprise, **data)
    project.status = ProjectStatus.PLANNING
    templates = list(NodeTemplate.objects.filter(category=project.category, active=True))
    if not templates:
        raise ValidationError(
            {"category": _("There is no node template for this category; ask the office.")}
        )
    with transaction.atomic():
        save_audited(project, actor=actor, enterprise_id=enterprise.pk)
        for key, values in m2m.items():
            getattr(project, key).set(values)
        MilestoneNode.objects.bulk_create(
            MilestoneNode(
                project=project,
                template=t,
                code=t.code,
                order=t.order,
                name_zh=t.name_zh,
                name_en=t.name_en,
                stage_on_completion=t.stage_on_completion,
                min_days_after_previous=t.min_days_after_previous,
                planned_date=start_date + datetime.timedelta(days=t.default_offset_days),
            )
            for t in templates
        )
        enterprise_stage_recompute(enterprise=enterprise, actor=actor)
    return project


def project_update(
    *, actor: User, project: RetrofitProject, data: dict[str, Any]
) -> RetrofitProject:
    """Save the project form's changes if the project is still at the version the form
    carried (``core.concurrency.StaleEdit`` otherwise)."""
    if not access.can_edit_project(actor, project):
        raise PermissionDenied
    data, expected_version = split_version(data)
    # as stored: a bound form has already set its values on ``project``
    status = RetrofitProject.objects.values_list("status", flat=True).get(pk=project.pk)
    new_status = data.pop("status", status)
    if new_status != status:
        if not access.can_suspend_project(actor, project) or {status, new_status} != {
            ProjectStatus.UNDERWAY,
            ProjectStatus.SUSPENDED,
        }:
            raise ValidationError(
                {
                    "status": _(
                        "Only the bureau can suspend or resume an approved project; every other "
                        "status follows from the plan and its nodes."
                    )
                }
            )
        data["status"] = new_status
    m2m = {k: data.pop(k) for k in M2M_FIELDS if k in data}
    with transaction.atomic():
        project = save_versioned(
            project,
            actor=actor,
            data=data,
            expected_version=expected_version,
            enterprise_id=project.enterprise_id,
        )
        for key, values in m2m.items():
            getattr(project, key).set(values)
    return project


def plan_dates_update(
    *, actor: User, project: RetrofitProject, dates: dict[int, datetime.date]
) -> RetrofitProject:
    """Set the planned dates of a plan not yet approved. Once approved, committed dates are
    fixed and planned dates change only by moving a node forward or by a postponement."""
    if not access.can_edit_project(actor, project):
        raise PermissionDenied
    check_plausible(**{f"node_{pk}": d for pk, d in dates.items()})
    if project.plan_approved:
        raise ValidationError(
            _(
                "The plan is approved: its committed dates can no longer be edited. Move a node "
                "forward or request a postponement instead."
            ),
            code="plan_approved",
        )
    with transaction.atomic():
        nodes = list(project.nodes.select_for_update().order_by("order"))
        errors: dict[str, list[str]] = {}
        previous: MilestoneNode | None = None
        for node in nodes:
            new = dates.get(node.pk, node.planned_date)
            if previous is not None and new < dates.get(previous.pk, previous.planned_date):
                errors.setdefault(f"node_{node.pk}", []).append(
                    _("This date is before the previous node (%(name)s).") % {"name": previous}
                )
            previous = node
        if errors:
            raise ValidationError(errors)
        for node in nodes:
            new = dates.get(node.pk)
            if new and new != node.planned_date:
                before = snapshot(node)
                node.planned_date = new
                save_audited(
                    node,
                    actor=actor,
                    before=before,
                    enterprise_id=project.enterprise_id,
                    update_fields=["planned_date"],
                    validate=False,
                )
    return project


def plan_approve(*, actor: User, project: RetrofitProject) -> RetrofitProject:
    """The bureau approves the plan: every node's committed date is fixed to its planned date.
    The enterprise's contacts and the county staff are told."""
    if not access.can_approve_plan(actor, project):
        raise PermissionDenied
    with transaction.atomic():
        project = RetrofitProject.objects.select_for_update().get(pk=project.pk)
        if project.plan_approved:
            raise ValidationError(_("This plan has already been approved."))
        before = snapshot(project)
        project.plan_approved_at = timezone.now()
        project.plan_approved_by = actor
        if project.status == ProjectStatus.PLANNING:
            project.status = ProjectStatus.UNDERWAY
        save_audited(project, actor=actor, before=before, enterprise_id=project.enterprise_id)
        for node in project.nodes.all():
            node.committed_date = node.planned_date
            node.save(update_fields=["committed_date"])
        enterprise = project.enterprise
        notify(
            recipients=access.people(
                Audience.CONTACTS,
                Audience.COUNTY_STAFF,
                enterprise_id=enterprise.pk,
                county_id=enterprise.county_id,
            ),
            key=f"project:{project.pk}:plan_approved",
            message=messages.plan_approved(project),
            enterprise_id=enterprise.pk,
        )
    return project
