"""The ULE stage of a project and of its enterprise, derived from the nodes done: a node that
carries a stage counts only once the bureau has confirmed it (``acceptance.NodeCompletion``),
the one source of truth of the stage and of every capacity figure."""

from __future__ import annotations

from collections.abc import Container, Iterable

from accounts.models import User
from enterprises.models import Enterprise, UleStage

from ..models import STAGE_ORDER, MilestoneNode


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
    """Derive the enterprise's ULE stage again from the confirmed facts, its ULE scope, its
    evaluations and the ULE list: ``acceptance.services.status``, the one source of the stage
    and of every capacity figure."""
    from acceptance.services.status import stage_recompute

    return stage_recompute(enterprise=enterprise, actor=actor)
