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


def test_claims_wait_for_the_bureau_and_only_listed_capacity_moves_the_overview(
    browser, browser_context_args, live_server, demo, evidence_png
):
    bureau = browser.new_context(**browser_context_args).new_page()
    contact = browser.new_context(**browser_context_args).new_page()
    leader = browser.new_context(**browser_context_args).new_page()
    claim = NodeCompletion.objects.get(status="pending")  # Zhongtai's "one month stable"

    # The official's coking figure: nobody on the ULE list (Yankuang revoked); Rongxin's 1#
    # battery is shown apart.
    login(leader, live_server, "leader")
    expect(leader.get_by_test_id("overview")).to_contain_text("0.0%")
    expect(leader.get_by_test_id("partial-capacity")).to_contain_text("750,000")
    shot(leader, "acceptance-1-leader-overview-before")

    # The bureau sees the pending claim on its home page and returns it with a comment.
    login(bureau, live_server, "bureau")
    expect(bureau.get_by_test_id("pending-claims")).to_contain_text("1 项超低排放阶段认定申请")
    bureau.get_by_test_id("pending-claims").get_by_role("link").click()
    expect(bureau.get_by_test_id("claim")).to_contain_text("稳定运行满1个月")
    shot(bureau, "acceptance-2-bureau-claims")
    bureau.get_by_test_id("review").click()
    bureau.get_by_label("退回：节点重新打开").check()
    bureau.fill("#id_comment", "DCS运行记录缺少脱硝出口数据，请补充")
    shot(bureau, "acceptance-3-bureau-returns-claim")
    bureau.get_by_role("button", name="保存决定").click()
    expect(bureau.locator(".alert-success")).to_contain_text("已退回")

    # The contact finds the node open again with the bureau's comment, and records it once
    # more with the evidence.
    login(contact, live_server, "zhongtai")
    contact.goto(f"{live_server.url}{claim.node.get_absolute_url()}")
    expect(contact.get_by_test_id("node-claim")).to_contain_text("缺少脱硝出口数据")
    shot(contact, "acceptance-4-contact-sees-returned-claim")
    contact.get_by_test_id("complete-node").click()
    contact.fill("#id_actual_date", TODAY.isoformat())
    contact.set_input_files("#id_files", evidence_png)
    contact.get_by_role("button", name="保存").click()
    expect(contact.locator(".alert-success")).to_contain_text("经市局确认佐证材料后计入")
    expect(contact.get_by_test_id("node-claim")).to_contain_text("待市局确认")
    shot(contact, "acceptance-5-contact-claims-again")

    # The bureau, reading in English, confirms it.
    bureau.goto(f"{live_server.url}/acceptance/claims/")
    bureau.select_option("#language-select", "en")
    bureau.wait_for_load_state()
    expect(bureau.get_by_test_id("claim")).to_contain_text("Stable operation")
    shot(bureau, "acceptance-6-bureau-claims-english")
    bureau.get_by_test_id("review").click()
    bureau.get_by_label("Confirm: the evidence shows the node done").check()
    bureau.get_by_role("button", name="Save decision").click()
    expect(bureau.locator(".alert-success")).to_contain_text("Claim confirmed")

    # "Evaluation monitoring done" cannot be ticked by hand: it follows from the evaluation.
    evaluated = MilestoneNode.objects.get(project=claim.node.project, code="evaluation_done")
    contact.goto(live_server.url + reverse("retrofits:node_complete", args=[evaluated.pk]))
    contact.fill("#id_actual_date", TODAY.isoformat())
    contact.set_input_files("#id_files", evidence_png)
    contact.get_by_role("button", name="保存").click()
    expect(contact.locator("body")).to_contain_text("以评估监测记录为准")
    shot(contact, "acceptance-7-contact-refused-evaluation-node")

    # Stable operation confirmed; the figure moves only with the ULE list.
    leader.reload()
    expect(leader.get_by_test_id("overview")).to_contain_text("0.0%")
    shot(leader, "acceptance-8-leader-overview-unmoved")


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
    # What still stands between Zhongtai and the list: its other pillars have no project.
    contact.goto(live_server.url + reverse("acceptance:status", args=[evaluation.enterprise_id]))
    expect(contact.get_by_test_id("blockers")).to_contain_text("清洁运输")
    shot(contact, "acceptance-evaluation-6-status-blockers")


