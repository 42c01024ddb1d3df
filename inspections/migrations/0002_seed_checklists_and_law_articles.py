"""Seed the default checklists (version 1 of each) and the law articles a finding may cite,
from ../shared/domain.md sections 4-7 and 10. Everything here is editable data: the office
revises a checklist by publishing a new version; old inspections keep the version they used.
Items that were not found in an official text are flagged unconfirmed."""

from decimal import Decimal

from django.db import migrations

D4 = "domain notes §4 (ULE limits)"
D5 = "domain notes §5 (practice list; no official checklist text found)"
D6 = "domain notes §6 (cement opinion, 环大气〔2024〕5号)"
D7 = "domain notes §7 (monitoring systems; APPCL 2018 art. 20)"
SEED1 = "seed report, Aug 2025 (special class meeting)"

# code, scope, industry, order, name_zh, name_en, [(text_zh, text_en, source, confirmed)]
CHECKLISTS = [
    (
        "organized-cement",
        "organized",
        "cement_clinker",
        10,
        "有组织排放（水泥熟料）",
        "Organized emissions (cement clinker)",
        [
            ("窑尾（含余热利用系统）颗粒物、SO₂、NOₓ小时均值不高于10/35/50 mg/m³（基准氧含量10%）", "Kiln tail (incl. waste-heat system) hourly means of PM, SO₂, NOₓ at or below 10/35/50 mg/m³ (10% O₂)", D4 + ", national", True),
            ("每月生产时段内≥95%的小时均值达到超低排放限值", "At least 95% of each month's production hours meet the ULE limits", D4 + ", national", True),
            ("窑头、煤磨及其他排放口颗粒物不高于10 mg/m³", "Kiln head, coal mill and other points: PM at or below 10 mg/m³", D4, False),
            ("脱硝设施氨逃逸不高于8 mg/m³", "Denitrification ammonia slip at or below 8 mg/m³", D4, False),
            ("除尘、脱硫、脱硝设施正常运行，运行记录与生产工况一致", "Dust removal, desulfurization and denitrification facilities running; operating records match production", D7, True),
            ("无旁路烟道或旁路已铅封、拆除", "No bypass flue, or bypass sealed or removed", D7, True),
            ("排放口编号、标识牌与排污许可证一致，采样口和平台规范", "Outlet IDs and signs match the discharge permit; sampling ports and platforms in order", "practice", False),
            ("超低排放时段以外仍满足山东省标准DB37/2373-2018", "Outside ULE hours, emissions still meet Shandong standard DB37/2373-2018", D4 + ", Shandong", True),
        ],
    ),
    (
        "organized-coking",
        "organized",
        "coking",
        11,
        "有组织排放（焦化）",
        "Organized emissions (coking)",
        [
            ("焦炉烟囱颗粒物、SO₂、NOₓ小时均值不高于10/30/100 mg/m³（山东省方案）", "Coke-oven chimney hourly means of PM, SO₂, NOₓ at or below 10/30/100 mg/m³ (Shandong plan)", D4 + ", Shandong", True),
            ("焦炉烟囱非甲烷总烃不高于60 mg/m³，氨逃逸不高于8 mg/m³", "Coke-oven chimney NMHC at or below 60 mg/m³, ammonia slip at or below 8 mg/m³", D4 + ", Shandong", True),
            ("装煤、干熄焦颗粒物、SO₂不高于10/50 mg/m³", "Coal charging and dry quenching: PM and SO₂ at or below 10/50 mg/m³", D4 + ", Shandong", True),
            ("推焦颗粒物、SO₂不高于10/30 mg/m³", "Coke pushing: PM and SO₂ at or below 10/30 mg/m³", D4 + ", Shandong", True),
            ("破碎、筛分、转运颗粒物不高于10 mg/m³", "Crushing, screening and transfer: PM at or below 10 mg/m³", D4 + ", Shandong", True),
            ("焦油、苯储罐非甲烷总烃不高于50 mg/m³", "Tar and benzene tanks: NMHC at or below 50 mg/m³", D4 + ", Shandong", True),
            ("治理设施正常运行，无旁路或旁路已封堵", "Treatment facilities running; no bypass, or bypass sealed", D7, True),
        ],
    ),
    (
        "fugitive",
        "fugitive",
        "",
        20,
        "无组织排放",
        "Fugitive emissions",
        [
            ("物料全部封闭料棚或料仓储存", "All materials stored in closed sheds or silos", D5, False),
            ("物料采用封闭皮带输送", "Materials moved on enclosed belt conveyors", D5, False),
            ("转运点、落料点设集气罩并配袋式除尘器", "Hoods with bag filters at transfer and drop points", D5, False),
            ("厂区道路硬化，定期清扫、洒水", "Plant roads hardened, swept and sprayed", D5, False),
            ("出口设车辆清洗（洗轮）设施并正常使用", "Wheel washing at exits, in use", D5, False),
            ("无可见粉尘外逸", "No visible dust escaping", D5, False),
            ("无积尘、无异味", "No dust build-up, no odour", D5, False),
            ("颗粒物微站与视频监控联动", "Dust micro-monitors linked to video", D5, False),
            ("散状物料装卸采取密闭或喷淋措施", "Dusty materials loaded and unloaded enclosed or with spraying", "APPCL 2018 art. 117", True),
        ],
    ),
    (
        "transport",
        "transport",
        "",
        30,
        "清洁运输",
        "Clean transportation",
        [
            ("进出厂大宗物料和产品清洁方式运输比例≥80%（铁路、水路、管道、管状带式输送、皮带通廊）", "At least 80% of bulk materials and products moved by clean modes (rail, waterway, pipeline, tubular belt, belt corridor)", D6, True),
            ("清洁运输比例低于80%的，汽运全部使用新能源或国六车辆", "Below 80% clean modes: all truck haulage by new-energy or China VI vehicles", D6, True),
            ("重点区域汽运部分新能源车辆占比2025年底前达到60%", "Key regions: new-energy trucks at least 60% of truck haulage by end 2025", D6, True),
            ("厂内运输车辆为新能源（2025年底前允许国六）", "In-plant vehicles new-energy (China VI allowed until end 2025)", D6, True),
            ("非道路移动机械原则上新能源，否则国四及以上（2025年底前允许国三），均有登记编码", "Non-road machinery new-energy in principle, else China IV or better (China III until end 2025), each registered with a code", D6, True),
            ("每个货运车辆出入口设门禁、视频监控和电子台账（HJ 1321-2023）", "Every cargo gate has gate access control, video and an electronic ledger (HJ 1321-2023)", D6, True),
            ("门禁系统车牌识别、排放阶段核验、实时上传，数据传输率≥95%", "Gate system recognises plates, checks each vehicle's emission standard, uploads in real time; at least 95% data transmission", D6 + " (95% from commentary)", False),
            ("进出厂车辆电子台账保存期限符合要求（默认1年）", "Electronic ledgers of trucks kept for the required period (default 1 year)", D6 + " (retention not found; configurable)", False),
            ("配备专职运输管理人员", "Full-time transport management staff in place", SEED1, True),
            ("运输散装物料车辆苫盖严密", "Trucks carrying bulk materials properly covered", "APPCL 2018 art. 116", True),
        ],
    ),
    (
        "monitoring",
        "monitoring",
        "",
        40,
        "监测监控系统",
        "Monitoring systems",
        [
            ("主要排放口安装在线监测设备（CEMS）并与生态环境部门联网", "CEMS installed at the main stacks and networked with the authorities", D7, True),
            ("CEMS正常运行，校准、比对和运维记录完整", "CEMS running; calibration, comparison and maintenance records complete", D7, True),
            ("在线数据无直线、重复值、缺失或长期贴近限值等异常（仅提示核查，不等于认定造假）", "Monitoring data free of flat lines, repeated values, gaps or values parked just under a limit (a flag to check, never proof of fraud)", D7, True),
            ("无篡改、伪造监测数据或干扰监测设备行为", "No tampering with or falsifying of monitoring data or devices", "APPCL 2018 art. 20", True),
            ("DCS系统完整记录生产和治理设施运行参数并按期保存", "DCS records process and treatment parameters completely and keeps them", D7, True),
            ("门禁和视频监控系统正常运行", "Gate and video systems running", D7, True),
            ("建设环保管控平台，台账完整", "Environmental management-control platform in place; ledgers complete", D7, True),
        ],
    ),
    (
        "safety",
        "safety",
        "",
        50,
        "环保设施安全",
        "Safety of environmental works",
        [
            ("改造施工严格落实安全规定（动火、有限空间、高处作业审批）", "Retrofit works obey safety rules (permits for hot work, confined spaces, work at height)", SEED1 + "; practice", False),
            ("脱硝还原剂（液氨、氨水、尿素）储存使用安全措施到位", "Denitrification reagents (liquid ammonia, ammonia water, urea) stored and used safely", "practice", False),
            ("环保治理设施开展安全风险辨识评估", "Safety risk assessment done for environmental treatment facilities", "practice", False),
            ("除尘器、脱硫塔等设施有防爆、防火、防中毒措施", "Explosion, fire and poisoning precautions at filters, desulfurization towers and similar", "practice", False),
            ("环保设施操作人员经过安全培训并有记录", "Operators of environmental facilities trained in safety, with records", "practice", False),
        ],
    ),
]

