"""The daily sweeps of the dashboards app. Supervision orders (Celery beat ``dashboards-daily-sweep``, 07:55
Asia/Shanghai): an order awaiting the enterprise's answer is reminded 3 days and 1 day ahead,
weekly while overdue, escalated to the county leads after 7 days and to the city after 30.
Through the portal's one reminder policy; re-running sends nothing twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from access import Audience
from notifications.reminders import Deadline, ReminderPolicy, Rung, sweep

from . import messages
from .models import SupervisionOrder

ORDER_POLICY = ReminderPolicy(
    name="supervision_order",
    due_days=(3, 1),
    due_audiences=(Audience.CONTACTS,),
    overdue_audiences=(Audience.CONTACTS, Audience.COUNTY_STAFF),
    ladder=(Rung(7, (Audience.COUNTY_LEADS,)), Rung(30, (Audience.CITY,), digest=True)),
)


def daily_sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    orders = (
        SupervisionOrder.objects.filter(
            status=SupervisionOrder.Status.OPEN,
            response_deadline__lte=today + timedelta(days=ORDER_POLICY.horizon),
        )
        .select_related("enterprise")
        .order_by("response_deadline", "id")
    )
    items = [
        Deadline(
            pk=o.pk,
            deadline=o.response_deadline,
            enterprise_id=o.enterprise_id,
            county_id=o.enterprise.county_id,
            obj=o,
        )
        for o in orders
    ]
    with transaction.atomic():
        counts = sweep(ORDER_POLICY, items, messages.order_reminder, today=today)
    return {"due": counts.due, "overdue": counts.overdue, "escalated": counts.escalated}


def disclosure_sweep(*, today: date | None = None) -> dict[str, int]:
    """Tell the office of each double-random result still unpublished when its period (in
    working days) is about to run out, and again once it has run out. Once per target and
    stage (idempotency keys), in the same daily sweep."""
    from access import people
    from notifications.services import notify

    from . import disclosure

    today = today or timezone.localdate()
    data = disclosure.public_disclosure(today=today)
    if data.rule is None:
        return {"disclosure_due": 0, "disclosure_late": 0}
    office = people(Audience.OFFICE)
    due = late = 0
    with transaction.atomic():
        for row in data.read(data.undisclosed_targets()):
            if row.disclosed or row.due is None:
                continue
            if row.late:
                stage = "late"
            elif row.working_days_left <= data.rule.remind_days_before:
                stage = "due"
            else:
                continue
            created = notify(
                recipients=office,
                key=f"disclosure:{row.target.pk}:{row.due.isoformat()}:{stage}",
                message=messages.disclosure_reminder(row, stage),
                enterprise_id=row.target.enterprise_id,
            )
            if created:
                due += stage == "due"
                late += stage == "late"
    return {"disclosure_due": due, "disclosure_late": late}
