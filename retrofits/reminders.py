"""The daily reminders of open milestone nodes, on the one reminder policy of the portal
(``notifications.reminders``): this module only says which nodes have a deadline and what a
reminder says about one.

A node's deadline is its current planned date; only open nodes of approved plans of projects
underway count. Due in 7, 3 and 1 days: the enterprise's contacts (daily digest). Missed from
the day after, again every 7 days while open: the contacts and the county staff (at once).
Escalated once after 7 days missed (the county sub-bureau's leads) and once after 30 (the
municipal bureau and the officials). The message gives the delay against the committed date.
Keys carry the planned date, so a postponement starts a new series and re-running sends
nothing twice. A fixed number of queries, whatever the number of nodes.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone

from notifications.reminders import Deadline, ReminderPolicy, SweepCounts, sweep

from . import messages
from .models import MilestoneNode, ProjectStatus

POLICY = ReminderPolicy(name="node", due_days=(7, 3, 1))


def open_nodes(today: datetime.date) -> Iterator[Deadline]:
    """Open nodes of approved plans with a planned date up to the policy's horizon (one
    query, with what the messages need)."""
    nodes = (
        MilestoneNode.objects.filter(
            actual_date__isnull=True,
            committed_date__isnull=False,
            project__status=ProjectStatus.UNDERWAY,
            planned_date__lte=today + datetime.timedelta(days=POLICY.horizon),
        )
        .select_related("project__enterprise")
        .only(
            "id",
            "name_zh",
            "name_en",
            "planned_date",
            "committed_date",
            "actual_date",
            "project__id",
            "project__name",
            "project__enterprise__id",
            "project__enterprise__name_zh",
            "project__enterprise__name_en",
            "project__enterprise__county_id",
        )
        .order_by("planned_date", "id")
    )
    for node in nodes.iterator(
        chunk_size=2000
    ):  # streamed: memory bounded (notifications.reminders)
        enterprise = node.project.enterprise
        yield Deadline(
            pk=node.pk,
            deadline=node.planned_date,
            enterprise_id=enterprise.pk,
            county_id=enterprise.county_id,
            obj=node,
        )


def daily_sweep(*, today: datetime.date | None = None) -> SweepCounts:
    """Offer today's reminders of every open node to the outbox (re-running sends nothing
    twice). Counts: ``due``, ``overdue`` (missed), ``escalated`` with ``by_rung`` (7: county
    leads, 30: city), ``rows_offered``."""
    today = today or timezone.localdate()
    return sweep(
        POLICY,
        open_nodes(today),
        lambda reminder: messages.node_reminder(reminder, today=today),
        today=today,
    )
