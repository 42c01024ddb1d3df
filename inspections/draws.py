"""Double-random draws ("double random, one public", ../shared/domain.md section 9).

A draw is a pure function of its seed and its inputs (``draw_compute``): the target pool with
a class per enterprise and a ratio per class, the inspector pool with each inspector's scope
and declared conflicts, the period and the number of inspectors per target. Inputs are stored
sorted by id, and ``random.Random(seed)`` is the only source of chance, so anyone holding the
record can re-run the draw and get exactly the same result.
"""

from __future__ import annotations

import math
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited
from core.dates import check_plausible
from core.locks import advisory_xact_lock
from core.params import parse_int
from enterprises.models import County, Enterprise

from .models import ConflictDeclaration, Draw, DrawSupersession, DrawTarget, TargetClass

CLASS_ORDER = [TargetClass.KEY.value, TargetClass.SPECIAL.value, TargetClass.GENERAL.value]
# Local quotas per quarter (domain notes section 9, examples; editable on the form).
DEFAULT_RATIOS = {"key": 25, "special": 15, "general": 5}
ALGORITHM = "ule-draw-v1"


@dataclass(frozen=True)
class PoolEntry:
    enterprise: Enterprise
    target_class: str


def build_inputs(
    *,
    period_start: date,
    period_end: date,
    pool: Sequence[PoolEntry],
    ratios: dict[str, int],
    inspectors: Sequence[User],
    inspectors_per_target: int = 2,
) -> dict[str, Any]:
    """The draw's inputs as plain data, every list sorted by id."""
    inspector_ids = sorted({u.pk for u in inspectors})
    enterprise_ids = sorted({p.enterprise.pk for p in pool})
    conflicts = sorted(
        ConflictDeclaration.objects.filter(
            inspector_id__in=inspector_ids, enterprise_id__in=enterprise_ids
        ).values_list("inspector_id", "enterprise_id")
    )
    return {
        "algorithm": ALGORITHM,
        "period_start": period_start.isoformat(),
        "period_end": period_end.isoformat(),
        "ratios": {k: int(ratios.get(k, 0)) for k in CLASS_ORDER},
        "inspectors_per_target": int(inspectors_per_target),
        "targets": sorted(
            (
                {
                    "enterprise_id": p.enterprise.pk,
                    "county_id": p.enterprise.county_id,
                    "class": p.target_class,
                }
                for p in pool
            ),
            key=lambda t: t["enterprise_id"],
        ),
        "inspectors": sorted(
            (
                {
                    "user_id": u.pk,
                    # county staff inspect only in their own county; others city-wide
                    "county_id": access.inspector_county_limit(u),
                }
                for u in {u.pk: u for u in inspectors}.values()
            ),
            key=lambda i: i["user_id"],
        ),
        "conflicts": [list(c) for c in conflicts],
    }


@dataclass(frozen=True)
class PoolSummary:
    """A recorded target pool counted by county (at the time of the draw) and class."""

    classes: list[tuple[str, str]]  # (class, label), in the draw's order
    # per county: the county (None if deleted since), its id, (class, count) per class, all
    rows: list[tuple[County | None, int | None, list[tuple[str, int]], int]]
    totals: list[tuple[str, int]]
    total: int


def pool_summary(inputs: dict[str, Any]) -> PoolSummary:
    """Counts of ``inputs``' target pool per county and class: work per county on the page,
    not per enterprise (the pool of a city-wide draw is every enterprise)."""
    counts: dict[int | None, dict[str, int]] = {}
    for t in inputs.get("targets", []):
        per_class = counts.setdefault(t.get("county_id"), dict.fromkeys(CLASS_ORDER, 0))
        if t["class"] in per_class:
            per_class[t["class"]] += 1
    counties = County.objects.in_bulk([pk for pk in counts if pk is not None])
    ordered = sorted(
        counts, key=lambda pk: (pk not in counties, counties[pk].code if pk in counties else "")
    )
    rows = [
        (counties.get(pk), pk, list(counts[pk].items()), sum(counts[pk].values())) for pk in ordered
    ]
    totals = [(k, sum(counts[pk][k] for pk in counts)) for k in CLASS_ORDER]
    return PoolSummary(
        classes=[(k, TargetClass(k).label) for k in CLASS_ORDER],
        rows=rows,
        totals=totals,
        total=sum(n for _k, n in totals),
    )


