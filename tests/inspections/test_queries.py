"""Query-count budgets: the inspection list, detail and disclosure pages run a fixed number
of queries whatever the number of rows."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from inspections import draws, services
from inspections.draws import PoolEntry
from inspections.models import AnswerResult, ChecklistTemplate, TargetClass
from tests.factories import EnterpriseFactory

from .conftest import answer_all, checked, open_inspection, photo


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _inspections(world, n):
    for _ in range(n):
        inspection = open_inspection(world)
        answer_all(inspection, world.county_a_staff)
        services.inspection_submit(actor=world.county_a_staff, inspection=inspection)


@pytest.mark.parametrize("role", ["bureau", "county_a_staff", "contact_a"])
def test_inspection_list_does_not_grow_with_rows(client, world, role):
    client.force_login(getattr(world, role))
    url = reverse("inspections:list")
    _inspections(world, 2)
    few = _queries(client, url)
    _inspections(world, 6)
    many = _queries(client, url)
    assert many == few
    assert many <= 12


def test_inspection_detail_does_not_grow_with_items_photos_and_findings(client, world):
    client.force_login(world.bureau)
    small = open_inspection(world)
    answer_all(small, world.county_a_staff)
    services.inspection_submit(actor=world.county_a_staff, inspection=small)
    few = _queries(client, reverse("inspections:detail", args=[small.pk]))

    big = open_inspection(world, templates=list(ChecklistTemplate.objects.filter(industry="")))
    items = [a.item_id for a in big.answers.all()]
    answer_all(
        big,
        world.county_a_staff,
        non_compliant=4,
        uploads=[(i, checked(photo())) for i in items[:5]] + [(None, checked(photo()))],
    )
    big = services.inspection_submit(actor=world.county_a_staff, inspection=big)
    for answer in big.answers.filter(result=AnswerResult.NON_COMPLIANT)[:3]:
        from .conftest import finding_data

        services.finding_create(
            actor=world.bureau,
            enterprise=world.ent_a,
            data=finding_data(),
            inspection=big,
            item=answer.item,
        )
    services.inspection_amend(actor=world.bureau, inspection=big, reason="补充", text="补充说明")
    many = _queries(client, reverse("inspections:detail", args=[big.pk]))
    assert many == few
    assert many <= 16


def test_disclosure_page_does_not_grow_with_published_targets(client, world):
    client.force_login(world.contact_a)
    url = reverse("inspections:disclosure")
    today = timezone.localdate()

    def draw(n):
        ents = [EnterpriseFactory(county=world.county_a) for _ in range(n)]
        d = draws.draw_run(
            actor=world.office,
            title=f"d{n}",
            period_start=today - timedelta(days=40),
            period_end=today - timedelta(days=1),
            pool=[PoolEntry(e, TargetClass.KEY) for e in ents],
            ratios={"key": 100, "special": 0, "general": 0},
            inspectors=[world.bureau, world.vehicle, world.county_a_staff],
        )
        target = d.targets.first()
        inspection = services.inspection_create(
            actor=world.bureau,
            enterprise=target.enterprise,
            started_at=timezone.now(),
            origin="draw",
            inspectors=[world.bureau, world.vehicle],
            templates=[ChecklistTemplate.objects.get(code="fugitive")],
            draw_target=target,
        )
        answer_all(inspection, world.bureau)
        services.inspection_submit(actor=world.bureau, inspection=inspection)

    draw(2)
    few = _queries(client, url)
    draw(8)
    many = _queries(client, url)
    assert many == few
    assert many <= 10
