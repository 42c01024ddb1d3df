"""Milestone nodes: record one as done, move one forward, request a postponement and decide it.

The committed date never changes once the plan is approved; the planned date moves earlier at
once, later only through a postponement the bureau approves."""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from acceptance import services as acceptance_services
from access import Audience
from accounts.models import User
from core.audit import save_audited, snapshot
from core.dates import check_plausible
from core.files import StoredFiles, atomic_with_files
from core.uploads import CheckedUpload
from notifications.services import notify

from .. import messages
from ..models import DateChange, MilestoneNode, ProjectStatus, RetrofitProject
from ._evidence import checked_files, store_evidence
from .stage import enterprise_stage_recompute

Files = Sequence[CheckedUpload | UploadedFile]


def node_complete(
    *,
    actor: User,
    node: MilestoneNode,
    actual_date: datetime.date,
    note: str = "",
    files: Files = (),
    late_reason: str = "",
    system: bool = False,
) -> MilestoneNode:
    """Record that a node is done. Earlier nodes must be done first; a node with a minimum
    duration (e.g. one month of stable operation) cannot be done earlier than that. The
    county staff are told. Who may complete what (approved plans only, a reason for a late
    entry, stage nodes as claims the bureau confirms) is ``acceptance.services``'s. With
    ``system`` (``actor`` None), the portal records a node that follows from a record the
    bureau decided (the ULE list: ``acceptance.services.records``)."""
    if not (system and actor is None) and not access.can_update_node(actor, node):
        raise PermissionDenied
    check_plausible(actual_date=actual_date)
    if actual_date > timezone.localdate():
        raise ValidationError({"actual_date": _("The actual date cannot be in the future.")})
    uploads = checked_files(files)
    with atomic_with_files() as stored:
        node = MilestoneNode.objects.select_for_update().get(pk=node.pk)
        project = RetrofitProject.objects.select_related("enterprise").get(pk=node.project_id)
        if node.actual_date is not None:
            raise ValidationError(_("This node is already recorded as done."))
        _check_completion_order(project, node, actual_date)
        acceptance_services.completion_record(
            actor=actor,
            node=node,
            project=project,
            actual_date=actual_date,
            late_reason=late_reason,
            has_evidence=bool(uploads),
        )
        before = snapshot(node)
        node.actual_date = actual_date
        node.completion_note = note
        node.completed_by = actor
        save_audited(
            node,
            actor=actor,
            before=before,
            enterprise_id=project.enterprise_id,
            update_fields=["actual_date", "completion_note", "completed_by"],
        )
        store_evidence(
            uploads, stored=stored, actor=actor, enterprise_id=project.enterprise_id, node=node
        )
        if not project.nodes.filter(actual_date__isnull=True).exists():
            before_p = snapshot(project)
            project.status = ProjectStatus.COMPLETED
            save_audited(
                project,
                actor=actor,
                before=before_p,
                enterprise_id=project.enterprise_id,
                update_fields=["status", "updated_at"],
                validate=False,
            )
        enterprise_stage_recompute(enterprise=project.enterprise, actor=actor)
        node.project = project
        notify(
            recipients=access.people(
                Audience.COUNTY_STAFF,
                enterprise_id=project.enterprise_id,
                county_id=project.enterprise.county_id,
            ),
            key=f"node:{node.pk}:completed",
            message=messages.node_completed(node, actor=actor),
            enterprise_id=project.enterprise_id,
        )
    return node


def _check_completion_order(
    project: RetrofitProject, node: MilestoneNode, actual_date: datetime.date
) -> None:
    previous = project.nodes.filter(order__lt=node.order).order_by("-order")
    open_before = [n for n in previous if n.actual_date is None]
    if open_before:
        raise ValidationError(
            _("Record the earlier nodes first: %(names)s.")
            % {"names": "、".join(n.name for n in reversed(open_before))}
        )
    last = previous.first()
    if last is not None and actual_date < last.actual_date:
        raise ValidationError(
            {
                "actual_date": _(
                    "The actual date cannot be before that of the previous node (%(date)s)."
                )
                % {"date": last.actual_date}
            }
        )
    if last is not None and node.min_days_after_previous:
        earliest = last.actual_date + datetime.timedelta(days=node.min_days_after_previous)
        if actual_date < earliest:
            raise ValidationError(
                {
                    "actual_date": _(
                        "This node needs at least %(days)d days after “%(previous)s” "
                        "(%(date)s): not before %(earliest)s."
                    )
                    % {
                        "days": node.min_days_after_previous,
                        "previous": last.name,
                        "date": last.actual_date,
                        "earliest": earliest,
                    }
                }
            )


