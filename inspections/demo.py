"""Demo inspections for the seven Jining enterprises: submitted and draft records, findings in
every state (open and overdue, answered and waiting for verification, returned, closed), the
enterprises' "one factory, one policy" plans, a declared conflict of interest, a published
double-random draw with its disclosure and a confidential one. Dates are relative to today and
illustrative. Where the services can build a state (today's draft, files, the conflict, the
draws) the demo goes through them; records dated in the past are written on a natural key
(update_or_create / get_or_create). Loading twice on the same day changes nothing. At the end
the daily sweep runs once, so reminders and verification tasks for completed milestones show
up as soon as `make run` starts."""

from __future__ import annotations

import io
from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from core.files import StoredFiles, atomic_with_files
from core.uploads import check_upload
from enterprises.models import Enterprise

from . import draws, reference, reminders, services
from .models import (
    Answer,
    AnswerResult,
    Attachment,
    ChecklistItem,
    ChecklistTemplate,
    Draw,
    DrawTarget,
    Finding,
    FindingResponse,
    FindingReview,
    FindingStatus,
    Inspection,
    InspectionStatus,
    LawArticle,
    Origin,
    RectificationPlan,
    TargetClass,
)

SHANSHUI = "微山山水水泥有限公司"
RONGXIN = "山东荣信集团有限公司"
LUTAI = "山东鲁泰环保建材有限公司"
ZHONGLIAN = "济宁中联水泥有限公司"
QUFU = "曲阜中联水泥有限公司工程材料分公司"
YANKUANG = "山东兖矿国际焦化有限公司"
ZHONGTAI = "济宁中泰煤化有限公司"

CLASSES = {
    YANKUANG: TargetClass.KEY,
    RONGXIN: TargetClass.KEY,
    SHANSHUI: TargetClass.SPECIAL,
    LUTAI: TargetClass.SPECIAL,
    ZHONGLIAN: TargetClass.GENERAL,
    QUFU: TargetClass.GENERAL,
    ZHONGTAI: TargetClass.GENERAL,
}


def _at(days: int, hour: int = 9, minute: int = 30) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _photo(text: str, color: tuple[int, int, int], taken: datetime) -> bytes:
    img = Image.new("RGB", (480, 360), color)
    ImageDraw.Draw(img).text((16, 16), text, fill=(255, 255, 255))
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = timezone.localtime(taken).strftime("%Y:%m:%d %H:%M:%S")
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=80, exif=exif)
    return buf.getvalue()


def _attach(*, files: StoredFiles, name: str, enterprise, color, taken: datetime, **owner) -> None:
    """A demo photo stored the way every upload is (checked, random name, private storage)."""
    if Attachment.objects.filter(original_name=name, **owner).exists():
        return
    upload = check_upload(SimpleUploadedFile(name, _photo(name, color, taken), "image/jpeg"))
    services.attachment_add(actor=None, upload=upload, files=files, enterprise=enterprise, **owner)


def _inspection(
    *, enterprise, days, team, codes, origin, answers, summary="", target=None
) -> Inspection:
    """A submitted inspection of ``days`` ago (written directly: the services lock a record at
    the time it is submitted). answers: {item position in the combined list (0-based):
    (result, note)}; the rest are answered compliant."""
    started = _at(days)
    inspection, _ = Inspection.objects.update_or_create(
        enterprise=enterprise,
        started_at=started,
        defaults={
            "origin": origin,
            "status": InspectionStatus.SUBMITTED,
            "submitted_at": started + timedelta(hours=2),
            "submitted_by": team[0],
            "created_by": team[0],
            "created_at": started,
            "summary": summary,
            "enterprise_present": "环保主管",
            "draw_target": target,
        },
    )
    inspection.inspectors.set(team)
    if not inspection.checklists.exists():
        inspection.checklists.set(
            services.current_versions(ChecklistTemplate.objects.filter(code__in=codes))
        )
    items = list(
        ChecklistItem.objects.filter(version__in=inspection.checklists.all()).order_by(
            "version__template__order", "order"
        )
    )
    for n, item in enumerate(items):
        result, note = answers.get(n, (AnswerResult.COMPLIANT, ""))
        Answer.objects.update_or_create(
            inspection=inspection, item=item, defaults={"result": result, "note": note}
        )
    return inspection


