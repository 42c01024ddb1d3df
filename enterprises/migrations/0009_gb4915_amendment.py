"""The 2026 amendment of GB 4915-2013 (independent heat-source dryers, from 1 April 2026):
the table-2 rows it replaces end that day, its own rows start (enterprises/reference.py)."""

from django.db import migrations

AMENDED = ("pm", "so2", "nox")


def amend(apps, schema_editor):
    from core.reference import ensure_rows
    from enterprises.reference import GB4915_AMEND_FROM, LIMITS

    EmissionLimit = apps.get_model("enterprises", "EmissionLimit")
    old = [
        f"cement_clinker-independent_dryer-{p}-national_standard-gb4915-2013-t2" for p in AMENDED
    ]
    EmissionLimit.objects.filter(code__in=old, superseded_date__isnull=True).update(
        superseded_date=GB4915_AMEND_FROM
    )
    ensure_rows(
        EmissionLimit, [r for r in LIMITS if r["code"].endswith("-amend2026")], key=("code",)
    )


def unamend(apps, schema_editor):
    EmissionLimit = apps.get_model("enterprises", "EmissionLimit")
    EmissionLimit.objects.filter(code__endswith="-amend2026").delete()
    EmissionLimit.objects.filter(
        code__startswith="cement_clinker-independent_dryer-", code__endswith="-gb4915-2013-t2"
    ).update(superseded_date=None)


class Migration(migrations.Migration):
    dependencies = [("enterprises", "0008_scale_search_and_indexes")]

    operations = [migrations.RunPython(amend, unamend)]
