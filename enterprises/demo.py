"""Jining demo data for the registry: the counties, the seven enterprises named in the August
2025 report (../shared/seed), their illustrative units, emission points and contacts, and the
demo users. Every write is an update_or_create on a natural key, so loading twice changes
nothing. Capacities, credit codes and dates are illustrative and flagged as such."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction

from accounts.models import NotificationChannel, Role, User

from .models import (
    Contact,
    County,
    EmissionPoint,
    Enterprise,
    ProductionUnit,
    UnitKind,
    UnitStatus,
)
from .validators import credit_code_check_char

COUNTIES = [
    ("rencheng", "任城区", "Rencheng District"),
    ("yanzhou", "兖州区", "Yanzhou District"),
    ("qufu", "曲阜市", "Qufu City"),
    ("zoucheng", "邹城市", "Zoucheng City"),
    ("weishan", "微山县", "Weishan County"),
    ("yutai", "鱼台县", "Yutai County"),
    ("jinxiang", "金乡县", "Jinxiang County"),
    ("jiaxiang", "嘉祥县", "Jiaxiang County"),
    ("wenshang", "汶上县", "Wenshang County"),
    ("sishui", "泗水县", "Sishui County"),
    ("liangshan", "梁山县", "Liangshan County"),
    ("hightech", "高新区", "High-tech Zone"),
    ("taibaihu", "太白湖新区", "Taibai Lake New Area"),
    ("econdev", "经济技术开发区", "Economic Development Zone"),
]


def demo_credit_code(n: int) -> str:
    """A well-formed but made-up code (prefix 91 = enterprise, 370800 = Jining)."""
    first17 = f"91370800MA{n:07d}"
    return first17 + credit_code_check_char(first17)


# key, name_zh, name_en, industry, county, capacity t/a, intended stage (only for the CEMS
# flags: the ULE stage itself is derived from confirmed facts), units, contact
ENTERPRISES = [
    (
        "zhonglian",
        "济宁中联水泥有限公司",
        "Jining Zhonglian Cement Co., Ltd.",
        "cement_clinker",
        "sishui",
        1_550_000,
        "publicized",
        [("1# 熟料线", UnitKind.KILN_LINE, 5000, UnitStatus.PEAK_SHIFTING)],
        ("王建国", "环保部部长"),
    ),
    (
        "qufu",
        "曲阜中联水泥有限公司工程材料分公司",
        "Qufu Zhonglian Cement Co., Ltd. Engineering Materials Branch",
        "cement_clinker",
        "qufu",
        775_000,
        "completed",
        [("1# 熟料线", UnitKind.KILN_LINE, 2500, UnitStatus.RUNNING)],
        ("李明", "安环处处长"),
    ),
    (
        "shanshui",
        "微山山水水泥有限公司",
        "Weishan Shanshui Cement Co., Ltd.",
        "cement_clinker",
        "weishan",
        1_240_000,
        "retrofitting",
        [
            ("1# 熟料线", UnitKind.KILN_LINE, 2500, UnitStatus.RUNNING),
            ("2# 熟料线", UnitKind.KILN_LINE, 1500, UnitStatus.MAINTENANCE),
        ],
        ("张磊", "环保主管"),
    ),
    (
        "lutai",
        "山东鲁泰环保建材有限公司",
        "Shandong Lutai Environmental Protection Building Materials Co., Ltd.",
        "cement_clinker",
        "jiaxiang",
        930_000,
        "retrofitting",
        [("1# 熟料线", UnitKind.KILN_LINE, 3000, UnitStatus.RUNNING)],
        ("刘洋", "环保经理"),
    ),
    (
        "yankuang",
        "山东兖矿国际焦化有限公司",
        "Shandong Yankuang International Coking Co., Ltd.",
        "coking",
        "zoucheng",
        2_000_000,
        "publicized",
        [
            ("1# 焦炉", UnitKind.COKE_OVEN, 1_000_000, UnitStatus.RUNNING),
            ("2# 焦炉", UnitKind.COKE_OVEN, 1_000_000, UnitStatus.RUNNING),
        ],
        ("陈刚", "环保处处长"),
    ),
    (
        "rongxin",
        "山东荣信集团有限公司",
        "Shandong Rongxin Group Co., Ltd.",
        "coking",
        "zoucheng",
        1_500_000,
        "retrofitting",
        [
            ("1# 焦炉", UnitKind.COKE_OVEN, 750_000, UnitStatus.RUNNING),
            ("2# 焦炉", UnitKind.COKE_OVEN, 750_000, UnitStatus.RUNNING),
        ],
        ("赵敏", "环保部经理"),
    ),
    (
        "zhongtai",
        "济宁中泰煤化有限公司",
        "Jining Zhongtai Coal Chemical Co., Ltd.",
        "coking",
        "jinxiang",
        1_000_000,
        "evaluated",
        [("1# 焦炉", UnitKind.COKE_OVEN, 1_000_000, UnitStatus.RUNNING)],
        ("孙伟", "安全环保部部长"),
    ),
]

CEMENT_POINTS = [
    ("窑尾排气筒", "kiln_tail", True),
    ("窑头排气筒", "kiln_head", True),
    ("煤磨排气筒", "coal_mill", False),
]
COKING_POINTS = [
    ("焦炉烟囱", "coke_oven_chimney", True),
    ("装煤除尘", "coal_charging", True),
    ("推焦除尘", "coke_pushing", True),
    ("干熄焦除尘", "dry_quenching", True),
    ("备煤破碎除尘", "crushing", False),
    ("焦油苯储罐", "tar_tanks", False),
]

# username, role, display name, county, enterprise key, county lead
USERS = [
    ("office", Role.OFFICE, "专班办公室", None, None, False),
    ("bureau", Role.BUREAU, "市局大气科", None, None, False),
    ("weishan", Role.COUNTY, "微山分局", "weishan", None, True),
    ("vehicle", Role.VEHICLE, "机动车尾气监测", None, None, False),
    ("shanshui", Role.CONTACT, "张磊（山水水泥）", None, "shanshui", False),
    ("rongxin", Role.CONTACT, "赵敏（荣信集团）", None, "rongxin", False),
    ("zhongtai", Role.CONTACT, "孙伟（中泰煤化）", None, "zhongtai", False),
    ("zhonglian", Role.CONTACT, "王建国（中联水泥）", None, "zhonglian", False),
    ("qufu", Role.CONTACT, "李明（曲阜中联）", None, "qufu", False),
    ("yankuang", Role.CONTACT, "陈刚（兖矿焦化）", None, "yankuang", False),
    ("leader", Role.OFFICIAL, "分管领导", None, None, False),
]


@transaction.atomic
def load() -> dict[str, Enterprise]:
    counties = {}
    for code, zh, en in COUNTIES:
        counties[code], _ = County.objects.update_or_create(
            code=code,
            defaults={
                "name_zh": zh,
                "name_en": en,
                "sub_bureau_zh": f"济宁市生态环境局{zh}分局",
                "sub_bureau_en": f"{en} Sub-bureau, Jining Ecology and Environment Bureau",
            },
        )
    enterprises: dict[str, Enterprise] = {}
    for n, (key, zh, en, industry, county, capacity, stage, units, contact) in enumerate(
        ENTERPRISES, start=1
    ):
        e, _ = Enterprise.objects.update_or_create(
            credit_code=demo_credit_code(n),
            defaults={
                "name_zh": zh,
                "name_en": en,
                "industry": industry,
                "county": counties[county],
                "address": f"山东省济宁市{counties[county].name_zh}",
                "annual_capacity_t": capacity,
                "key_region": True,
                "is_illustrative": True,
            },
        )
        enterprises[key] = e
        unit_objs = []
        for name, kind, cap, status in units:
            u, _ = ProductionUnit.objects.update_or_create(
                enterprise=e, name=name, defaults={"kind": kind, "capacity": cap, "status": status}
            )
            unit_objs.append(u)
        points = CEMENT_POINTS if industry == "cement_clinker" else COKING_POINTS
        for i, unit in enumerate(unit_objs, start=1):
            for j, (pname, kind, cems) in enumerate(points, start=1):
                EmissionPoint.objects.update_or_create(
                    enterprise=e,
                    name=f"{unit.name} {pname}",
                    defaults={
                        "unit": unit,
                        "kind": kind,
                        "permit_outlet_id": f"DA{i}{j:02d}",
                        "cems_installed": cems,
                        "cems_networked": cems and stage != "retrofitting",
                    },
                )
        Contact.objects.update_or_create(
            enterprise=e,
            name=contact[0],
            defaults={
                "position": contact[1],
                "phone": f"0537-{5550000 + n:07d}",
                "email": f"{key}@demo.ule-portal.local",
                "is_primary": True,
            },
        )
    for username, role, display, county, ent, lead in USERS:
        user, _ = User.objects.update_or_create(
            username=username,
            defaults={
                "role": role,
                "display_name": display,
                "county": counties[county] if county else None,
                "enterprise": enterprises[ent] if ent else None,
                "is_county_lead": lead,
                "email": f"{username}@demo.ule-portal.local",
                "is_staff": role == Role.OFFICE,
                "is_superuser": role == Role.OFFICE,
                "notification_channel": NotificationChannel.EMAIL_AND_INBOX,
            },
        )
        if not user.check_password(settings.ULE_DEMO_PASSWORD):
            user.set_password(settings.ULE_DEMO_PASSWORD)
            user.save(update_fields=["password"])
        if ent:
            Contact.objects.filter(enterprise=enterprises[ent], is_primary=True).update(user=user)
    return enterprises
