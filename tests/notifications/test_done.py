"""Inbox: messages whose task is done since are shown apart and faded (issue 12), computed
for a page of messages in a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from notifications.done import done_ids
from notifications.models import Notification
from notifications.selectors import inbox_for, with_task_state
from retrofits.models import ProgressReport
from tests.factories.inspections import FindingFactory
from tests.factories.retrofits import MilestoneNodeFactory, ProgressReportFactory

pytestmark = pytest.mark.django_db


def _message(user, kind: str, url: str, n: int = 0, urgent: bool = False) -> Notification:
    return Notification.objects.create(
        recipient=user,
        idempotency_key=f"test:{kind}:{url}:{n}",
        kind=kind,
        params={"subject": kind},
        url=url,
        urgent=urgent,
    )


def _tasks(world, n: int = 1):
    """n of each: an open and a completed node, a report waiting and one reviewed, an open and a
    closed finding, each with its message to the bureau."""
    made = {"open": [], "done": []}
    for i in range(n):
        open_node = MilestoneNodeFactory(project__enterprise=world.ent_a)
        done_node = MilestoneNodeFactory(
            project=open_node.project, actual_date=timezone.localdate()
        )
        waiting = ProgressReportFactory(project=open_node.project)
        reviewed = ProgressReportFactory(
            project=open_node.project, status=ProgressReport.Status.ACCEPTED
        )
        open_finding = FindingFactory(enterprise=world.ent_a)
        closed_finding = FindingFactory(
            enterprise=world.ent_a, status="closed", closed_at=timezone.now()
        )
        for bucket, kind, obj in [
            ("open", "retrofit.missed", open_node),
            ("done", "retrofit.missed", done_node),
            ("open", "retrofit.report_submitted", waiting),
            ("done", "retrofit.report_submitted", reviewed),
            ("open", "inspection.finding_overdue", open_finding),
            ("done", "inspection.finding_overdue", closed_finding),
        ]:
            url = {
                "retrofit.missed": reverse("retrofits:node_detail", args=[obj.pk]),
                "retrofit.report_submitted": reverse("retrofits:report_detail", args=[obj.pk]),
                "inspection.finding_overdue": reverse("inspections:finding_detail", args=[obj.pk]),
            }[kind]
            made[bucket].append(_message(world.bureau, kind, url, i, urgent=True))
    # neither a task nor a link: never "done"
    made["open"].append(_message(world.bureau, "notifications.escalation_digest", "", n))
    made["open"].append(_message(world.bureau, "retrofit.missed", "/nowhere/1/", n))
    return made


def test_messages_of_done_tasks_are_told_apart(world):
    made = _tasks(world)
    assert done_ids(Notification.objects.all()) == {m.pk for m in made["done"]}


def test_a_returned_report_is_done_for_its_contact_once_resubmitted(world):
    report = ProgressReportFactory(
        project__enterprise=world.ent_a,
        status=ProgressReport.Status.RETURNED,
        review_comment="请补充照片",
    )
    url = reverse("retrofits:report_detail", args=[report.pk])
    message = _message(world.contact_a, "retrofit.report_reviewed", url)
    assert done_ids([message]) == set()
    report.status = ProgressReport.Status.SUBMITTED
    report.save()
    assert done_ids([message]) == {message.pk}


def test_task_state_takes_the_same_queries_for_many_messages(world):
    _tasks(world, n=1)
    with CaptureQueriesContext(connection) as few:
        with_task_state(inbox_for(user=world.bureau))
    _tasks(world, n=6)
    with CaptureQueriesContext(connection) as many:
        rows = with_task_state(inbox_for(user=world.bureau))
    assert len(rows) == 7 * 6 + 2 * 2
    assert len(many) == len(few) <= 4  # the page, then one query per kind of task


def test_inbox_shows_done_tasks_apart_without_urgency(client, world, django_assert_max_num_queries):
    made = _tasks(world, n=3)
    client.force_login(world.bureau)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("notifications:inbox"))
    html = page.content.decode()
    open_part, _, done_part = html.partition('data-testid="inbox-done"')
    assert done_part.count('data-task-done="1"') == len(made["done"])
    assert 'data-task-done="1"' not in open_part
    assert done_part.count('data-testid="task-done"') == len(made["done"])
    assert "text-bg-danger" not in done_part  # urgency only where there is still something to do
    assert open_part.count("text-bg-danger") == len([m for m in made["open"] if m.urgent])
