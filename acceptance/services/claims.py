"""Node completions and ULE-stage claims.

``completion_record`` runs inside ``retrofits.services.node_complete`` (same transaction, node
locked): it enforces who may complete what, keeps the record of the completion and, for a
stage-carrying node recorded by someone other than the bureau, opens a claim the bureau
confirms or returns (``claim_review``). Only confirmed facts move the enterprise's ULE stage."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import Audience
from accounts.models import User
from core.audit import save_audited, snapshot
from notifications.services import notify

from .. import messages
from ..models import NodeCompletion
from .records import check_record_backed

if TYPE_CHECKING:  # retrofits imports this module at run time
    from retrofits.models import MilestoneNode, RetrofitProject


def late_entry_days() -> int:
    return int(getattr(settings, "ACCEPTANCE_LATE_ENTRY_DAYS", 7))


def completion_record(
    *,
    actor: User | None,
    node: MilestoneNode,
    project: RetrofitProject,
    actual_date: datetime.date,
    late_reason: str = "",
    has_evidence: bool = False,
) -> NodeCompletion:
    """Check and record that ``node`` (locked, still open) is done on ``actual_date``.

    Refused: a node of a plan the bureau has not approved; an actual date more than
    ``ACCEPTANCE_LATE_ENTRY_DAYS`` back without a reason; a node after a stage claim still
    awaiting the bureau; a stage claim without evidence. The bureau's own record of a stage
    node is a confirmed fact at once; anyone else's is a pending claim and the decision makers
    are told."""
    late_reason = (late_reason or "").strip()
    if not project.plan_approved:
        raise ValidationError(
            _(
                "The plan of this project is not approved yet: a node can be recorded as done "
                "only once the bureau has approved the plan."
            ),
            code="plan_not_approved",
        )
    check_record_backed(node, project)
    days = late_entry_days()
    if actual_date < timezone.localdate() - datetime.timedelta(days=days) and not late_reason:
        raise ValidationError(
            {
                "late_reason": _(
                    "The actual date is more than %(days)d days ago: say why it is recorded "
                    "only now."
                )
                % {"days": days}
            }
        )
    waiting = (
        NodeCompletion.objects.filter(
            node__project=project, node__order__lt=node.order, status=NodeCompletion.Status.PENDING
        )
        .select_related("node")
        .first()
    )
    if waiting is not None:
        raise ValidationError(
            _("“%(node)s” awaits the bureau's confirmation: record the next nodes after it.")
            % {"node": waiting.node.name}
        )
    claim = actor is not None and access.completion_needs_confirmation(actor, node)
    if claim and not has_evidence:
        raise ValidationError(
            {
                "files": _(
                    "This node is part of the enterprise's ULE status: attach the evidence "
                    "(report, publicity notice, permit…) for the bureau to confirm it."
                )
            }
        )
    completion = NodeCompletion(
        node=node,
        enterprise_id=project.enterprise_id,
        stage=node.stage_on_completion,
        is_claim=claim,
        actual_date=actual_date,
        late_reason=late_reason,
        recorded_by=actor,
        status=NodeCompletion.Status.PENDING if claim else NodeCompletion.Status.CONFIRMED,
    )
    if not claim and access.carries_ule_status(node):
        completion.decided_by = actor
        completion.decided_at = timezone.now()
    save_audited(completion, actor=actor, enterprise_id=project.enterprise_id)
    if claim:
        completion.node = node
        node.project = project
        notify(
            recipients=access.people(Audience.DECISION_MAKERS),
            key=f"completion:{completion.pk}:submitted",
            message=messages.claim_submitted(completion),
            enterprise_id=project.enterprise_id,
        )
    return completion


def claim_review(
    *, actor: User, claim: NodeCompletion, accept: bool, comment: str = ""
) -> NodeCompletion:
    """The bureau confirms a claim (the enterprise's stage is derived again) or returns it with
    a comment (the node is open again, to be recorded once more). The enterprise's contacts
    and the person who claimed are told."""
    from retrofits.models import MilestoneNode, ProjectStatus, RetrofitProject
    from retrofits.services import enterprise_stage_recompute

    if not access.can_confirm_claims(actor):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what must be corrected before returning it.")})
    with transaction.atomic():
        claim = NodeCompletion.objects.select_for_update().get(pk=claim.pk)
        if claim.status != NodeCompletion.Status.PENDING:
            raise ValidationError(_("This claim has already been decided."))
        node = MilestoneNode.objects.select_for_update().get(pk=claim.node_id)
        project = RetrofitProject.objects.select_related("enterprise").get(pk=node.project_id)
        before = snapshot(claim)
        claim.status = NodeCompletion.Status.CONFIRMED if accept else NodeCompletion.Status.RETURNED
        claim.decided_by = actor
        claim.decided_at = timezone.now()
        claim.decision_comment = comment
        save_audited(claim, actor=actor, before=before, enterprise_id=project.enterprise_id)
        if not accept:
            before_n = snapshot(node)
            node.actual_date = None
            node.completed_by = None
            save_audited(
                node,
                actor=actor,
                before=before_n,
                enterprise_id=project.enterprise_id,
                update_fields=["actual_date", "completed_by"],
                validate=False,
            )
            if project.status == ProjectStatus.COMPLETED:
                before_p = snapshot(project)
                project.status = ProjectStatus.UNDERWAY
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
        claim.node = node
        claim.enterprise = project.enterprise
        notify(
            recipients=[
                *access.people(Audience.CONTACTS, enterprise_id=project.enterprise_id),
                *([claim.recorded_by] if claim.recorded_by else []),
            ],
            key=f"completion:{claim.pk}:decided",
            message=messages.claim_decided(claim),
            enterprise_id=project.enterprise_id,
        )
    return claim