def node_change_date(
    *,
    actor: User,
    node: MilestoneNode,
    new_date: datetime.date,
    reason: str = "",
    files: Files = (),
    expected_date: datetime.date | None = None,
) -> DateChange:
    """Change a node's planned date after the plan is approved: an earlier date moves the node
    forward at once (``node_move_forward``), a later one is a postponement request
    (``node_request_postponement``). The committed date never changes. ``expected_date`` is the
    planned date the person saw: earlier or later is judged against it, and the change is
    refused if the planned date changed meanwhile."""
    current = expected_date or node.planned_date
    change = node_move_forward if new_date < current else node_request_postponement
    return change(
        actor=actor,
        node=node,
        new_date=new_date,
        reason=reason,
        files=files,
        expected_date=expected_date,
    )


def _lock_open_node(
    node: MilestoneNode, new_date: datetime.date, expected_date: datetime.date | None = None
) -> MilestoneNode:
    """The node, locked, once it is known its planned date may change to ``new_date`` and is
    still ``expected_date`` (when given)."""
    check_plausible(new_date=new_date)
    node = (
        MilestoneNode.objects.select_for_update()
        .select_related("project__enterprise__county")
        .get(pk=node.pk)
    )
    if not node.project.plan_approved:
        raise ValidationError(
            _("The plan is not approved yet: edit the planned dates of the plan instead."),
            code="plan_not_approved",
        )
    if node.actual_date is not None:
        raise ValidationError(_("This node is already done; its dates can no longer change."))
    if expected_date is not None and expected_date != node.planned_date:
        raise ValidationError(
            _(
                "The planned date changed to %(date)s since you opened this page (from "
                "%(expected)s); nothing was changed. Check the new date and choose again."
            )
            % {"date": node.planned_date, "expected": expected_date},
            code="stale_date",
        )
    if new_date == node.planned_date:
        raise ValidationError(
            {"new_date": _("This is already the planned date; choose another date.")}
        )
    return node


def node_move_forward(
    *,
    actor: User,
    node: MilestoneNode,
    new_date: datetime.date,
    reason: str = "",
    files: Files = (),
    expected_date: datetime.date | None = None,
) -> DateChange:
    """Move a node's planned date earlier: applied at once, and the enterprise's contacts and
    the county staff are told at once."""
    if not access.can_update_node(actor, node):
        raise PermissionDenied
    reason = (reason or "").strip()
    uploads = checked_files(files)
    with atomic_with_files() as stored:
        node = _lock_open_node(node, new_date, expected_date)
        enterprise = node.project.enterprise
        if new_date > node.planned_date:
            raise ValidationError(
                {"new_date": _("This date is later than the planned date: it is a postponement.")}
            )
        if new_date < timezone.localdate():
            raise ValidationError(
                {
                    "new_date": _(
                        "A planned date cannot be in the past. If the node is done, record "
                        "its actual date instead."
                    )
                }
            )
        change = _record_change(
            node,
            DateChange.Kind.FORWARD,
            DateChange.Status.APPLIED,
            new_date=new_date,
            reason=reason,
            actor=actor,
            uploads=uploads,
            stored=stored,
        )
        before = snapshot(node)
        node.planned_date = new_date
        save_audited(
            node,
            actor=actor,
            before=before,
            enterprise_id=enterprise.pk,
            update_fields=["planned_date"],
            validate=False,
        )
        notify(
            recipients=access.people(
                Audience.CONTACTS,
                Audience.COUNTY_STAFF,
                enterprise_id=enterprise.pk,
                county_id=enterprise.county_id,
            ),
            key=f"node:{node.pk}:moved_forward:{change.pk}",
            message=messages.moved_forward(change, actor=actor),
            enterprise_id=enterprise.pk,
        )
    return change


