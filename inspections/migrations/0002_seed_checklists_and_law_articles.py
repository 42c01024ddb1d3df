"""Seed the default checklists (version 1 of each) and the law articles a finding may cite.
The rows live in ``inspections.reference`` (one copy for this migration, the demo and the
tests); only missing rows are created."""

from django.db import migrations


def seed(apps, schema_editor):
    from inspections import reference

    reference.load(apps)


class Migration(migrations.Migration):
    dependencies = [("inspections", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
