"""Query-count budgets: list and detail pages run a constant number of queries, whatever
the number of rows they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from enterprises import services

from ..factories import ContactFactory, EnterpriseFactory, PointFactory, UnitFactory


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow_registry(world, n: int) -> None:
    for _ in range(n):
        e = EnterpriseFactory(county=world.county_a)
        unit = UnitFactory(enterprise=e)
        PointFactory(enterprise=e, unit=unit)


def _grow_enterprise(world, n: int) -> None:
    e = world.ent_a
    for i in range(n):
        unit = UnitFactory(enterprise=e)
        PointFactory(enterprise=e, unit=unit, kind="kiln_tail" if i % 2 else "coke_oven_chimney")
        ContactFactory(enterprise=e)
        services.unit_save(actor=world.bureau, enterprise=e, unit=unit, data={"capacity": 3000 + i})


@pytest.mark.parametrize("role", ["office", "county_a_staff", "contact_a"])
def test_enterprise_list_queries_do_not_grow_with_rows(client, world, role):
    client.force_login(world.users()[role])
    url = reverse("enterprises:list")
    _grow_registry(world, 3)
    few = _count(client, url)
    _grow_registry(world, 20)
    assert _count(client, url) == few
    assert few <= 12


@pytest.mark.parametrize("role", ["bureau", "county_a_staff", "contact_a", "official"])
def test_enterprise_detail_queries_do_not_grow_with_rows(client, world, role):
    client.force_login(world.users()[role])
    url = reverse("enterprises:detail", args=[world.ent_a.pk])
    _grow_enterprise(world, 2)
    few = _count(client, url)
    _grow_enterprise(world, 15)
    assert _count(client, url) == few
    assert few <= 20


def test_home_overview_queries_do_not_grow_with_enterprises(client, world):
    client.force_login(world.official)
    _grow_registry(world, 3)
    few = _count(client, reverse("home"))
    _grow_registry(world, 20)
    assert _count(client, reverse("home")) == few


def test_limits_page_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.official)
    assert _count(client, reverse("enterprises:limits")) <= 8
