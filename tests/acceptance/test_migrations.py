"""The data migration that turns milestones recorded before confirmation existed into claims
and derives every enterprise's stage cache again (nothing typed keeps counting)."""

import importlib

from django.apps import apps

from acceptance.models import NodeCompletion

from ..factories import EnterpriseFactory
from ..retrofits.conftest import make_project
from .conftest import START, day_of

legacy = importlib.import_module("acceptance.migrations.0002_legacy_claims")


def test_legacy_milestones_become_claims_and_typed_stages_stop_counting(world):
    project = make_project(world, actor=world.bureau, approver=world.bureau, start=START)
    for n in project.nodes.filter(order__lte=12):
        n.actual_date = day_of(n.order)
        n.save(update_fields=["actual_date"])
    world.ent_a.ule_stage = "publicized"
    world.ent_a.save(update_fields=["ule_stage"])
    typed = EnterpriseFactory(county=world.county_a, ule_stage="publicized")
    removed = EnterpriseFactory(county=world.county_a, ule_stage="removed")

    legacy.forwards(apps, None)

    claims = NodeCompletion.objects.filter(node__project=project)
    assert sorted(c.node.order for c in claims) == list(range(7, 13))
    assert all(c.is_claim and c.status == "pending" for c in claims)
    for ent, stage in ((world.ent_a, "retrofitting"), (typed, "not_started"), (removed, "removed")):
        ent.refresh_from_db()
        assert ent.ule_stage == stage
