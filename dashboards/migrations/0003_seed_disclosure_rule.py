from django.db import migrations


def seed(apps, schema_editor):
    from core.reference import ensure_rows
    from dashboards.reference import DISCLOSURE_RULES

    ensure_rows(apps.get_model("dashboards", "DisclosureRule"), DISCLOSURE_RULES, key=("code",))


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0002_disclosure_rule")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
