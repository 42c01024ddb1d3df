"""Browser journeys of the retrofits app with the demo users (issue 3's acceptance)."""

import datetime
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from notifications.services import deliver_pending_notifications
from retrofits.models import DateChange, MilestoneNode, ProgressReport

from .conftest import login, shot

pytestmark = pytest.mark.e2e
TODAY = timezone.localdate()


@pytest.fixture
def phone(browser, phone_context_args):
    context = browser.new_context(**phone_context_args)
    yield context.new_page()
    context.close()


@pytest.fixture
def evidence_png(tmp_path):
    path = tmp_path / "现场照片.png"
    Image.new("RGB", (64, 48), "gray").save(path, format="PNG")
    return str(path)


def test_contact_moves_forward_and_reports_county_returns_contact_resubmits(
    phone, page, live_server, demo, evidence_png
):
    node = MilestoneNode.objects.get(
        project__name="1#线窑尾超低排放改造", code="construction_started"
    )
    new_date = node.planned_date - datetime.timedelta(days=6)

    # shanshui, on a phone: finds what is due and moves the node forward.
    login(phone, live_server, "shanshui")
    phone.goto(f"{live_server.url}/retrofits/mine/")
    expect(phone.get_by_test_id("due-list")).to_contain_text("开工建设")
    shot(phone, "retrofits-shanshui-mine-phone")
    phone.get_by_test_id("due-node").filter(has_text="开工建设").first.click()
    phone.get_by_test_id("change-date").click()
    phone.fill("#id_new_date", new_date.isoformat())
    phone.fill("#id_reason", "设备提前到货，施工队伍已进场")
    shot(phone, "retrofits-move-forward-form-phone")
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".alert-success")).to_contain_text("已提前至")
    expect(phone.get_by_test_id("planned-date")).to_have_text(new_date.isoformat())
    expect(phone.get_by_test_id("node-history")).to_contain_text("提前")
    shot(phone, "retrofits-node-moved-forward-phone")

    # ... and submits a progress report with a photo.
    phone.goto(f"{live_server.url}{node.project.get_absolute_url()}")
    phone.get_by_test_id("new-report").click()
    phone.fill("#id_period", TODAY.strftime("%Y-%m"))
    phone.fill("#id_percent_complete", "35")
    phone.fill("#id_funds_invested_wan", "1900")
    phone.fill("#id_text", "SCR 反应器基础完工，主体钢结构吊装过半。")
    phone.set_input_files("#id_files", evidence_png)
    shot(phone, "retrofits-report-form-phone")
    phone.get_by_role("button", name="提交审核").click()
    expect(phone.get_by_test_id("report-status")).to_have_text("已提交，待审核")
    expect(phone.get_by_test_id("evidence-list")).to_contain_text("现场照片.png")
    report = ProgressReport.objects.get(project=node.project, period=TODAY.strftime("%Y-%m"))

    deliver_pending_notifications()  # what the worker does on commit

    # weishan: the notification is in the inbox, with the unread count in the navigation.
    login(page, live_server, "weishan")
    expect(page.get_by_test_id("unread-count")).to_be_visible()
    page.get_by_test_id("inbox-link").click()
    moved = page.get_by_test_id("notification").filter(has_text="节点提前")
    expect(moved.first).to_contain_text("开工建设")
    shot(page, "retrofits-weishan-inbox")
    page.get_by_test_id("notification").filter(has_text="待审核的进度报告").first.get_by_role(
        "link"
    ).click()
    expect(page).to_have_url(re.compile(rf"/retrofits/reports/{report.pk}/$"))
    page.check("input[name=decision][value=return]")
    page.fill("#id_comment", "请补充钢结构吊装现场照片及监理签字的进度确认单。")
    shot(page, "retrofits-weishan-return-report")
    page.get_by_role("button", name="保存审核意见").click()
    expect(page.get_by_test_id("report-status")).to_have_text("已退回修改")

    deliver_pending_notifications()

    # shanshui sees it returned, with the comment, and resubmits.
    phone.goto(f"{live_server.url}/")
    expect(phone.get_by_test_id("retrofit-due-panel")).to_contain_text("被退回")
    phone.goto(f"{live_server.url}/retrofits/mine/")
    phone.get_by_test_id("returned-reports").get_by_role("link").first.click()
    expect(phone.get_by_test_id("returned-comment")).to_contain_text("监理签字")
    shot(phone, "retrofits-report-returned-phone")
    phone.get_by_test_id("resubmit").click()
    phone.fill("#id_text", "已补充现场照片及监理签字的进度确认单。")
    phone.set_input_files("#id_files", evidence_png)
    phone.get_by_role("button", name="提交审核").click()
    expect(phone.get_by_test_id("report-status")).to_have_text("已提交，待审核")
    report.refresh_from_db()
    assert report.revision == 2


