# Check constraints keeping typed dates within core.dates' outer bounds (issue 8, item 1).

import datetime

import django.core.validators
from django.db import migrations, models

import core.dates

MESSAGE = "A date is outside the range the portal accepts."
LOW, HIGH = datetime.date(1990, 1, 1), datetime.date(2199, 12, 31)


def _date(field, name):
    return models.CheckConstraint(
        condition=models.Q((f"{field}__gte", LOW), (f"{field}__lte", HIGH)),
        name=name,
        violation_error_message=MESSAGE,
    )


def repair(apps, schema_editor):
    """Rows written before the check (the bug this fixes) are moved to the nearest bound, so
    that the constraints can be added and the pages show them (and they can be corrected)."""
    MilestoneNode = apps.get_model("retrofits", "MilestoneNode")
    DateChange = apps.get_model("retrofits", "DateChange")
    ProgressReport = apps.get_model("retrofits", "ProgressReport")
    for model, fields in (
        (MilestoneNode, ("committed_date", "planned_date", "actual_date")),
        (DateChange, ("old_date", "new_date")),
    ):
        for field in fields:
            model.objects.filter(**{f"{field}__lt": LOW}).update(**{field: LOW})
            model.objects.filter(**{f"{field}__gt": HIGH}).update(**{field: HIGH})
    ProgressReport.objects.filter(period__lt="1990-01").update(period="1990-01")
    ProgressReport.objects.filter(period__gt="2199-12").update(period="2199-12")
    if schema_editor.connection.vendor == "postgresql":  # no pending checks before ALTER TABLE
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("retrofits", "0005_project_version"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="progressreport",
            name="period",
            field=models.CharField(
                help_text="YYYY-MM",
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^\\d{4}-(0[1-9]|1[0-2])$", "Enter a month as YYYY-MM."
                    ),
                    core.dates.validate_plausible_month,
                ],
                verbose_name="reporting month",
            ),
        ),
        migrations.AddConstraint(
            model_name="datechange",
            constraint=_date("old_date", "date_change_old_date_plausible"),
        ),
        migrations.AddConstraint(
            model_name="datechange",
            constraint=_date("new_date", "date_change_new_date_plausible"),
        ),
        migrations.AddConstraint(
            model_name="milestonenode",
            constraint=_date("committed_date", "node_committed_date_plausible"),
        ),
        migrations.AddConstraint(
            model_name="milestonenode",
            constraint=_date("planned_date", "node_planned_date_plausible"),
        ),
        migrations.AddConstraint(
            model_name="milestonenode",
            constraint=_date("actual_date", "node_actual_date_plausible"),
        ),
        migrations.AddConstraint(
            model_name="progressreport",
            constraint=models.CheckConstraint(
                condition=models.Q(("period__gte", "1990-01"), ("period__lte", "2199-12")),
                name="report_period_plausible",
                violation_error_message=MESSAGE,
            ),
        ),
    ]
