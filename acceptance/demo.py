"""Demo data of the acceptance app, through the services, after retrofits.demo (which stops
before the nodes that follow from records). Every state of the ULE status:

- listed: Jining Zhonglian (all three pillars, evaluation accepted, publicity ended, on the list,
  discharge permit updated);
- revoked with a relisting bar: Shandong Yankuang (listed, then under review and suspended after
  a spot check, then revoked: "not stable", six months);
- in publicity: Qufu Zhonglian (evaluation accepted, publicity open);
- partly complete: Shandong Rongxin's 1# coke-oven battery, evaluated on its own and accepted
  (counted apart, never as whole-plant capacity);
- a claim awaiting the bureau and an evaluation returned for revision: Jining Zhongtai.

Loading twice adds nothing (each step checks what exists). Dates are relative to the day of the
load and illustrative. At the end the daily sweeps of retrofits and acceptance run once."""

from __future__ import annotations

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.reference import ensure_rows
from enterprises.models import Enterprise
from retrofits import reminders as retrofit_reminders
from retrofits import services as retrofit_services
from retrofits.models import MilestoneNode

from . import reminders, services
from .models import Evaluation, ListEntry, ListStatus, NodeCompletion, Publicity, RevocationReason
from .reference import REVOCATION_REASON_KEY, REVOCATION_REASONS

ZHONGLIAN = "济宁中联水泥有限公司"
QUFU = "曲阜中联水泥有限公司工程材料分公司"
YANKUANG = "山东兖矿国际焦化有限公司"
RONGXIN = "山东荣信集团有限公司"
ZHONGTAI = "济宁中泰煤化有限公司"
DAY = datetime.timedelta(days=1)
INSTITUTION = {
    "evaluator": Evaluation.Evaluator.INSTITUTION,
    "institution_name": "（示例）山东某环境检测有限公司",
    "accreditation_no": "CMA 000000000000（示例）",
}


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def _people(name: str) -> tuple[Enterprise | None, User | None, User | None]:
    enterprise = Enterprise.objects.filter(name_zh=name).first()
    contact = (
        enterprise.contact_users.filter(is_active=True).order_by("id").first()
        if enterprise
        else None
    )
    return enterprise, contact, User.objects.filter(username="bureau").first()


def _node_date(enterprise: Enterprise, code: str) -> datetime.date | None:
    """The latest actual date of the node ``code`` across the enterprise's projects."""
    return (
        MilestoneNode.objects.filter(project__enterprise=enterprise, code=code)
        .exclude(actual_date=None)
        .order_by("-actual_date")
        .values_list("actual_date", flat=True)
        .first()
    )


@transaction.atomic
def load() -> None:
    today = timezone.localdate()
    if not RevocationReason.objects.exists():  # e.g. after a test flush: re-seed the reasons
        ensure_rows(RevocationReason, REVOCATION_REASONS, key=REVOCATION_REASON_KEY)
    _listed(ZHONGLIAN, today)
    _revoked(YANKUANG, today)
    _in_publicity(QUFU, today)
    _partly_complete(RONGXIN)
    _evaluation_returned()
    _claim_pending()
    # Today's reminders, now that the records have recorded the nodes that follow from them;
    # beat delivers them within a minute of start.
    retrofit_reminders.daily_sweep(today=today)
    reminders.daily_sweep(today=today)


def _accepted_evaluation(
    enterprise: Enterprise,
    contact: User,
    bureau: User,
    *,
    scope: str = Evaluation.Scope.FULL,
    units=(),
    transport: str = "meets",
) -> Evaluation | None:
    """File and accept an evaluation resting on the stable operation the bureau confirmed."""
    existing = enterprise.evaluations.filter(status=Evaluation.Status.ACCEPTED).first()
    if existing is not None:
        return existing
    stable_from = _node_date(enterprise, "stable_started")
    stable_to = _node_date(enterprise, "stable_month")
    if stable_from is None or stable_to is None:
        return None
    evaluation = services.evaluation_submit(
        actor=contact,
        enterprise=enterprise,
        data={
            **INSTITUTION,
            "scope": scope,
            "units": list(units),
            "stable_start": stable_from,
            "stable_end": stable_to,
            "monitoring_start": stable_to + DAY,
            "monitoring_end": stable_to + 20 * DAY,
            "indicators": "颗粒物、SO2、NOx、氨逃逸；厂界颗粒物；清洁运输比例（演示数据）",
            "organized": "meets",
            "fugitive": "meets",
            "transport": transport,
        },
        files=[_pdf("evaluation-report-demo.pdf")],
    )
    return services.evaluation_review(actor=bureau, evaluation=evaluation, accept=True)