def pool_entries(
    inputs: dict[str, Any], *, klass: str = "", county_id: int | None = None
) -> list[dict[str, Any]]:
    """The recorded pool's entries (enterprise, county, class), in the draw's order (by
    enterprise id), of one class and county when given."""
    return [
        t
        for t in inputs.get("targets", [])
        if (not klass or t["class"] == klass)
        and (county_id is None or t.get("county_id") == county_id)
    ]


def pool_filter(params: Mapping[str, str]) -> tuple[str, int | None]:
    """The class and county a pool list is limited to (``?class=`` and ``?county=``; an
    unknown class or a county that is not a number means no limit)."""
    klass = params.get("class", "")
    return (klass if klass in CLASS_ORDER else ""), parse_int(params.get("county"))


def draw_compute(inputs: dict[str, Any], seed: int) -> dict[str, Any]:
    """Pick targets per class by ratio, then at least ``inspectors_per_target`` eligible,
    unconflicted inspectors and an inspection date for each. Deterministic in (inputs, seed)."""
    rng = random.Random(seed)
    per_target = max(2, int(inputs["inspectors_per_target"]))
    start = date.fromisoformat(inputs["period_start"])
    end = date.fromisoformat(inputs["period_end"])
    days = (end - start).days + 1
    conflicts = {(c[0], c[1]) for c in inputs["conflicts"]}
    inspectors = sorted(inputs["inspectors"], key=lambda i: i["user_id"])
    picked: list[dict[str, Any]] = []
    unassigned: list[dict[str, Any]] = []
    counts: dict[str, dict[str, int]] = {}
    for klass in CLASS_ORDER:
        pool = sorted(
            (t for t in inputs["targets"] if t["class"] == klass),
            key=lambda t: t["enterprise_id"],
        )
        ratio = int(inputs["ratios"].get(klass, 0))
        n = math.ceil(len(pool) * ratio / 100) if pool and ratio > 0 else 0
        chosen = rng.sample(pool, n)
        counts[klass] = {"pool": len(pool), "ratio": ratio, "drawn": n}
        for target in chosen:
            eid = target["enterprise_id"]
            eligible = [
                i["user_id"]
                for i in inspectors
                if (i["user_id"], eid) not in conflicts
                and (i["county_id"] is None or i["county_id"] == target["county_id"])
            ]
            when = start + timedelta(days=rng.randrange(days))
            if len(eligible) < per_target:
                unassigned.append({"enterprise_id": eid, "class": klass, "eligible": len(eligible)})
                continue
            team = sorted(rng.sample(eligible, per_target))
            picked.append(
                {
                    "enterprise_id": eid,
                    "class": klass,
                    "inspection_date": when.isoformat(),
                    "inspectors": team,
                }
            )
    return {"targets": picked, "unassigned": unassigned, "counts": counts}


def new_seed() -> int:
    return secrets.randbits(62)


class SupersedeRequired(ValidationError):
    """A standing draw already covers the period and part of the pool: a new draw replaces
    it only with a recorded reason. ``standing`` lists those draws."""

    def __init__(self, standing: list[Draw]):
        super().__init__(
            {
                "supersede_reason": _(
                    "A standing draw already covers this period and some of these "
                    "enterprises (%(titles)s). Record why this draw supersedes it; it stays "
                    "visible, marked superseded, and no longer counts."
                )
                % {"titles": "、".join(d.title for d in standing)}
            },
            code="supersede",
        )
        self.standing = standing


def standing_draws(
    *, period_start: date, period_end: date, enterprise_ids: Sequence[int]
) -> list[Draw]:
    """Draws not superseded whose period overlaps this one and whose pool shares an
    enterprise with ``enterprise_ids`` (the same period and scope)."""
    wanted = set(enterprise_ids)
    overlapping = Draw.objects.filter(
        supersession__isnull=True, period_start__lte=period_end, period_end__gte=period_start
    ).order_by("period_start", "id")
    return [
        d
        for d in overlapping
        if wanted & {t["enterprise_id"] for t in (d.inputs or {}).get("targets", [])}
    ]


