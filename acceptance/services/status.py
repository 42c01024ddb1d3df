"""The ULE status of an enterprise, derived from confirmed facts only (issue 13, items 2 and 8).

- Each pillar in the enterprise's scope (organized, fugitive, clean transport) stands at the
  least advanced stage of its projects, counting a stage node only once the bureau confirmed it.
- The enterprise stands at its least advanced pillar in scope: it is "completed" only when every
  pillar in scope is.
- "Evaluation monitoring done" needs an accepted evaluation of the whole plant that finds every
  pillar in scope meeting the requirements; "publicized" needs the enterprise on the ULE list.
- The list decides from there: listed, under review, suspended, or removed.
- Units covered by an accepted partial evaluation are counted apart (``ule_partial_capacity_t``)
  while the plant is not listed.

``Enterprise.ule_stage`` and ``Enterprise.ule_partial_capacity_t`` are caches of this, written
only by ``stage_recompute``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.audit import save_audited, snapshot
from enterprises.models import Enterprise, ProductionUnit, UleStage

from ..models import (
    PILLARS,
    Conclusion,
    Evaluation,
    ListEntry,
    ListStatus,
    NodeCompletion,
    Pillar,
)
from ..selectors import scopes_of

LISTED_STAGES = {
    ListStatus.LISTED: UleStage.PUBLICIZED,
    ListStatus.UNDER_REVIEW: UleStage.UNDER_REVIEW,
    ListStatus.SUSPENDED: UleStage.SUSPENDED,
    ListStatus.REVOKED: UleStage.REMOVED,
}


def _order() -> list[str]:
    from retrofits.models import STAGE_ORDER

    return list(STAGE_ORDER)


@dataclass
class PillarState:
    """One pillar of an enterprise: in scope or not, its stage and the projects behind it."""

    pillar: str
    in_scope: bool
    stage: str
    note: str = ""
    projects: list = field(default_factory=list)
    units: list[ProductionUnit] = field(default_factory=list)

    @property
    def label(self) -> str:
        return Pillar(self.pillar).label

    @property
    def stage_label(self) -> str:
        return UleStage(self.stage).label

    @property
    def missing(self) -> bool:
        """In scope with no project at all: the enterprise cannot complete."""
        return self.in_scope and not self.projects


@dataclass
class UleStatus:
    enterprise: Enterprise
    stage: str
    facts_stage: str  # the stage the facts give before the ULE list decides
    pillars: list[PillarState]
    evaluation: Evaluation | None
    entry: ListEntry | None
    partial_units: list[ProductionUnit]
    partial_capacity: int
    blockers: list[str]

    @property
    def stage_label(self) -> str:
        return UleStage(self.stage).label


def meets_all(evaluation: Evaluation, pillars: Iterable[str]) -> bool:
    return all(getattr(evaluation, p) == Conclusion.MEETS for p in pillars)


# The pillars that belong to a production line (kiln line, coke-oven battery); clean transport
# is the plant's, so an evaluation of some lines may leave it "not covered".
LINE_PILLARS = (Pillar.ORGANIZED, Pillar.FUGITIVE)


def partial_meets(evaluation: Evaluation, pillars: Iterable[str]) -> bool:
    """A partial evaluation completes its lines when every line pillar in scope meets the
    requirements and no pillar fails."""
    pillars = list(pillars)
    return meets_all(evaluation, [p for p in pillars if p in LINE_PILLARS]) and not any(
        getattr(evaluation, p) == Conclusion.FAILS for p in pillars
    )


def _open_before_record(pillars: Iterable[PillarState], record_stage: str) -> list[str]:
    """Projects whose node carrying ``record_stage`` cannot follow from its record yet because
    nodes before it are still open (``record_nodes`` only records after done nodes): named,
    with the open nodes, so nobody waits for a node that will not come by itself."""
    lines = []
    for pillar in pillars:
        for project in pillar.projects:
            nodes = sorted(project.nodes.all(), key=lambda n: n.order)
            target = next((n for n in nodes if n.stage_on_completion == record_stage), None)
            if target is None or target.actual_date is not None:
                continue
            waiting = [n.name for n in nodes if n.order < target.order and n.actual_date is None]
            if waiting:
                lines.append(
                    _(
                        "%(project)s: “%(node)s” follows from the accepted evaluation once the "
                        "nodes before it are recorded (still open: %(open)s)."
                    )
                    % {"project": project.name, "node": target.name, "open": "、".join(waiting)}
                )
    return lines


def status_of(enterprise: Enterprise) -> UleStatus:
    """The enterprise's ULE status from the facts (a fixed number of queries)."""
    from retrofits.models import ProjectStatus, RetrofitProject
    from retrofits.services import project_stage

    order = _order()
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
    stages = {p.pk: project_stage(p.nodes.all(), confirmed) for p in projects}
    scopes = scopes_of(enterprise)
    pillars: list[PillarState] = []
    for pillar in PILLARS:
        scope = scopes.get(pillar)
        mine = [p for p in projects if p.category == pillar]
        stage = min((stages[p.pk] for p in mine), key=order.index) if mine else UleStage.NOT_STARTED
        pillars.append(
            PillarState(
                pillar=pillar,
                in_scope=scope.in_scope if scope else True,
                stage=stage,
                note=scope.note if scope else "",
                projects=mine,
                units=list(scope.units.all()) if scope else [],
            )
        )
    in_scope = [p for p in pillars if p.in_scope]
    stage = min((p.stage for p in in_scope), key=order.index) if in_scope else UleStage.NOT_STARTED
    if stage == UleStage.NOT_STARTED and any(s != UleStage.NOT_STARTED for s in stages.values()):
        stage = UleStage.RETROFITTING
    blockers: list[str] = []
    for p in in_scope:
        if p.missing:
            blockers.append(
                _("No retrofit project for “%(pillar)s”, which is in the ULE scope.")
                % {"pillar": p.label}
            )
    accepted = list(
        Evaluation.objects.filter(enterprise=enterprise, status=Evaluation.Status.ACCEPTED)
        .prefetch_related("units")
        .order_by("-reviewed_at", "-id")
    )
    scope_pillars = [p.pillar for p in in_scope]
    full = next(
        (e for e in accepted if e.scope == Evaluation.Scope.FULL and meets_all(e, scope_pillars)),
        None,
    )
    if full is not None:
        blockers.extend(_open_before_record(in_scope, UleStage.EVALUATED))
    if order.index(stage) >= order.index(UleStage.EVALUATED) and full is None:
        stage = UleStage.STABLE
        blockers.append(
            _("No accepted evaluation finds every pillar in scope meeting the ULE requirements.")
        )
    if order.index(stage) >= order.index(UleStage.PUBLICIZED):
        stage = UleStage.EVALUATED
    facts_stage = stage
    entry = ListEntry.objects.filter(enterprise=enterprise).first()
    if entry is not None:
        stage = LISTED_STAGES[entry.status]
    partial_units: list[ProductionUnit] = []
    partial_capacity = 0
    if entry is None or entry.status != ListStatus.LISTED:
        seen: set[int] = set()
        for e in accepted:
            if e.scope == Evaluation.Scope.PARTIAL and partial_meets(e, scope_pillars):
                for unit in e.units.all():
                    if unit.pk not in seen:
                        seen.add(unit.pk)
                        partial_units.append(unit)
        partial_capacity = partial_capacity_of(enterprise, partial_units)
    return UleStatus(
        enterprise=enterprise,
        stage=stage,
        facts_stage=facts_stage,
        pillars=pillars,
        evaluation=full,
        entry=entry,
        partial_units=partial_units,
        partial_capacity=partial_capacity,
        blockers=blockers,
    )


