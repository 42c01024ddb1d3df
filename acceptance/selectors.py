"""Reads of the acceptance app, scoped to the user, each page in a fixed number of queries."""

from __future__ import annotations

from django.db.models import QuerySet

import access
from accounts.models import User

from .models import Evaluation, NodeCompletion


def claims(*, user: User, pending_only: bool = True) -> QuerySet[NodeCompletion]:
    """ULE-stage claims the user may see, oldest pending first."""
    qs = access.visible_claims(user).select_related(
        "enterprise__county", "node__project", "recorded_by", "decided_by"
    )
    if pending_only:
        qs = qs.filter(status=NodeCompletion.Status.PENDING)
    return qs.order_by("recorded_at", "id")


def pending_claim_count(*, user: User) -> int:
    return access.visible_claims(user).filter(status=NodeCompletion.Status.PENDING).count()


def claim_detail(*, claim: NodeCompletion) -> NodeCompletion:
    return (
        NodeCompletion.objects.select_related(
            "enterprise__county", "node__project", "recorded_by", "decided_by"
        )
        .prefetch_related("node__evidence")
        .get(pk=claim.pk)
    )


def evaluations(*, user: User) -> QuerySet[Evaluation]:
    """Evaluations the user may see, newest first."""
    return (
        access.visible_evaluations(user)
        .select_related("enterprise__county", "submitted_by", "reviewed_by")
        .prefetch_related("units")
        .order_by("-submitted_at", "-id")
    )


def evaluation_detail(*, evaluation: Evaluation) -> Evaluation:
    return (
        Evaluation.objects.select_related("enterprise__county", "submitted_by", "reviewed_by")
        .prefetch_related("units", "files")
        .get(pk=evaluation.pk)
    )