def _supersede(*, draws: Sequence[Draw], by: Draw, actor: User, reason: str) -> None:
    """Mark ``draws`` superseded by ``by`` (a row per draw: draws themselves never change)."""
    for old in Draw.objects.select_for_update().filter(pk__in=[d.pk for d in draws]):
        if DrawSupersession.objects.filter(draw=old).exists():
            continue
        save_audited(
            DrawSupersession(draw=old, superseded_by=by, decided_by=actor, reason=reason),
            actor=actor,
        )


def _one_draw_at_a_time() -> None:
    """Two draws for the same period run at once would each find no standing draw and both
    stand. On PostgreSQL the second waits here for the first to commit, then finds it (each
    statement reads what is committed)."""
    advisory_xact_lock("inspections draws")


def draw_run(
    *,
    actor: User,
    title: str,
    period_start: date,
    period_end: date,
    pool: Sequence[PoolEntry],
    ratios: dict[str, int],
    inspectors: Sequence[User],
    inspectors_per_target: int = 2,
    seed: int | None = None,
    supersede_reason: str = "",
) -> Draw:
    """Run and record a draw (office only). A standing draw for the same period and scope is
    superseded only with ``supersede_reason`` (else ``SupersedeRequired``)."""
    if not access.can_run_draw(actor):
        raise PermissionDenied
    check_plausible(period_start=period_start, period_end=period_end)
    errors: dict[str, str] = {}
    if period_end < period_start:
        errors["period_end"] = _("The period ends before it starts.")
    if inspectors_per_target < 2:
        errors["inspectors_per_target"] = _("At least two inspectors per target.")
    if len({u.pk for u in inspectors}) < 2:
        errors["inspectors"] = _("The inspector pool needs at least two inspectors.")
    if not pool:
        errors["__all__"] = _("The target pool is empty.")
    bad_ratio = [k for k, v in ratios.items() if not 0 <= int(v) <= 100]
    if bad_ratio:
        errors["__all__"] = _("Ratios are percentages between 0 and 100.")
    if any(not access.is_inspector(u) for u in inspectors):
        errors["inspectors"] = _("Only inspectors can be in the inspector pool.")
    if errors:
        raise ValidationError(errors)
    seed = new_seed() if seed is None else int(seed)
    inputs = build_inputs(
        period_start=period_start,
        period_end=period_end,
        pool=pool,
        ratios=ratios,
        inspectors=inspectors,
        inspectors_per_target=inspectors_per_target,
    )
    result = draw_compute(inputs, seed)
    reason = (supersede_reason or "").strip()
    with transaction.atomic():
        _one_draw_at_a_time()
        standing = standing_draws(
            period_start=period_start,
            period_end=period_end,
            enterprise_ids=[e.enterprise.pk for e in pool],
        )
        if standing and not reason:
            raise SupersedeRequired(standing)
        draw = save_audited(
            Draw(
                title=title.strip()
                or _("Draw %(start)s to %(end)s")
                % {"start": period_start.isoformat(), "end": period_end.isoformat()},
                period_start=period_start,
                period_end=period_end,
                seed=seed,
                inputs=inputs,
                result=result,
                created_by=actor,
            ),
            actor=actor,
        )
        _save_targets(draw, result)
        if standing:
            _supersede(draws=standing, by=draw, actor=actor, reason=reason)
    return draw


def _save_targets(draw: Draw, result: dict[str, Any]) -> None:
    targets = DrawTarget.objects.bulk_create(
        [
            DrawTarget(
                draw=draw,
                enterprise_id=t["enterprise_id"],
                target_class=t["class"],
                inspection_date=date.fromisoformat(t["inspection_date"]),
                position=pos,
            )
            for pos, t in enumerate(result["targets"], start=1)
        ]
    )
    through = DrawTarget.inspectors.through
    through.objects.bulk_create(
        [
            through(drawtarget_id=target.pk, user_id=uid)
            for target, t in zip(targets, result["targets"], strict=True)
            for uid in t["inspectors"]
        ]
    )


@dataclass(frozen=True)
class Verification:
    draw: Draw
    recomputed: dict[str, Any]

    @property
    def identical(self) -> bool:
        return self.recomputed == self.draw.result


def draw_verify(*, draw: Draw) -> Verification:
    """Re-run the draw from its record (seed and inputs) and compare with what was recorded."""
    return Verification(draw=draw, recomputed=draw_compute(draw.inputs, draw.seed))
