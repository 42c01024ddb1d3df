"""Issue 8 item 9: "one public" publishes the draw's method and result, not every plant's
class or the inspectors' conflicts; county staff pick enterprises of their county only."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from inspections import draws, services
from inspections.draws import PoolEntry
from inspections.models import ConflictDeclaration, TargetClass


@pytest.fixture
def published_draw(world):
    ConflictDeclaration.objects.create(
        inspector=world.vehicle, enterprise=world.ent_b, reason="亲属"
    )
    start = timezone.localdate() - timedelta(days=30)
    return draws.draw_run(
        actor=world.office,
        title="published",
        period_start=start,
        period_end=start + timedelta(days=5),
        pool=[PoolEntry(world.ent_a, TargetClass.KEY), PoolEntry(world.ent_b, TargetClass.SPECIAL)],
        ratios={"key": 100, "special": 0, "general": 0},
        inspectors=[world.bureau, world.county_a_staff, world.vehicle],
        seed=7,
    )


@pytest.mark.parametrize("role", ["contact_a", "contact_b"])
def test_contacts_see_the_method_and_result_but_not_the_pools(client, world, published_draw, role):
    client.force_login(world.users()[role])
    for name in ("inspections:draw_detail", "inspections:draw_verify"):
        page = client.get(reverse(name, args=[published_draw.pk]))
        assert page.status_code == 200
        html = page.content.decode()
        assert str(published_draw.seed) in html
        assert world.ent_b.name_zh not in html  # the other plant was in the pool, not drawn
        assert "亲属" not in html and 'data-testid="draw-inputs"' in html
        assert page.context["show_inputs"] is False


@pytest.mark.parametrize("role", ["office", "bureau", "county_a_staff", "official"])
def test_staff_and_officials_see_the_whole_record(client, world, published_draw, role):
    client.force_login(world.users()[role])
    page = client.get(reverse("inspections:draw_detail", args=[published_draw.pk]))
    assert page.status_code == 200 and page.context["show_inputs"] is True
    assert world.ent_b.name_zh in page.content.decode()


def test_county_staff_pick_conflicts_among_their_county_only(client, world):
    client.force_login(world.county_a_staff)
    page = client.get(reverse("inspections:conflicts"))
    choices = {
        int(str(pk)) for pk, _label in page.context["form"].fields["enterprise"].choices if pk
    }
    assert choices == {world.ent_a.pk}
    with pytest.raises(PermissionDenied):
        services.conflict_declare(
            actor=world.county_a_staff,
            inspector=world.county_a_staff,
            enterprise=world.ent_b,
            reason="x",
        )
