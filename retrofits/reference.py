"""Reference data of the retrofits app: the standard milestone nodes of every category.

Source: ../shared/domain.md section 8 ("From retrofit to the ULE list: the milestone nodes"),
the same standard nodes for the four categories of project. They are data, not code: the office
edits them in the admin; new projects copy them. The proposed days after the start are the
portal's own defaults, not official figures. "Stable operation for at least one month" follows the steel
precedent and is unconfirmed for cement and coking, so it is an editable minimum of 30 days
flagged unconfirmed, with the reason in its note.

Loaded with ``core.reference.ensure_rows(NodeTemplate, NODE_TEMPLATES, key=NODE_TEMPLATE_KEY)``
by data migration 0002, the demo (after a flush) and the tests.
"""

CATEGORIES = ("organized", "fugitive", "transport", "monitoring")

# One row per node, in order. default_offset_days: proposed planned day after the project's
# start; min_days_after_previous: the earliest a node may be done after the previous one;
# stage_on_completion: the enterprise's ULE stage once the node is done ("" = no change).
NODES = [
    {"code": "plan_filed", "name_zh": "改造方案备案", "name_en": "Plan filed",
     "default_offset_days": 0, "stage_on_completion": "retrofitting"},
    {"code": "design_done", "name_zh": "设计完成", "name_en": "Design done",
     "default_offset_days": 30},
    {"code": "equipment_ordered", "name_zh": "设备订货", "name_en": "Equipment ordered",
     "default_offset_days": 60},
    {"code": "construction_started", "name_zh": "开工建设", "name_en": "Construction started",
     "default_offset_days": 90},
    {"code": "installed", "name_zh": "安装完成", "name_en": "Installed",
     "default_offset_days": 150},
    {"code": "commissioning", "name_zh": "调试", "name_en": "Commissioning",
     "default_offset_days": 180},
    {"code": "completed", "name_zh": "建成投运", "name_en": "Completed",
     "default_offset_days": 200, "stage_on_completion": "completed"},
    {"code": "stable_started", "name_zh": "开始稳定运行", "name_en": "Stable operation started",
     "default_offset_days": 205},
    {"code": "stable_month", "name_zh": "稳定运行满1个月",
     "name_en": "Stable operation for at least one month",
     "default_offset_days": 240, "min_days_after_previous": 30, "stage_on_completion": "stable",
     "confirmed": False,
     "note": "钢铁行业先例；水泥、焦化行业未确认，可调整。"
             "Steel precedent; unconfirmed for cement and coking."},
    {"code": "evaluation_done", "name_zh": "评估监测完成", "name_en": "Evaluation monitoring done",
     "default_offset_days": 270, "stage_on_completion": "evaluated"},
    {"code": "report_filed", "name_zh": "报市局备案", "name_en": "Report filed with the city bureau",
     "default_offset_days": 285},
    {"code": "publicized", "name_zh": "公示", "name_en": "Publicized",
     "default_offset_days": 300, "stage_on_completion": "publicized"},
    {"code": "permit_updated", "name_zh": "排污许可证变更", "name_en": "Discharge permit updated",
     "default_offset_days": 330},
]  # fmt: skip

DEFAULTS = {
    "min_days_after_previous": 0,
    "stage_on_completion": "",
    "confirmed": True,
    "note": "",
}

NODE_TEMPLATE_KEY = ("category", "code")

# Every category has the same standard nodes.
NODE_TEMPLATES = [
    {"category": category, "order": order, **DEFAULTS, **node}
    for category in CATEGORIES
    for order, node in enumerate(NODES, start=1)
]
