"""Demo snapshots: twelve weeks, so that the dashboard shows trends from the first ``make run``; this week's
dispatch bulletin and one supervision order to the week's worst enterprise.

This week's snapshot is taken by the service as the beat task would take it. The eleven weeks
before it are reconstructed from the demo records (a node counts as done from its actual
date; the stage an enterprise had then is the furthest stage its nodes done by that date
reached, never beyond today's) and flagged illustrative. Bulk inserts; loading twice adds
nothing."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from retrofits.models import STAGE_ORDER, MilestoneNode

from . import services
from .models import EnterpriseWeek, WeeklySnapshot

WEEKS = 12

# Approximate county seats, to place illustrative demo enterprises that have no coordinates
# on the map (the registry's demo gives none); a real enterprise's coordinates are never
# touched. Illustrative: a few kilometres' offset per enterprise keeps markers apart.
SEATS = {
    "rencheng": (35.41, 116.59),
    "yanzhou": (35.55, 116.78),
    "qufu": (35.58, 116.99),
    "zoucheng": (35.40, 117.00),
    "weishan": (34.81, 117.13),
    "yutai": (35.01, 116.65),
    "jinxiang": (35.07, 116.31),
    "jiaxiang": (35.41, 116.34),
    "wenshang": (35.73, 116.49),
    "sishui": (35.66, 117.25),
    "liangshan": (35.80, 116.10),
    "hightech": (35.43, 116.68),
    "taibaihu": (35.35, 116.58),
    "econdev": (35.50, 116.50),
}


def _place_illustrative() -> None:
    from decimal import Decimal

    from enterprises.models import Enterprise

    todo = list(
        Enterprise.objects.filter(is_illustrative=True, latitude__isnull=True)
        .select_related("county")
        .order_by("pk")
    )
    for i, e in enumerate(todo):
        seat = SEATS.get(e.county.code)
        if seat is None:
            continue
        e.latitude = Decimal(str(round(seat[0] + 0.02 * (i % 3 - 1), 6)))
        e.longitude = Decimal(str(round(seat[1] + 0.02 * (i % 2), 6)))
    Enterprise.objects.bulk_update(
        [e for e in todo if e.latitude is not None], ["latitude", "longitude"]
    )


def _stage_history() -> dict[int, list[tuple[datetime.date, str]]]:
    history: dict[int, list[tuple[datetime.date, str]]] = defaultdict(list)
    for ent, stage, day in (
        MilestoneNode.objects.filter(actual_date__isnull=False)
        .exclude(stage_on_completion="")
        .values_list("project__enterprise_id", "stage_on_completion", "actual_date")
    ):
        history[ent].append((day, stage))
    return history


def _stage_as_of(history, day: datetime.date):
    order = [str(s) for s in STAGE_ORDER]

    def stage_of(row: dict) -> str:
        current = row["ule_stage"]
        if current not in order:  # removed from the list: a decision, kept as it is
            return current
        reached = [s for d, s in history.get(row["id"], []) if d <= day and s in order]
        best = max((order.index(s) for s in reached), default=0)
        return order[min(best, order.index(current))]

    return stage_of


@transaction.atomic
def load() -> None:
    _place_illustrative()
    this_monday = services.monday_of(timezone.localdate())
    weeks = [this_monday - datetime.timedelta(weeks=k) for k in range(WEEKS - 1, 0, -1)]
    have = set(
        WeeklySnapshot.objects.filter(week_start__in=weeks).values_list("week_start", flat=True)
    )
    history = _stage_history()
    now = timezone.now()
    for week in weeks:
        if week in have:
            continue
        as_of = week + datetime.timedelta(days=6)
        snap = WeeklySnapshot.objects.create(week_start=week, taken_at=now, is_illustrative=True)
        rows = services.enterprise_weeks(
            today=as_of,
            stage_of=_stage_as_of(history, as_of),
            target_year=services.next_target_year(as_of),
        )
        for row in rows:
            row.snapshot = snap
        EnterpriseWeek.objects.bulk_create(rows, batch_size=1000)
        WeeklySnapshot.objects.filter(pk=snap.pk).update(enterprises=len(rows))
    snap, _ = services.snapshot_take()
    services.bulletin_issue(snapshot=snap)
    _order_to_the_worst(snap)


def _order_to_the_worst(snap: WeeklySnapshot) -> None:
    """One supervision order, to this week's worst enterprise, answer due in 10 days."""
    from accounts.models import Role, User

    from .models import Rating, SupervisionOrder
    from .selectors import bulletin_rows

    if SupervisionOrder.objects.exists():
        return
    worst = bulletin_rows(snapshot=snap).exclude(rating=Rating.GREEN).first()
    bureau = User.objects.filter(role=Role.BUREAU, is_active=True).order_by("pk").first()
    if worst is None or bureau is None:
        return
    services.order_issue(
        actor=bureau,
        enterprise=worst.enterprise,
        requirement="倒排工期，将滞后节点提前，并于反馈期限前报送调整后的完成时间和资金落实情况。",
        response_deadline=timezone.localdate() + datetime.timedelta(days=10),
        snapshot=snap,
    )
