"""Access to the acceptance app: who may turn a milestone into a confirmed ULE fact.

- Recording a node as done stays with those who work on the project (retrofits rules), and
  only on an approved plan.
- A milestone of the ULE status (the node that completes the retrofit and every node after
  it: stable operation, evaluation, report filed, publicized, permit updated) is a fact only
  when the bureau (office, municipal bureau) records or confirms it: anyone else's completion
  is a claim awaiting the bureau's confirmation, with evidence attached.
- Claims are seen within the usual enterprise scope; only the bureau confirms or returns them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from .roles import (
    can_see_enterprise_id,
    enterprise_scope_q,
    is_authenticated,
    is_bureau,
    is_contact,
    is_contact_of,
)

if TYPE_CHECKING:
    from acceptance.models import (
        Evaluation,
        EvaluationFile,
        ListEntry,
        NodeCompletion,
        Publicity,
    )
    from accounts.models import User
    from enterprises.models import Enterprise
    from retrofits.models import MilestoneNode

__all__ = [
    "access_list_entry",
    "access_publicity",
    "can_manage_listing",
    "visible_list_entries",
    "visible_publicities",
    "access_claim",
    "access_evaluation",
    "access_evaluation_file",
    "can_resubmit_evaluation",
    "can_review_evaluation",
    "can_submit_evaluation",
    "evaluation_enterprise_for",
    "visible_evaluations",
    "can_confirm_claims",
    "carries_ule_status",
    "can_review_claim",
    "completion_needs_confirmation",
    "visible_claims",
]


def can_confirm_claims(user: User) -> bool:
    """Confirm or return ULE-stage claims, and record stage nodes as facts at once: the office
    and the municipal bureau."""
    return is_bureau(user)


# Stages reached by starting work: recording them needs no confirmation.
UNCLAIMED_STAGES = ("", "retrofitting")


def carries_ule_status(node: MilestoneNode) -> bool:
    """Whether ``node`` is a milestone of the ULE status: it carries a stage beyond
    "retrofitting", or comes after such a node in its project."""
    if node.stage_on_completion not in UNCLAIMED_STAGES:
        return True
    return (
        node.project.nodes.filter(order__lt=node.order)
        .exclude(stage_on_completion__in=UNCLAIMED_STAGES)
        .exists()
    )


def completion_needs_confirmation(user: User, node: MilestoneNode) -> bool:
    """Whether ``user`` recording ``node`` as done makes a claim rather than a fact."""
    return not can_confirm_claims(user) and carries_ule_status(node)


def can_review_claim(user: User, claim: NodeCompletion) -> bool:
    return claim.status == "pending" and can_confirm_claims(user)


def visible_claims(user: User) -> QuerySet[NodeCompletion]:
    """Claims (pending or decided) within the user's enterprise scope."""
    from acceptance.models import NodeCompletion

    if not is_authenticated(user):
        return NodeCompletion.objects.none()
    return NodeCompletion.objects.filter(enterprise_scope_q(user, "enterprise"), is_claim=True)


def access_claim(user: User, pk: int, *, review: bool = False) -> NodeCompletion:
    """Fetch a claim and authorize in one step: 404 outside the user's scope, 403 when the
    user may see it but not decide it."""
    from acceptance.models import NodeCompletion

    claim = (
        NodeCompletion.objects.select_related(
            "enterprise__county", "node__project", "recorded_by", "decided_by"
        )
        .filter(pk=pk, is_claim=True)
        .first()
    )
    if claim is None or not can_see_enterprise_id(
        user, claim.enterprise_id, claim.enterprise.county_id
    ):
        raise Http404
    if review and not can_confirm_claims(user):
        raise PermissionDenied
    return claim


# --- evaluations: the enterprise files, the bureau reviews ------------------------------------


def can_submit_evaluation(user: User, enterprise: Enterprise) -> bool:
    """File an evaluation-monitoring record: the enterprise's own contacts."""
    return is_contact_of(user, enterprise.pk)


def evaluation_enterprise_for(user: User) -> int | None:
    """The enterprise a user files evaluations for (a contact's own), or None."""
    return user.enterprise_id if is_contact(user) else None


def can_resubmit_evaluation(user: User, evaluation: Evaluation) -> bool:
    return evaluation.status == "returned" and is_contact_of(user, evaluation.enterprise_id)


def can_review_evaluation(user: User, evaluation: Evaluation) -> bool:
    """The technical review (accept, or return with reasons): the office and the bureau."""
    return evaluation.status == "submitted" and is_bureau(user)


def visible_evaluations(user: User) -> QuerySet[Evaluation]:
    from acceptance.models import Evaluation

    return Evaluation.objects.filter(enterprise_scope_q(user, "enterprise"))


def access_evaluation(user: User, pk: int) -> Evaluation:
    """Fetch an evaluation the user may see (404 otherwise)."""
    from acceptance.models import Evaluation

    evaluation = Evaluation.objects.select_related("enterprise__county").filter(pk=pk).first()
    if evaluation is None or not can_see_enterprise_id(
        user, evaluation.enterprise_id, evaluation.enterprise.county_id
    ):
        raise Http404
    return evaluation


def access_evaluation_file(user: User, pk: int) -> EvaluationFile:
    from acceptance.models import EvaluationFile

    stored = EvaluationFile.objects.select_related("enterprise").filter(pk=pk).first()
    if stored is None or not can_see_enterprise_id(
        user, stored.enterprise_id, stored.enterprise.county_id
    ):
        raise Http404
    return stored


# --- ULE scope, publicity and the ULE list ---------------------------------------------------


def can_manage_listing(user: User) -> bool:
    """Set the ULE scope, record publicity and change the ULE list: the office and the
    municipal bureau (the list is a bureau decision)."""
    return is_bureau(user)


def visible_list_entries(user: User) -> QuerySet[ListEntry]:
    """ULE list entries within the user's enterprise scope (the public pages show the list to
    everyone through their own, narrower selector)."""
    from acceptance.models import ListEntry

    if not is_authenticated(user):
        return ListEntry.objects.none()
    return ListEntry.objects.filter(enterprise_scope_q(user, "enterprise"))


def visible_publicities(user: User) -> QuerySet[Publicity]:
    from acceptance.models import Publicity

    if not is_authenticated(user):
        return Publicity.objects.none()
    return Publicity.objects.filter(enterprise_scope_q(user, "enterprise"))


def access_list_entry(user: User, pk: int) -> ListEntry:
    """Fetch a list entry the user may see (404 otherwise)."""
    from acceptance.models import ListEntry

    entry = ListEntry.objects.select_related("enterprise__county").filter(pk=pk).first()
    if entry is None or not can_see_enterprise_id(
        user, entry.enterprise_id, entry.enterprise.county_id
    ):
        raise Http404
    return entry


def access_publicity(user: User, pk: int) -> Publicity:
    from acceptance.models import Publicity

    publicity = Publicity.objects.select_related("enterprise__county").filter(pk=pk).first()
    if publicity is None or not can_see_enterprise_id(
        user, publicity.enterprise_id, publicity.enterprise.county_id
    ):
        raise Http404
    return publicity
