"""Demo retrofit projects for the seven Jining enterprises, covering every state a node can be
in: on time, moved forward, postponement pending, missed, escalated (7 and 30 days), completed,
and a plan awaiting approval. Dates are relative to the day of the first load and illustrative
(the enterprises are flagged ``is_illustrative``).

Everything goes through the services, as people would do it: the project is created, its plan
dates set and approved, its nodes recorded as done, moved forward or postponed, its reports
submitted and reviewed, so the demo exercises the rules, the audit trail and the notifications.
A project that exists already is left as it is, so loading twice duplicates nothing. At the end
the daily sweep runs once, so that reminders flow as soon as `make run` starts (beat delivers
pending notifications every minute)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

import access
from acceptance import services as acceptance_services
from accounts.models import User
from core.reference import ensure_rows
from enterprises.models import Enterprise

from . import services
from .models import Category, FundStatus, NodeTemplate, RetrofitProject
from .reference import NODE_TEMPLATE_KEY, NODE_TEMPLATES

# Nodes from evaluation monitoring on follow from records (acceptance.services.records): the
# demo stops before them; acceptance.demo files the evaluations and the publicity.
RECORD_STAGES = ("evaluated", "publicized")
SPACING = 35  # days between consecutive demo nodes (≥ 30 for "one month of stable operation")


@dataclass
class Spec:
    enterprise: str  # name_zh of an enterprise of enterprises.demo
    category: str
    name: str
    route: str
    done: int  # how many nodes are done
    current_offset: int  # planned date of the first open node, days from today
    approved: bool = True
    moved_forward: int = 0  # days the current node was moved forward (0 = not moved)
    postponement: int = 0  # days of a pending postponement of the current node
    budget: int = 3000
    invested: int = 1000
    fund: str = FundStatus.NOT_APPLIED
    units: tuple[str, ...] = ()  # names of the units covered (none: all of them)
    extra: dict = field(default_factory=dict)


SHANSHUI = "微山山水水泥有限公司"
RONGXIN = "山东荣信集团有限公司"
LUTAI = "山东鲁泰环保建材有限公司"
ZHONGLIAN = "济宁中联水泥有限公司"
QUFU = "曲阜中联水泥有限公司工程材料分公司"
YANKUANG = "山东兖矿国际焦化有限公司"
ZHONGTAI = "济宁中泰煤化有限公司"

SPECS = [
    # Zhonglian: all three pillars done, evaluated, publicized and listed (acceptance.demo);
    # Yankuang: the same, then suspended after a spot check and revoked (relisting barred).
    Spec(
        ZHONGLIAN,
        Category.ORGANIZED,
        "窑尾SCR脱硝及超低排放改造",
        "低氮燃烧+SNCR+SCR，窑尾袋式除尘",
        13,
        0,
        budget=6800,
        invested=6650,
        fund=FundStatus.GRANTED,
    ),
    Spec(
        ZHONGLIAN,
        Category.TRANSPORT,
        "清洁运输改造（皮带廊道+新能源重卡）",
        "石灰石皮带廊道，门禁及电子台账",
        13,
        0,
        budget=4200,
        invested=4100,
    ),
    Spec(
        ZHONGLIAN,
        Category.FUGITIVE,
        "无组织排放治理（料棚封闭、收尘）",
        "全封闭原料棚，转运点密闭+袋式收尘，厂区道路硬化及喷淋",
        13,
        0,
        budget=1800,
        invested=1750,
    ),
    Spec(
        YANKUANG,
        Category.FUGITIVE,
        "焦炉无组织排放治理",
        "装煤、推焦地面站除尘，煤场全封闭",
        13,
        0,
        budget=3600,
        invested=3500,
    ),
    Spec(
        YANKUANG,
        Category.TRANSPORT,
        "清洁运输（铁路专用线+新能源重卡）",
        "洗精煤铁路进厂，焦炭外运新能源重卡，门禁及电子台账",
        13,
        0,
        budget=5200,
        invested=5100,
    ),
    Spec(
        YANKUANG,
        Category.ORGANIZED,
        "焦炉烟气脱硫脱硝超低排放改造",
        "焦炉烟气SDS脱硫+中低温SCR脱硝",
        13,
        0,
        budget=9800,
        invested=9500,
        fund=FundStatus.GRANTED,
    ),
    # Stable operation under way: the contact claims "one month of stable operation" (the
    # bureau has not confirmed it yet; acceptance.demo), due in 3 days.
    Spec(
        ZHONGTAI,
        Category.ORGANIZED,
        "焦炉烟气及干熄焦超低排放改造",
        "活性焦脱硫脱硝一体化",
        8,
        3,
        budget=7600,
        invested=7200,
        fund=FundStatus.APPLIED,
    ),
    # Qufu: all three pillars done, the evaluation accepted, in publicity (acceptance.demo).
    Spec(
        QUFU,
        Category.ORGANIZED,
        "窑头窑尾除尘提标改造",
        "电改袋，窑尾SCR",
        13,
        0,
        budget=3100,
        invested=2900,
    ),
    Spec(
        QUFU,
        Category.FUGITIVE,
        "物料储运无组织排放治理",
        "原燃料全封闭储存，皮带廊道密闭",
        13,
        0,
        budget=900,
        invested=880,
    ),
    Spec(
        QUFU,
        Category.TRANSPORT,
        "清洁运输改造（新能源重卡）",
        "熟料外运新能源重卡，门禁及电子台账",
        13,
        0,
        budget=1500,
        invested=1400,
    ),
    # Lutai: on time, one node moved forward.
    Spec(
        LUTAI,
        Category.ORGANIZED,
        "窑尾超低排放改造",
        "SNCR+高温高尘SCR",
        4,
        12,
        moved_forward=20,
        budget=4500,
        invested=1800,
        fund=FundStatus.PREPARING,
    ),
    Spec(
        LUTAI,
        Category.FUGITIVE,
        "物料棚化及无组织排放治理",
        "全封闭料棚，皮带密闭，洗车平台",
        5,
        25,
        budget=1500,
        invested=900,
    ),
    # Shanshui (Weishan): on time (due in 10 days, to move forward in the journey), missed 9
    # days (escalated to the county lead), a plan awaiting approval.
    Spec(
        SHANSHUI,
        Category.ORGANIZED,
        "1#线窑尾超低排放改造",
        "分级燃烧+SCR脱硝，窑尾覆膜滤袋",
        3,
        10,
        budget=5200,
        invested=1600,
        fund=FundStatus.APPLIED,
    ),
    Spec(
        SHANSHUI,
        Category.FUGITIVE,
        "无组织排放深度治理",
        "料棚封闭、转运点集气罩+袋除尘、道路硬化喷淋",
        3,
        -9,
        budget=1200,
        invested=500,
    ),
    Spec(
        SHANSHUI,
        Category.MONITORING,
        "CEMS及DCS联网改造",
        "窑尾、窑头CEMS更换并联网，DCS数据保存",
        0,
        15,
        approved=False,
        budget=380,
        invested=0,
    ),
    # Rongxin: 1# battery done and evaluated on its own (partly complete, acceptance.demo);
    # 2# missed 35 days (escalated to the city), a postponement awaiting the bureau.
    Spec(
        RONGXIN,
        Category.ORGANIZED,
        "1#焦炉烟气超低排放改造",
        "SDS干法脱硫+SCR脱硝，装煤推焦地面站",
        13,
        0,
        budget=7900,
        invested=7800,
        units=("1# 焦炉",),
    ),
    Spec(
        RONGXIN,
        Category.ORGANIZED,
        "2#焦炉烟气超低排放改造",
        "SDS干法脱硫+SCR脱硝",
        4,
        -35,
        units=("2# 焦炉",),
        budget=8300,
        invested=2500,
        fund=FundStatus.APPLIED,
    ),
    Spec(
        RONGXIN,
        Category.TRANSPORT,
        "清洁运输及门禁系统建设",
        "铁路专用线接驳，门禁+视频+电子台账",
        2,
        5,
        postponement=45,
        budget=6100,
        invested=800,
    ),
]

REASONS = {
    "postponement": "铁路专用线接轨方案需铁路部门审批，审批周期较原计划延长（演示数据）。",
    "forward": "设备提前到货，安装队伍已进场（演示数据）。",
}


def _plan_dates(spec: Spec, order: int, today: datetime.date) -> datetime.date:
    """The date the plan commits the node at ``order`` (1-based) to. The current node of a
    spec moved forward is committed ``moved_forward`` days later than where it now stands."""
    index = order - 1
    planned = today + datetime.timedelta(days=spec.current_offset + (index - spec.done) * SPACING)
    if index == spec.done and spec.moved_forward:
        planned += datetime.timedelta(days=spec.moved_forward)
    return planned


@transaction.atomic
def load() -> None:
    today = timezone.localdate()
    enterprises = {
        e.name_zh: e for e in Enterprise.objects.filter(name_zh__in={s.enterprise for s in SPECS})
    }
    if not enterprises:
        return
    office = User.objects.filter(username="office").first()
    bureau = User.objects.filter(username="bureau").first()
    if bureau is None:
        return
    if not NodeTemplate.objects.exists():  # e.g. after a test flush: re-seed the templates
        ensure_rows(NodeTemplate, NODE_TEMPLATES, key=NODE_TEMPLATE_KEY)
    existing = set(
        RetrofitProject.objects.filter(enterprise__in=enterprises.values()).values_list(
            "enterprise_id", "name"
        )
    )
    for spec in SPECS:
        ent = enterprises.get(spec.enterprise)
        if ent is None or (ent.pk, spec.name) in existing:
            continue
        contact = ent.contact_users.filter(is_active=True).order_by("id").first()
        project = _demo_project(spec, ent, today, actor=contact or bureau, bureau=bureau)
        if contact is not None and spec.approved:
            _demo_reports(project, spec, today, contact=contact, reviewer=bureau)

    _demo_assessments(enterprises, today, office or bureau)
    for ent in enterprises.values():
        services.enterprise_stage_recompute(enterprise=ent, actor=None)
    # Today's reminders are written by acceptance.demo, once the evaluations and the ULE list
    # have recorded the nodes that follow from them.


def _demo_project(
    spec: Spec, ent: Enterprise, today: datetime.date, *, actor: User, bureau: User
) -> RetrofitProject:
    project = services.project_create(
        actor=actor,
        enterprise=ent,
        data={
            "category": spec.category,
            "name": spec.name,
            "technical_route": spec.route,
            "budget_wan": Decimal(spec.budget),
            "invested_wan": Decimal(spec.invested),
            "fund_status": spec.fund,
            "fund_requested_wan": Decimal(spec.budget // 5)
            if spec.fund in (FundStatus.APPLIED, FundStatus.GRANTED)
            else None,
            "fund_granted_wan": Decimal(spec.budget // 6)
            if spec.fund == FundStatus.GRANTED
            else None,
            "design_firm": "（示例）某环保工程设计院",
            "construction_firm": "（示例）某环保工程有限公司",
            "responsible_person": ent.contacts.filter(is_primary=True)
            .values_list("name", flat=True)
            .first()
            or "—",
            "safety_notes": "动火、高处、受限空间作业实行作业票制度，专人监护（演示数据）。",
            "units": list(ent.units.filter(name__in=spec.units) if spec.units else ent.units.all()),
            "emission_points": list(ent.emission_points.all())
            if spec.category == Category.ORGANIZED
            else [],
        },
        start_date=today,
    )
    nodes = list(project.nodes.order_by("order"))
    services.plan_dates_update(
        actor=actor, project=project, dates={n.pk: _plan_dates(spec, n.order, today) for n in nodes}
    )
    if not spec.approved:
        return project
    services.plan_approve(actor=bureau, project=project)
    for node in nodes[: spec.done]:
        if node.stage_on_completion in RECORD_STAGES:
            break  # from here on, the evaluation and the ULE list record them (acceptance.demo)
        node.refresh_from_db()
        stage_node = access.carries_ule_status(node)
        services.node_complete(
            actor=actor,
            node=node,
            actual_date=node.planned_date,
            note="按期完成（演示数据）。",
            late_reason="演示数据按计划日期补录。",
            files=[_demo_pdf()] if stage_node else [],
        )
        # The bureau confirms the enterprise's stage claims (acceptance) as it would.
        claim = node.completions.filter(status="pending").first()
        if claim is not None:
            acceptance_services.claim_review(actor=bureau, claim=claim, accept=True)
    if spec.done < len(nodes):
        current = nodes[spec.done]
        current.refresh_from_db()
        if spec.moved_forward:
            services.node_move_forward(
                actor=actor,
                node=current,
                new_date=current.planned_date - datetime.timedelta(days=spec.moved_forward),
                reason=REASONS["forward"],
            )
        if spec.postponement:
            services.node_request_postponement(
                actor=actor,
                node=current,
                new_date=current.planned_date + datetime.timedelta(days=spec.postponement),
                reason=REASONS["postponement"],
            )
    project.refresh_from_db()
    return project


def _demo_pdf() -> SimpleUploadedFile:
    """A small PDF standing for the evidence of a stage node (demo data)."""
    return SimpleUploadedFile(
        "evidence-demo.pdf",
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
        content_type="application/pdf",
    )


def _month(today: datetime.date, back: int) -> str:
    y, m = today.year, today.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return f"{y}-{m:02d}"


REPORT_TEXTS = {
    "accepted": "本月完成设备基础施工及主体设备吊装（演示数据）。",
    "submitted": "SCR反应器钢结构安装完成60%，催化剂尚未到货（演示数据）。",
}


def _demo_reports(
    project: RetrofitProject, spec: Spec, today: datetime.date, *, contact: User, reviewer: User
) -> None:
    """An accepted report two months ago; Rongxin's kiln project also one awaiting review."""
    pct = min(100, round(100 * spec.done / 13))
    report = services.report_submit(
        actor=contact,
        project=project,
        data={
            "period": _month(today, 2),
            "text": REPORT_TEXTS["accepted"],
            "percent_complete": max(0, pct - 10),
            "funds_invested_wan": Decimal(spec.invested),
        },
    )
    services.report_review(actor=reviewer, report=report, accept=True)
    if spec.enterprise == RONGXIN and spec.category == Category.ORGANIZED:
        services.report_submit(
            actor=contact,
            project=project,
            data={
                "period": _month(today, 1),
                "text": REPORT_TEXTS["submitted"],
                "percent_complete": pct,
                "funds_invested_wan": Decimal(spec.invested),
            },
        )