def partial_capacity_of(enterprise: Enterprise, units: list[ProductionUnit]) -> int:
    """The share of the enterprise's annual capacity (t/a) that ``units`` stand for: their
    capacity over that of all its units of the same kind (kiln lines in t/d, coke-oven batteries
    in t/a)."""
    if not units:
        return 0
    all_units = list(enterprise.units.all())
    kinds = {u.kind for u in units}
    total = sum(u.capacity for u in all_units if u.kind in kinds)
    if not total:
        return 0
    share = sum(u.capacity for u in units) / total
    return min(enterprise.annual_capacity_t, round(enterprise.annual_capacity_t * share))


def stage_recompute(*, enterprise: Enterprise, actor: User | None) -> str:
    """Derive the enterprise's ULE stage and partial capacity again and store them (audited)
    when they changed."""
    status = status_of(enterprise)
    if (status.stage, status.partial_capacity) != (
        enterprise.ule_stage,
        enterprise.ule_partial_capacity_t,
    ):
        with transaction.atomic():
            fresh = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
            before = snapshot(fresh)
            fresh.ule_stage = status.stage
            fresh.ule_partial_capacity_t = status.partial_capacity
            save_audited(
                fresh,
                actor=actor,
                before=before,
                enterprise_id=fresh.pk,
                update_fields=["ule_stage", "ule_partial_capacity_t", "updated_at"],
                validate=False,
            )
        enterprise.ule_stage = status.stage
        enterprise.ule_partial_capacity_t = status.partial_capacity
    return status.stage
