"""Registry journeys as the users would click them, in headless Chromium."""

import re

import pytest
from playwright.sync_api import expect

from enterprises.models import Enterprise

from .conftest import login, shot

pytestmark = pytest.mark.e2e


def test_shanshui_sees_only_its_own_enterprise(page, live_server, demo):
    login(page, live_server, "shanshui")
    expect(page.get_by_test_id("my-enterprise")).to_contain_text("微山山水水泥有限公司")
    page.get_by_role("link", name="本企业").first.click()
    rows = page.get_by_test_id("enterprise-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("微山山水水泥有限公司")
    shot(page, "shanshui-enterprise-list")
    rows.first.get_by_role("link").click()
    expect(page.get_by_test_id("enterprise-name")).to_have_text("微山山水水泥有限公司")
    expect(page.get_by_test_id("audit-trail")).to_have_count(0)
    # another enterprise's page is not found, not merely forbidden
    other_pk = Enterprise.objects.get(name_en="Shandong Rongxin Group Co., Ltd.").pk
    other = page.request.get(f"{live_server.url}/enterprises/{other_pk}/")
    assert other.status == 404


def test_weishan_sees_only_weishan_enterprises_and_edits_a_unit(page, live_server, demo):
    login(page, live_server, "weishan")
    page.goto(f"{live_server.url}/enterprises/")
    rows = page.get_by_test_id("enterprise-row")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("微山县")
    # the county filter offers only Weishan
    assert page.locator("#id_county option").all_inner_texts()[1:] == ["微山县"]
    rows.first.get_by_role("link").click()
    page.get_by_test_id("unit").filter(has_text="2# 熟料线").get_by_role("link").click()
    page.select_option("#id_status", "running")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("修改已保存")
    expect(page.get_by_test_id("audit-trail")).to_contain_text(
        re.compile(r"运行状态: \S+ → 运行")
    )  # from what the demo's operation intervals left
    # the applicable limits (seeded reference data) are shown per emission point
    expect(page.get_by_test_id("emission-point").filter(has_text="窑尾").first).to_contain_text(
        "35 mg/m³"
    )
    shot(page, "weishan-after-unit-edit")


def test_switch_language_to_english_and_back(page, live_server, demo):
    login(page, live_server, "leader")
    expect(page.get_by_test_id("overview")).to_contain_text("水泥熟料")
    page.select_option("#language-select", "en")
    page.wait_for_load_state()
    expect(page.get_by_test_id("overview")).to_contain_text("Cement clinker")
    expect(page.locator("nav")).to_contain_text("Enterprises")
    shot(page, "leader-overview-english")
    page.goto(f"{live_server.url}/enterprises/")
    expect(page.get_by_test_id("enterprise-row").first).to_contain_text(re.compile(r"Co\., Ltd\."))
    page.select_option("#language-select", "zh-hans")
    page.wait_for_load_state()
    expect(page.locator("nav")).to_contain_text("企业")
    expect(page.get_by_test_id("enterprise-row").first).to_contain_text("有限公司")


def test_bureau_fixes_a_mistyped_credit_code_on_a_phone(
    browser, live_server, demo, phone_context_args
):
    context = browser.new_context(**phone_context_args)
    page = context.new_page()
    login(page, live_server, "bureau")
    page.goto(f"{live_server.url}/enterprises/new/")
    page.fill("#id_name_zh", "济宁测试建材有限公司")
    page.fill("#id_credit_code", "91330100799655058c")  # last character mistyped
    page.select_option("#id_industry", "cement_grinding")
    page.select_option("#id_county", label="任城区")
    page.fill("#id_annual_capacity_t", "600000")
    page.get_by_role("button", name="保存").click()
    expect(page.locator("#id_credit_code")).to_have_class(re.compile("is-invalid"))
    expect(page.locator("body")).to_contain_text("校验码不符")
    expect(page.locator("#id_name_zh")).to_have_value(
        "济宁测试建材有限公司"
    )  # nothing typed is lost
    shot(page, "bureau-phone-credit-code-error")
    page.fill("#id_credit_code", "91330100799655058B")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("企业已创建")
    expect(page.get_by_test_id("enterprise-name")).to_have_text("济宁测试建材有限公司")
    shot(page, "bureau-phone-enterprise-created")
    context.close()
