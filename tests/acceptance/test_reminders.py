"""What waits for the bureau is reminded through the one reminder policy (issue 13, item 4)."""

import datetime

from django.utils import timezone

from acceptance import reminders
from acceptance.models import Evaluation, NodeCompletion
from notifications.models import Notification

from ..factories import UserFactory
from .test_evaluations import submit

D = datetime.timedelta


def test_an_evaluation_awaiting_review_is_reminded_then_escalated_to_the_city(ready, settings):
    world = ready
    settings.ACCEPTANCE_REVIEW_DAYS = 15
    city = UserFactory(role="official")
    ev = submit(world)
    filed = timezone.localdate(ev.submitted_at)
    claims = NodeCompletion.objects.filter(is_claim=True, status="pending").count()
    assert claims == 0
    counts = reminders.daily_sweep(today=filed + D(11))
    assert (counts["due"], counts["overdue"], counts["escalated"]) == (0, 0, 0)
    assert reminders.daily_sweep(today=filed + D(12))["due"] == 1
    due = Notification.objects.get(kind="acceptance.review_due", recipient=world.bureau)
    assert "3" in due.subject and "评估" in due.subject
    reminders.daily_sweep(today=filed + D(12))  # again: nothing twice
    assert Notification.objects.filter(kind="acceptance.review_due").count() == 2  # office+bureau
    counts = reminders.daily_sweep(today=filed + D(23))
    assert counts["overdue"] == 1 and counts["escalated"] == 1
    assert Notification.objects.filter(recipient=city).exists()
    Evaluation.objects.filter(pk=ev.pk).update(status="accepted")
    Notification.objects.all().delete()
    assert reminders.daily_sweep(today=filed + D(30))["overdue"] == 0


def test_a_pending_claim_is_reminded_to_the_bureau(world, old_project):
    from retrofits import services

    from ..factories import pdf_upload
    from ..retrofits.conftest import node
    from .conftest import TODAY, done_up_to

    done_up_to(old_project, 6, actor=world.bureau)
    services.node_complete(
        actor=world.contact_a, node=node(old_project, 7), actual_date=TODAY, files=[pdf_upload()]
    )
    counts = reminders.daily_sweep(today=TODAY + D(16))
    assert counts["overdue"] == 1
    row = Notification.objects.get(kind="acceptance.review_overdue", recipient=world.bureau)
    assert "建成投运" in row.subject
