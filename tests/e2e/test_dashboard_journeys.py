"""Browser journeys of issue 11: the official opens the dashboard (desktop and phone, Chinese
and English), follows a red enterprise to the ranking; the bureau issues a supervision order
the contact answers; the public reads the spot-check results without signing in.
Screenshots in var/screenshots."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from dashboards.models import SupervisionOrder, WeeklySnapshot

from .conftest import login, shot

pytestmark = pytest.mark.e2e


@pytest.fixture
def demo(transactional_db, reference_data, settings, tmp_path):
    """The Jining demo of the apps the dashboard reads (registry, retrofits, inspections) and
    the dashboards' own twelve weeks, loaded through their demo modules, independent of the
    demo data of other capabilities (whose reference data the journeys here do not restore)."""
    from importlib import import_module

    settings.STORAGES = {  # the bulletin's files, not in var/private
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }

    for label in ("enterprises", "retrofits", "inspections", "dashboards"):
        import_module(f"{label}.demo").load()


def _wait_for_charts(page) -> None:
    page.wait_for_function(
        "() => document.querySelectorAll('#trend-chart canvas, #map-chart canvas').length >= 2"
    )
    # the map's plants are fetched apart from the page (dashboards:map)
    page.wait_for_function(
        "() => Number(document.getElementById('map-chart').dataset.points || 0) > 0"
    )


def test_official_reads_the_dashboard_on_desktop_in_chinese_and_english(
    browser, browser_context_args, live_server, demo
):
    assert WeeklySnapshot.objects.count() == 12
    page = browser.new_context(**browser_context_args).new_page()
    login(page, live_server, "leader")
    expect(page.get_by_test_id("home-dashboard")).to_be_visible()
    page.get_by_test_id("home-dashboard").get_by_role("link").click()
    expect(page.get_by_role("heading", name="领导驾驶舱")).to_be_visible()
    expect(page.get_by_test_id("snapshot-as-of")).to_contain_text("当周快照")
    _wait_for_charts(page)
    shot(page, "dashboard-1-desktop-zh")
    # from the red-yellow-green counts to the ranking of the red ones
    page.get_by_test_id("rating-counts").get_by_role("link").first.click()
    expect(page.get_by_test_id("ranking")).to_be_visible()
    shot(page, "dashboard-2-ranking-red-zh")
    # the same dashboard in English
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/dashboard/")
    expect(page.get_by_role("heading", name="Officials' dashboard")).to_be_visible()
    _wait_for_charts(page)
    shot(page, "dashboard-3-desktop-en")


def test_official_reads_the_dashboard_on_a_phone(browser, phone_context_args, live_server, demo):
    for lang in ("zh-hans", "en"):
        context = browser.new_context(**phone_context_args)
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
        page = context.new_page()
        login(page, live_server, "leader")
        page.goto(f"{live_server.url}/dashboard/")
        _wait_for_charts(page)
        # nothing wider than the screen
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        shot(page, f"dashboard-4-phone-{lang}")
        context.close()


def test_bureau_issues_an_order_the_contact_answers(
    browser, browser_context_args, live_server, demo
):
    bureau = browser.new_context(**browser_context_args).new_page()
    login(bureau, live_server, "bureau")
    bureau.goto(f"{live_server.url}/dashboard/ranking/")
    bureau.get_by_test_id("issue-order").first.click()
    bureau.fill("#id_requirement", "请于十日内报送滞后节点的追赶计划")
    bureau.fill(
        "#id_response_deadline", (timezone.localdate() + datetime.timedelta(days=10)).isoformat()
    )
    bureau.get_by_role("button", name="下发督办").click()
    expect(bureau.locator(".alert-success")).to_contain_text("督办已下发")
    shot(bureau, "dashboard-5-order-issued")
    order = SupervisionOrder.objects.order_by("-pk").first()
    assert order.requirement == "请于十日内报送滞后节点的追赶计划"
    # the enterprise's contact answers it from the link in their inbox
    contact = browser.new_context(**browser_context_args).new_page()
    username = (
        order.enterprise.contacts.filter(user__isnull=False)
        .values_list("user__username", flat=True)
        .first()
    )
    if username:
        login(contact, live_server, username)
        contact.goto(f"{live_server.url}{order.get_absolute_url()}")
        contact.fill("#id_answer", "已倒排工期，设备安装节点提前至下月15日")
        contact.get_by_role("button", name="提交反馈").click()
        expect(contact.get_by_test_id("order-status")).to_contain_text("企业已反馈")
        shot(contact, "dashboard-6-order-answered")


def test_the_public_reads_spot_check_results_without_signing_in(
    browser, browser_context_args, live_server, demo
):
    page = browser.new_context(**browser_context_args).new_page()
    from dashboards.models import DisclosureRule

    assert DisclosureRule.objects.exists()
    page.goto(f"{live_server.url}/public/inspections/")
    expect(page.locator("h1")).to_contain_text("双随机")
    expect(page.get_by_test_id("public-inspections")).to_be_visible()
    shot(page, "dashboard-7-public-results-zh")
    with page.expect_download() as info:
        page.get_by_test_id("public-export-xlsx").click()
    assert info.value.suggested_filename.endswith(".xlsx")
