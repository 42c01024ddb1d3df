"""Seed the clean-transport thresholds and law article 114 (transport.reference)."""

from django.db import migrations


def load(apps, schema_editor):
    from transport import reference

    reference.load(apps)


class Migration(migrations.Migration):
    dependencies = [("transport", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
