"""Reads of the acceptance app, scoped to the user, each page in a fixed number of queries."""

from __future__ import annotations

from django.db.models import Count, QuerySet

import access
from accounts.models import User
from enterprises.models import Enterprise, UleStage

from .models import (
    Evaluation,
    ListChange,
    ListEntry,
    ListStatus,
    NodeCompletion,
    PillarScope,
    Publicity,
)


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


# --- ULE scope, publicity and the list -------------------------------------------------------


def list_entries(*, user: User, status: str = "") -> QuerySet[ListEntry]:
    qs = access.visible_list_entries(user).select_related("enterprise__county", "revocation_reason")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("enterprise__county__code", "enterprise__name_zh", "id")


def list_counts(*, user: User) -> dict[str, int]:
    rows = access.visible_list_entries(user).values("status").annotate(n=Count("id")).order_by()
    counts = dict.fromkeys(ListStatus.values, 0)
    counts.update({r["status"]: r["n"] for r in rows})
    return counts


def list_entry_detail(*, entry: ListEntry) -> ListEntry:
    return ListEntry.objects.select_related(
        "enterprise__county", "publicity", "revocation_reason"
    ).get(pk=entry.pk)


def list_changes(*, entry: ListEntry) -> QuerySet[ListChange]:
    return entry.changes.select_related(
        "decided_by", "revocation_reason", "finding", "publicity"
    ).order_by("-decided_at", "-id")


def findings_for_listing(*, entry: ListEntry):
    """Findings of the listed enterprise a change may rest on: those recorded since its
    publicity began, newest first."""
    from inspections.models import Finding

    return Finding.objects.filter(
        enterprise_id=entry.enterprise_id, created_at__date__gte=entry.publicity.start
    ).order_by("-created_at", "-id")


def open_publicities(*, user: User) -> list[Publicity]:
    return list(
        access.visible_publicities(user)
        .filter(status=Publicity.Status.OPEN)
        .select_related("enterprise__county")
        .order_by("end", "id")
    )


def ready_to_publicize(*, user: User) -> list[Enterprise]:
    """Enterprises whose evaluation the bureau accepted (stage "evaluation monitoring done")
    with no publicity open: the next step is theirs."""
    return list(
        access.visible_enterprises(user)
        .filter(ule_stage=UleStage.EVALUATED)
        .exclude(publicities__status=Publicity.Status.OPEN)
        .select_related("county")
        .order_by("county__code", "name_zh")
    )


def publicities_of(*, enterprise: Enterprise) -> list[Publicity]:
    return list(enterprise.publicities.select_related("recorded_by").order_by("-start", "-id"))


def publicity_detail(*, publicity: Publicity) -> Publicity:
    return Publicity.objects.select_related(
        "enterprise__county", "evaluation", "recorded_by", "closed_by"
    ).get(pk=publicity.pk)


def scopes_of(enterprise: Enterprise) -> dict[str, PillarScope]:
    return {
        s.pillar: s
        for s in PillarScope.objects.filter(enterprise=enterprise).prefetch_related("units")
    }


# --- the public pages: what a citizen may read ------------------------------------------------


def public_list(*, status: str = "") -> QuerySet[ListEntry]:
    """Every entry of the ULE list with public fields only (name, county, industry, capacity,
    dates, status, the revocation reason's category)."""
    qs = ListEntry.objects.select_related("enterprise__county", "revocation_reason").only(
        "status",
        "listed_on",
        "revoked_on",
        "barred_until",
        "enterprise__name_zh",
        "enterprise__name_en",
        "enterprise__industry",
        "enterprise__annual_capacity_t",
        "enterprise__is_illustrative",
        "enterprise__county__name_zh",
        "enterprise__county__name_en",
        "enterprise__county__code",
        "revocation_reason__name_zh",
        "revocation_reason__name_en",
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("enterprise__county__code", "enterprise__name_zh", "id")


def public_changes() -> QuerySet[ListChange]:
    """The history of the list, newest first, without the bureau's free-text reasons."""
    return (
        ListChange.objects.select_related("enterprise__county", "revocation_reason", "entry")
        .only(
            "from_status",
            "to_status",
            "decided_on",
            "decided_at",
            "publicity_id",
            "entry__barred_until",
            "enterprise__name_zh",
            "enterprise__name_en",
            "enterprise__county__name_zh",
            "enterprise__county__name_en",
            "revocation_reason__name_zh",
            "revocation_reason__name_en",
            "revocation_reason__bar_months",
        )
        .order_by("-decided_at", "-id")
    )
