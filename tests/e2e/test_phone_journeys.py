"""Phones and lists (issue 12): on a 390 px phone lists are cards (no table scrolling sideways
with hidden columns), the project timeline keeps its node names in view and scrolls its dates,
the draw result shows its inspectors; lists sort by their headers and remember their filters
when one comes back through the breadcrumb; the inbox sets done tasks apart. Screenshots in
Chinese and English (var/screenshots/phone-*)."""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from inspections.models import Draw
from retrofits.models import RetrofitProject
from tests.e2e.conftest import login, shot

LISTS = ["/enterprises/", "/retrofits/", "/inspections/", "/inspections/draws/"]


def _phone(browser, live_server, phone_context_args, lang: str):
    context = browser.new_context(**phone_context_args)
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    page = context.new_page()
    login(page, live_server, "office", settings.ULE_DEMO_PASSWORD)
    return context, page


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_lists_are_cards_on_a_phone_with_every_column_labelled(
    browser, live_server, demo, phone_context_args, lang
):
    context, page = _phone(browser, live_server, phone_context_args, lang)
    try:
        for url in LISTS:
            page.goto(live_server.url + url)
            table = page.locator("main table.table-cards").first
            expect(table).to_be_visible()
            assert _page_width(page) <= 390, url
            # nothing hidden sideways: the table is no wider than the screen
            box = table.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, url
            cells = page.locator("main table.table-cards > tbody > tr > td:visible")
            labelled = page.locator("main table.table-cards > tbody > tr > td[data-label]:visible")
            assert (
                labelled.count()
                >= cells.count() - page.locator("main table.table-cards > tbody > tr").count()
            ), url  # at most one unlabelled cell (badges, actions) per card
            shot(page, f"phone-{lang}-list-{url.strip('/').replace('/', '-')}")

        draw = Draw.objects.order_by("pk").first()
        page.goto(f"{live_server.url}/inspections/draws/{draw.pk}/")
        first = page.locator("[data-testid=draw-targets] tbody tr").first
        cell = first.locator("td").nth(4)
        expect(cell).to_be_visible()
        label = cell.get_attribute("data-label")
        assert label in ("检查人员", "Inspectors"), label
        assert cell.inner_text().strip(), "the inspectors of a drawn target are shown"
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 390
        assert _page_width(page) <= 390
        shot(page, f"phone-{lang}-draw-result")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_timeline_keeps_node_names_in_view_and_every_node_has_a_marker(
    browser, live_server, demo, phone_context_args, lang
):
    project = RetrofitProject.objects.filter(nodes__isnull=False).order_by("pk").distinct().first()
    n_nodes = project.nodes.count()
    context, page = _phone(browser, live_server, phone_context_args, lang)
    try:
        page.goto(f"{live_server.url}/retrofits/{project.pk}/")
        wrap = page.get_by_test_id("timeline")
        expect(wrap).to_be_visible()
        assert _page_width(page) <= 390
        assert wrap.get_attribute("tabindex") == "0" and wrap.get_attribute("role") == "region"
        assert wrap.get_attribute("aria-label")
        names = wrap.locator(".timeline-labels text")
        assert names.count() == n_nodes
        # every node has its planned-date marker (and its row in the picture)
        assert wrap.locator(".timeline-plot g circle").count() == n_nodes
        shot(page, f"phone-{lang}-timeline-start")
        for where in (0, 10_000):  # at the left end and scrolled to the right end
            wrap.evaluate("(el, x) => { el.scrollLeft = x; }", where)
            first_name = names.first.bounding_box()
            view = wrap.bounding_box()
            assert first_name["x"] >= view["x"] - 1, "the node names stay in view"
            assert first_name["x"] + first_name["width"] <= view["x"] + view["width"]
        wrap.screenshot(path=f"var/screenshots/phone-{lang}-timeline-scrolled.png")
    finally:
        context.close()


def test_lists_sort_by_header_and_the_breadcrumb_brings_the_filters_back(page, live_server, demo):
    login(page, live_server, "office")
    page.goto(f"{live_server.url}/enterprises/?industry=cement_clinker")
    header = page.locator("th", has=page.locator("a[href*='sort=capacity']"))
    header.locator("a").click()
    page.wait_for_url("**sort=capacity**")
    expect(page.locator("th[aria-sort=ascending]")).to_have_count(1)
    page.locator("th[aria-sort=ascending] a").click()  # the same header turns the order round
    page.wait_for_url("**sort=-capacity**")
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)
    capacities = [
        int(t.replace(",", ""))
        for t in page.locator("[data-testid=enterprise-row] td:nth-child(5)").all_inner_texts()
    ]
    assert capacities == sorted(capacities, reverse=True) and capacities
    shot(page, "lists-sorted-by-capacity")
    page.locator("[data-testid=enterprise-row] a").first.click()
    page.locator(".breadcrumb a").first.click()
    assert "industry=cement_clinker" in page.url and "sort=-capacity" in page.url
    expect(page.locator("th[aria-sort=descending]")).to_have_count(1)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_inbox_sets_done_tasks_apart_on_a_phone(
    browser, live_server, demo, phone_context_args, lang
):
    context, page = _phone(browser, live_server, phone_context_args, lang)
    try:
        page.goto(f"{live_server.url}/inbox/")
        done = page.get_by_test_id("inbox-done")
        expect(done).to_be_visible()
        assert done.locator("[data-task-done]").count() >= 1
        assert done.locator(".text-bg-danger").count() == 0  # no "urgent" on done tasks
        assert page.get_by_test_id("inbox-open").locator("[data-task-done]").count() == 0
        assert _page_width(page) <= 390
        shot(page, f"phone-{lang}-inbox")
    finally:
        context.close()
