from django.db import migrations


def seed(apps, schema_editor):
    from core.holidays import CALENDAR_DAYS
    from core.reference import ensure_rows

    ensure_rows(apps.get_model("core", "CalendarDay"), CALENDAR_DAYS, key=("day",))


class Migration(migrations.Migration):
    dependencies = [("core", "0002_calendar_days")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
