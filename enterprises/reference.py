"""Emission limits and the rules about meeting them, as plain data with their sources
(../shared/domain.md section 4 and issue 9). Migration 0006 loads them with
``core.reference.ensure_rows`` (keyed on ``code``); the demo and the tests use the same rows.

Honesty about sources: none of the limit texts below was retrieved as an official text with the
search tool in the session that seeded them (the corpora hold reposts and secondary tables, not
the standards). Every value is therefore seeded ``confirmed=False`` with a note saying where it
comes from; the office confirms a row in the admin once someone has checked the published
text. A row whose O₂ basis is unconfirmed cannot be confirmed (a database constraint).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from core.reference import ensure_rows

CEMENT, COKING = "cement_clinker", "coking"
NATIONAL_STD, LOCAL_STD, ULE = "national_standard", "local_standard", "ule_policy"

GB4915 = "GB 4915-2013"
GB4915_DOC = "GB 4915-2013《水泥工业大气污染物排放标准》"
# The 2026 amendment (修改单) of GB 4915-2013, in force from 1 April 2026 (existing plants: its
# article 6 on fugitive emissions from 1 January 2028, the rest at once).
GB4915_AMEND = "GB 4915-2013 修改单"
GB4915_AMEND_DOC = (
    "《水泥工业大气污染物排放标准》（GB 4915-2013）修改单（生态环境部、市场监管总局）"
)
GB4915_AMEND_FROM = date(2026, 4, 1)
GB16171 = "GB 16171-2012"
GB16171_DOC = "GB 16171-2012《炼焦化学工业污染物排放标准》"
DB37 = "DB37/2373-2018"
DB37_DOC = "DB37/2373-2018《建材工业大气污染物排放标准》（山东省）"
CEMENT_ULE = "环大气〔2024〕5号"
CEMENT_ULE_DOC = "关于推进实施水泥行业超低排放的意见（环大气〔2024〕5号）"
COKING_ULE = "焦化超低排放意见（2024）"
COKING_ULE_DOC = "关于推进实施焦化行业超低排放的意见（生态环境部等，2024年；据转载）"
SD_COKING = "山东省焦化行业超低排放改造方案"
SD_COKING_DOC = "山东省焦化行业超低排放改造方案（未找到公开原文）"

NOTES: dict[str, tuple[str, str]] = {
    "ule_repost": (
        "数值来自2024年意见的转载，正式文本未检索到，引用前请核实。",
        "Value from reposts of the 2024 opinion; the final text was not retrieved. Check before citing.",
    ),
    "ule_unsourced": (
        "未在正式文件中查到，按实测浓度（不折算）暂列，引用前请核实。",
        "Not found in an official text; listed as measured (no O₂ conversion). Check before citing.",
    ),
    "gb4915_t2": (
        "表2特别排放限值（济宁属大气污染传输通道“2+26”城市，执行特别排放限值）；数值来自二手资料，标准原文未检索到。",
        "Table 2 special limits (Jining, a '2+26' city, applies special limits); values from "
        "secondary sources, the standard's text was not retrieved.",
    ),
    "gb4915_t1": (
        "表1一般排放限值（现有企业自2015年7月1日起）；数值来自二手资料，标准原文未检索到。",
        "Table 1 general limits (existing plants from 1 July 2015); values from secondary "
        "sources, the standard's text was not retrieved.",
    ),
    "gb4915_nh3": (
        "仅适用于使用氨水、尿素等含氨物质作为还原剂去除氮氧化物的窑尾；数值来自二手资料。",
        "Only where ammonia or urea reductant is used to remove NOx (kiln tail); value from "
        "secondary sources.",
    ),
    "gb4915_amend": (
        "据中国水泥网转载的生态环境部公告：修改单自2026年4月1日起实施，独立热源烘干设备颗粒物、"
        "二氧化硫、氮氧化物限值改为10、50、80 mg/m³；修改单原文未检索到，基准氧含量沿用表2。",
        "From a trade site's report of the ministry's notice: the amendment applies from 1 April "
        "2026 and sets 10, 50 and 80 mg/m³ for PM, SO₂ and NOx of independent heat-source dryers; "
        "the amendment's text was not retrieved, the O₂ reference follows table 2.",
    ),
    "db37": (
        "山东省地方标准，超低排放限值以外的时段仍须满足；数值未在正式文本中查到，引用前请核实。",
        "Shandong standard that hours outside the ULE limits must still meet; value not found "
        "in an official text. Check before citing.",
    ),
    "gb16171": (
        "表6特别排放限值；现有企业自2027年1月1日起执行GB 16171-2024（新建企业自2025年4月1日起），"
        "2024版限值未检索到。数值来自二手资料。",
        "Table 6 special limits; GB 16171-2024 replaces it for existing plants from 1 Jan 2027 "
        "(new plants from 1 Apr 2025); the 2024 values were not retrieved. Values from secondary sources.",
    ),
    "sd_coking": (
        "引自山东省焦化超低排放方案，未找到公开原文；基准氧含量未经确认。",
        "Cited to a Shandong coking plan no public copy confirms; O₂ reference unconfirmed.",
    ),
    "coking_national": (
        "各来源对焦炉烟囱氮氧化物说法不一（100或150）；基准氧含量未经确认。",
        "Sources disagree on coke-oven NOx (100 or 150); O₂ reference unconfirmed.",
    ),
    "coking_new_kind": (
        "该排放源的超低排放限值未找到正式文本，暂按同类燃烧源列出，引用前请核实。",
        "No official ULE value found for this source; listed like comparable combustion sources. "
        "Check before citing.",
    ),
}


def _row(
    industry: str,
    kind: str,
    pollutant: str,
    value: str,
    *,
    force: str,
    std: str,
    doc: str,
    clause: str = "",
    o2: str | None = None,
    jurisdiction: str = "national",
    effective: date | None = None,
    superseded: date | None = None,
    note: str = "",
    tag: str = "",
) -> dict[str, Any]:
    zh, en = NOTES[note] if note else ("", "")
    slug_std = (
        std.lower()
        .replace(" ", "")
        .replace("/", "-")
        .replace("〔", "-")
        .replace("〕", "-")
        .encode("ascii", "ignore")
        .decode()
    )
    return {
        "code": f"{industry}-{kind}-{pollutant}-{force}-{slug_std or jurisdiction}{tag}",
        "industry": industry,
        "source_kind": kind,
        "pollutant": pollutant,
        "value": Decimal(value),
        "unit": "mg/m³",
        "o2_basis": "converted" if o2 else "as_measured",
        "o2_reference_percent": Decimal(o2) if o2 else None,
        "o2_basis_confirmed": False,
        "averaging": "hourly",
        "legal_force": force,
        "jurisdiction": jurisdiction,
        "standard_code": std,
        "clause": clause,
        "source_document": doc,
        "effective_date": effective,
        "superseded_date": superseded,
        "confirmed": False,
        "note": zh,
        "note_en": en,
    }


def _cement_ule(kind: str, pollutant: str, value: str, o2: str | None, note: str) -> dict:
    return _row(
        CEMENT, kind, pollutant, value, force=ULE, std=CEMENT_ULE, doc=CEMENT_ULE_DOC,
        clause="二、主要目标（有组织排放）", o2=o2, note=note,
    )  # fmt: skip


def _gb4915(kind: str, pollutant: str, value: str, o2: str | None, table: int) -> dict:
    note = "gb4915_nh3" if pollutant == "nh3" else f"gb4915_t{table}"
    clause = "表2 大气污染物特别排放限值" if table == 2 else "表1 大气污染物排放限值"
    return _row(
        CEMENT, kind, pollutant, value, force=NATIONAL_STD, std=GB4915, doc=GB4915_DOC,
        clause=clause, o2=o2, effective=date(2014, 3, 1), note=note, tag=f"-t{table}",
    )  # fmt: skip


def _gb16171(kind: str, pollutant: str, value: str, o2: str | None = None) -> dict:
    return _row(
        COKING, kind, pollutant, value, force=NATIONAL_STD, std=GB16171, doc=GB16171_DOC,
        clause="表6 大气污染物特别排放限值", o2=o2, effective=date(2012, 10, 1),
        superseded=date(2027, 1, 1), note="gb16171",
    )  # fmt: skip


def _sd_coking(kind: str, pollutant: str, value: str, o2: str | None = None) -> dict:
    return _row(
        COKING, kind, pollutant, value, force=ULE, std=SD_COKING, doc=SD_COKING_DOC,
        o2=o2, jurisdiction="shandong", note="sd_coking",
    )  # fmt: skip


def _coking_ule(kind: str, pollutant: str, value: str, o2: str | None, note: str) -> dict:
    return _row(
        COKING, kind, pollutant, value, force=ULE, std=COKING_ULE, doc=COKING_ULE_DOC,
        o2=o2, note=note,
    )  # fmt: skip


LIMITS: list[dict[str, Any]] = [
    # Cement: ULE policy values (2024 opinion). NH3 belongs to the kiln tail only (issue 9).
    _cement_ule("kiln_tail", "pm", "10", "10", "ule_repost"),
    _cement_ule("kiln_tail", "so2", "35", "10", "ule_repost"),
    _cement_ule("kiln_tail", "nox", "50", "10", "ule_repost"),
    _cement_ule("bypass", "pm", "10", "10", "ule_repost"),
    _cement_ule("bypass", "so2", "35", "10", "ule_repost"),
    _cement_ule("bypass", "nox", "50", "10", "ule_repost"),
    _cement_ule("independent_dryer", "pm", "10", "8", "ule_repost"),
    _cement_ule("independent_dryer", "so2", "50", "8", "ule_repost"),
    _cement_ule("independent_dryer", "nox", "100", "8", "ule_repost"),
    _cement_ule("kiln_head", "pm", "10", None, "ule_unsourced"),
    _cement_ule("coal_mill", "pm", "10", None, "ule_unsourced"),
    _cement_ule("mill_packing", "pm", "10", None, "ule_unsourced"),
    _cement_ule("crushing", "pm", "10", None, "ule_unsourced"),
    # Cement: the national standard, special limits (table 2) and general limits (table 1).
    _gb4915("kiln_tail", "pm", "20", "10", 2),
    _gb4915("kiln_tail", "so2", "100", "10", 2),
    _gb4915("kiln_tail", "nox", "320", "10", 2),
    _gb4915("kiln_tail", "nh3", "8", "10", 2),
    _gb4915("kiln_tail", "pm", "30", "10", 1),
    _gb4915("kiln_tail", "so2", "200", "10", 1),
    _gb4915("kiln_tail", "nox", "400", "10", 1),
    _gb4915("kiln_tail", "nh3", "10", "10", 1),
    _gb4915("kiln_head", "pm", "20", None, 2),
    _gb4915("coal_mill", "pm", "20", None, 2),
    # independent heat-source dryers: table 2 until the 2026 amendment, then the amendment's
    *(
        {**_gb4915("independent_dryer", p, v, "8", 2), "superseded_date": GB4915_AMEND_FROM}
        for p, v in (("pm", "20"), ("so2", "400"), ("nox", "300"))
    ),
    *(
        _row(
            CEMENT,
            "independent_dryer",
            p,
            v,
            force=NATIONAL_STD,
            std=GB4915_AMEND,
            doc=GB4915_AMEND_DOC,
            clause="修改单：独立热源烘干设备",
            o2="8",
            effective=GB4915_AMEND_FROM,
            note="gb4915_amend",
            tag="-amend2026",
        )  # fmt: skip
        for p, v in (("pm", "10"), ("so2", "50"), ("nox", "80"))
    ),
    _gb4915("mill_packing", "pm", "10", None, 2),
    _gb4915("crushing", "pm", "10", None, 2),
    # Cement: the Shandong standard (hours outside ULE must still meet it).
    *(
        _row(
            CEMENT,
            "kiln_tail",
            p,
            v,
            force=LOCAL_STD,
            std=DB37,
            doc=DB37_DOC,
            clause="重点控制区",
            o2="10",
            jurisdiction="shandong",
            note="db37",
        )  # fmt: skip
        for p, v in (("pm", "10"), ("so2", "50"), ("nox", "100"))
    ),
    # Coking: Shandong plan (ULE) and the national opinion.
    _sd_coking("coke_oven_chimney", "pm", "10", "8"),
    _sd_coking("coke_oven_chimney", "so2", "30", "8"),
    _sd_coking("coke_oven_chimney", "nox", "100", "8"),
    _sd_coking("coke_oven_chimney", "nmhc", "60", "8"),
    _sd_coking("coke_oven_chimney", "nh3", "8", "8"),
    _sd_coking("coal_charging", "pm", "10"),
    _sd_coking("coal_charging", "so2", "50"),
    _sd_coking("dry_quenching", "pm", "10"),
    _sd_coking("dry_quenching", "so2", "50"),
    _sd_coking("coke_pushing", "pm", "10"),
    _sd_coking("coke_pushing", "so2", "30"),
    _sd_coking("crushing", "pm", "10"),
    _sd_coking("tar_tanks", "nmhc", "50"),
    _coking_ule("coke_oven_chimney", "pm", "10", "8", "coking_national"),
    _coking_ule("coke_oven_chimney", "so2", "30", "8", "coking_national"),
    _coking_ule("coke_oven_chimney", "nox", "150", "8", "coking_national"),
    _coking_ule("semi_coke_furnace", "pm", "10", "8", "coking_new_kind"),
    _coking_ule("semi_coke_furnace", "so2", "30", "8", "coking_new_kind"),
    _coking_ule("semi_coke_furnace", "nox", "150", "8", "coking_new_kind"),
    _coking_ule("tube_furnace", "pm", "10", None, "coking_new_kind"),
    _coking_ule("tube_furnace", "so2", "30", None, "coking_new_kind"),
    _coking_ule("tube_furnace", "nox", "150", None, "coking_new_kind"),
    _coking_ule("ammonium_sulfate_dryer", "pm", "10", None, "coking_new_kind"),
    _coking_ule("desulf_regeneration", "nh3", "8", None, "coking_new_kind"),
    # Coking: the national standard (special limits), replaced by GB 16171-2024 from 2027.
    _gb16171("coke_oven_chimney", "pm", "15"),
    _gb16171("coke_oven_chimney", "so2", "30"),
    _gb16171("coke_oven_chimney", "nox", "150"),
    _gb16171("coal_charging", "pm", "30"),
    _gb16171("coal_charging", "so2", "70"),
    _gb16171("coke_pushing", "pm", "30"),
    _gb16171("coke_pushing", "so2", "30"),
    _gb16171("dry_quenching", "pm", "30"),
    _gb16171("dry_quenching", "so2", "80"),
    _gb16171("tube_furnace", "pm", "15"),
    _gb16171("tube_furnace", "so2", "30"),
    _gb16171("tube_furnace", "nox", "150"),
    _gb16171("crushing", "pm", "15"),
]

RULES: list[dict[str, Any]] = [
    {
        "code": f"{industry}-ule-95-percent-of-hours",
        "industry": industry,
        "legal_force": ULE,
        "statistic": "share_of_hours",
        "threshold_percent": Decimal("95"),
        "period": "month",
        "hours_counted": "production_hours",
        "source_document": doc,
        "confirmed": False,
        "note": "参照钢铁行业超低排放做法（每月95%以上时段小时均值达标），本行业是否适用未经确认。",
        "note_en": "Steel-industry precedent (hourly means meet the limits in ≥95% of each "
        "month's production hours); not confirmed for this industry.",
    }
    for industry, doc in ((CEMENT, CEMENT_ULE_DOC), (COKING, COKING_ULE_DOC))
]


def load(apps=None, *, update: bool = False) -> None:
    """Create the missing rows (``update`` brings existing ones to these values). ``apps`` is a
    data migration's registry of historical models; by default the current models."""
    if apps is None:
        from django.apps import apps
    ensure_rows(
        apps.get_model("enterprises", "EmissionLimit"), LIMITS, key=("code",), update=update
    )
    ensure_rows(apps.get_model("enterprises", "LimitRule"), RULES, key=("code",), update=update)
