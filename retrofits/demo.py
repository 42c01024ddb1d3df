"""Demo retrofit projects for the seven Jining enterprises, covering every state a node can be
in: on time, moved forward, postponement pending, missed, escalated (7 and 30 days), completed,
and a plan awaiting approval. Dates are relative to today and illustrative (the enterprises are
flagged ``is_illustrative``). Every write is an update_or_create on a natural key, so loading
twice on the same day changes nothing. At the end the daily sweep runs once, so that reminders
flow as soon as `make run` starts (beat delivers pending notifications every minute)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from enterprises.models import Enterprise

from . import services
from .models import (
    Category,
    DateChange,
    FourTruthsAssessment,
    FundStatus,
    MilestoneNode,
    NodeTemplate,
    ProgressReport,
    ProjectStatus,
    RetrofitProject,
)

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
    extra: dict = field(default_factory=dict)


SHANSHUI = "微山山水水泥有限公司"
RONGXIN = "山东荣信集团有限公司"
LUTAI = "山东鲁泰环保建材有限公司"
ZHONGLIAN = "济宁中联水泥有限公司"
QUFU = "曲阜中联水泥有限公司工程材料分公司"
YANKUANG = "山东兖矿国际焦化有限公司"
ZHONGTAI = "济宁中泰煤化有限公司"

SPECS = [
    # Publicized: everything done.
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
    # Evaluated: the report to the city bureau is due in 3 days (a reminder today).
    Spec(
        ZHONGTAI,
        Category.ORGANIZED,
        "焦炉烟气及干熄焦超低排放改造",
        "活性焦脱硫脱硝一体化",
        10,
        3,
        budget=7600,
        invested=7200,
        fund=FundStatus.APPLIED,
    ),
    # Completed: one month of stable operation due in 7 days (a reminder today).
    Spec(
        QUFU,
        Category.ORGANIZED,
        "窑头窑尾除尘提标改造",
        "电改袋，窑尾SCR",
        8,
        7,
        budget=3100,
        invested=2900,
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
    # Rongxin: missed 35 days (escalated to the city), a postponement awaiting the bureau.
    Spec(
        RONGXIN,
        Category.ORGANIZED,
        "2#焦炉烟气超低排放改造",
        "SDS干法脱硫+SCR脱硝",
        4,
        -35,
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


def _plan_dates(
    spec: Spec, order: int, today: datetime.date
) -> tuple[datetime.date, datetime.date]:
    """(committed, planned) of the node at ``order`` (1-based)."""
    index = order - 1
    planned = today + datetime.timedelta(days=spec.current_offset + (index - spec.done) * SPACING)
    committed = planned
    if index == spec.done and spec.moved_forward:
        committed = planned + datetime.timedelta(days=spec.moved_forward)
    return committed, planned


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
    if not NodeTemplate.objects.exists():  # e.g. after a test flush: re-seed the templates
        from importlib import import_module

        from django.apps import apps

        import_module("retrofits.migrations.0002_seed_node_templates").seed(apps, None)
    templates: dict[str, list[NodeTemplate]] = {}
    for t in NodeTemplate.objects.filter(active=True).order_by("order"):
        templates.setdefault(t.category, []).append(t)
    year_ago = timezone.now() - datetime.timedelta(days=400)

    for spec in SPECS:
        ent = enterprises.get(spec.enterprise)
        if ent is None:
            continue
        nodes_t = templates[spec.category]
        all_done = spec.done >= len(nodes_t)
        project, _ = RetrofitProject.objects.update_or_create(
            enterprise=ent,
            name=spec.name,
            defaults={
                "category": spec.category,
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
                "status": ProjectStatus.COMPLETED
                if all_done
                else ProjectStatus.UNDERWAY
                if spec.approved
                else ProjectStatus.PLANNING,
                "plan_approved_at": year_ago if spec.approved else None,
                "plan_approved_by": bureau if spec.approved else None,
            },
        )
        project.units.set(ent.units.all())
        points = ent.emission_points.all() if spec.category == Category.ORGANIZED else []
        project.emission_points.set(points)
        for t in nodes_t:
            committed, planned = _plan_dates(spec, t.order, today)
            done = t.order <= spec.done
            node, _ = MilestoneNode.objects.update_or_create(
                project=project,
                order=t.order,
                defaults={
                    "template": t,
                    "code": t.code,
                    "name_zh": t.name_zh,
                    "name_en": t.name_en,
                    "stage_on_completion": t.stage_on_completion,
                    "min_days_after_previous": t.min_days_after_previous,
                    "committed_date": committed if spec.approved else None,
                    "planned_date": planned,
                    "actual_date": planned if done else None,
                    "completion_note": "按期完成（演示数据）。" if done else "",
                },
            )
            if t.order - 1 == spec.done and spec.moved_forward:
                DateChange.objects.update_or_create(
                    node=node,
                    kind=DateChange.Kind.FORWARD,
                    defaults={
                        "old_date": committed,
                        "new_date": planned,
                        "reason": REASONS["forward"],
                        "requested_by": ent.contact_users.first(),
                        "requested_at": timezone.now() - datetime.timedelta(days=5),
                        "status": DateChange.Status.APPLIED,
                    },
                )
            if t.order - 1 == spec.done and spec.postponement:
                DateChange.objects.update_or_create(
                    node=node,
                    kind=DateChange.Kind.POSTPONEMENT,
                    defaults={
                        "old_date": planned,
                        "new_date": planned + datetime.timedelta(days=spec.postponement),
                        "reason": REASONS["postponement"],
                        "requested_by": ent.contact_users.first(),
                        "requested_at": timezone.now() - datetime.timedelta(days=2),
                        "status": DateChange.Status.PENDING,
                    },
                )
        _demo_reports(project, spec, today, bureau)

    _demo_assessments(enterprises, today, office or bureau)
    for ent in enterprises.values():
        services.enterprise_stage_recompute(enterprise=ent, actor=None)
    # Write today's reminders now; beat delivers them within a minute of start.
    services.daily_sweep(today=today)


def _month(today: datetime.date, back: int) -> str:
    y, m = today.year, today.month - back
    while m <= 0:
        y, m = y - 1, m + 12
    return f"{y}-{m:02d}"


def _demo_reports(project, spec: Spec, today, reviewer) -> None:
    if not spec.approved:
        return
    contact = User.objects.filter(role=Role.CONTACT, enterprise=project.enterprise).first()
    pct = min(100, round(100 * spec.done / 13))
    ProgressReport.objects.update_or_create(
        project=project,
        period=_month(today, 2),
        defaults={
            "text": "本月完成设备基础施工及主体设备吊装（演示数据）。",
            "percent_complete": max(0, pct - 10),
            "funds_invested_wan": Decimal(spec.invested) * Decimal("0.8"),
            "status": ProgressReport.Status.ACCEPTED,
            "submitted_by": contact,
            "reviewed_by": reviewer,
            "reviewed_at": timezone.now() - datetime.timedelta(days=40),
            "review_comment": "",
        },
    )
    if spec.enterprise == RONGXIN and spec.category == Category.ORGANIZED:
        ProgressReport.objects.update_or_create(
            project=project,
            period=_month(today, 1),
            defaults={
                "text": "SCR反应器钢结构安装完成60%，催化剂尚未到货（演示数据）。",
                "percent_complete": pct,
                "funds_invested_wan": Decimal(spec.invested),
                "status": ProgressReport.Status.SUBMITTED,
                "submitted_by": contact,
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


def _demo_assessments(enterprises, today, assessor) -> None:
    for name, series in SCORES.items():
        ent = enterprises.get(name)
        if ent is None:
            continue
        for back, (lead, funds, proj, mgmt) in zip((3, 2, 1), series, strict=True):
            FourTruthsAssessment.objects.update_or_create(
                enterprise=ent,
                period=_quarter(today, back),
                defaults={
                    "leadership_score": lead,
                    "leadership_note": "主要负责人定期调度改造进度（演示数据）。",
                    "funds_score": funds,
                    "funds_note": "资金按计划拨付（演示数据）。",
                    "projects_score": proj,
                    "projects_note": "项目按节点推进（演示数据）。",
                    "management_score": mgmt,
                    "management_note": "环保管理制度已修订（演示数据）。",
                    "assessed_by": assessor,
                },
            )