APPCL_ZH = "大气污染防治法（2018）"
APPCL_EN = "Air Pollution Prevention and Control Law (2018)"
EPL_ZH = "环境保护法（2014）"
EPL_EN = "Environmental Protection Law (2014)"
D10 = "domain notes §10"

# law_zh, law_en, article, conduct_zh, conduct_en, measure_zh, measure_en, min, max, daily, restrict
ARTICLES = [
    (APPCL_ZH, APPCL_EN, "99",
     "未依法取得排污许可证排放；超标或超总量排放；通过逃避监管的方式排放",
     "Discharging without a permit; exceeding standards or quotas; discharging while evading supervision",
     "责令改正或限制生产、停产整治，处十万元以上一百万元以下罚款；情节严重的报请政府责令停业、关闭",
     "Order to correct, restrict or stop production; fine of ¥100,000-1,000,000; closure if serious",
     Decimal("100000"), Decimal("1000000"), False, True),
    (APPCL_ZH, APPCL_EN, "100",
     "未按规定安装、联网、正常运行自动监测设备，或篡改、伪造监测数据",
     "Monitoring devices not installed, not networked or not running; monitoring data tampered with",
     "责令改正，处二万元以上二十万元以下罚款；拒不改正的责令停产整治",
     "Order to correct; fine of ¥20,000-200,000; stop production if correction is refused",
     Decimal("20000"), Decimal("200000"), False, True),
    (APPCL_ZH, APPCL_EN, "116",
     "运输煤炭、垃圾、渣土、砂石、土方、灰浆等散装、流体物料的车辆未采取密闭或其他措施",
     "Trucks carrying bulk or fluid materials not enclosed or covered",
     "处二千元以上二万元以下罚款",
     "Fine of ¥2,000-20,000",
     Decimal("2000"), Decimal("20000"), False, False),
    (APPCL_ZH, APPCL_EN, "117",
     "易产生扬尘的物料未密闭、未覆盖；装卸物料未采取密闭或喷淋等方式",
     "Dusty materials not enclosed or covered; loading or unloading without enclosure or spraying",
     "责令改正，处一万元以上十万元以下罚款；拒不改正的责令停工整治或停业整治",
     "Order to correct; fine of ¥10,000-100,000; stop work if correction is refused",
     Decimal("10000"), Decimal("100000"), False, True),
    (EPL_ZH, EPL_EN, "59",
     "违法排放污染物，受到罚款处罚，被责令改正，拒不改正",
     "Illegal discharge, fined and ordered to correct, correction refused",
     "自责令改正之日的次日起，按照原处罚数额按日连续处罚",
     "Daily continuous fine at the original amount from the day after the order to correct",
     None, None, True, False),
    (EPL_ZH, EPL_EN, "60",
     "超过排放标准或者超过重点污染物排放总量控制指标排放污染物",
     "Discharging above standards or above the total quota for key pollutants",
     "责令采取限制生产、停产整治等措施；情节严重的报经政府批准责令停业、关闭",
     "Order to restrict production or stop for rectification; closure if serious",
     None, None, False, True),
]


