"""inspections.draws: the double-random draw, a pure function of its seed and inputs, recorded
by the office and re-run by anyone from its record."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections import draws
from inspections.draws import PoolEntry
from inspections.models import ConflictDeclaration, TargetClass
from tests.factories import EnterpriseFactory, UserFactory


@pytest.fixture
def pool_world(world):
    """Thirty enterprises in three classes across the two counties, six inspectors."""
    ents = [
        EnterpriseFactory(county=world.county_a if n % 2 else world.county_b) for n in range(30)
    ]
    classes = [TargetClass.KEY] * 8 + [TargetClass.SPECIAL] * 10 + [TargetClass.GENERAL] * 12
    pool = [PoolEntry(e, c) for e, c in zip(ents, classes, strict=True)]
    extra = [UserFactory(username=f"insp{n}", role="bureau") for n in range(3)]
    inspectors = [world.bureau, world.vehicle, world.county_a_staff, *extra]
    return pool, inspectors


def _run(world, pool, inspectors, seed=None, ratios=None):
    # the same period and pool again and again: each run supersedes the one before it
    return draws.draw_run(
        actor=world.office,
        title="2026年第四季度",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 12, 31),
        pool=pool,
        ratios=ratios or {"key": 25, "special": 15, "general": 5},
        inspectors=inspectors,
        seed=seed,
        supersede_reason="测试：同一期间重新抽取",
    )


def test_ratios_per_class_are_honoured(world, pool_world):
    pool, inspectors = pool_world
    draw = _run(world, pool, inspectors, seed=7)
    by_class = {}
    for t in draw.targets.all():
        by_class[t.target_class] = by_class.get(t.target_class, 0) + 1
    # ceil(8 × 25%) = 2, ceil(10 × 15%) = 2, ceil(12 × 5%) = 1
    assert by_class == {"key": 2, "special": 2, "general": 1}
    assert draw.result["counts"]["key"] == {"pool": 8, "ratio": 25, "drawn": 2}


def test_every_target_gets_at_least_two_distinct_inspectors(world, pool_world):
    pool, inspectors = pool_world
    draw = _run(world, pool, inspectors, ratios={"key": 100, "special": 100, "general": 100})
    for t in draw.targets.prefetch_related("inspectors"):
        team = list(t.inspectors.all())
        assert len({u.pk for u in team}) >= 2
        for u in team:  # county staff only in their county
            assert u.role != "county" or u.county_id == t.enterprise.county_id
        assert date(2026, 10, 1) <= t.inspection_date <= date(2026, 12, 31)


def test_a_conflicted_inspector_is_never_drawn(world, pool_world):
    pool, inspectors = pool_world
    for entry in pool:
        ConflictDeclaration.objects.create(
            inspector=world.bureau, enterprise=entry.enterprise, reason="曾任该企业顾问"
        )
    for seed in range(20):
        draw = _run(
            world, pool, inspectors, seed=seed, ratios={"key": 100, "special": 100, "general": 100}
        )
        assert not draw.targets.filter(inspectors=world.bureau).exists()
        assert draw.inputs["conflicts"]


def test_the_same_seed_and_inputs_give_the_same_draw(world, pool_world):
    pool, inspectors = pool_world
    first = _run(world, pool, inspectors, seed=20261001)
    second = _run(world, list(reversed(pool)), list(reversed(inspectors)), seed=20261001)
    assert first.inputs == second.inputs
    assert first.result == second.result
    assert draws.draw_verify(draw=first).identical
    other = _run(world, pool, inspectors, seed=20261002)
    assert other.result != first.result


def test_verification_detects_an_altered_record(world, pool_world):
    pool, inspectors = pool_world
    draw = _run(world, pool, inspectors, seed=3)
    draw.result["targets"][0]["inspectors"] = [world.official.pk, world.office.pk]
    assert not draws.draw_verify(draw=draw).identical


def test_target_without_enough_eligible_inspectors_is_reported_not_understaffed(world):
    ent = world.ent_b
    draw = draws.draw_run(
        actor=world.office,
        title="t",
        period_start=date(2026, 10, 1),
        period_end=date(2026, 10, 31),
        pool=[PoolEntry(ent, TargetClass.KEY)],
        ratios={"key": 100, "special": 0, "general": 0},
        inspectors=[world.county_a_staff, world.bureau],  # county A staff cannot go to B
    )
    assert draw.targets.count() == 0
    assert draw.result["unassigned"] == [{"enterprise_id": ent.pk, "class": "key", "eligible": 1}]


def test_only_the_office_runs_draws(world, pool_world):
    pool, inspectors = pool_world
    with pytest.raises(PermissionDenied):
        draws.draw_run(
            actor=world.bureau,
            title="x",
            period_start=date(2026, 10, 1),
            period_end=date(2026, 10, 2),
            pool=pool,
            ratios={"key": 10},
            inspectors=inspectors,
        )


def test_draw_needs_two_inspectors_in_the_pool(world, pool_world):
    pool, _ = pool_world
    with pytest.raises(ValidationError):
        _run(world, pool, [world.bureau])
