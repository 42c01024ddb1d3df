"""Column sorting (core.sorting) and lists that remember their filters (core.list_memory)."""

import pytest
from django.http import QueryDict
from django.urls import reverse

from core.list_memory import COOKIE, remembered_url
from core.sorting import Sorting, choice_order, header
from enterprises.models import Enterprise
from tests.factories.registry import EnterpriseFactory

SORTS = Sorting(
    {"name": ("name_zh",), "capacity": ("annual_capacity_t",), "code": ("credit_code",)},
    default="name",
    first=(choice_order("ule_stage", ["retrofitting"]),),
)


def test_only_whitelisted_keys_are_used_and_anything_else_is_the_default():
    for bad in ("password", "-", "--name", "name_zh", "capacity;drop", "x" * 1000, "\x00"):
        sort, explicit = SORTS.current(QueryDict(f"sort={bad}".encode()))
        assert (sort.key, sort.descending, explicit) == ("name", False, False), bad
    sort, explicit = SORTS.current(QueryDict("sort=-capacity"))
    assert (sort.key, sort.descending, explicit) == ("capacity", True, True)


def test_header_turns_the_active_column_round_keeps_filters_and_drops_the_page():
    ctx = SORTS.context(QueryDict("sort=capacity&industry=cement&page=3"))
    h = header(ctx, "capacity")
    assert h["aria_sort"] == "ascending" and h["active"]
    assert "sort=-capacity" in h["href"] and "industry=cement" in h["href"]
    assert "page=" not in h["href"]
    other = header(ctx, "name")
    assert other["aria_sort"] == "" and "sort=name" in other["href"]
    with pytest.raises(KeyError):
        header(ctx, "password")


@pytest.mark.django_db
def test_pending_first_by_default_and_the_chosen_column_otherwise():
    a = EnterpriseFactory(name_zh="甲", annual_capacity_t=300, ule_stage="completed")
    b = EnterpriseFactory(name_zh="乙", annual_capacity_t=100, ule_stage="retrofitting")
    c = EnterpriseFactory(name_zh="丙", annual_capacity_t=200, ule_stage="completed")
    qs = Enterprise.objects.filter(pk__in=[a.pk, b.pk, c.pk])
    default = list(SORTS.order(qs, QueryDict()))
    assert default[0] == b  # the pending one first
    by_capacity = list(SORTS.order(qs, QueryDict("sort=-capacity")))
    assert by_capacity == [a, c, b]


@pytest.mark.django_db
def test_enterprise_list_sorts_by_a_header_with_aria_sort(client, world):
    EnterpriseFactory(county=world.county_a, annual_capacity_t=10)
    client.force_login(world.office)
    page = client.get(reverse("enterprises:list"), {"sort": "-capacity"})
    rows = list(page.context["page"])
    assert [e.annual_capacity_t for e in rows] == sorted(
        (e.annual_capacity_t for e in rows), reverse=True
    )
    html = page.content.decode()
    assert html.count('aria-sort="descending"') == 1
    assert page.context["sorting"]["sort"].param == "-capacity"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name",
    [
        "enterprises:list",
        "retrofits:project_list",
        "retrofits:reports",
        "inspections:list",
        "inspections:plan_list",
        "inspections:draw_list",
    ],
)
def test_every_sort_key_of_a_list_answers(client, world, name):
    from enterprises.filters import SORTS as ENTERPRISE_SORTS
    from inspections.filters import DRAW_SORTS, INSPECTION_SORTS
    from inspections.views import findings
    from retrofits.filters import PROJECT_SORTS, REPORT_SORTS

    sorts = {
        "enterprises:list": ENTERPRISE_SORTS,
        "retrofits:project_list": PROJECT_SORTS,
        "retrofits:reports": REPORT_SORTS,
        "inspections:list": INSPECTION_SORTS,
        "inspections:plan_list": findings.PLAN_SORTS,
        "inspections:draw_list": DRAW_SORTS,
    }[name]
    client.force_login(world.office)
    for key in sorts.keys:
        for param in (key, f"-{key}"):
            assert client.get(reverse(name), {"sort": param}).status_code == 200, param


@pytest.mark.django_db
def test_a_list_remembers_its_filters_for_the_breadcrumb(client, world):
    client.force_login(world.office)
    client.get(reverse("enterprises:list"), {"industry": "cement", "sort": "-capacity", "page": 2})
    detail = client.get(reverse("enterprises:detail", args=[world.ent_a.pk]))
    assert 'href="/enterprises/?industry=cement&amp;sort=-capacity"' in detail.content.decode()
    # a monster query string is not kept; the last good one stays
    client.get(reverse("enterprises:list"), {"q": "x" * 2000})
    detail = client.get(reverse("enterprises:detail", args=[world.ent_a.pk]))
    assert 'href="/enterprises/?industry=cement&amp;sort=-capacity"' in detail.content.decode()
    # a cookie that is not the portal's is ignored
    client.cookies[COOKIE] = '{"enterprises:list": "evil=1"}'
    detail = client.get(reverse("enterprises:detail", args=[world.ent_a.pk]))
    assert 'href="/enterprises/"' in detail.content.decode()


def test_remembered_url_without_a_request_is_the_plain_list():
    assert remembered_url(None, "enterprises:list") == reverse("enterprises:list")


@pytest.mark.django_db
def test_reports_awaiting_review_come_first_by_default(client, world):
    from retrofits.models import ProgressReport
    from tests.factories.retrofits import ProgressReportFactory

    accepted = ProgressReportFactory(
        project__enterprise=world.ent_a, status=ProgressReport.Status.ACCEPTED
    )
    waiting = ProgressReportFactory(project=accepted.project)
    client.force_login(world.bureau)
    rows = list(client.get(reverse("retrofits:reports")).context["page"])
    assert rows[0] == waiting
    by_month = list(client.get(reverse("retrofits:reports"), {"sort": "-month"}).context["page"])
    assert [r.period for r in by_month] == sorted((r.period for r in by_month), reverse=True)


@pytest.mark.django_db
def test_the_export_follows_the_lists_sort(client, world):
    import io

    from openpyxl import load_workbook

    EnterpriseFactory(county=world.county_a, annual_capacity_t=10)
    EnterpriseFactory(county=world.county_b, annual_capacity_t=5_000_000)
    client.force_login(world.office)
    shown = [
        e.credit_code
        for e in client.get(reverse("enterprises:list"), {"sort": "-capacity"}).context["page"]
    ]
    response = client.get(
        reverse("exports:export", args=["enterprises", "xlsx"]), {"sort": "-capacity"}
    )
    content = b"".join(response.streaming_content) if response.streaming else response.content
    rows = list(load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))[1:]
    assert [r[2] for r in rows] == shown