def _draft(*, enterprise, team, codes, answers) -> Inspection:
    """A draft started this morning, through the services (opened once, then saved again
    with the same answers: nothing changes on a second load)."""
    inspection = Inspection.objects.filter(enterprise=enterprise, started_at=_at(0)).first()
    if inspection is None:
        inspection = services.inspection_create(
            actor=team[0],
            enterprise=enterprise,
            started_at=_at(0),
            origin=Origin.CAMPAIGN,
            inspectors=team,
            templates=list(ChecklistTemplate.objects.filter(code__in=codes)),
            enterprise_present="环保主管",
        )
    if inspection.is_locked:
        return inspection
    items = list(inspection.answers.order_by("item__version__template__order", "item__order"))
    services.inspection_save_draft(
        actor=team[0],
        inspection=inspection,
        answers=[
            services.AnswerInput(items[n].item_id, result, note)
            for n, (result, note) in answers.items()
        ],
    )
    return inspection


def _finding(*, inspection, item_no, actor, **fields) -> Finding:
    items = list(
        ChecklistItem.objects.filter(version__in=inspection.checklists.all()).order_by(
            "version__template__order", "order"
        )
    )
    item = items[item_no]
    plan = RectificationPlan.objects.filter(enterprise=inspection.enterprise).order_by("id").first()
    if plan is None:
        plan = RectificationPlan.objects.create(
            enterprise=inspection.enterprise, created_by=actor, created_at=inspection.started_at
        )
    finding, _ = Finding.objects.update_or_create(
        inspection=inspection,
        item=item,
        defaults={
            "enterprise": inspection.enterprise,
            "plan": plan,
            "category": item.version.template.category,
            "created_by": actor,
            "created_at": inspection.submitted_at,
            **fields,
        },
    )
    return finding


def _respond(finding, *, files, author, text, days, review=None) -> None:
    response, _ = FindingResponse.objects.get_or_create(
        finding=finding, text=text, defaults={"author": author, "at": _at(days, 16)}
    )
    _attach(
        files=files,
        name=f"整改照片-{finding.pk}-{response.pk}.jpg",
        enterprise=finding.enterprise,
        color=(40, 110, 70),
        taken=response.at,
        response=response,
    )
    if review:
        reviewer, accepted, reason = review
        FindingReview.objects.get_or_create(
            response=response,
            defaults={
                "finding": finding,
                "reviewer": reviewer,
                "accepted": accepted,
                "reason": reason,
                "at": _at(days + 1, 11),
            },
        )


def load() -> None:
    reference.load()  # the seeded checklists and law articles (a no-op after the migrations)
    with atomic_with_files() as files:
        _load(files)


