from decimal import Decimal

from enterprises.models import Target
from enterprises.selectors import applicable_limits_by_kind, capacity_overview

from ..factories import EnterpriseFactory


def test_progress_is_measured_by_capacity_not_by_count(world):
    Target.objects.filter(scope="city", industry="cement_clinker", year=2025).update(
        share_percent=Decimal("50")
    )
    world.ent_a.annual_capacity_t, world.ent_a.ule_stage = 3_000_000, "publicized"
    world.ent_a.save()
    world.ent_b.annual_capacity_t, world.ent_b.ule_stage = 1_000_000, "retrofitting"
    world.ent_b.save()
    EnterpriseFactory(county=world.county_b, annual_capacity_t=1_000_000, ule_stage="evaluated")
    (cement,) = capacity_overview(user=world.official)
    assert cement.enterprises == 3 and cement.capacity == 5_000_000
    assert cement.complete_capacity == 3_000_000  # evaluated-but-not-publicized does not count
    assert cement.complete_percent == Decimal("60.0")
    assert cement.on_track and cement.gap_capacity == 0


def test_gap_to_target_and_scope(world):
    world.ent_b.industry = "coking"
    world.ent_b.save()
    overview = {p.industry: p for p in capacity_overview(user=world.official)}
    coking = overview["coking"]
    assert coking.target_percent == Decimal("60") and not coking.on_track
    assert coking.gap_capacity == 600_000  # 60% of 1,000,000 t/a, none complete
    assert [p.industry for p in capacity_overview(user=world.county_a_staff)] == ["cement_clinker"]
    assert [p.industry for p in capacity_overview(user=world.contact_b)] == ["coking"]


def test_stricter_limit_is_computed_from_data_not_typed(world):
    from enterprises.models import EmissionLimit

    EmissionLimit.objects.filter(
        industry="coking", source_kind="coke_oven_chimney", pollutant="nox", jurisdiction="national",
        legal_force="ule_policy",
    ).update(value=90)  # fmt: skip
    table = applicable_limits_by_kind()
    nox = next(r for r in table[("coking", "coke_oven_chimney")] if r.pollutant == "nox")
    assert nox.ule.value == 90 and nox.ule.jurisdiction == "national"
    assert nox.baseline.standard_code == "GB 16171-2012" and nox.baseline.value == 150


def test_capacities_are_grouped_by_thousands_in_chinese(client, world):
    from django.urls import reverse

    world.ent_a.annual_capacity_t = 1_550_000
    world.ent_a.save()
    client.force_login(world.official)
    assert "2,550,000" in client.get(reverse("home")).content.decode()  # A + B (1,000,000)
