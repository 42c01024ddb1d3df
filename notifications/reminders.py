"""The one reminder policy of the portal: due buckets, the overdue rhythm, the escalation
ladder and the idempotency keys. Each app's ``reminders.py`` describes what has a deadline (a
queryset turned into ``Deadline`` items) and what each reminder says (a message factory);
``sweep`` decides who is told when and writes the rows through the outbox in a fixed number of
queries, whatever the number of items.

For one item with deadline D, on day T:
- due: D - T in ``due_days`` buckets (the smallest bucket the days left fall into, so a sweep
  missed on one day catches up on the next without sending a bucket twice);
- overdue: from the day after D, once per ``overdue_every`` days while open;
- escalated: once for each rung of ``ladder`` whose ``after_days`` the item is overdue by; on a
  ``digest`` rung (the city's), each recipient instead gets one notification a day listing every
  item at or past that rung, most overdue first, so that an official reads one message a
  morning rather than one per late node.
Keys carry the deadline (or, for a digest, the day), so a new deadline starts a new series, and
re-running sends nothing twice.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from django.db import transaction
from django.utils import timezone

from access.audiences import Audience, directory

from .messages import Message
from .services import notify_many


@dataclass(frozen=True)
class Rung:
    """One step of the escalation ladder: overdue by ``after_days``, tell ``audiences`` (one
    notification per item, or with ``digest`` one per recipient and day listing the items)."""

    after_days: int
    audiences: tuple[Audience, ...]
    digest: bool = False


@dataclass(frozen=True)
class ReminderPolicy:
    name: str  # the key prefix: "node", "finding"
    due_days: tuple[int, ...] = (7, 3, 1)
    due_audiences: tuple[Audience, ...] = (Audience.CONTACTS,)
    overdue_every: int = 7
    overdue_audiences: tuple[Audience, ...] = (Audience.CONTACTS, Audience.COUNTY_STAFF)
    ladder: tuple[Rung, ...] = (
        Rung(7, (Audience.COUNTY_LEADS,)),
        Rung(30, (Audience.CITY,), digest=True),
    )

    @property
    def horizon(self) -> int:
        """How many days ahead a deadline can still be due (for the app's queryset)."""
        return max(self.due_days, default=0)


class Stage(StrEnum):
    DUE = "due"
    OVERDUE = "overdue"
    ESCALATED = "escalated"


@dataclass(frozen=True)
class Deadline:
    """One open item with a deadline, as the app's queryset yields it."""

    pk: int
    deadline: date
    enterprise_id: int
    county_id: int | None
    obj: Any = None  # the record, for the message factory


@dataclass(frozen=True)
class Reminder:
    """What is due for one item today: handed to the app's message factory."""

    stage: Stage
    item: Deadline
    days: int  # days left (due) or days overdue (overdue, escalated)
    rung: Rung | None = None


MessageFactory = Callable[[Reminder], Message]


@dataclass
class SweepCounts:
    due: int = 0
    overdue: int = 0
    escalated: int = 0
    rows_offered: int = 0
    by_rung: dict[int, int] = field(default_factory=dict)


def due_bucket(policy: ReminderPolicy, days_left: int) -> int | None:
    """The smallest bucket the days left fall into (None when further away or overdue)."""
    fitting = [b for b in policy.due_days if days_left <= b]
    return min(fitting) if fitting and days_left >= 0 else None


def reminders_for(policy: ReminderPolicy, item: Deadline, today: date) -> list[Reminder]:
    days_left = (item.deadline - today).days
    if days_left >= 0:
        bucket = due_bucket(policy, days_left)
        return [] if bucket is None else [Reminder(Stage.DUE, item, days_left)]
    overdue = -days_left
    found = [Reminder(Stage.OVERDUE, item, overdue)]
    found += [
        Reminder(Stage.ESCALATED, item, overdue, rung)
        for rung in policy.ladder
        if overdue >= rung.after_days
    ]
    return found


def key_for(policy: ReminderPolicy, reminder: Reminder) -> str:
    base = f"{policy.name}:{reminder.item.pk}:{reminder.item.deadline.isoformat()}"
    if reminder.stage == Stage.DUE:
        return f"{base}:due{due_bucket(policy, reminder.days)}"
    if reminder.stage == Stage.OVERDUE:
        return f"{base}:overdue:w{(reminder.days - 1) // policy.overdue_every}"
    return f"{base}:escalated{reminder.rung.after_days}"


def audiences_for(policy: ReminderPolicy, reminder: Reminder) -> tuple[Audience, ...]:
    if reminder.stage == Stage.DUE:
        return policy.due_audiences
    if reminder.stage == Stage.OVERDUE:
        return policy.overdue_audiences
    return reminder.rung.audiences


SWEEP_BATCH = 2000  # items read, planned and written at a time
DIGEST_ITEMS = 200  # listed in one digest; the rest are counted


class _Digest:
    """One recipient's escalation digest for one rung: how many items, and the
    ``DIGEST_ITEMS`` most overdue (a bounded heap, so memory does not grow with the city)."""

    __slots__ = ("count", "heap")

    def __init__(self) -> None:
        self.count = 0
        self.heap: list[tuple[int, int, dict]] = []

    def add(self, reminder: Reminder, message: Message) -> None:
        self.count += 1
        entry = (reminder.days, -reminder.item.pk, _digest_entry(reminder, message))
        if len(self.heap) < DIGEST_ITEMS:
            heapq.heappush(self.heap, entry)
        elif entry[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, entry)

    def items(self) -> list[dict]:
        """Most overdue first, then by item id."""
        return [e[2] for e in sorted(self.heap, key=lambda e: (-e[0], -e[1]))]


def _digest_entry(reminder: Reminder, message: Message) -> dict:
    return {
        "kind": message.kind,
        "params": message.params,
        "url": message.url,
        "days": reminder.days,
    }


def _batches(items: Iterable[Deadline], size: int) -> Iterator[list[Deadline]]:
    batch: list[Deadline] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def sweep(
    policy: ReminderPolicy,
    items: Iterable[Deadline],
    make_message: MessageFactory,
    *,
    today: date | None = None,
    batch: int = SWEEP_BATCH,
) -> SweepCounts:
    """Offer every reminder due today to the outbox, streaming: ``batch`` items at a time are
    planned, their people fetched (one query) and their rows written (one insert), so memory
    stays bounded whatever the number of items; escalation digests (one per recipient, rung
    and day) keep a count and the most overdue items, and are written at the end."""
    today = today or timezone.localdate()
    counts = SweepCounts()
    digests: dict[tuple[int, int], _Digest] = {}
    readers = {}
    pending: list = []  # a batch's rows, written when the next batch starts (or with the digests)

    def write(rows: list) -> None:
        if rows:
            with transaction.atomic():
                counts.rows_offered += notify_many(rows)

    for chunk in _batches(items, batch):
        planned = [r for item in chunk for r in reminders_for(policy, item, today)]
        if not planned:
            continue
        wanted = {a for r in planned for a in audiences_for(policy, r)}
        people = directory(
            wanted,
            enterprise_ids={r.item.enterprise_id for r in planned},
            county_ids={r.item.county_id for r in planned},
        )
        outbox = []
        for reminder in planned:
            recipients = people.people(
                *audiences_for(policy, reminder),
                enterprise_id=reminder.item.enterprise_id,
                county_id=reminder.item.county_id,
            )
            if reminder.stage == Stage.DUE:
                counts.due += 1
            elif reminder.stage == Stage.OVERDUE:
                counts.overdue += 1
            else:
                counts.escalated += 1
                counts.by_rung[reminder.rung.after_days] = (
                    counts.by_rung.get(reminder.rung.after_days, 0) + 1
                )
            if not recipients:
                continue
            message = make_message(reminder)
            if reminder.rung is not None and reminder.rung.digest:
                for user in recipients:
                    readers[user.pk] = user
                    digests.setdefault((user.pk, reminder.rung.after_days), _Digest()).add(
                        reminder, message
                    )
                continue
            key = key_for(policy, reminder)
            outbox += [(u, key, message, reminder.item.enterprise_id) for u in recipients]
        write(pending)
        pending = outbox
    pending += [
        (
            readers[user_id],
            f"{policy.name}:escalation-digest{after_days}:{today.isoformat()}",
            _digest_message(policy, after_days, digest),
            None,
        )
        for (user_id, after_days), digest in digests.items()
    ]
    write(pending)
    return counts


def _digest_message(policy: ReminderPolicy, after_days: int, digest: _Digest) -> Message:
    return Message(
        kind=DIGEST_KIND,
        params={
            "policy": policy.name,
            "after_days": after_days,
            "count": digest.count,
            "items": digest.items(),
        },
        url="",
        urgent=True,
    )


DIGEST_KIND = "notifications.escalation_digest"