def node_request_postponement(
    *,
    actor: User,
    node: MilestoneNode,
    new_date: datetime.date,
    reason: str = "",
    files: Files = (),
    expected_date: datetime.date | None = None,
) -> DateChange:
    """Ask to move a node's planned date later: it needs a reason and the bureau's decision
    (the decision makers are told); the planned date stays until then."""
    if not access.can_update_node(actor, node):
        raise PermissionDenied
    reason = (reason or "").strip()
    uploads = checked_files(files)
    with atomic_with_files() as stored:
        node = _lock_open_node(node, new_date, expected_date)
        enterprise = node.project.enterprise
        if new_date < node.planned_date:
            raise ValidationError(
                {
                    "new_date": _(
                        "This date is earlier than the planned date: move the node forward."
                    )
                }
            )
        if not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "A later date is a postponement: give the reason, so that the bureau "
                        "can decide."
                    )
                }
            )
        if node.date_changes.filter(status=DateChange.Status.PENDING).exists():
            raise ValidationError(
                _(
                    "A postponement of this node is already awaiting the bureau's decision; "
                    "wait for it before requesting another."
                )
            )
        change = _record_change(
            node,
            DateChange.Kind.POSTPONEMENT,
            DateChange.Status.PENDING,
            new_date=new_date,
            reason=reason,
            actor=actor,
            uploads=uploads,
            stored=stored,
        )
        notify(
            recipients=access.people(Audience.DECISION_MAKERS),
            key=f"datechange:{change.pk}:requested",
            message=messages.postponement_requested(change, actor=actor),
            enterprise_id=enterprise.pk,
        )
    return change


def _record_change(
    node: MilestoneNode,
    kind: DateChange.Kind,
    status: DateChange.Status,
    *,
    new_date: datetime.date,
    reason: str,
    actor: User,
    uploads: Sequence[CheckedUpload],
    stored: StoredFiles,
) -> DateChange:
    """The record of a date change of ``node`` (still at its old planned date), audited, with
    its evidence files."""
    enterprise_id = node.project.enterprise_id
    change = DateChange(
        node=node,
        kind=kind,
        old_date=node.planned_date,
        new_date=new_date,
        reason=reason,
        requested_by=actor,
        status=status,
    )
    save_audited(change, actor=actor, enterprise_id=enterprise_id)
    store_evidence(
        uploads, stored=stored, actor=actor, enterprise_id=enterprise_id, date_change=change
    )
    return change


def postponement_decide(
    *, actor: User, change: DateChange, approve: bool, comment: str = ""
) -> DateChange:
    """The bureau approves (the planned date moves; the committed date does not) or rejects
    (a comment is required) a postponement request; the enterprise's contacts and the person
    who asked are told."""
    if not access.can_decide_postponement(actor):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the postponement is rejected.")})
    with transaction.atomic():
        change = (
            DateChange.objects.select_for_update()
            .select_related("node__project__enterprise")
            .get(pk=change.pk)
        )
        if change.status != DateChange.Status.PENDING:
            raise ValidationError(_("This request has already been decided."))
        node = MilestoneNode.objects.select_for_update().get(pk=change.node_id)
        node.project = change.node.project
        change.node = node
        enterprise = node.project.enterprise
        before = snapshot(change)
        change.status = DateChange.Status.APPROVED if approve else DateChange.Status.REJECTED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.decision_comment = comment
        save_audited(change, actor=actor, before=before, enterprise_id=enterprise.pk)
        if approve and node.actual_date is None:
            before_n = snapshot(node)
            node.planned_date = change.new_date
            save_audited(
                node,
                actor=actor,
                before=before_n,
                enterprise_id=enterprise.pk,
                update_fields=["planned_date"],
                validate=False,
            )
        notify(
            recipients=[
                *access.people(Audience.CONTACTS, enterprise_id=enterprise.pk),
                *([change.requested_by] if change.requested_by else []),
            ],
            key=f"datechange:{change.pk}:decided",
            message=messages.postponement_decided(change),
            enterprise_id=enterprise.pk,
        )
    return change