def test_publicity_listing_suspension_revocation_and_the_relisting_bar(
    browser, browser_context_args, phone_context_args, live_server, demo
):
    """Qufu Zhonglian (evaluation accepted, in publicity): the publicity ends, the bureau lists
    it, a spot-check finding suspends it, it is revoked, relisting is barred until the bar ends;
    the official's cement figure follows; citizens read the list without signing in."""
    from datetime import timedelta

    from acceptance import services
    from acceptance.models import Publicity
    from accounts.models import User
    from enterprises.models import Enterprise
    from tests.factories.inspections import FindingFactory

    qufu = Enterprise.objects.get(name_en__startswith="Qufu Zhonglian")
    publicity = Publicity.objects.get(enterprise=qufu, status="open")
    bureau = browser.new_context(**browser_context_args).new_page()
    leader = browser.new_context(**browser_context_args).new_page()
    login(leader, live_server, "leader")
    expect(leader.get_by_test_id("overview").locator(".card").first).to_contain_text("34.5%")

    # The bureau records an objection received during the publicity and how it was handled.
    login(bureau, live_server, "bureau")
    bureau.get_by_test_id("nav-acceptance").click()
    bureau.get_by_test_id("nav-ule-list").click()
    expect(bureau.get_by_test_id("open-publicity")).to_contain_text(qufu.name_zh)
    shot(bureau, "acceptance-list-1-bureau-list-page")
    bureau.get_by_test_id("open-publicity").click()
    bureau.fill("#id_objections", "1")
    bureau.get_by_role("button", name="保存异议情况").click()
    expect(bureau.get_by_test_id("objections")).to_contain_text("1")
    bureau.fill(
        "#id_objections_handling",
        "群众反映厂区道路扬尘，经现场核实已落实洒水清扫，异议不成立，已答复。",
    )
    bureau.get_by_role("button", name="保存异议情况").click()
    expect(bureau.locator(".alert-success")).to_contain_text("异议情况已保存")
    shot(bureau, "acceptance-list-2-objection-handled")

    # Ten days pass: the publicity has ended; the bureau lists the enterprise.
    Publicity.objects.filter(pk=publicity.pk).update(
        start=TODAY - timedelta(days=12), end=TODAY - timedelta(days=3)
    )
    bureau.reload()
    bureau.once("dialog", lambda d: d.accept())
    bureau.get_by_test_id("close-publicity").click()
    expect(bureau.locator(".alert-success")).to_contain_text("已纳入超低排放名单")
    expect(bureau.get_by_test_id("list-status").first).to_contain_text("已纳入")
    shot(bureau, "acceptance-list-3-listed")
    leader.reload()
    expect(leader.get_by_test_id("overview").locator(".card").first).to_contain_text("51.7%")
    shot(leader, "acceptance-list-4-leader-after-listing")

    # A spot check finds NOx above the ULE limit: the bureau suspends the listing on it.
    finding = FindingFactory(
        enterprise=qufu,
        category="organized",
        description="窑尾NOx小时均值超过超低排放限值（比对监测）",
        created_by=User.objects.get(username="bureau"),
    )
    bureau.reload()
    bureau.get_by_label("暂停").check()
    bureau.fill("#id_reason", "市局抽查比对监测发现窑尾NOx超出超低排放限值，暂停并责令整改。")
    bureau.select_option("#id_finding", str(finding.pk))
    shot(bureau, "acceptance-list-5-suspension-form")
    bureau.once("dialog", lambda d: d.accept())
    bureau.get_by_role("button", name="保存变更").click()
    expect(bureau.locator(".alert-success")).to_contain_text("暂停")
    leader.reload()
    expect(leader.get_by_test_id("overview").locator(".card").first).to_contain_text("34.5%")

    # Still not meeting the limits after the deadline: revoked, six months' bar.
    bureau.get_by_label("已移出").check()
    bureau.fill("#id_reason", "整改期满复测仍不能稳定达到超低排放要求。")
    bureau.select_option(
        "#id_revocation_reason",
        label="抽查或在线监测发现不能稳定达到超低排放要求（6个月内不得重新纳入）",
    )
    bureau.once("dialog", lambda d: d.accept())
    bureau.get_by_role("button", name="保存变更").click()
    expect(bureau.get_by_test_id("bar")).to_contain_text("前不得重新纳入")
    shot(bureau, "acceptance-list-6-revoked-with-bar")

    # A new evaluation is accepted; a publicity ending before the bar is refused.
    old = qufu.evaluations.get(status="accepted")
    again = services.evaluation_submit(
        actor=User.objects.get(username="qufu"),
        enterprise=qufu,
        data={
            **{f: getattr(old, f) for f in services.evaluations.FIELDS},
            "units": list(old.units.all()),
        },
        files=[_pdf()],
    )
    services.evaluation_review(
        actor=User.objects.get(username="bureau"), evaluation=again, accept=True
    )
    bureau.goto(live_server.url + reverse("acceptance:publicity_new", args=[qufu.pk]))
    bureau.fill("#id_platform", "济宁市生态环境局网站")
    bureau.fill("#id_url", "https://example.org/jining/gs/2")
    bureau.fill("#id_start", TODAY.isoformat())
    bureau.fill("#id_end", (TODAY + timedelta(days=9)).isoformat())
    bureau.get_by_role("button", name="保存").click()
    expect(bureau.locator("body")).to_contain_text("前不得重新纳入名单")
    shot(bureau, "acceptance-list-7-relisting-barred")

    # Citizens read the list and its changes without signing in, in English too, on a phone.
    citizen = browser.new_context(**phone_context_args).new_page()
    citizen.goto(live_server.url + reverse("public_ule:list"))
    expect(citizen.get_by_test_id("public-list")).to_contain_text(qufu.name_zh)
    expect(citizen.locator("body")).not_to_contain_text("群众反映")
    shot(citizen, "acceptance-list-8-public-list-phone")
    citizen.select_option("#language-select", "en")
    expect(citizen.locator("h1")).to_contain_text("Ultra-low emission list")
    citizen.goto(live_server.url + reverse("public_ule:changes"))
    expect(citizen.get_by_test_id("public-changes")).to_contain_text("Revoked")
    shot(citizen, "acceptance-list-9-public-changes-english")


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "report.pdf",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )
