"""The navbar search and the enterprise picker (enterprises.search, core.widgets.SearchSelect):
within the user's access, bounded, a fixed number of queries, and pickers that never render
every enterprise as an option."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from enterprises import search
from inspections.forms import InspectionCreateForm
from inspections.models import Inspection
from tests.factories import EnterpriseFactory

pytestmark = pytest.mark.django_db


def _pick(client, user, q):
    client.force_login(user)
    response = client.get(reverse("enterprises:pick"), {"q": q})
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_picker_and_search_need_a_sign_in(client):
    for name in ("enterprises:pick", "enterprises:search"):
        response = client.get(reverse(name), {"q": "x"})
        assert response.status_code == 302
        assert reverse("login") in response["Location"]


def test_picker_answers_within_each_role_s_access(client, world):
    world.ent_a.name_zh = "甲水泥有限公司"
    world.ent_a.save()
    world.ent_b.name_zh = "乙水泥有限公司"
    world.ent_b.save()
    both = {world.ent_a.pk, world.ent_b.pk}
    assert _pick(client, world.office, "水泥") == both
    assert _pick(client, world.official, "水泥") == both
    assert _pick(client, world.county_a_staff, "水泥") == {world.ent_a.pk}
    assert _pick(client, world.county_b_staff, "水泥") == {world.ent_b.pk}
    assert _pick(client, world.contact_a, "水泥") == {world.ent_a.pk}
    assert _pick(client, world.contact_b, "甲") == set()


def test_picker_finds_by_credit_code_and_english_name_and_is_bounded(client, world):
    target = EnterpriseFactory(county=world.county_a, name_en="Needle Cement Works")
    for _ in range(search.PICK_LIMIT + 5):
        EnterpriseFactory(county=world.county_a)
    assert _pick(client, world.office, target.credit_code) == {target.pk}
    assert _pick(client, world.office, "needle cement") == {target.pk}
    assert len(_pick(client, world.office, "")) == search.PICK_LIMIT


@pytest.mark.parametrize("q", ["a\x00b", "x" * 100_000, "%", "_", "'", "\r\n", "１２"])
def test_picker_and_search_survive_hostile_queries(client, world, q):
    client.force_login(world.office)
    assert client.get(reverse("enterprises:pick"), {"q": q}).status_code == 200
    assert client.get(reverse("enterprises:search"), {"q": q}).status_code == 200


def test_picker_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.office)
    url = reverse("enterprises:pick")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            client.get(url, {"q": "企业"})
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(30):
        EnterpriseFactory(county=world.county_b)
    assert queries() == few


def test_search_finds_an_inspection_by_its_number_only_within_access(client, world):
    inspection = Inspection.objects.create(
        enterprise=world.ent_a,
        started_at="2026-11-02T09:00:00+08:00",
        origin="campaign",
        status="submitted",
        submitted_at="2026-11-02T11:00:00+08:00",
    )
    inspection.refresh_from_db()
    number = inspection.reference
    client.force_login(world.office)
    with translation.override("en"):
        page = client.get(reverse("enterprises:search"), {"q": number})
    assert [i.pk for i in page.context["results"].inspections] == [inspection.pk]
    assert b'data-testid="search-inspection"' in page.content
    client.force_login(world.contact_b)  # another enterprise's contact
    page = client.get(reverse("enterprises:search"), {"q": number})
    assert page.context["results"].inspections == []


def test_search_lists_projects_and_enterprises_within_access(client, world):
    from retrofits.models import RetrofitProject

    world.ent_b.name_zh = "远方焦化"
    world.ent_b.save()
    RetrofitProject.objects.create(
        enterprise=world.ent_b,
        category="organized",
        name="远方焦化脱硝改造",
        budget_wan=10,
        invested_wan=0,
    )
    client.force_login(world.county_a_staff)
    results = client.get(reverse("enterprises:search"), {"q": "远方"}).context["results"]
    assert results.count == 0
    client.force_login(world.bureau)
    results = client.get(reverse("enterprises:search"), {"q": "远方"}).context["results"]
    assert [e.pk for e in results.enterprises] == [world.ent_b.pk]
    assert [p.name for p in results.projects] == ["远方焦化脱硝改造"]


def test_search_select_renders_only_the_chosen_enterprise(world):
    from enterprises.models import Enterprise
    from inspections.models import ChecklistTemplate

    for _ in range(40):
        EnterpriseFactory(county=world.county_a)
    form = InspectionCreateForm(
        initial={"enterprise": world.ent_a.pk},
        enterprises=Enterprise.objects.all(),
        inspectors=world.office.__class__.objects.none(),
        templates=ChecklistTemplate.objects.all(),
    )
    html = str(form["enterprise"])
    assert html.count("<option") == 2  # the empty choice and the chosen one
    assert f'value="{world.ent_a.pk}" selected' in html
    assert "data-combobox" in html and reverse("enterprises:pick") in html


def test_search_select_still_refuses_an_enterprise_outside_the_queryset(world):
    from enterprises.models import Enterprise
    from inspections.models import ChecklistTemplate

    form = InspectionCreateForm(
        data={"enterprise": world.ent_b.pk},
        enterprises=Enterprise.objects.filter(pk=world.ent_a.pk),
        inspectors=world.office.__class__.objects.none(),
        templates=ChecklistTemplate.objects.all(),
    )
    assert not form.is_valid()
    assert "enterprise" in form.errors


def test_search_page_runs_a_fixed_number_of_queries(client, world):
    client.force_login(world.office)
    url = reverse("enterprises:search")

    def queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url, {"q": "企业"}).status_code == 200
        return len(ctx.captured_queries)

    EnterpriseFactory(county=world.county_a)
    few = queries()
    for _ in range(40):
        EnterpriseFactory(county=world.county_b)
    assert queries() == few
