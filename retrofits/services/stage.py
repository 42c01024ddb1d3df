"""The ULE stage of a project and of its enterprise, derived from the nodes done."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from core.audit import save_audited, snapshot
from enterprises.models import Enterprise, UleStage

from ..models import STAGE_ORDER, MilestoneNode, ProjectStatus, RetrofitProject


def project_stage(nodes: Iterable[MilestoneNode]) -> str:
    """The ULE stage a project has reached: that of its last done node carrying a stage;
    retrofitting once any node is done; not started otherwise."""
    stage = UleStage.NOT_STARTED
    for node in sorted(nodes, key=lambda n: n.order):
        if node.actual_date is None:
            break
        stage = max(
            stage,
            node.stage_on_completion or UleStage.RETROFITTING,
            key=STAGE_ORDER.index,
        )
    return stage


def enterprise_stage_recompute(*, enterprise: Enterprise, actor: User | None) -> str:
    """An enterprise's ULE stage follows from its projects: the least advanced of them, and
    "retrofitting" as soon as any project has started. An enterprise removed from the ULE list
    stays removed (a bureau decision), and one without projects keeps its recorded stage."""
    if enterprise.ule_stage == UleStage.REMOVED:
        return enterprise.ule_stage
    projects = list(
        RetrofitProject.objects.filter(enterprise=enterprise)
        .exclude(status=ProjectStatus.SUSPENDED)
        .prefetch_related("nodes")
    )
    if not projects:
        return enterprise.ule_stage
    stages = [project_stage(p.nodes.all()) for p in projects]
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
