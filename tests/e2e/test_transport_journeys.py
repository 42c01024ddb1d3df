"""Browser journeys of issue 10: the Weishan Shanshui contact uploads a gate ledger, maps its
columns and watches a real worker import it (rejected rows listed with their lines); the
vehicle exhaust staff open their queue and raise a finding in one step; an official reads the
clean-transport shares and the kiln opening rates, on a desktop and on a phone, in Chinese and
in English. Screenshots in var/screenshots (transport-*)."""

import csv
import datetime
import re

import pytest
from playwright.sync_api import expect

from inspections.models import Finding
from transport.models import GatePass, LedgerImport, LedgerMapping

from .conftest import login, shot

pytestmark = pytest.mark.e2e
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


@pytest.fixture
def ledger_csv(tmp_path):
    """A gate system's own export format: different headers from the demo's, two bad rows."""
    path = tmp_path / "1号门岗-2026年10月.csv"
    start = datetime.datetime(2026, 10, 1, 7, 0)
    with path.open("w", encoding="gb18030", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(
            ["号牌", "进出", "过车时间", "排放标准", "燃料", "物料", "物料分类", "毛重减皮重(吨)"]
        )
        for n in range(40):
            at = start + datetime.timedelta(minutes=37 * n)
            writer.writerow(
                [
                    f"鲁H7{n:04d}",
                    "进" if n % 4 else "出",
                    at.strftime("%Y/%m/%d %H:%M"),
                    "国六",
                    "柴油",
                    "石灰石",
                    "原料" if n % 4 else "产品",
                    "31.5",
                ]
            )
        writer.writerow(
            ["鲁H79999", "进", "2026/13/01 08:00", "国六", "柴油", "石灰石", "原料", "30"]
        )
        writer.writerow(["", "进", "2026/10/03 08:00", "国六", "柴油", "石灰石", "原料", "30"])
    return str(path)


def test_contact_uploads_a_ledger_maps_the_columns_and_a_worker_imports_it(
    browser, browser_context_args, live_server, demo, celery_worker, ledger_csv
):
    page = browser.new_context(**browser_context_args).new_page()
    login(page, live_server, "shanshui")
    page.get_by_test_id("nav-plant").click()
    page.get_by_role("link", name="本企业清洁运输").click()
    expect(page.get_by_test_id("ytd-clean-share")).to_contain_text("60.0%")  # below 80 %
    shot(page, "transport-1-contact-own-page")
    page.get_by_test_id("upload-ledger").click()
    page.set_input_files("#id_file", ledger_csv)
    shot(page, "transport-2-contact-upload")
    page.get_by_role("button", name="下一步：设置列对应关系").click()
    # a new format: proposed from the header words, corrected by the contact
    expect(page.locator("#id_plate")).to_have_value("号牌")
    expect(page.locator("#id_passed_at")).to_have_value("过车时间")
    page.select_option("#id_direction", "进出")
    page.select_option("#id_cargo_class", "物料分类")
    page.select_option("#id_tonnage", "毛重减皮重(吨)")
    shot(page, "transport-3-contact-maps-columns")
    page.get_by_test_id("start-import").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已导入", timeout=30_000)
    expect(page.get_by_test_id("rows-imported")).to_have_text("40")
    expect(page.get_by_test_id("rows-rejected")).to_have_text("2")
    expect(page.get_by_test_id("rejections")).to_contain_text("缺少车牌号码")
    expect(page.get_by_test_id("rejections")).to_contain_text("2026/13/01")
    shot(page, "transport-4-contact-import-done")
    ent = LedgerImport.objects.get(original_name__startswith="1号门岗").enterprise
    assert LedgerMapping.objects.get(enterprise=ent).columns["tonnage"] == "毛重减皮重(吨)"
    assert GatePass.objects.filter(enterprise=ent, plate="鲁H70001").exists()
    # the same file again: remembered mapping, nothing added twice
    page.goto(f"{live_server.url}/transport/e/{ent.pk}/ledger/")
    page.set_input_files("#id_file", ledger_csv)
    page.get_by_role("button", name="下一步：设置列对应关系").click()
    expect(page.locator("#id_tonnage")).to_have_value("毛重减皮重(吨)")
    page.get_by_test_id("start-import").click()
    expect(page.get_by_test_id("import-status")).to_have_text("已导入", timeout=30_000)
    expect(page.get_by_test_id("rows-imported")).to_have_text("0")
    expect(page.get_by_test_id("rows-duplicate")).to_have_text("40")


def test_vehicle_staff_raise_a_finding_from_the_queue(
    browser, browser_context_args, live_server, demo
):
    page = browser.new_context(**browser_context_args).new_page()
    login(page, live_server, "vehicle")
    page.get_by_test_id("nav-plant").click()
    page.get_by_test_id("nav-transport-queue").click()
    items = page.get_by_test_id("queue-item")
    expect(items.first).to_be_visible()
    shot(page, "transport-5-vehicle-queue")
    china_iii = items.filter(has_text="叉车").filter(has_text="国三")
    before = china_iii.count()
    machine = china_iii.first
    machine.get_by_test_id("open-raise").click()
    form = machine.get_by_test_id("raise-form")
    expect(form.locator("select[name=legal_basis]")).to_contain_text("第114条")
    form.locator("input[name=responsible_person]").fill("刘洋")
    shot(page, "transport-6-vehicle-raises-finding")
    form.get_by_test_id("raise-finding").click()
    expect(page.locator(".alert-success")).to_contain_text("已立项并通知企业")
    finding = Finding.objects.get(category="transport", description__contains="叉车")
    assert finding.legal_basis.article == "114" and "国三" in finding.description
    shot(page, "transport-7-finding")
    page.goto(f"{live_server.url}/transport/queue/")
    expect(
        page.get_by_test_id("queue-item").filter(has_text="叉车").filter(has_text="国三")
    ).to_have_count(before - 1)


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_official_reads_shares_and_opening_rates_on_desktop_and_phone(
    browser, browser_context_args, live_server, demo, lang
):
    for name, args in (("desktop", browser_context_args), ("phone", PHONE)):
        context = browser.new_context(**args)
        context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
        page = context.new_page()
        login(page, live_server, "leader")
        page.goto(f"{live_server.url}/transport/")
        rows = page.get_by_test_id("share-row" if name == "desktop" else "share-card")
        expect(rows).to_have_count(7)
        lutai = rows.filter(has_text="Lutai" if lang == "en" else "鲁泰")
        expect(lutai.locator(".text-danger").first).to_be_visible()
        shot(page, f"transport-8-official-shares-{name}-{lang}")
        page.goto(f"{live_server.url}/operations/")
        expect(page.locator("#opening-chart canvas")).to_be_visible()
        shot(page, f"transport-9-official-opening-rates-{name}-{lang}")
        page.get_by_test_id("campaign-link").first.click()
        expect(page).to_have_url(re.compile(r"/operations/campaigns/\d+/"))
        shot(page, f"transport-10-official-campaign-{name}-{lang}")
        context.close()
    page = browser.new_context(**browser_context_args).new_page()
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}/operations/?year={datetime.date.today().year}")
    page.get_by_test_id("campaign-link").last.click()  # last winter's campaign
    expect(page.get_by_test_id("violations")).to_be_visible()
    expect(page.get_by_test_id("campaign-line").filter(has_text="鲁泰")).to_contain_text("10")
