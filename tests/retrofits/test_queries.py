"""Query-count budgets: list and detail pages and the inbox do not grow with rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.services import deliver_pending_notifications
from retrofits import services

from ..factories import EnterpriseFactory
from .conftest import make_project, node, png_upload

D = datetime.timedelta
TODAY = timezone.localdate()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_projects(world, n):
    for i in range(n):
        ent = EnterpriseFactory(county=world.county_a)
        p = make_project(
            ent, actor=world.bureau, approver=world.bureau, start=TODAY - D(40), name=f"项目{i}"
        )
        services.node_complete(
            actor=world.bureau, node=node(p, 1), actual_date=TODAY - D(40), late_reason="补录"
        )
        n3 = node(p, 3)
        services.node_change_date(
            actor=world.bureau, node=n3, new_date=n3.planned_date + D(5), reason="r"
        )


def test_project_list_does_not_grow_with_projects(client, world):
    client.force_login(world.county_a_staff)
    add_projects(world, 2)
    few = count_queries(client, reverse("retrofits:project_list"))
    add_projects(world, 6)
    assert count_queries(client, reverse("retrofits:project_list")) == few
    assert few <= 12


def enrich(world, project, orders=(4, 5, 6), done=(1, 2)):
    for order in done:
        services.node_complete(
            actor=world.contact_a,
            node=node(project, order),
            actual_date=TODAY - D(40),
            files=[png_upload()],
            late_reason="补录",
        )
    for order in orders:
        n = node(project, order)
        services.node_change_date(actor=world.contact_a, node=n, new_date=n.planned_date - D(1))
        n.refresh_from_db()
        change = services.node_change_date(
            actor=world.contact_a,
            node=n,
            new_date=n.planned_date + D(9),
            reason="r",
            files=[png_upload()],
        )
        services.postponement_decide(actor=world.bureau, change=change, approve=True)


def report(world, project, month):
    services.report_submit(
        actor=world.contact_a,
        project=project,
        data={"period": month, "text": "t", "percent_complete": 10, "funds_invested_wan": 1},
    )


def test_project_detail_does_not_grow_with_nodes_changes_and_reports(client, world):
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=TODAY - D(40))
    enrich(world, p, orders=(4,), done=(1,))
    report(world, p, "2025-07")
    client.force_login(world.contact_a)
    few = count_queries(client, p.get_absolute_url())
    enrich(world, p, orders=(5, 6, 7, 8), done=(2, 3))
    for month in ("2025-08", "2025-09", "2025-10"):
        report(world, p, month)
    assert count_queries(client, p.get_absolute_url()) == few
    assert few <= 16


def test_node_detail_does_not_grow_with_history(client, world):
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=TODAY - D(40))
    enrich(world, p, orders=(5,), done=())
    client.force_login(world.bureau)
    few = count_queries(client, node(p, 5).get_absolute_url())
    for _ in range(3):
        n = node(p, 5)
        change = services.node_change_date(
            actor=world.contact_a,
            node=n,
            new_date=n.planned_date + D(3),
            reason="r",
            files=[png_upload()],
        )
        services.postponement_decide(actor=world.bureau, change=change, approve=True)
    assert count_queries(client, node(p, 5).get_absolute_url()) == few


@pytest.mark.parametrize("url_name", ["retrofits:postponements", "retrofits:reports"])
def test_lists_do_not_grow(client, world, url_name):
    client.force_login(world.bureau)
    add_projects(world, 2)
    few = count_queries(client, reverse(url_name) + "?all=1")
    add_projects(world, 5)
    assert count_queries(client, reverse(url_name) + "?all=1") == few


def test_inbox_does_not_grow_with_retrofit_notifications(client, world):
    client.force_login(world.county_a_staff)
    add_projects(world, 1)
    services.daily_sweep(today=TODAY)
    deliver_pending_notifications()
    few = count_queries(client, reverse("notifications:inbox"))
    add_projects(world, 5)
    services.daily_sweep(today=TODAY)
    deliver_pending_notifications()
    assert count_queries(client, reverse("notifications:inbox")) == few


def test_home_and_enterprise_pages_do_not_grow(client, world):
    client.force_login(world.county_a_staff)
    add_projects(world, 1)
    # an approved plan first, so the history already names a person and an enterprise (one
    # query per kind of record it names, whatever the number of entries)
    make_project(world, actor=world.bureau, approver=world.bureau, start=TODAY - D(50))
    home, ent = count_queries(client, "/"), count_queries(client, world.ent_a.get_absolute_url())
    add_projects(world, 5)
    make_project(world, actor=world.bureau, approver=world.bureau, start=TODAY - D(40))
    assert count_queries(client, "/") == home
    assert count_queries(client, world.ent_a.get_absolute_url()) == ent


def test_my_enterprise_page_does_not_grow(client, world):
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=TODAY - D(40))
    client.force_login(world.contact_a)
    few = count_queries(client, reverse("retrofits:mine"))
    enrich(world, p)
    make_project(world, actor=world.contact_a, approver=world.bureau, start=TODAY - D(3), name="二")
    assert count_queries(client, reverse("retrofits:mine")) == few


def test_daily_sweep_does_not_grow_with_nodes(world):
    """The sweep reads the nodes, the people and writes the rows in a fixed number of queries
    (tests/benchmarks/bench_retrofit_sweep.py measures it on 200,000 nodes)."""

    def sweep():
        with CaptureQueriesContext(connection) as ctx:
            counts = services.daily_sweep(today=TODAY)
        return counts, len(ctx.captured_queries)

    add_projects(world, 1)
    small, few = sweep()
    add_projects(world, 6)
    large, many = sweep()
    assert large.overdue > small.overdue and large.rows_offered > small.rows_offered
    assert many == few
