"""Clean-transport thresholds (../shared/domain.md section 6) as reference rows with their
source. The cement figures match the reposted text of the 2024 cement opinion; its official
text was not retrieved, so every row is loaded unconfirmed: editable defaults for the office to
check and confirm."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from core.reference import ensure_rows

CEMENT = "《关于推进实施水泥行业超低排放的意见》（环大气〔2024〕5号），据转载文本"
COKING = "《关于推进实施焦化行业超低排放的意见》（环大气〔2024〕5号），焦化要求与水泥相近（未核实）"
HJ_1321 = "HJ 1321-2023 门禁与视频监控系统技术要求，95% 来自解读文章（未核实）"
END_2025 = datetime.date(2025, 12, 31)
FROM_2026 = datetime.date(2026, 1, 1)


def _row(rule: str, industry: str, *, source: str, **fields: Any) -> dict[str, Any]:
    return {
        "rule": rule,
        "industry": industry,
        "valid_from": fields.pop("valid_from", None),
        "source": source,
        "confirmed": False,
        **fields,
    }


THRESHOLDS: list[dict[str, Any]] = []
for industry, source in (("cement_clinker", CEMENT), ("coking", COKING)):
    THRESHOLDS += [
        _row(
            "clean_share",
            industry,
            source=source,
            percent=Decimal("80"),
            note_zh="进厂原燃料清洁方式运输比例不低于80%",
            note_en="At least 80% of incoming raw materials and fuels by clean modes",
        ),
        _row(
            "truck_min_stage",
            industry,
            source=source,
            min_stage="china_6",
            note_zh="清洁运输比例未达80%的，汽车运输部分全部采用新能源或国六车辆",
            note_en="Below 80%, every truck must be new-energy or China VI",
        ),
        _row(
            "nev_share",
            industry,
            source=source,
            percent=Decimal("60"),
            key_region_only=True,
            note_zh="重点区域未达80%的部分采用新能源汽车替代，2025年底前替代比例不低于60%",
            note_en="Key regions: new-energy trucks at least 60% of the truck share by end 2025",
        ),
        _row(
            "product_min_stage",
            industry,
            source=source,
            min_stage="china_6",
            note_zh="产品汽车运输全部采用新能源或国六车辆",
            note_en="Products' trucks new-energy or China VI",
        ),
        _row(
            "inplant_min_stage",
            industry,
            source=source,
            min_stage="china_6",
            valid_until=END_2025,
            note_zh="厂内运输车辆2025年底前可采用国六车辆",
            note_en="In-plant vehicles may be China VI until the end of 2025",
        ),
        _row(
            "inplant_min_stage",
            industry,
            source=source,
            min_stage="nev",
            valid_from=FROM_2026,
            note_zh="厂内运输车辆采用新能源",
            note_en="In-plant vehicles new-energy",
        ),
        _row(
            "machine_min_stage",
            industry,
            source=source,
            min_stage="china_3",
            valid_until=END_2025,
            note_zh="非道路移动机械2025年底前可采用国三",
            note_en="Non-road machinery may be China III until the end of 2025",
        ),
        _row(
            "machine_min_stage",
            industry,
            source=source,
            min_stage="china_4",
            valid_from=FROM_2026,
            note_zh="非道路移动机械原则上采用新能源，无对应产品的满足国四及以上",
            note_en="Non-road machinery new-energy in principle, else China IV or better",
        ),
    ]
THRESHOLDS.append(
    _row(
        "gate_completeness",
        "",
        source=HJ_1321,
        percent=Decimal("95"),
        note_zh="门禁数据传输率不低于95%（以车牌、排放阶段齐全的记录计）",
        note_en="At least 95% of gate records complete (plate and emission stage present)",
    )
)

# The law article a machinery finding cites (Air Pollution Prevention and Control Law 2018, art.
# 114), the same row as inspections.law_reference seeds (loaded by whichever migration runs
# first; ensure_rows never creates it twice).
LAW_ARTICLES: list[dict[str, Any]] = [
    {
        "law_zh": "大气污染防治法（2018）",
        "law_en": "Air Pollution Prevention and Control Law (2018)",
        "source": "《大气污染防治法》（2018年修正），生态环境部网站全文 "
        "mee.gov.cn/ywgz/fgbz/fl/201811/t20181113_673567.shtml",
        "article": "114",
        "conduct_zh": "使用排放不合格的非道路移动机械，或者在用重型柴油车、非道路移动机械未按照规定"
        "加装、更换污染控制装置",
        "conduct_en": "Using non-road mobile machinery over the emission standard, or without the"
        " required pollution-control devices",
        "measure_zh": "责令改正，处五千元的罚款",
        "measure_en": "Order to correct; fine of ¥5,000",
        "fine_min": Decimal("5000"),
        "fine_max": Decimal("5000"),
        "daily_fine": False,
        "allows_restriction": False,
    }
]


def load(apps=None) -> None:
    """Create whichever row is missing (never overwriting an edit)."""
    if apps is None:
        from django.apps import apps
    ensure_rows(
        apps.get_model("transport", "Threshold"), THRESHOLDS, key=("rule", "industry", "valid_from")
    )
    ensure_rows(
        apps.get_model("inspections", "LawArticle"), LAW_ARTICLES, key=("law_zh", "article")
    )
