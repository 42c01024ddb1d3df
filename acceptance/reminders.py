"""The daily sweep of the acceptance app (Celery beat ``acceptance-daily-sweep``, 07:50
Asia/Shanghai), the ULE list's included (``services.listing.listing_sweep``): what waits for the bureau has a deadline too. An evaluation awaiting the
technical review, and a ULE-stage claim awaiting confirmation, are due
``ACCEPTANCE_REVIEW_DAYS`` (default 15) after they were filed: the decision makers are reminded
3 days ahead and on the day, then weekly while overdue, and the city is told after 7 days
overdue (one digest a day). Through the portal's one reminder policy; re-running sends nothing
twice."""

from __future__ import annotations

from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from access import Audience
from notifications.reminders import Deadline, ReminderPolicy, Rung, sweep

from . import messages
from .models import Evaluation, NodeCompletion

_BUREAU = (Audience.DECISION_MAKERS,)
EVALUATION_POLICY = ReminderPolicy(
    name="evaluation_review",
    due_days=(3, 0),
    due_audiences=_BUREAU,
    overdue_audiences=_BUREAU,
    ladder=(Rung(7, (Audience.CITY,), digest=True),),
)
CLAIM_POLICY = ReminderPolicy(
    name="claim_review",
    due_days=(3, 0),
    due_audiences=_BUREAU,
    overdue_audiences=_BUREAU,
    ladder=(Rung(7, (Audience.CITY,), digest=True),),
)


def review_days() -> int:
    return int(getattr(settings, "ACCEPTANCE_REVIEW_DAYS", 15))


def daily_sweep(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    days = review_days()
    latest = today + timedelta(days=EVALUATION_POLICY.horizon - days)
    evaluations = (
        Evaluation.objects.filter(
            status=Evaluation.Status.SUBMITTED, submitted_at__date__lte=latest
        )
        .select_related("enterprise")
        .order_by("submitted_at", "id")
    )
    claims = (
        NodeCompletion.objects.filter(
            is_claim=True, status=NodeCompletion.Status.PENDING, recorded_at__date__lte=latest
        )
        .select_related("enterprise", "node__project")
        .order_by("recorded_at", "id")
    )

    def deadline(obj, filed) -> Deadline:
        return Deadline(
            pk=obj.pk,
            deadline=timezone.localdate(filed) + timedelta(days=days),
            enterprise_id=obj.enterprise_id,
            county_id=obj.enterprise.county_id,
            obj=obj,
        )

    with transaction.atomic():
        first = sweep(
            EVALUATION_POLICY,
            [deadline(e, e.submitted_at) for e in evaluations],
            messages.evaluation_review_reminder,
            today=today,
        )
        second = sweep(
            CLAIM_POLICY,
            [deadline(c, c.recorded_at) for c in claims],
            messages.claim_review_reminder,
            today=today,
        )
    from .services.listing import listing_sweep

    return {
        "due": first.due + second.due,
        "overdue": first.overdue + second.overdue,
        "escalated": first.escalated + second.escalated,
        **listing_sweep(today=today),
    }
