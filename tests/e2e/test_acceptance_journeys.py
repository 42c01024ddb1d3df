"""Browser journey of issue 13, part 1 (who may complete what): a contact's ULE-status
milestones are claims; the officials' coking figure moves only when the bureau confirms them.
Screenshots in var/screenshots (Chinese, and the bureau's claims page in English)."""

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from acceptance.models import NodeCompletion
from retrofits.models import MilestoneNode

from .conftest import login, shot

pytestmark = pytest.mark.e2e
TODAY = timezone.localdate()


@pytest.fixture
def evidence_png(tmp_path):
    path = tmp_path / "公示截图.png"
    Image.new("RGB", (64, 48), "gray").save(path, format="PNG")
    return str(path)


def test_claims_wait_for_the_bureau_and_only_confirmed_facts_move_the_overview(
    browser, browser_context_args, live_server, demo, evidence_png
):
    bureau = browser.new_context(**browser_context_args).new_page()
    contact = browser.new_context(**browser_context_args).new_page()
    leader = browser.new_context(**browser_context_args).new_page()
    claim = NodeCompletion.objects.get(status="pending")  # Zhongtai's "report filed"

    # The official's coking figure: Yankuang only (Zhongtai's claim does not count).
    login(leader, live_server, "leader")
    expect(leader.get_by_test_id("overview")).to_contain_text("44.4%")
    shot(leader, "acceptance-1-leader-overview-before")

    # The bureau sees the pending claim on its home page and returns it with a comment.
    login(bureau, live_server, "bureau")
    expect(bureau.get_by_test_id("pending-claims")).to_contain_text("1 项超低排放阶段认定申请")
    bureau.get_by_test_id("pending-claims").get_by_role("link").click()
    expect(bureau.get_by_test_id("claim")).to_contain_text("报市局备案")
    shot(bureau, "acceptance-2-bureau-claims")
    bureau.get_by_test_id("review").click()
    bureau.get_by_label("退回：节点重新打开").check()
    bureau.fill("#id_comment", "备案回执缺少市局盖章页，请补充")
    shot(bureau, "acceptance-3-bureau-returns-claim")
    bureau.get_by_role("button", name="保存决定").click()
    expect(bureau.locator(".alert-success")).to_contain_text("已退回")

    # The contact finds the node open again with the bureau's comment, and records it once
    # more with the evidence.
    login(contact, live_server, "zhongtai")
    contact.goto(f"{live_server.url}{claim.node.get_absolute_url()}")
    expect(contact.get_by_test_id("node-claim")).to_contain_text("缺少市局盖章页")
    shot(contact, "acceptance-4-contact-sees-returned-claim")
    contact.get_by_test_id("complete-node").click()
    contact.fill("#id_actual_date", TODAY.isoformat())
    contact.set_input_files("#id_files", evidence_png)
    contact.get_by_role("button", name="保存").click()
    expect(contact.locator(".alert-success")).to_contain_text("经市局确认佐证材料后计入")
    expect(contact.get_by_test_id("node-claim")).to_contain_text("待市局确认")
    shot(contact, "acceptance-5-contact-claims-again")

    # Without a file the next milestone ("publicized") is refused in Chinese.
    publicized = MilestoneNode.objects.get(project=claim.node.project, code="publicized")
    bureau.goto(f"{live_server.url}/acceptance/claims/")
    bureau.get_by_test_id("review").click()
    bureau.get_by_label("确认：佐证材料表明节点已完成").check()
    bureau.get_by_role("button", name="保存决定").click()
    expect(bureau.locator(".alert-success")).to_contain_text("已确认")
    contact.goto(live_server.url + reverse("retrofits:node_complete", args=[publicized.pk]))
    contact.fill("#id_actual_date", TODAY.isoformat())
    contact.get_by_role("button", name="保存").click()
    expect(contact.locator("body")).to_contain_text("请上传佐证材料")
    shot(contact, "acceptance-6-contact-refused-without-evidence")
    contact.set_input_files("#id_files", evidence_png)
    contact.get_by_role("button", name="保存").click()
    expect(contact.get_by_test_id("node-claim")).to_contain_text("待市局确认")

    # Claimed, not confirmed: the official's figure has not moved.
    leader.reload()
    expect(leader.get_by_test_id("overview")).to_contain_text("44.4%")

    # The bureau, reading in English, confirms: now the figure moves.
    bureau.goto(f"{live_server.url}/acceptance/claims/")
    bureau.select_option("#language-select", "en")
    bureau.wait_for_load_state()
    expect(bureau.get_by_test_id("claim")).to_contain_text("Publicized")
    shot(bureau, "acceptance-7-bureau-claims-english")
    bureau.get_by_test_id("review").click()
    bureau.get_by_label("Confirm: the evidence shows the node done").check()
    bureau.get_by_role("button", name="Save decision").click()
    expect(bureau.locator(".alert-success")).to_contain_text("Claim confirmed")
    leader.reload()
    expect(leader.get_by_test_id("overview")).to_contain_text("66.7%")
    shot(leader, "acceptance-8-leader-overview-after-confirmation")


