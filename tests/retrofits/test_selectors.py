import datetime

from django.utils import timezone

from retrofits import selectors, services

from .conftest import make_project, node

D = datetime.timedelta
TODAY = timezone.localdate()


def test_project_list_is_scoped_and_counts_missed_nodes(world):
    a = make_project(world, actor=world.bureau, approver=world.bureau, start=TODAY - D(40))
    make_project(world.ent_b, actor=world.bureau, approver=world.bureau)
    assert list(selectors.project_list(user=world.contact_a)) == [a]
    assert list(selectors.project_list(user=world.county_b_staff)).count(a) == 0
    assert selectors.project_list(user=world.official).count() == 2
    row = selectors.project_list(user=world.contact_a).get()
    # start 40 days ago: node 1 (day 0) and node 2 (day 30) are past their planned dates.
    assert row.n_nodes == 13 and row.n_done == 0 and row.n_missed == 2
    assert row.oldest_open_committed == TODAY - D(40)


def test_late_and_due_nodes(world):
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=TODAY - D(20))
    late = list(selectors.late_nodes(user=world.county_a_staff))
    assert [n.code for n in late] == ["plan_filed"]
    assert not list(selectors.late_nodes(user=world.county_b_staff))
    due = list(selectors.due_nodes(user=world.contact_a, enterprise_id=world.ent_a.pk))
    assert [n.code for n in due] == ["design_done"]
    services.node_complete(
        actor=world.contact_a, node=node(p, 1), actual_date=TODAY - D(19), late_reason="补录"
    )
    assert not selectors.late_nodes(user=world.county_a_staff).exists()


def test_postponements_and_reports_are_scoped(world):
    pa = make_project(world, actor=world.bureau, approver=world.bureau)
    n = node(pa, 3)
    services.node_change_date(
        actor=world.contact_a, node=n, new_date=n.planned_date + D(3), reason="r"
    )
    assert selectors.postponements(user=world.bureau).count() == 1
    assert selectors.postponements(user=world.contact_b).count() == 0
    services.report_submit(
        actor=world.contact_a,
        project=pa,
        data={"period": "2025-09", "text": "t", "percent_complete": 1, "funds_invested_wan": 1},
    )
    assert selectors.reports(user=world.county_a_staff, status="submitted").count() == 1
    assert selectors.reports(user=world.county_b_staff).count() == 0


def test_enterprise_summary(world):
    p = make_project(world, actor=world.bureau, approver=world.bureau, start=TODAY - D(40))
    services.node_complete(
        actor=world.bureau, node=node(p, 1), actual_date=TODAY - D(40), late_reason="补录"
    )
    s = selectors.enterprise_summary(enterprise_id=world.ent_a.pk)
    assert (s.projects, s.nodes, s.done, s.missed, s.pending) == (1, 13, 1, 1, 0)


def test_timeline_places_committed_planned_and_actual(world):
    p = make_project(world, actor=world.bureau, approver=world.bureau, start=TODAY - D(40))
    nodes = list(p.nodes.order_by("order"))
    tl = selectors.timeline(nodes, today=TODAY)
    assert len(tl.rows) == 13 and tl.ticks
    first = tl.rows[0]
    assert first.committed_x == first.planned_x and first.actual_x is None
    assert tl.rows[1].planned_x > first.planned_x
    assert first.state == "missed"
    assert selectors.timeline([], today=TODAY) is None
