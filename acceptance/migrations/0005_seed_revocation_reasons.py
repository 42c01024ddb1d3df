"""Seed the reasons for removing an enterprise from the ULE list and their relisting bars
(``acceptance.reference``; steel precedent, unconfirmed for cement and coking). Data, not code:
the office edits them in the admin."""

from django.db import migrations

from acceptance.reference import REVOCATION_REASON_KEY, REVOCATION_REASONS
from core.reference import ensure_rows


def seed(apps, schema_editor):
    RevocationReason = apps.get_model("acceptance", "RevocationReason")
    ensure_rows(RevocationReason, REVOCATION_REASONS, key=REVOCATION_REASON_KEY, update=True)


def unseed(apps, schema_editor):
    apps.get_model("acceptance", "RevocationReason").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("acceptance", "0004_ule_list")]
    operations = [migrations.RunPython(seed, unseed)]
