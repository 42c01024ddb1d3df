"""Seed the standard milestone nodes of every category (``retrofits.reference``; source
../shared/domain.md section 8). They are data, not code: the office edits them in the admin."""

from django.db import migrations

from core.reference import ensure_rows
from retrofits.reference import NODE_TEMPLATE_KEY, NODE_TEMPLATES


def seed(apps, schema_editor):
    NodeTemplate = apps.get_model("retrofits", "NodeTemplate")
    ensure_rows(NodeTemplate, NODE_TEMPLATES, key=NODE_TEMPLATE_KEY, update=True)


def unseed(apps, schema_editor):
    apps.get_model("retrofits", "NodeTemplate").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("retrofits", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
