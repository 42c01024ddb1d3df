"""A draw's record at national scale (issue 14): the record counts its pool per county and
class; the pool itself (every enterprise of a city-wide draw) is listed a page at a time on
its own page and exported, as recorded when the draw ran."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Enterprise
from inspections import draws
from inspections.draws import PoolEntry
from inspections.models import TargetClass
from tests.exports.test_exports import read_xlsx
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _draw(world, key_a: int, general_b: int, *, past: bool = True):
    """A draw whose pool is ``key_a`` key enterprises of county A and ``general_b`` general
    ones of county B, 10% of each class drawn."""
    today = timezone.localdate()
    start = today - timedelta(days=60) if past else today + timedelta(days=30)
    pool = [
        PoolEntry(EnterpriseFactory(county=world.county_a), TargetClass.KEY) for _ in range(key_a)
    ]
    pool += [
        PoolEntry(EnterpriseFactory(county=world.county_b), TargetClass.GENERAL)
        for _ in range(general_b)
    ]
    return draws.draw_run(
        actor=world.office,
        title=f"抽查 {key_a}+{general_b}",
        period_start=start,
        period_end=start + timedelta(days=29),
        pool=pool,
        ratios={"key": 10, "special": 10, "general": 10},
        inspectors=[world.bureau, world.vehicle, world.office],
    )


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_record_counts_the_pool_by_county_and_class_without_listing_it(client, world):
    draw = _draw(world, 40, 20)
    client.force_login(world.office)
    response = client.get(reverse("inspections:draw_detail", args=[draw.pk]))
    body = response.content.decode()
    pool = response.context["pool"]
    assert pool.total == 60
    assert pool.totals == [("key", 40), ("special", 0), ("general", 20)]
    by_county = {county.pk: (cells, total) for county, _pk, cells, total in pool.rows}
    assert by_county[world.county_a.pk] == ([("key", 40), ("special", 0), ("general", 0)], 40)
    assert by_county[world.county_b.pk] == ([("key", 0), ("special", 0), ("general", 20)], 20)
    assert 'data-testid="pool-summary"' in body and 'data-testid="pool-list"' in body
    drawn = {t.enterprise_id for t in draw.targets.all()}
    not_drawn = Enterprise.objects.exclude(pk__in=drawn).filter(
        pk__in=[t["enterprise_id"] for t in draw.inputs["targets"]]
    )
    # the pool's names are on its own page, not on the record
    assert not any(f">{e.name}<" in body for e in not_drawn)
    assert any(f">{t.enterprise.name}<" in body for t in draw.targets.all())
    url = reverse("inspections:draw_pool_record", args=[draw.pk])
    assert f'href="{url}?county={world.county_b.pk}&amp;class=general"' in body


def test_the_pool_page_lists_a_page_at_a_time_and_filters(client, world):
    draw = _draw(world, 40, 20)
    client.force_login(world.office)
    url = reverse("inspections:draw_pool_record", args=[draw.pk])
    first = client.get(url)
    assert first.content.count(b'data-testid="pool-entry"') == 50
    ids = [r["id"] for r in first.context["rows"]]
    assert ids == sorted(ids)  # the draw's own order
    second = client.get(url, {"page": 2})
    assert second.content.count(b'data-testid="pool-entry"') == 10
    general = client.get(url, {"class": "general"})
    assert {r["class"] for r in general.context["rows"]} == {TargetClass.GENERAL.label}
    assert general.context["page"].paginator.count == 20
    county = client.get(url, {"county": world.county_a.pk})
    assert county.context["page"].paginator.count == 40
    assert {r["county"] for r in county.context["rows"]} == {world.county_a}
    # a class or county that is not one is no filter, never an error
    assert client.get(url, {"class": "x", "county": "²"}).context["page"].paginator.count == 60


def test_the_pool_shows_the_class_recorded_at_the_draw(client, world):
    draw = _draw(world, 3, 0)
    first = draw.inputs["targets"][0]["enterprise_id"]
    Enterprise.objects.filter(pk=first).update(supervision_class="out")
    client.force_login(world.office)
    rows = client.get(reverse("inspections:draw_pool_record", args=[draw.pk])).context["rows"]
    assert rows[0]["id"] == first and rows[0]["class"] == TargetClass.KEY.label
    exported = read_xlsx(
        client.get(reverse("exports:export", args=["draw_pool", "xlsx"]), {"draw": draw.pk})
    )
    assert exported[1][0] == first and exported[1][4] == str(TargetClass.KEY.label)


def test_record_and_pool_pages_do_not_grow_with_the_pool(client, world):
    client.force_login(world.office)
    small, large = _draw(world, 4, 2), _draw(world, 70, 30)
    for name in ("inspections:draw_detail", "inspections:draw_verify"):
        assert _queries(client, reverse(name, args=[small.pk])) == _queries(
            client, reverse(name, args=[large.pk])
        )
    pool = "inspections:draw_pool_record"
    few = _queries(client, reverse(pool, args=[small.pk]))
    assert few == _queries(client, reverse(pool, args=[large.pk]))
    assert few <= 10


@pytest.mark.parametrize(
    ("user", "published", "expected"),
    [
        ("office", False, 200),
        ("bureau", False, 404),
        ("bureau", True, 200),
        ("official", True, 200),
        ("contact_a", True, 403),
    ],
)
def test_the_pool_export_follows_the_pool_page(client, world, user, published, expected):
    draw = _draw(world, 5, 5, past=published)
    client.force_login(getattr(world, user))
    response = client.get(
        reverse("exports:export", args=["draw_pool", "csv"]), {"draw": draw.pk, "class": "general"}
    )
    assert response.status_code == expected
    if expected == 200:
        lines = response.content.decode("utf-8-sig").strip().splitlines()
        assert len(lines) == 1 + 5


def test_the_pool_export_needs_a_draw(client, world):
    client.force_login(world.office)
    url = reverse("exports:export", args=["draw_pool", "csv"])
    assert client.get(url).status_code == 404
    assert client.get(url, {"draw": "abc"}).status_code == 404
    assert client.get(url, {"draw": "999999"}).status_code == 404
