"""The share rules each enterprise's months missed, kept as rows (``ShareMiss``).

Judging a month needs the month's gate passes and clean tonnage grouped and every rule checked
in Python (``transport.shares``); the vehicle queue lists the misses of the last complete month
for the whole city, so it reads them from here, a page at a time. The rows are recomputed for
an enterprise's months when its figures change (a ledger import finishes, clean tonnage is
recorded) and for every enterprise's last 13 months each night (``refresh_share_misses``:
thresholds edited in the admin, imports of months judged before).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from itertools import groupby

from django.db import transaction
from django.utils import timezone

from core.locks import advisory_xact_lock
from enterprises.models import Enterprise

from .models import CleanTonnage, GatePass, ShareMiss
from .shares import Thresholds, shares_with_data


def refresh_misses(
    *, months: Iterable[datetime.date], enterprise_ids: Iterable[int] | None = None
) -> int:
    """Recompute the misses of ``months`` (any day of each) for ``enterprise_ids`` (every
    enterprise when None); returns how many misses there are now."""
    wanted = sorted({m.replace(day=1) for m in months})
    if not wanted:
        return 0
    ids = None if enterprise_ids is None else sorted(set(enterprise_ids))
    scope = Enterprise.objects.all() if ids is None else Enterprise.objects.filter(pk__in=ids)
    with transaction.atomic():
        # one refresh at a time, judging what is committed once it holds the lock: two at
        # once (the nightly one and an import's) would each write what it read before the
        # other's change
        _lock()
        thresholds = Thresholds()
        rows: list[ShareMiss] = []
        for year, in_year in groupby(wanted, key=lambda m: m.year):
            in_year = list(in_year)
            periods = shares_with_data(scope, year, thresholds, first_month=in_year[0])
            for eid, months_of in periods.items():
                rows.extend(
                    _miss(eid, period.start, check)
                    for period in months_of
                    if not period.ytd and period.start in in_year
                    for check in period.failed
                )
        stale = ShareMiss.objects.filter(month__in=wanted)
        if ids is not None:
            stale = stale.filter(enterprise_id__in=ids)
        stale.delete()
        ShareMiss.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def _miss(eid: int, month: datetime.date, check) -> ShareMiss:
    row = check.threshold
    return ShareMiss(
        enterprise_id=eid,
        month=month,
        rule=check.rule,
        value=str(check.value),
        threshold=row,
        percent=row.percent,
        min_stage=row.min_stage or "",
        key=f"share:{eid}:{month:%Y-%m}:{check.rule}",
    )


def _lock() -> None:
    advisory_xact_lock("transport share misses")


def months_of(enterprise_id: int) -> set[datetime.date]:
    """Every month an enterprise has misses, gate passes or clean tonnage in."""
    months = set(
        ShareMiss.objects.filter(enterprise_id=enterprise_id).values_list("month", flat=True)
    )
    months |= set(GatePass.objects.filter(enterprise_id=enterprise_id).dates("passed_at", "month"))
    months |= set(
        CleanTonnage.objects.filter(enterprise_id=enterprise_id).values_list("month", flat=True)
    )
    return months


def refresh_enterprise(enterprise_id: int) -> int:
    """Every month of one enterprise judged again (its records or its industry changed)."""
    return refresh_misses(months=months_of(enterprise_id), enterprise_ids=[enterprise_id])


def refresh_after_import(ledger_id: int, enterprise_id: int) -> int:
    """The months a finished import brought passes for, for its enterprise."""
    months = GatePass.objects.filter(ledger_id=ledger_id).dates("passed_at", "month")
    return refresh_misses(months=list(months), enterprise_ids=[enterprise_id])


def last_months(today: datetime.date | None = None, count: int = 13) -> list[datetime.date]:
    """The first days of the ``count`` months before ``today``'s (the complete ones)."""
    month = (today or timezone.localdate()).replace(day=1)
    out = []
    for _ in range(count):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        out.append(month)
    return out
