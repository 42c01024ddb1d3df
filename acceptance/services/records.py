"""Milestone nodes that follow from a record rather than from a person's word: "evaluation
monitoring done" and "report filed" from an accepted evaluation, "publicized" (and nothing
after it) from the ULE list. ``check_record_backed`` refuses recording them by hand before the
record exists; ``record_nodes`` records them when it does."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from enterprises.models import Enterprise, UleStage

from ..models import Evaluation, ListEntry, ListStatus, PillarScope

if TYPE_CHECKING:
    from retrofits.models import MilestoneNode, RetrofitProject


def _stages_up_to(project: RetrofitProject, node: MilestoneNode) -> set[str]:
    return set(
        project.nodes.filter(order__lte=node.order).values_list("stage_on_completion", flat=True)
    )


def _evaluation_covers(project: RetrofitProject) -> bool:
    units = set(project.units.values_list("pk", flat=True))
    for evaluation in Evaluation.objects.filter(
        enterprise_id=project.enterprise_id, status=Evaluation.Status.ACCEPTED
    ).prefetch_related("units"):
        if evaluation.scope == Evaluation.Scope.FULL or units <= {
            u.pk for u in evaluation.units.all()
        }:
            return True
    return False


def check_record_backed(node: MilestoneNode, project: RetrofitProject) -> None:
    """Refuse recording by hand a node that follows from an evaluation or the ULE list
    before that record exists."""
    stages = _stages_up_to(project, node)
    if (
        UleStage.PUBLICIZED in stages
        and not ListEntry.objects.filter(enterprise_id=project.enterprise_id)
        .exclude(status=ListStatus.REVOKED)
        .exists()
    ):
        raise ValidationError(
            _(
                "“%(node)s” follows from the publicity: it is recorded when the enterprise "
                "enters the ULE list after its publicity ends, not by hand."
            )
            % {"node": node.name},
            code="needs_listing",
        )
    if UleStage.EVALUATED in stages and not _evaluation_covers(project):
        raise ValidationError(
            _(
                "“%(node)s” follows from the evaluation record: file the evaluation under "
                "Evaluations; this node is recorded when the bureau accepts it."
            )
            % {"node": node.name},
            code="needs_evaluation",
        )


def record_nodes(
    enterprise: Enterprise,
    *,
    actor: User | None,
    stages: Iterable[str],
    day: datetime.date,
    note: str,
    units: set[int] | None = None,
    follow: bool = True,
) -> int:
    """Record as done, on ``day`` (or the previous node's date if later), the open nodes of the
    enterprise's projects from the first node carrying one of ``stages`` up to the next node
    carrying another stage, where every earlier node is done; only projects of pillars in scope,
    and with ``units`` only those covering no other unit. Recorded by the bureau's decision:
    confirmed facts. With ``follow`` False, only the nodes carrying one of ``stages``. Returns
    how many nodes were recorded."""
    from retrofits.models import ProjectStatus, RetrofitProject
    from retrofits.services import node_complete

    stages = set(stages)
    out_of_scope = set(
        PillarScope.objects.filter(enterprise=enterprise, in_scope=False).values_list(
            "pillar", flat=True
        )
    )
    recorded = 0
    projects = (
        RetrofitProject.objects.filter(enterprise=enterprise)
        .exclude(status=ProjectStatus.SUSPENDED)
        .exclude(category__in=out_of_scope)
        .prefetch_related("nodes", "units")
    )
    for project in projects:
        if units is not None and not {u.pk for u in project.units.all()} <= units:
            continue
        nodes = sorted(project.nodes.all(), key=lambda n: n.order)
        started = False
        previous: datetime.date | None = None
        for node in nodes:
            if node.stage_on_completion in stages:
                started = True
            elif started and (
                not follow or node.stage_on_completion not in ("", UleStage.RETROFITTING)
            ):
                break
            if not started:
                if node.actual_date is None:
                    break
                previous = node.actual_date
                continue
            if node.actual_date is not None:
                previous = node.actual_date
                continue
            when = max(day, previous) if previous else day
            try:
                with transaction.atomic():
                    node_complete(
                        actor=actor,
                        node=node,
                        actual_date=when,
                        note=note,
                        late_reason=note,
                        system=actor is None,
                    )
            except ValidationError:
                break
            previous = when
            recorded += 1
    return recorded
