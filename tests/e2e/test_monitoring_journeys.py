"""Online-monitoring journeys in headless Chromium: the bureau follows a flat line from the
flag queue to the point's chart and sends it for verification; the Qufu county staff... ; a
contact sees their own compliance only. Desktop and phone, Chinese and English."""

import pytest
from playwright.sync_api import expect

from enterprises.models import Enterprise

from .conftest import login, shot

pytestmark = pytest.mark.e2e


def test_bureau_follows_a_flat_line_and_sends_it_for_verification(page, live_server, demo):
    login(page, live_server, "bureau")
    page.get_by_test_id("nav-plant").click()
    page.get_by_test_id("nav-monitoring-overview").click()
    expect(page.get_by_test_id("city-compliance")).to_be_visible()
    shot(page, "monitoring-overview-bureau-zh")
    page.get_by_test_id("nav-plant").click()
    page.get_by_test_id("nav-monitoring-flags").click()
    flat = page.get_by_test_id("flag-row").filter(has_text="数据长时间不变")
    expect(flat).to_have_count(1)
    expect(page.get_by_test_id("flag-row").filter(has_text="数据贴近限值下方")).to_have_count(1)
    shot(page, "monitoring-flag-queue-zh")
    flat.click()
    expect(page.get_by_test_id("flag-explanation")).to_contain_text("连续6个有效小时")
    page.get_by_test_id("send-for-verification").click()
    expect(page.get_by_test_id("flag-status")).to_have_text("已派发核查")
    shot(page, "monitoring-flag-sent-zh")
    page.get_by_role("link", name="窑尾排气筒").first.click()
    expect(page.locator(".monitoring-chart canvas").first).to_be_visible()
    expect(page.get_by_test_id("point-flags")).to_contain_text("数据长时间不变")
    shot(page, "monitoring-point-chart-zh")


def test_rongxin_month_table_shows_the_exceedance_in_english(page, live_server, demo):
    login(page, live_server, "bureau")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    rongxin = Enterprise.objects.get(name_en="Shandong Rongxin Group Co., Ltd.")
    page.goto(f"{live_server.url}/monitoring/enterprises/{rongxin.pk}/")
    table = page.get_by_test_id("enterprise-compliance")
    expect(table).to_contain_text("Hours over the baseline")
    shot(page, "monitoring-enterprise-month-en")
    page.goto(f"{live_server.url}/monitoring/")
    expect(page.get_by_test_id("city-compliance")).to_contain_text("Series meeting the rule")
    shot(page, "monitoring-overview-en")


def test_contact_sees_only_their_own_monitoring(page, live_server, demo):
    login(page, live_server, "rongxin")
    page.goto(f"{live_server.url}/monitoring/")
    rows = page.get_by_test_id("city-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("山东荣信集团有限公司")
    assert page.request.get(f"{live_server.url}/monitoring/flags/").status == 403
    rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("enterprise-compliance")).to_be_visible()
    shot(page, "monitoring-contact-own-zh")


@pytest.fixture
def phone(browser, live_server, demo, phone_context_args):
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    yield page
    context.close()


def test_county_staff_on_a_phone_records_an_outcome(phone, live_server):
    page = phone
    login(page, live_server, "bureau")
    page.goto(f"{live_server.url}/monitoring/flags/?status=open")
    page.get_by_test_id("flag-row").filter(has_text="数据贴近限值下方").click()
    page.get_by_test_id("send-for-verification").click()
    page.get_by_label("已立案为问题").check()
    page.get_by_label("核查情况").fill("现场核查：脱硫系统运行记录与小时数据不符，已立案。")
    page.get_by_test_id("record-outcome").click()
    expect(page.get_by_test_id("flag-outcome")).to_contain_text("已立案为问题")
    shot(page, "monitoring-flag-outcome-phone-zh")
    page.goto(f"{live_server.url}/monitoring/points/{_chimney_pk()}/?range=year")
    shot(page, "monitoring-point-year-phone-zh")


def _chimney_pk() -> int:
    from enterprises.models import EmissionPoint

    return (
        EmissionPoint.objects.filter(
            enterprise__name_en__startswith="Jining Zhongtai", kind="coke_oven_chimney"
        )
        .order_by("pk")
        .first()
        .pk
    )
