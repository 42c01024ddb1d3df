"""History cannot be rewritten, not even by someone with database-level admin rights through the
portal: audit entries and double-random draws are append-only (a PostgreSQL trigger refuses to
delete them or change them; only the reference to a person whose account was deleted may be
cleared), drawn targets cannot be deleted, and an enterprise with an audit trail cannot be
deleted (PROTECT). SQLite (`make run`'s demo database) keeps the PROTECT rule only."""

import django.db.models.deletion
from django.db import migrations, models

FUNCTION = """
CREATE OR REPLACE FUNCTION ule_refuse_history_rewrite() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'ULE Portal: rows of % are history and cannot be deleted', TG_TABLE_NAME
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF (to_jsonb(NEW) - TG_ARGV[0]) IS DISTINCT FROM (to_jsonb(OLD) - TG_ARGV[0]) THEN
    RAISE EXCEPTION 'ULE Portal: rows of % are history and cannot be changed', TG_TABLE_NAME
      USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
"""
TRIGGERS = [
    ("accounts_auditentry", "auditentry_append_only", "UPDATE OR DELETE", "actor_id"),
    ("inspections_draw", "draw_append_only", "UPDATE OR DELETE", "created_by_id"),
    ("inspections_drawtarget", "drawtarget_never_deleted", "DELETE", "id"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table, name, events, column in TRIGGERS:
        schema_editor.execute(
            f"CREATE TRIGGER {name} BEFORE {events} ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION ule_refuse_history_rewrite('{column}')"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, name, _events, _column in TRIGGERS:
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    schema_editor.execute("DROP FUNCTION IF EXISTS ule_refuse_history_rewrite()")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_language"),
        ("inspections", "0007_checklist_category"),
        ("enterprises", "0003_bilingual_limit_notes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="auditentry",
            name="enterprise",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="audit_entries",
                to="enterprises.enterprise",
            ),
        ),
        migrations.RunPython(create, drop),
    ]
