"""The share misses of the months already imported (the vehicle queue reads them from
``ShareMiss`` from now on). Judging needs the shares code of today; a database with no gate
pass (a fresh one, the tests') has nothing to judge and never reaches it."""

from django.db import migrations


def judge_stored_months(apps, schema_editor):
    GatePass = apps.get_model("transport", "GatePass")
    CleanTonnage = apps.get_model("transport", "CleanTonnage")
    if not GatePass.objects.exists() and not CleanTonnage.objects.exists():
        return
    from transport.misses import refresh_misses

    months = set(GatePass.objects.dates("passed_at", "month"))
    months |= set(CleanTonnage.objects.values_list("month", flat=True).distinct())
    refresh_misses(months=months)


class Migration(migrations.Migration):
    dependencies = [("transport", "0004_share_misses")]

    operations = [migrations.RunPython(judge_stored_months, migrations.RunPython.noop)]