def _load(files: StoredFiles) -> None:
    ents = {e.name_zh: e for e in Enterprise.objects.filter(name_zh__in=list(CLASSES))}
    if len(ents) < len(CLASSES):  # the registry demo has not been loaded
        return
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["office", "bureau", "weishan", "vehicle"])
    }
    bureau, weishan, vehicle, office = (
        users[k] for k in ("bureau", "weishan", "vehicle", "office")
    )
    art = {a.article: a for a in LawArticle.objects.all()}

    services.conflict_declare(
        actor=office,
        inspector=office,
        enterprise=ents[ZHONGTAI],
        reason="近亲属在该企业任职（演示数据）",
    )

    # Weishan Shanshui Cement: overdue fugitive-emission finding, a clean-transport one answered
    # and waiting for verification (the county sub-bureau's queue).
    shanshui = _inspection(
        enterprise=ents[SHANSHUI],
        days=-40,
        team=[weishan, bureau],
        codes=["fugitive", "transport"],
        origin="campaign",
        answers={
            0: (AnswerResult.NON_COMPLIANT, "熟料堆场东侧料棚未封闭，有扬尘外逸"),
            15: (AnswerResult.NON_COMPLIANT, "2号门门禁数据传输率仅约80%"),
        },
        summary="无组织排放专项检查（演示数据）",
    )
    _attach(
        files=files,
        name="料棚东侧.jpg",
        enterprise=ents[SHANSHUI],
        color=(150, 120, 60),
        taken=shanshui.started_at + timedelta(minutes=25),
        inspection=shanshui,
        item_id=shanshui.answers.order_by("item__version__template__order", "item__order")[
            0
        ].item_id,
    )
    _finding(
        inspection=shanshui,
        item_no=0,
        actor=weishan,
        severity="general",
        description="熟料堆场东侧料棚未封闭，有扬尘外逸",
        area="熟料堆场",
        legal_basis=art["117"],
        requirement="完成熟料堆场全封闭料棚建设，并配套喷淋抑尘设施",
        deadline=timezone.localdate() - timedelta(days=5),
        responsible_person="张磊",
    )
    f2 = _finding(
        inspection=shanshui,
        item_no=15,
        actor=weishan,
        severity="minor",
        description="2号门门禁系统数据传输率偏低",
        area="2号货运门",
        requirement="排查门禁网络，数据传输率稳定在95%以上",
        deadline=timezone.localdate() + timedelta(days=10),
        responsible_person="张磊",
    )
    shanshui_user = User.objects.filter(username="shanshui").first()
    _respond(
        f2,
        files=files,
        author=shanshui_user,
        text="已更换2号门网络设备，近7日传输率99%，附截图",
        days=-3,
    )
    Finding.objects.filter(pk=f2.pk).update(status=FindingStatus.RESPONDED)

    # Shandong Rongxin Group: CEMS data pattern flagged, fine within art. 100's range.
    rongxin = _inspection(
        enterprise=ents[RONGXIN],
        days=-20,
        team=[bureau, office],
        codes=["organized-coking", "monitoring"],
        origin="complaint",
        answers={9: (AnswerResult.NON_COMPLIANT, "焦炉烟囱NOx连续6小时数值相同，需核查")},
        summary="群众投诉夜间异味，现场核查（演示数据）",
    )
    _finding(
        inspection=rongxin,
        item_no=9,
        actor=bureau,
        category="monitoring",
        severity="serious",
        description="焦炉烟囱CEMS NOx数据出现长时间直线，运维记录缺失（提示核查，未认定造假）",
        legal_basis=art["100"],
        fine_amount=50000,
        requirement="完成CEMS比对校准，补齐运维台账，说明异常时段原因",
        deadline=timezone.localdate() + timedelta(days=20),
        responsible_person="赵敏",
    )

    # Shandong Lutai: finding returned once, then accepted and closed; plan completed.
    lutai = _inspection(
        enterprise=ents[LUTAI],
        days=-75,
        team=[bureau, vehicle],
        codes=["transport"],
        origin="campaign",
        answers={3: (AnswerResult.NON_COMPLIANT, "厂内运输车辆2台为国五柴油车")},
    )
    f3 = _finding(
        inspection=lutai,
        item_no=3,
        actor=vehicle,
        severity="general",
        description="厂内运输车辆2台为国五柴油车",
        requirement="淘汰或更换为新能源车辆",
        deadline=timezone.localdate() - timedelta(days=30),
        responsible_person="刘洋",
        status=FindingStatus.CLOSED,
        closed_at=_at(-33, 11),
        closed_by=vehicle,
    )
    _respond(
        f3,
        files=files,
        author=None,
        text="已签订新能源车辆采购合同",
        days=-50,
        review=(vehicle, False, "合同不能证明车辆已替换，请提供新车登记和旧车处置证明"),
    )
    _respond(
        f3,
        files=files,
        author=None,
        text="2台新能源车已上牌投用，旧车已报废，附证明",
        days=-34,
        review=(vehicle, True, ""),
    )
    RectificationPlan.objects.filter(pk=f3.plan_id).update(status="closed", closed_at=_at(-33, 11))

    # Jining Zhonglian: a draft being logged today, opened and saved as an inspector does.
    _draft(
        enterprise=ents[ZHONGLIAN],
        team=[bureau, office],
        codes=["organized-cement", "monitoring"],
        answers={0: (AnswerResult.COMPLIANT, "")},
    )

    # Double-random draws: one published (last quarter), one confidential (coming weeks).
    today = timezone.localdate()
    for name, klass in CLASSES.items():  # the pool page shows these classes
        Enterprise.objects.filter(pk=ents[name].pk).update(supervision_class=klass)
        ents[name].supervision_class = klass
    pool = [draws.PoolEntry(ents[n], c) for n, c in CLASSES.items()]
    inspectors = [bureau, office, vehicle, weishan]
    ratios = {"key": 50, "special": 50, "general": 34}
    past = Draw.objects.filter(title="上季度双随机抽查（演示）").first()
    if past is None:
        past = draws.draw_run(
            actor=office,
            title="上季度双随机抽查（演示）",
            period_start=today - timedelta(days=90),
            period_end=today - timedelta(days=2),
            pool=pool,
            ratios=ratios,
            inspectors=inspectors,
            seed=20250701,
        )
    first = DrawTarget.objects.filter(draw=past).order_by("position").first()
    if first is not None:
        days = (first.inspection_date - today).days
        _inspection(
            enterprise=first.enterprise,
            days=days,
            team=list(first.inspectors.all()),
            codes=["fugitive"],
            origin="draw",
            answers={},
            target=first,
            summary="双随机抽查，未发现问题（演示数据）",
        )
    if not Draw.objects.filter(title="本季度双随机抽查（演示）").exists():
        draws.draw_run(
            actor=office,
            title="本季度双随机抽查（演示）",
            period_start=today + timedelta(days=3),
            period_end=today + timedelta(days=60),
            pool=pool,
            ratios=ratios,
            inspectors=inspectors,
            seed=20251001,
        )
    reminders.daily_sweep()
