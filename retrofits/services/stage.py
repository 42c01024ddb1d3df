"""The ULE stage of a project and of its enterprise, derived from the nodes done: a node that
carries a stage counts only once the bureau has confirmed it (``acceptance.NodeCompletion``),
the one source of truth of the stage and of every capacity figure."""

from __future__ import annotations

from collections.abc import Container, Iterable

from django.db import transaction

from accounts.models import User
from core.audit import save_audited, snapshot
from enterprises.models import Enterprise, UleStage

from ..models import STAGE_ORDER, MilestoneNode, ProjectStatus, RetrofitProject


def project_stage(nodes: Iterable[MilestoneNode], confirmed: Container[int] | None = None) -> str:
    """The ULE stage a project has reached: that of its last done node carrying a stage;
    retrofitting once any node is done; not started otherwise. With ``confirmed`` (the ids of
    the stage nodes the bureau confirmed), a stage node not in it stops the count there."""
    stage = UleStage.NOT_STARTED
    for node in sorted(nodes, key=lambda n: n.order):
        if node.actual_date is None:
            break
        if (
            node.stage_on_completion not in ("", UleStage.RETROFITTING)
            and confirmed is not None
            and node.pk not in confirmed
        ):
            break
        stage = max(
            stage,
            node.stage_on_completion or UleStage.RETROFITTING,
            key=STAGE_ORDER.index,
        )
    return stage


def enterprise_stage_recompute(*, enterprise: Enterprise, actor: User | None) -> str:
    """An enterprise's ULE stage follows from its projects' confirmed facts: the least advanced
    of them, and "retrofitting" as soon as any project has started; not started without
    projects. An enterprise removed from the ULE list stays removed (a bureau decision). The
    ``ule_stage`` column is a cache of this, written only here."""
    from acceptance.models import NodeCompletion

    if enterprise.ule_stage == UleStage.REMOVED:
        return enterprise.ule_stage
    projects = list(
        RetrofitProject.objects.filter(enterprise=enterprise)
        .exclude(status=ProjectStatus.SUSPENDED)
        .prefetch_related("nodes")
    )
    confirmed = set(
        NodeCompletion.objects.filter(
            enterprise=enterprise, status=NodeCompletion.Status.CONFIRMED
        ).values_list("node_id", flat=True)
    )
    stages = [project_stage(p.nodes.all(), confirmed) for p in projects] or [UleStage.NOT_STARTED]
    stage = min(stages, key=STAGE_ORDER.index)
    if stage == UleStage.NOT_STARTED and any(s != UleStage.NOT_STARTED for s in stages):
        stage = UleStage.RETROFITTING
    if stage != enterprise.ule_stage:
        with transaction.atomic():
            fresh = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
            before = snapshot(fresh)
            fresh.ule_stage = stage
            save_audited(
                fresh,
                actor=actor,
                before=before,
                enterprise_id=fresh.pk,
                update_fields=["ule_stage", "updated_at"],
                validate=False,
            )
        enterprise.ule_stage = stage
    return stage