def seed(apps, schema_editor):
    Template = apps.get_model("inspections", "ChecklistTemplate")
    Version = apps.get_model("inspections", "ChecklistVersion")
    Item = apps.get_model("inspections", "ChecklistItem")
    Article = apps.get_model("inspections", "LawArticle")
    for code, scope, industry, order, name_zh, name_en, items in CHECKLISTS:
        template, _ = Template.objects.update_or_create(
            code=code,
            defaults={"scope": scope, "industry": industry, "order": order, "name_zh": name_zh, "name_en": name_en},
        )
        version, created = Version.objects.get_or_create(
            template=template, number=1, defaults={"note": "Seeded default (domain notes)"}
        )
        if created:
            for i, (zh, en, source, confirmed) in enumerate(items, start=1):
                Item.objects.create(
                    version=version, order=i, text_zh=zh, text_en=en, source=source, confirmed=confirmed
                )
    for law_zh, law_en, art, c_zh, c_en, m_zh, m_en, lo, hi, daily, restrict in ARTICLES:
        Article.objects.update_or_create(
            law_zh=law_zh,
            article=art,
            defaults={
                "law_en": law_en,
                "conduct_zh": c_zh,
                "conduct_en": c_en,
                "measure_zh": m_zh,
                "measure_en": m_en,
                "fine_min": lo,
                "fine_max": hi,
                "daily_fine": daily,
                "allows_restriction": restrict,
                "source": D10,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
