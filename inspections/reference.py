"""Reference rows of the inspections app, as plain data: the default checklists (version 1 of
each, from ../shared/domain.md sections 4-7) and the law articles a finding may cite (section
10), each item and article with its source. Items not found in an official text are flagged
unconfirmed. Migration 0002, the demo and the tests load these rows with ``load`` (through
``core.reference.ensure_rows``), so there is one copy of them.

Everything here is editable data once loaded: the office revises a checklist by publishing a
new version; old inspections keep the version they used.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.reference import ensure_rows

from .law_reference import MORE_LAW_ARTICLES

# Sources, cited the way a Chinese inspector reads them.
ULE_NATIONAL = "环大气〔2024〕5号（水泥超低排放限值，国家）"
ULE_UNCONFIRMED = "超低排放限值（未找到官方原文，待核实）"
ULE_SHANDONG = "山东省焦化行业超低排放改造方案"
PRACTICE_LIST = "现场检查实践做法（未找到官方检查表原文）"
CLEAN_TRANSPORT = "环大气〔2024〕5号（清洁运输要求）"
GATE_RATE = "HJ 1321-2023；95%传输率来自解读文章，待核实"
LEDGER_RETENTION = "保存期限未找到官方规定，可配置（默认1年）"
MONITORING = "监测监控要求；《大气污染防治法》第20条"
SPECIAL_CLASS = "济宁市专班2025年8月调度会要求"
SPECIAL_CLASS_PRACTICE = "济宁市专班2025年8月调度会要求；实践做法"
PRACTICE = "实践做法"
APPCL_ART_20 = "《大气污染防治法》第20条"
APPCL_ART_116 = "《大气污染防治法》第116条"
APPCL_ART_117 = "《大气污染防治法》第117条"

SEED_NOTE = "Seeded default (domain notes)"


def _item(text_zh: str, text_en: str, source: str, *, confirmed: bool) -> dict[str, Any]:
    return {"text_zh": text_zh, "text_en": text_en, "source": source, "confirmed": confirmed}


# code, scope, industry, order, names; items in order (text, source, confirmed).
CHECKLISTS: list[dict[str, Any]] = [
    {
        "code": "organized-cement",
        "category": "organized",
        "industry": "cement_clinker",
        "order": 10,
        "name_zh": "有组织排放（水泥熟料）",
        "name_en": "Organized emissions (cement clinker)",
        "items": [
            _item(
                "窑尾（含余热利用系统）颗粒物、SO₂、NOₓ小时均值不高于10/35/50 mg/m³（基准氧含量10%）",
                "Kiln tail (incl. waste-heat system) hourly means of PM, SO₂, NOₓ at or below 10/35/50 mg/m³ (10% O₂)",
                ULE_NATIONAL,
                confirmed=True,
            ),
            _item(
                "每月生产时段内≥95%的小时均值达到超低排放限值",
                "At least 95% of each month's production hours meet the ULE limits",
                ULE_NATIONAL,
                confirmed=True,
            ),
            _item(
                "窑头、煤磨及其他排放口颗粒物不高于10 mg/m³",
                "Kiln head, coal mill and other points: PM at or below 10 mg/m³",
                ULE_UNCONFIRMED,
                confirmed=False,
            ),
            _item(
                "脱硝设施氨逃逸不高于8 mg/m³",
                "Denitrification ammonia slip at or below 8 mg/m³",
                ULE_UNCONFIRMED,
                confirmed=False,
            ),
            _item(
                "除尘、脱硫、脱硝设施正常运行，运行记录与生产工况一致",
                "Dust removal, desulfurization and denitrification facilities running; operating records match production",
                MONITORING,
                confirmed=True,
            ),
            _item(
                "无旁路烟道或旁路已铅封、拆除",
                "No bypass flue, or bypass sealed or removed",
                MONITORING,
                confirmed=True,
            ),
            _item(
                "排放口编号、标识牌与排污许可证一致，采样口和平台规范",
                "Outlet IDs and signs match the discharge permit; sampling ports and platforms in order",
                PRACTICE,
                confirmed=False,
            ),
            _item(
                "超低排放时段以外仍满足山东省标准DB37/2373-2018",
                "Outside ULE hours, emissions still meet Shandong standard DB37/2373-2018",
                ULE_SHANDONG,
                confirmed=True,
            ),
        ],
    },
    {
        "code": "organized-coking",
        "category": "organized",
        "industry": "coking",
        "order": 11,
        "name_zh": "有组织排放（焦化）",
        "name_en": "Organized emissions (coking)",
        "items": [
            _item(
                "焦炉烟囱颗粒物、SO₂、NOₓ小时均值不高于10/30/100 mg/m³（山东省方案）",
                "Coke-oven chimney hourly means of PM, SO₂, NOₓ at or below 10/30/100 mg/m³ (Shandong plan)",
                ULE_SHANDONG,
                confirmed=True,
            ),
            _item(
                "焦炉烟囱非甲烷总烃不高于60 mg/m³，氨逃逸不高于8 mg/m³",
                "Coke-oven chimney NMHC at or below 60 mg/m³, ammonia slip at or below 8 mg/m³",
                ULE_SHANDONG,
                confirmed=True,
            ),
            _item(
                "装煤、干熄焦颗粒物、SO₂不高于10/50 mg/m³",
                "Coal charging and dry quenching: PM and SO₂ at or below 10/50 mg/m³",
                ULE_SHANDONG,
                confirmed=True,
            ),
            _item(
                "推焦颗粒物、SO₂不高于10/30 mg/m³",
                "Coke pushing: PM and SO₂ at or below 10/30 mg/m³",
                ULE_SHANDONG,
                confirmed=True,
            ),
            _item(
                "破碎、筛分、转运颗粒物不高于10 mg/m³",
                "Crushing, screening and transfer: PM at or below 10 mg/m³",
                ULE_SHANDONG,
                confirmed=True,
            ),
            _item(
                "焦油、苯储罐非甲烷总烃不高于50 mg/m³",
                "Tar and benzene tanks: NMHC at or below 50 mg/m³",
                ULE_SHANDONG,
                confirmed=True,
            ),
            _item(
                "治理设施正常运行，无旁路或旁路已封堵",
                "Treatment facilities running; no bypass, or bypass sealed",
                MONITORING,
                confirmed=True,
            ),
        ],
    },
    {
        "code": "fugitive",
        "category": "fugitive",
        "industry": "",
        "order": 20,
        "name_zh": "无组织排放",
        "name_en": "Fugitive emissions",
        "items": [
            _item(
                "物料全部封闭料棚或料仓储存",
                "All materials stored in closed sheds or silos",
                PRACTICE_LIST,
                confirmed=False,
            ),
            _item(
                "物料采用封闭皮带输送",
                "Materials moved on enclosed belt conveyors",
                PRACTICE_LIST,
                confirmed=False,
            ),
            _item(
                "转运点、落料点设集气罩并配袋式除尘器",
                "Hoods with bag filters at transfer and drop points",
                PRACTICE_LIST,
                confirmed=False,
            ),
            _item(
                "厂区道路硬化，定期清扫、洒水",
                "Plant roads hardened, swept and sprayed",
                PRACTICE_LIST,
                confirmed=False,
            ),
            _item(
                "出口设车辆清洗（洗轮）设施并正常使用",
                "Wheel washing at exits, in use",
                PRACTICE_LIST,
                confirmed=False,
            ),
            _item("无可见粉尘外逸", "No visible dust escaping", PRACTICE_LIST, confirmed=False),
            _item("无积尘、无异味", "No dust build-up, no odour", PRACTICE_LIST, confirmed=False),
            _item(
                "颗粒物微站与视频监控联动",
                "Dust micro-monitors linked to video",
                PRACTICE_LIST,
                confirmed=False,
            ),
            _item(
                "散状物料装卸采取密闭或喷淋措施",
                "Dusty materials loaded and unloaded enclosed or with spraying",
                APPCL_ART_117,
                confirmed=True,
            ),
        ],
    },
    {
        "code": "transport",
        "category": "transport",
        "industry": "",
        "order": 30,
        "name_zh": "清洁运输",
        "name_en": "Clean transportation",
        "items": [
            _item(
                "进出厂大宗物料和产品清洁方式运输比例≥80%（铁路、水路、管道、管状带式输送、皮带通廊）",
                "At least 80% of bulk materials and products moved by clean modes (rail, waterway, pipeline, tubular belt, belt corridor)",
                CLEAN_TRANSPORT,
                confirmed=True,
            ),
            _item(
                "清洁运输比例低于80%的，汽运全部使用新能源或国六车辆",
                "Below 80% clean modes: all truck haulage by new-energy or China VI vehicles",
                CLEAN_TRANSPORT,
                confirmed=True,
            ),
            _item(
                "重点区域汽运部分新能源车辆占比2025年底前达到60%",
                "Key regions: new-energy trucks at least 60% of truck haulage by end 2025",
                CLEAN_TRANSPORT,
                confirmed=True,
            ),
            _item(
                "厂内运输车辆为新能源（2025年底前允许国六）",
                "In-plant vehicles new-energy (China VI allowed until end 2025)",
                CLEAN_TRANSPORT,
                confirmed=True,
            ),
            _item(
                "非道路移动机械原则上新能源，否则国四及以上（2025年底前允许国三），均有登记编码",
                "Non-road machinery new-energy in principle, else China IV or better (China III until end 2025), each registered with a code",
                CLEAN_TRANSPORT,
                confirmed=True,
            ),
            _item(
                "每个货运车辆出入口设门禁、视频监控和电子台账（HJ 1321-2023）",
                "Every cargo gate has gate access control, video and an electronic ledger (HJ 1321-2023)",
                CLEAN_TRANSPORT,
                confirmed=True,
            ),
            _item(
                "门禁系统车牌识别、排放阶段核验、实时上传，数据传输率≥95%",
                "Gate system recognises plates, checks each vehicle's emission standard, uploads in real time; at least 95% data transmission",
                GATE_RATE,
                confirmed=False,
            ),
            _item(
                "进出厂车辆电子台账保存期限符合要求（默认1年）",
                "Electronic ledgers of trucks kept for the required period (default 1 year)",
                LEDGER_RETENTION,
                confirmed=False,
            ),
            _item(
                "配备专职运输管理人员",
                "Full-time transport management staff in place",
                SPECIAL_CLASS,
                confirmed=True,
            ),
            _item(
                "运输散装物料车辆苫盖严密",
                "Trucks carrying bulk materials properly covered",
                APPCL_ART_116,
                confirmed=True,
            ),
        ],
    },
    {
        "code": "monitoring",
        "category": "monitoring",
        "industry": "",
        "order": 40,
        "name_zh": "监测监控系统",
        "name_en": "Monitoring systems",
        "items": [
            _item(
                "主要排放口安装在线监测设备（CEMS）并与生态环境部门联网",
                "CEMS installed at the main stacks and networked with the authorities",
                MONITORING,
                confirmed=True,
            ),
            _item(
                "CEMS正常运行，校准、比对和运维记录完整",
                "CEMS running; calibration, comparison and maintenance records complete",
                MONITORING,
                confirmed=True,
            ),
            _item(
                "在线数据无直线、重复值、缺失或长期贴近限值等异常（仅提示核查，不等于认定造假）",
                "Monitoring data free of flat lines, repeated values, gaps or values parked just under a limit (a flag to check, never proof of fraud)",
                MONITORING,
                confirmed=True,
            ),
            _item(
                "无篡改、伪造监测数据或干扰监测设备行为",
                "No tampering with or falsifying of monitoring data or devices",
                APPCL_ART_20,
                confirmed=True,
            ),
            _item(
                "DCS系统完整记录生产和治理设施运行参数并按期保存",
                "DCS records process and treatment parameters completely and keeps them",
                MONITORING,
                confirmed=True,
            ),
            _item(
                "门禁和视频监控系统正常运行",
                "Gate and video systems running",
                MONITORING,
                confirmed=True,
            ),
            _item(
                "建设环保管控平台，台账完整",
                "Environmental management-control platform in place; ledgers complete",
                MONITORING,
                confirmed=True,
            ),
        ],
    },
    {
        "code": "safety",
        "category": "safety",
        "industry": "",
        "order": 50,
        "name_zh": "环保设施安全",
        "name_en": "Safety of environmental works",
        "items": [
            _item(
                "改造施工严格落实安全规定（动火、有限空间、高处作业审批）",
                "Retrofit works obey safety rules (permits for hot work, confined spaces, work at height)",
                SPECIAL_CLASS_PRACTICE,
                confirmed=False,
            ),
            _item(
                "脱硝还原剂（液氨、氨水、尿素）储存使用安全措施到位",
                "Denitrification reagents (liquid ammonia, ammonia water, urea) stored and used safely",
                PRACTICE,
                confirmed=False,
            ),
            _item(
                "环保治理设施开展安全风险辨识评估",
                "Safety risk assessment done for environmental treatment facilities",
                PRACTICE,
                confirmed=False,
            ),
            _item(
                "除尘器、脱硫塔等设施有防爆、防火、防中毒措施",
                "Explosion, fire and poisoning precautions at filters, desulfurization towers and similar",
                PRACTICE,
                confirmed=False,
            ),
            _item(
                "环保设施操作人员经过安全培训并有记录",
                "Operators of environmental facilities trained in safety, with records",
                PRACTICE,
                confirmed=False,
            ),
        ],
    },
]

APPCL = {
    "law_zh": "大气污染防治法（2018）",
    "law_en": "Air Pollution Prevention and Control Law (2018)",
    "source": "《大气污染防治法》（2018年修正）",
}
EPL = {
    "law_zh": "环境保护法（2014）",
    "law_en": "Environmental Protection Law (2014)",
    "source": "《环境保护法》（2014年修订）",
}

LAW_ARTICLES: list[dict[str, Any]] = [
    {
        **APPCL,
        "article": "99",
        "conduct_zh": "未依法取得排污许可证排放；超标或超总量排放；通过逃避监管的方式排放",
        "conduct_en": "Discharging without a permit; exceeding standards or quotas; discharging while evading supervision",
        "measure_zh": "责令改正或限制生产、停产整治，处十万元以上一百万元以下罚款；情节严重的报请政府责令停业、关闭",
        "measure_en": "Order to correct, restrict or stop production; fine of ¥100,000-1,000,000; closure if serious",
        "fine_min": Decimal("100000"),
        "fine_max": Decimal("1000000"),
        "daily_fine": False,
        "allows_restriction": True,
    },
    {
        **APPCL,
        "article": "100",
        "conduct_zh": "未按规定安装、使用大气污染物排放自动监测设备，或未与监控设备联网并保证正常运行；未保存原始监测记录",
        "conduct_en": "Monitoring devices not installed, used or networked, or not kept running; original monitoring records not kept (falsified data: art. 99(3))",
        "measure_zh": "责令改正，处二万元以上二十万元以下罚款；拒不改正的责令停产整治",
        "measure_en": "Order to correct; fine of ¥20,000-200,000; stop production if correction is refused",
        "fine_min": Decimal("20000"),
        "fine_max": Decimal("200000"),
        "daily_fine": False,
        "allows_restriction": True,
    },
    {
        **APPCL,
        "article": "116",
        "conduct_zh": "运输煤炭、垃圾、渣土、砂石、土方、灰浆等散装、流体物料的车辆未采取密闭或其他措施",
        "conduct_en": "Trucks carrying bulk or fluid materials not enclosed or covered",
        "measure_zh": "处二千元以上二万元以下罚款",
        "measure_en": "Fine of ¥2,000-20,000",
        "fine_min": Decimal("2000"),
        "fine_max": Decimal("20000"),
        "daily_fine": False,
        "allows_restriction": False,
    },
    {
        **APPCL,
        "article": "117",
        "conduct_zh": "易产生扬尘的物料未密闭、未覆盖；装卸物料未采取密闭或喷淋等方式",
        "conduct_en": "Dusty materials not enclosed or covered; loading or unloading without enclosure or spraying",
        "measure_zh": "责令改正，处一万元以上十万元以下罚款；拒不改正的责令停工整治或停业整治",
        "measure_en": "Order to correct; fine of ¥10,000-100,000; stop work if correction is refused",
        "fine_min": Decimal("10000"),
        "fine_max": Decimal("100000"),
        "daily_fine": False,
        "allows_restriction": True,
    },
    {
        **EPL,
        "article": "59",
        "conduct_zh": "违法排放污染物，受到罚款处罚，被责令改正，拒不改正",
        "conduct_en": "Illegal discharge, fined and ordered to correct, correction refused",
        "measure_zh": "自责令改正之日的次日起，按照原处罚数额按日连续处罚",
        "measure_en": "Daily continuous fine at the original amount from the day after the order to correct",
        "fine_min": None,
        "fine_max": None,
        "daily_fine": True,
        "allows_restriction": False,
    },
    {
        **EPL,
        "article": "60",
        "conduct_zh": "超过排放标准或者超过重点污染物排放总量控制指标排放污染物",
        "conduct_en": "Discharging above standards or above the total quota for key pollutants",
        "measure_zh": "责令采取限制生产、停产整治等措施；情节严重的报经政府批准责令停业、关闭",
        "measure_en": "Order to restrict production or stop for rectification; closure if serious",
        "fine_min": None,
        "fine_max": None,
        "daily_fine": False,
        "allows_restriction": True,
    },
]


LAW_ARTICLES += MORE_LAW_ARTICLES


def load(apps=None) -> None:
    """Create whichever of these rows is missing (never overwriting an edit). ``apps`` is a
    data migration's registry of historical models; by default the current models."""
    if apps is None:
        from django.apps import apps
    template_model = apps.get_model("inspections", "ChecklistTemplate")
    version_model = apps.get_model("inspections", "ChecklistVersion")
    item_model = apps.get_model("inspections", "ChecklistItem")
    article_model = apps.get_model("inspections", "LawArticle")
    renamed = not any(f.name == "category" for f in template_model._meta.fields)
    for checklist in CHECKLISTS:
        fields = {k: v for k, v in checklist.items() if k != "items"}
        if renamed:  # migrations before 0007 knew the category as "scope"
            fields["scope"] = fields.pop("category")
        [template] = ensure_rows(template_model, [fields], key=("code",))
        [version] = ensure_rows(
            version_model,
            [{"template": template, "number": 1, "note": SEED_NOTE}],
            key=("template", "number"),
        )
        ensure_rows(
            item_model,
            [
                {"version": version, "order": n, **item}
                for n, item in enumerate(checklist["items"], start=1)
            ],
            key=("version", "order"),
        )
    ensure_rows(article_model, LAW_ARTICLES, key=("law_zh", "article"))
