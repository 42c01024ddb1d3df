"""The sweep streams (issue 14): items are planned and written a batch at a time, so memory
stays bounded; the rows written and the city's one digest a day do not depend on the batch
size, and a digest lists at most DIGEST_ITEMS items (the most overdue) while counting all."""

import pytest

from notifications import reminders
from notifications.models import Notification
from notifications.reminders import sweep

from .test_reminders import POLICY, TODAY, item, message

pytestmark = pytest.mark.django_db


def _items(world, n):
    # a mix: due soon, overdue, and overdue past both rungs of the ladder
    days = [5, 2, -3, -10, -40]
    return [item(world, days[i % len(days)] - i // len(days), pk=i + 1) for i in range(n)]


def _written():
    return sorted(
        (
            n.recipient.username,
            n.idempotency_key,
            n.params.get("count"),
            [i["days"] for i in n.params.get("items", [])],
        )
        for n in Notification.objects.select_related("recipient")
    )


@pytest.mark.parametrize("batch", [1, 3, 7])
def test_rows_do_not_depend_on_the_batch_size(world, batch):
    counts = sweep(POLICY, iter(_items(world, 23)), message, today=TODAY, batch=batch)
    assert counts.due and counts.overdue and counts.escalated
    in_batches = _written()
    digests = [r for r in in_batches if "escalation-digest30" in r[1]]
    assert digests and len({r[0] for r in digests}) == len(digests)  # one per person and day
    Notification.objects.all().delete()
    whole = sweep(POLICY, iter(_items(world, 23)), message, today=TODAY, batch=10_000)
    assert _written() == in_batches
    assert (whole.due, whole.overdue, whole.escalated, whole.rows_offered) == (
        counts.due,
        counts.overdue,
        counts.escalated,
        counts.rows_offered,
    )


def test_a_digest_lists_the_most_overdue_and_counts_everything(world, monkeypatch):
    monkeypatch.setattr(reminders, "DIGEST_ITEMS", 5)
    items = [item(world, -31 - i, pk=i + 1) for i in range(12)]
    sweep(POLICY, iter(items), message, today=TODAY, batch=4)
    digest = Notification.objects.get(
        recipient=world.official, idempotency_key__contains="escalation-digest30"
    )
    assert digest.params["count"] == 12
    assert [i["days"] for i in digest.params["items"]] == [42, 41, 40, 39, 38]


def test_a_rerun_in_batches_writes_nothing(world):
    first = sweep(POLICY, iter(_items(world, 17)), message, today=TODAY, batch=4)
    before = Notification.objects.count()
    sweep(POLICY, iter(_items(world, 17)), message, today=TODAY, batch=4)
    assert first.rows_offered > 0
    assert Notification.objects.count() == before


def test_the_sweep_consumes_its_items_lazily(world):
    """A generator is read a batch ahead, not all at once."""
    read = []

    def gen():
        for i, it in enumerate(_items(world, 12)):
            read.append(i)
            yield it

    seen_at_first_write = []
    original = reminders.notify_many

    def spy(rows):
        seen_at_first_write.append(len(read))
        return original(rows)

    reminders.notify_many = spy
    try:
        sweep(POLICY, gen(), message, today=TODAY, batch=4)
    finally:
        reminders.notify_many = original
    assert seen_at_first_write and seen_at_first_write[0] < 12
