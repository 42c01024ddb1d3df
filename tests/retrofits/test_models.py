import datetime

import pytest
from django.db import IntegrityError, transaction

from retrofits.models import DateChange, Evidence, MilestoneNode, NodeTemplate, ProgressReport

from ..factories import EvidenceFactory, MilestoneNodeFactory, RetrofitProjectFactory

D = datetime.timedelta
DAY = datetime.date(2025, 9, 1)


def test_templates_are_seeded_for_every_category_with_the_one_month_rule_unconfirmed(db):
    assert NodeTemplate.objects.values("category").distinct().count() == 4
    stable = NodeTemplate.objects.filter(code="stable_month")
    assert stable.count() == 4
    assert all(t.min_days_after_previous == 30 and not t.confirmed for t in stable)
    assert list(NodeTemplate.objects.filter(category="organized").values_list("code", flat=True))[
        :3
    ] == ["plan_filed", "design_done", "equipment_ordered"]


def test_delay_counts_from_the_committed_date():
    n = MilestoneNode(committed_date=DAY, planned_date=DAY + D(20))
    assert n.delay_days(today=DAY - D(3)) == 0
    assert n.delay_days(today=DAY + D(5)) == 5
    n.actual_date = DAY - D(4)
    assert n.delay_days(today=DAY + D(30)) == -4
    assert MilestoneNode(planned_date=DAY).delay_days(today=DAY + D(9)) is None


def test_missed_starts_the_day_after_the_planned_date():
    n = MilestoneNode(committed_date=DAY, planned_date=DAY)
    assert n.state(today=DAY) == "due" and n.days_missed(today=DAY) == 0
    assert n.state(today=DAY + D(1)) == "missed" and n.days_missed(today=DAY + D(1)) == 1
    assert MilestoneNode(planned_date=DAY + D(30), committed_date=DAY).state(today=DAY) == "open"
    n.actual_date = DAY + D(2)
    assert n.state(today=DAY + D(5)) == "done_late"


def test_database_refuses_a_forward_change_to_a_later_date(db):
    n = MilestoneNodeFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        DateChange.objects.create(
            node=n, kind="forward", old_date=DAY, new_date=DAY + D(1), status="applied"
        )


def test_database_allows_one_pending_postponement_per_node(db):
    n = MilestoneNodeFactory()
    DateChange.objects.create(
        node=n, kind="postponement", old_date=DAY, new_date=DAY + D(1), status="pending"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        DateChange.objects.create(
            node=n, kind="postponement", old_date=DAY, new_date=DAY + D(2), status="pending"
        )


def test_a_returned_report_needs_a_comment(db):
    p = RetrofitProjectFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(
            project=p,
            period="2025-09",
            text="x",
            percent_complete=1,
            funds_invested_wan=1,
            status="returned",
        )


def test_node_string_and_url_for_other_apps(world):
    from .conftest import make_project, node

    p = make_project(world, actor=world.bureau, approver=world.bureau)
    n = node(p, 1)
    assert str(n) == "改造方案备案"
    assert n.get_absolute_url() == f"/retrofits/nodes/{n.pk}/"
    assert n.project.enterprise == world.ent_a


def test_evidence_belongs_to_exactly_one_record(db):
    ev = EvidenceFactory()
    assert ev.enterprise == ev.report.project.enterprise and ev.is_pdf and not ev.is_image
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=ev.pk).update(
            node=MilestoneNodeFactory(project=ev.report.project)
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Evidence.objects.filter(pk=ev.pk).update(report=None)


def test_evidence_is_stored_under_the_apps_prefix(db):
    ev = EvidenceFactory()  # in the private storage of the tests (conftest)
    assert ev.file.name.startswith("retrofits/") and ev.file.name.endswith(".pdf")
