"""Demo data of the acceptance app, through the services, after retrofits.demo:

- a claim awaiting the bureau: the contact of Jining Zhongtai Coal Chemical records "report
  filed with the city bureau" as done, with a file; the enterprise's stage and the city's
  coking figure do not move until the bureau confirms it;
- an evaluation returned for revision (Zhongtai's, the bureau asked for more fugitive
  monitoring points).

Loading twice adds nothing (the node is then done or a claim exists; an evaluation exists).
Dates are illustrative."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from enterprises.models import Enterprise
from retrofits import services as retrofit_services
from retrofits.models import MilestoneNode

from . import services
from .models import Evaluation, NodeCompletion

ZHONGTAI = "济宁中泰煤化有限公司"


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


@transaction.atomic
def load() -> None:
    _evaluation_returned()
    _claim_pending()


def _evaluation_returned() -> None:
    contact = User.objects.filter(username="zhongtai", is_active=True).first()
    bureau = User.objects.filter(username="bureau").first()
    enterprise = Enterprise.objects.filter(name_zh=ZHONGTAI).first()
    if contact is None or bureau is None or enterprise is None or enterprise.evaluations.exists():
        return
    completed = (
        NodeCompletion.objects.filter(enterprise=enterprise, stage="completed", status="confirmed")
        .values_list("actual_date", flat=True)
        .first()
    )
    if completed is None:
        return
    day = datetime.timedelta(days=1)
    evaluation = services.evaluation_submit(
        actor=contact,
        enterprise=enterprise,
        data={
            "evaluator": Evaluation.Evaluator.INSTITUTION,
            "institution_name": "（示例）山东某环境检测有限公司",
            "accreditation_no": "CMA 000000000000（示例）",
            "scope": Evaluation.Scope.FULL,
            "stable_start": completed + 5 * day,
            "stable_end": completed + 40 * day,
            "monitoring_start": completed + 41 * day,
            "monitoring_end": completed + 60 * day,
            "indicators": "颗粒物、SO2、NOx、NMHC、氨逃逸；厂界颗粒物",
            "organized": "meets",
            "fugitive": "meets",
            "transport": "not_covered",
        },
        files=[_pdf("evaluation-demo.pdf")],
    )
    services.evaluation_review(
        actor=bureau,
        evaluation=evaluation,
        accept=False,
        comment="无组织排放监测点位不足，请补充厂界及装煤、推焦区域监测数据（演示数据）。",
    )


def _claim_pending() -> None:
    contact = User.objects.filter(username="zhongtai", is_active=True).first()
    node = (
        MilestoneNode.objects.filter(
            project__enterprise__name_zh=ZHONGTAI, code="report_filed", actual_date__isnull=True
        )
        .select_related("project__enterprise")
        .first()
    )
    if contact is None or node is None or NodeCompletion.objects.filter(node=node).exists():
        return
    retrofit_services.node_complete(
        actor=contact,
        node=node,
        actual_date=timezone.localdate(),
        note="评估监测报告已报市局备案（演示数据）。",
        files=[_pdf("evaluation-report-demo.pdf")],
    )