def _quarter(today: datetime.date, back: int) -> str:
    q = (today.month - 1) // 3 - back
    y = today.year
    while q < 0:
        y, q = y - 1, q + 4
    return f"{y}-Q{q + 1}"


# Illustrative scores per quarter, oldest first: leaders, funds, projects, management.
SCORES = {
    ZHONGLIAN: [(22, 23, 24, 22), (23, 24, 24, 23), (24, 24, 25, 24)],
    QUFU: [(20, 19, 21, 18), (21, 21, 22, 20), (22, 22, 22, 21)],
    SHANSHUI: [(15, 12, 14, 13), (17, 15, 16, 15), (18, 16, 17, 16)],
    LUTAI: [(16, 14, 15, 15), (18, 17, 18, 16), (20, 19, 19, 18)],
    YANKUANG: [(23, 24, 23, 22), (24, 24, 24, 23), (24, 25, 24, 24)],
    RONGXIN: [(14, 11, 13, 12), (13, 11, 12, 12), (15, 12, 13, 13)],
    ZHONGTAI: [(21, 22, 21, 20), (22, 23, 22, 21), (23, 23, 23, 22)],
}


def _demo_assessments(enterprises, today: datetime.date, assessor: User) -> None:
    for name, series in SCORES.items():
        ent = enterprises.get(name)
        if ent is None:
            continue
        for back, (lead, funds, proj, mgmt) in zip((3, 2, 1), series, strict=True):
            services.assessment_save(
                actor=assessor,
                enterprise=ent,
                data={
                    "period": _quarter(today, back),
                    "leadership_score": lead,
                    "leadership_note": "主要负责人定期调度改造进度（演示数据）。",
                    "funds_score": funds,
                    "funds_note": "资金按计划拨付（演示数据）。",
                    "projects_score": proj,
                    "projects_note": "项目按节点推进（演示数据）。",
                    "management_score": mgmt,
                    "management_note": "环保管理制度已修订（演示数据）。",
                },
            )
