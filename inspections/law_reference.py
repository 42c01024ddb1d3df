"""More law articles a finding may cite (issue 9): the Air Pollution Prevention and Control Law
articles 98, 99(2), 99(3) (falsified monitoring data belongs here, not under art. 100), 108(5),
114 and 123, and the discharge-permit regulations articles 33-39 and 44, with their fine ranges
as data. ``inspections.reference`` appends them to its ``LAW_ARTICLES``.

The 2018 law's text is on the MEE website (found with the search tool); the permit
regulations' text was not retrieved, so their rows say so in ``source``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

APPCL_MEE = {
    "law_zh": "大气污染防治法（2018）",
    "law_en": "Air Pollution Prevention and Control Law (2018)",
    "source": "《大气污染防治法》（2018年修正），生态环境部网站全文 mee.gov.cn/ywgz/fgbz/fl/201811/t20181113_673567.shtml",
}
PERMIT_REGS = {
    "law_zh": "排污许可管理条例（2021）",
    "law_en": "Regulations on the Administration of Pollutant Discharge Permits (2021)",
    "source": "《排污许可管理条例》（国务院令第736号，2021年3月1日起施行）；条文未经检索核实，引用前请核对原文",
}


def _article(base: dict, article: str, conduct: tuple[str, str], measure: tuple[str, str],
             fine: tuple[str | None, str | None], *, daily: bool = False,
             restriction: bool = False) -> dict[str, Any]:  # fmt: skip
    return {
        **base,
        "article": article,
        "conduct_zh": conduct[0],
        "conduct_en": conduct[1],
        "measure_zh": measure[0],
        "measure_en": measure[1],
        "fine_min": Decimal(fine[0]) if fine[0] else None,
        "fine_max": Decimal(fine[1]) if fine[1] else None,
        "daily_fine": daily,
        "allows_restriction": restriction,
    }


_RESTRICT_100K_1M = (
    "责令改正或者限制生产、停产整治，并处十万元以上一百万元以下的罚款；情节严重的，报经有批准权的人民政府批准，责令停业、关闭",
    "Order to correct, restrict or stop production; fine of ¥100,000-1,000,000; closure if serious",
)
_PERMIT_200K_1M = (
    "责令改正或者限制生产、停产整治，处二十万元以上一百万元以下的罚款；情节严重的，吊销排污许可证，报经有批准权的人民政府批准，责令停业、关闭",
    "Order to correct, restrict or stop production; fine of ¥200,000-1,000,000; permit revoked and closure if serious",
)

# Issue 9: falsified monitoring data is art. 99(3) (and permit regulations art. 34), not art. 100.
MORE_LAW_ARTICLES: list[dict[str, Any]] = [
    _article(
        APPCL_MEE,
        "98",
        (
            "以拒绝进入现场等方式拒不接受监督检查，或者在接受监督检查时弄虚作假",
            "Refusing or obstructing an inspection, or faking it",
        ),
        (
            "责令改正，处二万元以上二十万元以下的罚款；构成违反治安管理行为的，由公安机关依法处罚",
            "Order to correct; fine of ¥20,000-200,000; police penalty where it breaches public order",
        ),
        ("20000", "200000"),
    ),
    _article(
        APPCL_MEE,
        "99(2)",
        (
            "超过大气污染物排放标准或者超过重点大气污染物排放总量控制指标排放大气污染物",
            "Discharging above the emission standards or the total quota for key pollutants",
        ),
        _RESTRICT_100K_1M,
        ("100000", "1000000"),
        restriction=True,
    ),
    _article(
        APPCL_MEE,
        "99(3)",
        (
            "通过逃避监管的方式排放大气污染物（包括篡改、伪造监测数据）",
            "Discharging while evading supervision, including tampering with or falsifying monitoring data",
        ),
        _RESTRICT_100K_1M,
        ("100000", "1000000"),
        restriction=True,
    ),
    _article(
        APPCL_MEE,
        "108(5)",
        (
            "钢铁、建材、有色金属、石油、化工、制药、矿产开采等企业，未采取集中收集处理、密闭、围挡、遮盖、清扫、洒水等措施控制、减少粉尘和气态污染物排放",
            "Steel, building-materials and similar plants not controlling dust and gaseous fugitive emissions (collection, enclosure, covering, sweeping, spraying)",
        ),
        (
            "责令改正，处二万元以上二十万元以下的罚款；拒不改正的，责令停产整治",
            "Order to correct; fine of ¥20,000-200,000; stop production if correction is refused",
        ),
        ("20000", "200000"),
        restriction=True,
    ),
    _article(
        APPCL_MEE,
        "114",
        (
            "使用排放不合格的非道路移动机械，或者在用重型柴油车、非道路移动机械未按照规定加装、更换污染控制装置",
            "Using non-road mobile machinery over the emission standard, or without the required pollution-control devices",
        ),
        ("责令改正，处五千元的罚款", "Order to correct; fine of ¥5,000"),
        ("5000", "5000"),
    ),
    _article(
        APPCL_MEE,
        "123",
        (
            "受到罚款处罚，被责令改正，拒不改正（无证排放、超标排放、逃避监管排放、扬尘防治不力）",
            "Fined and ordered to correct, correction refused (no permit, over standard, evading supervision, dust)",
        ),
        (
            "自责令改正之日的次日起，按照原处罚数额按日连续处罚",
            "Daily continuous fine at the original amount from the day after the order to correct",
        ),
        (None, None),
        daily=True,
    ),
    _article(
        PERMIT_REGS,
        "33",
        (
            "未取得排污许可证、许可证有效期届满未延续、被撤销注销吊销后或应重新申请而未申请排放污染物",
            "Discharging without a valid permit (none, expired, revoked, or a new one needed)",
        ),
        (
            "责令改正或者责令限制生产、停产整治，处二十万元以上一百万元以下的罚款；情节严重的，报经有批准权的人民政府批准，责令停业、关闭",
            "Order to correct, restrict or stop production; fine of ¥200,000-1,000,000; closure if serious",
        ),
        ("200000", "1000000"),
        restriction=True,
    ),
    _article(
        PERMIT_REGS,
        "34",
        (
            "超过许可排放浓度、许可排放量排放污染物；通过暗管、渗井、渗坑、灌注或者篡改、伪造监测数据，或者不正常运行污染防治设施等逃避监管的方式违法排放污染物",
            "Exceeding permitted concentrations or quantities; evading supervision, including tampering with or falsifying monitoring data or abnormal running of facilities",
        ),
        _PERMIT_200K_1M,
        ("200000", "1000000"),
        restriction=True,
    ),
    _article(
        PERMIT_REGS,
        "35",
        (
            "未按照排污许可证规定控制大气污染物无组织排放；特殊时段未按照排污许可证规定停止或者限制排放污染物",
            "Fugitive emissions not controlled as the permit requires; not stopping or limiting discharge in special periods",
        ),
        (
            "责令改正，处五万元以上二十万元以下的罚款；情节严重的，处二十万元以上一百万元以下的罚款，责令限制生产、停产整治",
            "Order to correct; fine of ¥50,000-200,000, or ¥200,000-1,000,000 with restriction if serious",
        ),
        ("50000", "1000000"),
        restriction=True,
    ),
    _article(
        PERMIT_REGS,
        "36",
        (
            "排放口或排放方式不符合许可证；损毁或擅自改变自动监测设备；未按规定安装、联网自动监测设备或未保证正常运行；未开展自行监测、未保存原始监测记录；自动监测数据异常或超标不报告",
            "Outlets or discharge not as permitted; automatic monitoring damaged, altered, not installed, not networked or not kept running; no self-monitoring or records; abnormal data or exceedances not reported",
        ),
        (
            "责令改正，处二万元以上二十万元以下的罚款；拒不改正的，责令停产整治",
            "Order to correct; fine of ¥20,000-200,000; stop production if correction is refused",
        ),
        ("20000", "200000"),
        restriction=True,
    ),
    _article(
        PERMIT_REGS,
        "37",
        (
            "未建立或未如实记录环境管理台账；未按规定提交执行报告；未如实报告排放行为或排放浓度、排放量",
            "Environmental management ledger missing or untrue; implementation reports not filed; discharge not reported truthfully",
        ),
        (
            "责令改正，每次处五千元以上二万元以下的罚款",
            "Order to correct; fine of ¥5,000-20,000 each time",
        ),
        ("5000", "20000"),
    ),
    _article(
        PERMIT_REGS,
        "38",
        (
            "违法排放污染物受到罚款处罚并被责令改正，复查发现继续实施或拒绝、阻挠复查",
            "Fined and ordered to correct, and the violation continues or the re-check is obstructed",
        ),
        (
            "依照《环境保护法》的规定按日连续处罚",
            "Daily continuous fines under the Environmental Protection Law",
        ),
        (None, None),
        daily=True,
    ),
    _article(
        PERMIT_REGS,
        "39",
        (
            "拒不配合监督检查，或者在接受监督检查时弄虚作假",
            "Refusing to cooperate with an inspection, or faking it",
        ),
        ("责令改正，处二万元以上二十万元以下的罚款", "Order to correct; fine of ¥20,000-200,000"),
        ("20000", "200000"),
    ),
    _article(
        PERMIT_REGS,
        "44",
        (
            "无证排污被责令停止排污拒不执行，或者通过逃避监管的方式违法排放污染物，尚不构成犯罪",
            "Discharging without a permit after an order to stop, or evading supervision (short of a crime)",
        ),
        (
            "除依照本条例处罚外，对直接负责的主管人员和其他直接责任人员依照《环境保护法》的规定处以拘留",
            "Besides the fine, detention of the responsible managers under the Environmental Protection Law",
        ),
        (None, None),
    ),
]
