# Check constraints keeping typed dates within core.dates' outer bounds (issue 8, item 1).

import datetime

from django.db import migrations, models

MESSAGE = "A date is outside the range the portal accepts."
LOW, HIGH = datetime.date(1990, 1, 1), datetime.date(2199, 12, 31)


def _date(field, name):
    return models.CheckConstraint(
        condition=models.Q((f"{field}__gte", LOW), (f"{field}__lte", HIGH)),
        name=name,
        violation_error_message=MESSAGE,
    )


def repair(apps, schema_editor):
    """Rows written before the check (the bug this fixes): an inspection's time becomes the
    time it was recorded, a deadline the nearest bound, so that the constraints can be added."""
    Inspection = apps.get_model("inspections", "Inspection")
    Finding = apps.get_model("inspections", "Finding")
    low_at = datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC)
    high_at = datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)
    Inspection.objects.filter(
        models.Q(started_at__lt=low_at) | models.Q(started_at__gt=high_at)
    ).update(started_at=models.F("created_at"))
    Finding.objects.filter(deadline__lt=LOW).update(deadline=LOW)
    Finding.objects.filter(deadline__gt=HIGH).update(deadline=HIGH)
    if schema_editor.connection.vendor == "postgresql":  # no pending checks before ALTER TABLE
        schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")


class Migration(migrations.Migration):
    dependencies = [
        ("inspections", "0008_one_finding_per_inspection_item"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="draw", constraint=_date("period_start", "draw_period_start_plausible")
        ),
        migrations.AddConstraint(
            model_name="draw", constraint=_date("period_end", "draw_period_end_plausible")
        ),
        migrations.AddConstraint(
            model_name="drawtarget",
            constraint=_date("inspection_date", "draw_target_date_plausible"),
        ),
        migrations.AddConstraint(
            model_name="finding", constraint=_date("deadline", "finding_deadline_plausible")
        ),
        migrations.AddConstraint(
            model_name="inspection",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("started_at__gte", datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC)),
                    ("started_at__lte", datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC)),
                ),
                name="inspection_started_at_plausible",
                violation_error_message=MESSAGE,
            ),
        ),
    ]
