"""Reference rows of the monitoring app: HJ 212-2017 parameter codes and the anomaly rules with
their thresholds (data the office edits). Migration 0002, the demo and the tests load them with
``load`` (``core.reference.ensure_rows``)."""

from __future__ import annotations

from typing import Any

from core.reference import ensure_rows

HJ212_CODES = "HJ 212-2017 附录（污染物编码），与公开实现的编码表核对"
PRACTICE = "监管实践（异常数据筛查经验做法），阈值可调，未见官方文本"

PARAMETERS: list[dict[str, Any]] = [
    {"key": "pm", "hj212_code": "a34013", "name_zh": "颗粒物（烟尘）", "name_en": "Particulate matter",
     "unit": "mg/m³", "pollutant": "pm", "order": 1},
    {"key": "so2", "hj212_code": "a21026", "name_zh": "二氧化硫", "name_en": "SO₂",
     "unit": "mg/m³", "pollutant": "so2", "order": 2},
    {"key": "nox", "hj212_code": "a21002", "name_zh": "氮氧化物", "name_en": "NOₓ",
     "unit": "mg/m³", "pollutant": "nox", "order": 3},
    {"key": "nh3", "hj212_code": "a21001", "name_zh": "氨", "name_en": "Ammonia (NH₃)",
     "unit": "mg/m³", "pollutant": "nh3", "order": 4},
    {"key": "nmhc", "hj212_code": "a24088", "name_zh": "非甲烷总烃", "name_en": "NMHC",
     "unit": "mg/m³", "pollutant": "nmhc", "order": 5},
    {"key": "o2", "hj212_code": "a19001", "name_zh": "氧含量", "name_en": "O₂",
     "unit": "%", "pollutant": "", "order": 6},
    {"key": "flow", "hj212_code": "a00000", "name_zh": "废气流量", "name_en": "Flue gas flow",
     "unit": "m³/h", "pollutant": "", "order": 7},
    {"key": "temp", "hj212_code": "a01012", "name_zh": "烟气温度", "name_en": "Flue gas temperature",
     "unit": "℃", "pollutant": "", "order": 8},
]  # fmt: skip

FLAG_RULES: list[dict[str, Any]] = [
    {
        "kind": "flat_line",
        "params": {"hours": 6},
        "explanation_zh": "连续{hours}个有效小时数值完全相同。真实烟气的小时均值总有波动，长时间不变可能是仪器卡死或数据被替换，请核实。",
        "explanation_en": "Identical values for {hours} valid hours in a row. Real flue-gas hourly means vary; "
        "a long flat line may be a stuck analyser or replaced data. Please check.",
    },
    {
        "kind": "parked",
        "params": {"band_low_percent": 85, "min_share_percent": 80, "min_hours": 12},
        "explanation_zh": "当日至少{min_share_percent}%的有效小时落在超低限值的{band_low_percent}%至100%之间（至少{min_hours}小时）。数值长期贴近限值下方，请核实工况与仪器。",
        "explanation_en": "On this day at least {min_share_percent}% of valid hours (and at least {min_hours}) lie "
        "between {band_low_percent}% and 100% of the ULE value. Values parked just under the limit: check the process and the analyser.",
    },
    {
        "kind": "gap",
        "params": {"hours": 3},
        "explanation_zh": "连续{hours}小时以上没有数据，且未申报停产。",
        "explanation_en": "No data for {hours} hours or more in a row, and no stop was declared.",
    },
    {
        "kind": "o2_range",
        "params": {"min": 1.0, "max": 20.5},
        "explanation_zh": "氧含量超出{min}%至{max}%的合理范围（接近21%意味着测到的是空气）。",
        "explanation_en": "O₂ outside {min}% to {max}% (close to 21% means the probe measures air).",
    },
    {
        "kind": "flow_range",
        "params": {"min": 100, "max": 3000000},
        "explanation_zh": "废气流量超出{min}至{max} m³/h的合理范围。",
        "explanation_en": "Flue-gas flow outside {min} to {max} m³/h.",
    },
    {
        "kind": "while_stopped",
        "params": {"min_hours": 1},
        "explanation_zh": "申报停产（错峰生产或检修）期间仍有标记为正常的数据。",
        "explanation_en": "Data flagged normal while the unit is declared stopped (peak-shifting or maintenance).",
    },
    {
        "kind": "conversion",
        "params": {"tolerance_percent": 5},
        "explanation_zh": "折算值与实测值、氧含量不符：折算值应为实测值×(21−基准氧)/(21−实测氧)，偏差超过{tolerance_percent}%。",
        "explanation_en": "The converted value does not follow from the measured value and O₂: it should be "
        "measured × (21 − reference O₂) / (21 − measured O₂); the difference exceeds {tolerance_percent}%.",
    },
]
for _rule in FLAG_RULES:
    _rule.update(source=PRACTICE, confirmed=False, enabled=True)


def load(apps=None) -> None:
    """Create the missing rows, never overwriting an edit."""
    if apps is None:
        from django.apps import apps
    ensure_rows(apps.get_model("monitoring", "Parameter"), PARAMETERS, key=("key",))
    ensure_rows(apps.get_model("monitoring", "FlagRule"), FLAG_RULES, key=("kind",))
