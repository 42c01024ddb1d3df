"""Seed the standard milestone nodes of ../shared/domain.md section 8 for every category.

They are data, not code: the office edits them in the admin. "Stable operation for at least one
month" follows the steel precedent and is unconfirmed for cement and coking, so it is seeded as
an editable minimum of 30 days flagged unconfirmed."""

from django.db import migrations

CATEGORIES = ["organized", "fugitive", "transport", "monitoring"]

# code, Chinese, English, proposed day after start, min days after previous, stage, confirmed, note
NODES = [
    ("plan_filed", "改造方案备案", "Plan filed", 0, 0, "retrofitting", True, ""),
    ("design_done", "设计完成", "Design done", 30, 0, "", True, ""),
    ("equipment_ordered", "设备订货", "Equipment ordered", 60, 0, "", True, ""),
    ("construction_started", "开工建设", "Construction started", 90, 0, "", True, ""),
    ("installed", "安装完成", "Installed", 150, 0, "", True, ""),
    ("commissioning", "调试", "Commissioning", 180, 0, "", True, ""),
    ("completed", "建成投运", "Completed", 200, 0, "completed", True, ""),
    ("stable_started", "开始稳定运行", "Stable operation started", 205, 0, "", True, ""),
    (
        "stable_month",
        "稳定运行满1个月",
        "Stable operation for at least one month",
        240,
        30,
        "stable",
        False,
        "钢铁行业先例；水泥、焦化行业未确认，可调整。Steel precedent; unconfirmed for cement and coking.",
    ),
    ("evaluation_done", "评估监测完成", "Evaluation monitoring done", 270, 0, "evaluated", True, ""),
    ("report_filed", "报市局备案", "Report filed with the city bureau", 285, 0, "", True, ""),
    ("publicized", "公示", "Publicized", 300, 0, "publicized", True, ""),
    ("permit_updated", "排污许可证变更", "Discharge permit updated", 330, 0, "", True, ""),
]


def seed(apps, schema_editor):
    NodeTemplate = apps.get_model("retrofits", "NodeTemplate")
    for category in CATEGORIES:
        for order, (code, zh, en, offset, min_days, stage, confirmed, note) in enumerate(
            NODES, start=1
        ):
            NodeTemplate.objects.update_or_create(
                category=category,
                code=code,
                defaults={
                    "order": order,
                    "name_zh": zh,
                    "name_en": en,
                    "default_offset_days": offset,
                    "min_days_after_previous": min_days,
                    "stage_on_completion": stage,
                    "confirmed": confirmed,
                    "note": note,
                },
            )


def unseed(apps, schema_editor):
    apps.get_model("retrofits", "NodeTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("retrofits", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
