"""Indexes for the lists' filters and sorts at national scale, and trigram search.

Written as guarded SQL rather than model ``Meta.indexes`` because half of them are PostgreSQL
only (``pg_trgm`` GIN indexes on the expressions Django's ``icontains`` uses, partial
indexes); the plain ones are created on SQLite too. Measured with EXPLAIN ANALYZE at 2,000
enterprises (docs/benchmarks.md, "Pages at national scale")."""

from django.db import migrations

# (name, table, columns / expression, where) created on every database
BTREE = [
    ("scale_insp_started", "inspections_inspection", '"started_at" DESC, "id" DESC', ""),
    ("scale_insp_ent_started", "inspections_inspection", '"enterprise_id", "started_at" DESC', ""),
    ("scale_insp_drafts", "inspections_inspection", '"started_at"', "status = 'draft'"),
    (
        "scale_datechange_kind_status",
        "retrofits_datechange",
        '"kind", "status", "requested_at", "id"',
        "",
    ),
    (
        "scale_report_status_sub",
        "retrofits_progressreport",
        '"status", "submitted_at" DESC, "id" DESC',
        "",
    ),
    ("scale_vtask_open", "inspections_verificationtask", '"created_at"', "done_at IS NULL"),
    (
        "scale_notif_recipient_new",
        "notifications_notification",
        '"recipient_id", "created_at" DESC, "id" DESC',
        "",
    ),
    (
        "scale_finding_ent_status",
        "inspections_finding",
        '"enterprise_id", "status", "deadline"',
        "",
    ),
    (
        "scale_drawtarget_date",
        "inspections_drawtarget",
        '"inspection_date" DESC, "draw_id", "position"',
        "",
    ),
]
# (name, table, expression) PostgreSQL only: the inspection list's default order (drafts
# first, then newest: core.sorting's CASE and NULLS LAST), 231 ms -> 1 ms at 100,000 rows
EXPRESSION = [
    (
        "scale_insp_drafts_first",
        "inspections_inspection",
        "(CASE WHEN status = 'draft' THEN 0 ELSE 1 END), started_at DESC NULLS LAST, id DESC",
    ),
]
# (name, table, column) trigram GIN on UPPER(column::text), PostgreSQL only
TRIGRAM = [
    ("scale_trgm_ent_name_zh", "enterprises_enterprise", "name_zh"),
    ("scale_trgm_ent_name_en", "enterprises_enterprise", "name_en"),
    ("scale_trgm_ent_credit", "enterprises_enterprise", "credit_code"),
    ("scale_trgm_project_name", "retrofits_retrofitproject", "name"),
]


def forwards(apps, schema_editor):
    execute = schema_editor.execute
    postgres = schema_editor.connection.vendor == "postgresql"
    for name, table, columns, where in BTREE:
        condition = f" WHERE {where}" if where else ""
        execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({columns}){condition}')
    if postgres:
        for name, table, expression in EXPRESSION:
            execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ({expression})')
        execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        for name, table, column in TRIGRAM:
            execute(
                f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" '
                f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
            )


def backwards(apps, schema_editor):
    postgres = schema_editor.connection.vendor == "postgresql"
    names = [b[0] for b in BTREE]
    if postgres:
        names += [e[0] for e in EXPRESSION] + [t[0] for t in TRIGRAM]
    for name in names:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0007_limit_constraints"),
        ("retrofits", "0007_stage_choices_list_statuses"),
        ("inspections", "0011_verification_of_monitoring_flags"),
        ("notifications", "0003_delivery_retries"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
