"""notifications.reminders: the one reminder policy every deadline in the portal follows."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from access import Audience
from notifications.messages import text_message
from notifications.models import Notification
from notifications.reminders import (
    Deadline,
    ReminderPolicy,
    Stage,
    due_bucket,
    key_for,
    reminders_for,
    sweep,
)

POLICY = ReminderPolicy(name="thing", due_days=(7, 3, 1))
TODAY = date(2026, 3, 10)


def item(world, days_from_today: int, pk: int = 1, enterprise=None) -> Deadline:
    enterprise = enterprise or world.ent_a
    return Deadline(
        pk=pk,
        deadline=TODAY + timedelta(days=days_from_today),
        enterprise_id=enterprise.pk,
        county_id=enterprise.county_id,
    )


def message(reminder):
    return text_message(f"{reminder.stage} {reminder.days}", urgent=reminder.stage != Stage.DUE)


@pytest.mark.parametrize(
    ("days_left", "bucket"),
    [(9, None), (7, 7), (5, 7), (3, 3), (2, 3), (1, 1), (0, 1), (-1, None)],
)
def test_a_deadline_falls_in_the_smallest_bucket_it_has_reached(days_left, bucket):
    assert due_bucket(POLICY, days_left) == bucket


def test_an_overdue_item_climbs_the_ladder_once_per_rung(world):
    stages = [
        (r.stage, r.rung and r.rung.after_days)
        for r in reminders_for(POLICY, item(world, -31), TODAY)
    ]
    assert stages == [(Stage.OVERDUE, None), (Stage.ESCALATED, 7), (Stage.ESCALATED, 30)]
    assert [r.stage for r in reminders_for(POLICY, item(world, -6), TODAY)] == [Stage.OVERDUE]


def test_keys_carry_the_deadline_the_bucket_and_the_week(world):
    due = reminders_for(POLICY, item(world, 5), TODAY)[0]
    assert key_for(POLICY, due) == f"thing:1:{(TODAY + timedelta(days=5)).isoformat()}:due7"
    first_week, second_week = (reminders_for(POLICY, item(world, d), TODAY)[0] for d in (-1, -8))
    assert key_for(POLICY, first_week).endswith(":overdue:w0")
    assert key_for(POLICY, second_week).endswith(":overdue:w1")


def test_the_sweep_tells_each_audience_and_sends_nothing_twice(world):
    items = [
        item(world, 3, pk=1),
        item(world, -8, pk=2),
        item(world, -30, pk=3, enterprise=world.ent_b),
    ]
    counts = sweep(POLICY, items, message, today=TODAY)
    assert (counts.due, counts.overdue, counts.escalated) == (1, 2, 3)
    told = {
        (n.recipient.username, n.idempotency_key.split(":user:")[0])
        for n in Notification.objects.all()
    }
    d = lambda days: (TODAY + timedelta(days=days)).isoformat()  # noqa: E731
    assert ("contact_a", f"thing:1:{d(3)}:due3") in told
    assert ("county_a_u", f"thing:1:{d(3)}:due3") not in told  # due: contacts only
    assert {
        ("contact_a", f"thing:2:{d(-8)}:overdue:w1"),
        ("county_a_u", f"thing:2:{d(-8)}:overdue:w1"),
    } <= told
    assert ("county_a_u", f"thing:2:{d(-8)}:escalated7") in told  # the county lead
    # the city gets one digest a day listing every item 30 days or more overdue
    assert ("official_u", f"thing:escalation-digest30:{TODAY.isoformat()}") in told
    assert ("bureau_u", f"thing:escalation-digest30:{TODAY.isoformat()}") in told
    assert not any(key.endswith(":escalated30") for _user, key in told)
    assert not any(user == "contact_a" and key.startswith("thing:3") for user, key in told)
    rows = Notification.objects.count()
    sweep(POLICY, items, message, today=TODAY)
    assert Notification.objects.count() == rows


def test_the_audiences_of_a_policy_are_its_own(world):
    quiet = ReminderPolicy(
        name="quiet", due_days=(3,), due_audiences=(Audience.DECISION_MAKERS,), ladder=()
    )
    sweep(quiet, [item(world, 2), item(world, -40, pk=2)], message, today=TODAY)
    due = {
        n.recipient.username for n in Notification.objects.filter(idempotency_key__contains=":due")
    }
    assert due == {"office_u", "bureau_u"}
    assert not Notification.objects.filter(idempotency_key__contains="escalated").exists()


def test_the_sweep_runs_a_fixed_number_of_queries(world):
    def queries(n: int) -> int:
        items = [item(world, -10 - i, pk=100 * n + i) for i in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            sweep(POLICY, items, message, today=TODAY)
        return len(ctx.captured_queries)

    assert queries(2) == queries(40)


def test_the_city_gets_one_escalation_digest_a_day_whatever_the_number_of_items(world):
    from django.utils import translation

    items = [item(world, -30 - i, pk=500 + i) for i in range(25)]
    sweep(POLICY, items, message, today=TODAY)
    digests = Notification.objects.filter(recipient=world.official)
    assert digests.count() == 1
    digest = digests.get()
    assert digest.params["count"] == 25 and digest.urgent
    assert [i["days"] for i in digest.params["items"]][:3] == [54, 53, 52]  # most overdue first
    with translation.override("en"):
        assert digest.subject == "Escalation digest: 25 items overdue by more than 30 days"
        assert digest.body.count("\n- ") == 24 and "- escalated 54" in digest.body
    sweep(POLICY, items, message, today=TODAY)  # re-run the same day: nothing new
    assert Notification.objects.filter(recipient=world.official).count() == 1
    sweep(POLICY, items, message, today=TODAY + timedelta(days=1))  # the next morning: one more
    assert Notification.objects.filter(recipient=world.official).count() == 2