def _publicity(
    enterprise: Enterprise, bureau: User, evaluation: Evaluation, *, start: datetime.date
) -> Publicity:
    existing = enterprise.publicities.order_by("-id").first()
    if existing is not None:
        return existing
    return services.publicity_start(
        actor=bureau,
        enterprise=enterprise,
        data={
            "platform": "济宁市生态环境局网站（示例）",
            "url": "https://example.org/jining/ule-publicity-demo",
            "start": start,
            "end": start + 9 * DAY,
        },
    )


def _list(enterprise: Enterprise, contact: User, bureau: User) -> ListEntry | None:
    """Evaluation, publicity ended, listed, discharge permit updated."""
    entry = ListEntry.objects.filter(enterprise=enterprise).first()
    if entry is not None:
        return entry
    evaluation = _accepted_evaluation(enterprise, contact, bureau)
    if evaluation is None:
        return None
    publicity = _publicity(
        enterprise, bureau, evaluation, start=evaluation.monitoring_end + 15 * DAY
    )
    entry = services.publicity_close(actor=bureau, publicity=publicity, today=publicity.end + DAY)
    for node in MilestoneNode.objects.filter(
        project__enterprise=enterprise, code="permit_updated", actual_date=None
    ).order_by("project_id"):
        retrofit_services.node_complete(
            actor=bureau,
            node=node,
            actual_date=publicity.end + 20 * DAY,
            note="排污许可证已变更，载明超低排放要求（演示数据）。",
            late_reason="演示数据按实际日期补录。",
        )
    return entry


def _listed(name: str, today: datetime.date) -> None:
    enterprise, contact, bureau = _people(name)
    if enterprise and contact and bureau:
        _list(enterprise, contact, bureau)


def _revoked(name: str, today: datetime.date) -> None:
    enterprise, contact, bureau = _people(name)
    if not (enterprise and contact and bureau):
        return
    entry = _list(enterprise, contact, bureau)
    if entry is None or entry.status != ListStatus.LISTED:
        return
    finding = enterprise.findings.order_by("created_at").first()
    start = max(entry.listed_on + DAY, today - 40 * DAY)
    entry = services.listing_change(
        actor=bureau,
        entry=entry,
        to=ListStatus.UNDER_REVIEW,
        reason="市局双随机抽查发现焦炉烟气氮氧化物小时均值多次接近限值，在线监测数据待核实（演示数据）。",
        finding=finding,
        day=start,
    )
    entry = services.listing_change(
        actor=bureau,
        entry=entry,
        to=ListStatus.SUSPENDED,
        reason="比对监测确认氮氧化物超出超低排放限值，责令整改（演示数据）。",
        finding=finding,
        day=start + 10 * DAY,
    )
    services.listing_change(
        actor=bureau,
        entry=entry,
        to=ListStatus.REVOKED,
        reason="整改期满复测仍不能稳定达到超低排放要求，移出超低排放名单（演示数据）。",
        revocation_reason=RevocationReason.objects.get(code="not_stable"),
        finding=finding,
        day=start + 25 * DAY,
    )


def _in_publicity(name: str, today: datetime.date) -> None:
    enterprise, contact, bureau = _people(name)
    if not (enterprise and contact and bureau) or enterprise.publicities.exists():
        return
    evaluation = _accepted_evaluation(enterprise, contact, bureau)
    if evaluation is not None:
        _publicity(enterprise, bureau, evaluation, start=today - 4 * DAY)


def _partly_complete(name: str) -> None:
    enterprise, contact, bureau = _people(name)
    if not (enterprise and contact and bureau):
        return
    line = enterprise.units.filter(name="1# 焦炉").first()
    if line is None:
        return
    _accepted_evaluation(
        enterprise,
        contact,
        bureau,
        scope=Evaluation.Scope.PARTIAL,
        units=[line],
        transport="not_covered",
    )


def _evaluation_returned() -> None:
    enterprise, contact, bureau = _people(ZHONGTAI)
    if contact is None or bureau is None or enterprise is None or enterprise.evaluations.exists():
        return
    completed = _node_date(enterprise, "completed")
    if completed is None:
        return
    evaluation = services.evaluation_submit(
        actor=contact,
        enterprise=enterprise,
        data={
            **INSTITUTION,
            "scope": Evaluation.Scope.FULL,
            "stable_start": completed + 3 * DAY,
            "stable_end": completed + 33 * DAY,
            "monitoring_start": completed + 34 * DAY,
            "monitoring_end": min(completed + 50 * DAY, timezone.localdate()),
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
        comment="无组织排放监测点位不足，请补充厂界及装煤、推焦区域监测数据；清洁运输未纳入评估（演示数据）。",
    )


def _claim_pending() -> None:
    _, contact, _ = _people(ZHONGTAI)
    node = (
        MilestoneNode.objects.filter(
            project__enterprise__name_zh=ZHONGTAI, code="stable_month", actual_date__isnull=True
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
        note="脱硫脱硝设施已连续稳定运行满1个月，附DCS运行记录（演示数据）。",
        files=[_pdf("stable-operation-demo.pdf")],
    )