def test_contact_files_an_evaluation_bureau_returns_contact_resubmits_bureau_accepts(
    browser, browser_context_args, live_server, demo, tmp_path
):
    from datetime import timedelta

    from acceptance.models import Evaluation

    report = tmp_path / "评估监测报告.pdf"
    report.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    completed = NodeCompletion.objects.get(
        enterprise__name_en="Jining Zhongtai Coal Chemical Co., Ltd.",
        stage="completed",
        status="confirmed",
    ).actual_date
    contact = browser.new_context(**browser_context_args).new_page()
    bureau = browser.new_context(**browser_context_args).new_page()

    # The contact files the evaluation of an entrusted institution.
    login(contact, live_server, "zhongtai")
    expect(contact.get_by_test_id("my-evaluations")).to_contain_text("退回修改")
    contact.get_by_test_id("my-evaluations").get_by_role("link").click()
    contact.get_by_test_id("new-evaluation").click()
    contact.get_by_label("委托有资质的机构").check()
    contact.fill("#id_institution_name", "山东某环境检测有限公司")
    contact.fill("#id_accreditation_no", "CMA 201512345678")
    contact.get_by_label("全厂").check()
    contact.fill("#id_stable_start", (completed + timedelta(days=5)).isoformat())
    contact.fill("#id_stable_end", (completed + timedelta(days=10)).isoformat())
    contact.fill("#id_monitoring_start", (completed + timedelta(days=41)).isoformat())
    contact.fill("#id_monitoring_end", (completed + timedelta(days=60)).isoformat())
    contact.fill("#id_indicators", "颗粒物、SO2、NOx、氨逃逸")
    contact.select_option("#id_organized", "meets")
    contact.select_option("#id_fugitive", "meets")
    contact.select_option("#id_transport", "not_covered")
    contact.set_input_files("#id_files", str(report))
    contact.get_by_role("button", name="提交市局").click()
    # Five days of stable operation are not enough (the editable one-month rule).
    expect(contact.locator("#id_stable_end").locator("..")).to_contain_text("30")
    shot(contact, "acceptance-evaluation-1-stable-too-short")
    contact.fill("#id_stable_end", (completed + timedelta(days=40)).isoformat())
    contact.set_input_files("#id_files", str(report))
    contact.get_by_role("button", name="提交市局").click()
    expect(contact.get_by_test_id("evaluation-status")).to_contain_text("待市局技术审查")
    shot(contact, "acceptance-evaluation-2-filed")
    evaluation = Evaluation.objects.get(status="submitted")

    # The bureau returns it with reasons.
    login(bureau, live_server, "bureau")
    expect(bureau.get_by_test_id("evaluations-to-review")).to_contain_text("1 份评估监测")
    bureau.goto(live_server.url + evaluation.get_absolute_url())
    bureau.get_by_label("退回并说明理由").check()
    bureau.fill("#id_comment", "清洁运输未评估，请说明原因或补充")
    shot(bureau, "acceptance-evaluation-3-bureau-returns")
    bureau.get_by_role("button", name="保存决定").click()
    expect(bureau.get_by_test_id("evaluation-status")).to_contain_text("已退回修改")

    # The contact revises and resubmits.
    contact.goto(live_server.url + evaluation.get_absolute_url())
    expect(contact.get_by_test_id("review-comment")).to_contain_text("清洁运输未评估")
    contact.get_by_test_id("resubmit").click()
    contact.select_option("#id_transport", "meets")
    contact.get_by_role("button", name="提交市局").click()
    expect(contact.get_by_test_id("evaluation-status")).to_contain_text("待市局技术审查")
    shot(contact, "acceptance-evaluation-4-resubmitted")

    # The bureau accepts it.
    bureau.goto(live_server.url + evaluation.get_absolute_url())
    bureau.get_by_label("通过评估").check()
    bureau.get_by_role("button", name="保存决定").click()
    expect(bureau.get_by_test_id("evaluation-status")).to_contain_text("已通过")
    shot(bureau, "acceptance-evaluation-5-accepted")