def test_bureau_approves_a_postponement(page, live_server, demo):
    change = DateChange.objects.get(status=DateChange.Status.PENDING)
    node = change.node
    committed = node.committed_date
    login(page, live_server, "bureau")
    expect(page.get_by_test_id("pending-postponements")).to_contain_text("1")
    page.get_by_test_id("pending-postponements").click()
    page.get_by_test_id("postponement").first.get_by_test_id("decide").click()
    expect(page.get_by_test_id("postponement-request")).to_contain_text("铁路")
    page.check("input[name=decision][value=approve]")
    shot(page, "retrofits-bureau-decide-postponement")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".alert-success")).to_contain_text("延期申请已批准")
    expect(page.get_by_test_id("planned-date")).to_have_text(change.new_date.isoformat())
    expect(page.get_by_test_id("committed-date")).to_have_text(committed.isoformat())
    expect(page.get_by_test_id("change-status").first).to_have_text("已批准")
    shot(page, "retrofits-postponement-approved")


def test_bad_input_on_a_phone_keeps_the_form_and_explains(phone, live_server, demo):
    node = MilestoneNode.objects.get(
        project__name="1#线窑尾超低排放改造", code="construction_started"
    )
    later = node.planned_date + datetime.timedelta(days=20)
    login(phone, live_server, "shanshui")
    phone.goto(f"{live_server.url}/retrofits/nodes/{node.pk}/date/")
    phone.fill("#id_new_date", later.isoformat())
    phone.get_by_role("button", name="保存").click()
    expect(phone.locator(".alert-danger")).to_contain_text("未保存")
    expect(phone.locator(".invalid-feedback, .text-danger").first).to_contain_text("延期理由")
    expect(phone.locator("#id_new_date")).to_have_value(later.isoformat())
    shot(phone, "retrofits-postponement-without-reason-phone")


@pytest.mark.parametrize(
    "username,path",
    [
        ("bureau", "/retrofits/"),
        ("weishan", "/"),
        ("leader", "/retrofits/"),
    ],
)
def test_pages_render_for_staff(page, live_server, demo, username, path):
    login(page, live_server, username)
    page.goto(f"{live_server.url}{path}")
    expect(page.locator("main")).to_be_visible()
    shot(page, f"retrofits-{username}-{path.strip('/').replace('/', '-') or 'home'}")


def test_project_detail_timeline_and_table(page, phone, live_server, demo):
    node = MilestoneNode.objects.get(project__name="2#焦炉烟气超低排放改造", order=5)
    login(page, live_server, "leader")
    page.goto(f"{live_server.url}{node.project.get_absolute_url()}")
    expect(page.get_by_test_id("timeline")).to_be_visible()
    expect(page.locator("[data-testid=node-table] [data-state=missed]").first).to_be_visible()
    shot(page, "retrofits-project-detail-missed")
    login(phone, live_server, "rongxin")
    phone.goto(f"{live_server.url}{node.project.get_absolute_url()}")
    expect(phone.get_by_test_id("node-table")).to_be_visible()
    shot(phone, "retrofits-project-detail-phone")
