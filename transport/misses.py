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

from enterprises.models import Enterprise

from .models import GatePass, ShareMiss
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
    thresholds = Thresholds()
    rows: list[ShareMiss] = []
    for year, in_year in groupby(wanted, key=lambda m: m.year):
        in_year = list(in_year)
        periods, _enterprises = shares_with_data(scope, year, thresholds, first_month=in_year[0])
        for eid, months_of in periods.items():
            for period in months_of:
                if period.ytd or period.start not in in_year:
                    continue
                rows.extend(
                    ShareMiss(
                        enterprise_id=eid,
                        month=period.start,
                        rule=check.rule,
                        value=str(check.value),
                        threshold=check.threshold,
                        key=f"share:{eid}:{period.start:%Y-%m}:{check.rule}",
                    )
                    for check in period.failed
                )
    with transaction.atomic():
        stale = ShareMiss.objects.filter(month__in=wanted)
        if ids is not None:
            stale = stale.filter(enterprise_id__in=ids)
        stale.delete()
        # two refreshes of the same months at once write the same keys: the second adds nothing
        ShareMiss.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
    return len(rows)


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
