"""The daily sweep of the inspections app (Celery beat ``inspections-daily-sweep``, 07:40
Asia/Shanghai). It finds, by looking at the database, what is due rather than relying on
scheduled messages, and writes notifications through the outbox:

- rectification deadlines, through the portal's one reminder policy
  (``notifications.reminders``): 7, 3 and 1 days ahead and on the day (enterprise contacts;
  urgent from one day before); overdue the day after and then weekly (contacts and the county
  staff); escalated after 7 days (county sub-bureau leads) and 30 days (city);
- verification inspections proposed for retrofit milestones completed on site (installed,
  completed) in the last 30 days (county staff), with a weekly reminder while not done.

Every notification key carries the finding and its deadline (or the task and the week), so
re-running the sweep, even several times a day, writes nothing twice; a new deadline starts a
new series. A fixed number of queries, whatever the number of findings and tasks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

import access
from notifications.reminders import Deadline, ReminderPolicy, sweep
from notifications.services import notify_many

from . import messages
from .models import Finding, FindingStatus, VerificationTask

FINDING_POLICY = ReminderPolicy(name="finding", due_days=(7, 3, 1, 0))

VERIFICATION_REMINDER_DAYS = 7
# Milestones whose completion is checked on site: the works are installed or in operation.
# Paper milestones (plan filed, design done, report filed...) need no inspection.
VERIFIED_NODE_CODES = ("installed", "completed")
# Only recent completions are proposed, so a first run does not flood the queue with history.
VERIFICATION_WINDOW_DAYS = 30


def daily_sweep(*, today: date | None = None) -> dict[str, int]:
    """Run the sweep; returns how many reminders of each stage were due today and how many
    verification notifications were offered (rows already written are skipped by their
    key)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        counts = sweep(
            FINDING_POLICY, open_deadlines(today), messages.finding_reminder, today=today
        )
        verification = _sweep_verification(today)
    return {
        "due": counts.due,
        "overdue": counts.overdue,
        "escalated": counts.escalated,
        "verification": verification,
    }


def open_deadlines(today: date) -> Iterator[Deadline]:
    """Open findings whose deadline is within the policy's horizon (or passed), streamed."""
    findings = (
        Finding.objects.filter(
            status=FindingStatus.OPEN,
            deadline__lte=today + timedelta(days=FINDING_POLICY.horizon),
        )
        .select_related("enterprise")
        .order_by("deadline", "id")
    )
    return (
        Deadline(
            pk=f.pk,
            deadline=f.deadline,
            enterprise_id=f.enterprise_id,
            county_id=f.enterprise.county_id,
            obj=f,
        )
        for f in findings.iterator(chunk_size=2000)
    )


def _sweep_verification(today: date) -> int:
    """Propose a verification inspection for each completed milestone node that has none
    yet, and remind the county staff weekly while it is not done."""
    from retrofits.models import MilestoneNode

    new_nodes = list(
        MilestoneNode.objects.filter(
            code__in=VERIFIED_NODE_CODES,
            actual_date__gte=today - timedelta(days=VERIFICATION_WINDOW_DAYS),
            actual_date__lte=today,
            verification_task__isnull=True,
        )
        .select_related("project")
        .order_by("id")
    )
    VerificationTask.objects.bulk_create(
        [VerificationTask(node=n, enterprise_id=n.project.enterprise_id) for n in new_nodes],
        ignore_conflicts=True,
    )
    open_tasks = list(
        VerificationTask.objects.filter(done_at__isnull=True)
        .select_related("enterprise", "node__project")
        .order_by("id")
    )
    if not open_tasks:
        return 0
    people = access.directory(
        [access.Audience.COUNTY_STAFF], county_ids={t.enterprise.county_id for t in open_tasks}
    )
    outbox = []
    for task in open_tasks:
        week = max(0, (today - timezone.localdate(task.created_at)).days)
        week //= VERIFICATION_REMINDER_DAYS
        message = messages.verification_proposed(task, week=week)
        outbox += [
            (user, f"verification:{task.pk}:w{week}", message, task.enterprise_id)
            for user in people.people(
                access.Audience.COUNTY_STAFF, county_id=task.enterprise.county_id
            )
        ]
    return notify_many(outbox)
