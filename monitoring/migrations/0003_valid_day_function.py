"""A SQL helper for the ingest checks (PostgreSQL only): whether ``YYYY-MM-DD…`` names a day
that exists (the regular expression already checked the shape and the month)."""

from django.db import migrations

SQL = """
CREATE OR REPLACE FUNCTION monitoring_valid_day(t text) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT substr(t, 9, 2)::int <= extract(day from (
      make_date(substr(t, 1, 4)::int, substr(t, 6, 2)::int, 1) + interval '1 month - 1 day'))::int
$$;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SQL)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP FUNCTION IF EXISTS monitoring_valid_day(text)")


class Migration(migrations.Migration):
    dependencies = [("monitoring", "0002_seed_reference")]
    operations = [migrations.RunPython(forward, backward)]
