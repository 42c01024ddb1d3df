"""Milestones of the ULE status recorded as done before confirmation existed become claims
awaiting the bureau: nothing typed earlier counts as a confirmed fact until the bureau looks
at its evidence (the rule of ``access.carries_ule_status``). The enterprises' stage cache is
then derived again the way ``retrofits.services.enterprise_stage_recompute`` does, so that no
typed or unconfirmed stage is left counting in the overview."""

from django.db import migrations

UNCLAIMED_STAGES = ("", "retrofitting")


def forwards(apps, schema_editor):
    MilestoneNode = apps.get_model("retrofits", "MilestoneNode")
    NodeCompletion = apps.get_model("acceptance", "NodeCompletion")
    first_status_node = {}
    for project_id, order in (
        MilestoneNode.objects.exclude(stage_on_completion__in=UNCLAIMED_STAGES)
        .order_by("project_id", "-order")
        .values_list("project_id", "order")
    ):
        first_status_node[project_id] = order  # the last one written is the lowest order
    claims = []
    for node in MilestoneNode.objects.filter(actual_date__isnull=False).select_related("project"):
        first = first_status_node.get(node.project_id)
        if first is None or node.order < first:
            continue
        claims.append(
            NodeCompletion(
                node=node,
                enterprise_id=node.project.enterprise_id,
                stage=node.stage_on_completion,
                is_claim=True,
                actual_date=node.actual_date,
                recorded_by_id=node.completed_by_id,
                status="pending",
            )
        )
    NodeCompletion.objects.bulk_create(claims)
    derive_stages(apps)


ORDER = ["not_started", "retrofitting", "completed", "stable", "evaluated", "publicized"]


def derive_stages(apps):
    """The stage cache from confirmed facts only (none yet for the nodes made claims above)."""
    Enterprise = apps.get_model("enterprises", "Enterprise")
    RetrofitProject = apps.get_model("retrofits", "RetrofitProject")
    NodeCompletion = apps.get_model("acceptance", "NodeCompletion")
    confirmed = set(
        NodeCompletion.objects.filter(status="confirmed").values_list("node_id", flat=True)
    )
    stages = {}
    for project in (
        RetrofitProject.objects.exclude(status="suspended").prefetch_related("nodes").all()
    ):
        stage = "not_started"
        for node in sorted(project.nodes.all(), key=lambda n: n.order):
            if node.actual_date is None:
                break
            if node.stage_on_completion not in UNCLAIMED_STAGES and node.pk not in confirmed:
                break
            stage = max(stage, node.stage_on_completion or "retrofitting", key=ORDER.index)
        stages.setdefault(project.enterprise_id, []).append(stage)
    for enterprise in Enterprise.objects.exclude(ule_stage="removed"):
        found = stages.get(enterprise.pk) or ["not_started"]
        stage = min(found, key=ORDER.index)
        if stage == "not_started" and any(s != "not_started" for s in found):
            stage = "retrofitting"
        if stage != enterprise.ule_stage:
            Enterprise.objects.filter(pk=enterprise.pk).update(ule_stage=stage)


class Migration(migrations.Migration):
    dependencies = [("acceptance", "0001_node_completions")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
