"""The monthly partitions of the hourly table (PostgreSQL; migration 0001 made it partitioned).

Two ways a month's partition comes to exist:

- ``ensure_partitions``: an empty partition, created before an insert that needs it (live
  packets, dirty files, a batch that adds to months already stored). Its primary key is then
  maintained row by row as the insert goes.
- ``create_detached`` + ``attach``: for a file whose months have no partition yet (a new month,
  a backfill of history), the month is first a plain table without any index, filled by the
  ingest's one insert, then attached; attaching builds the primary key and the BRIN index once,
  by a sort, instead of maintaining them row by row (measured about twice as fast for a large
  file, docs/benchmarks.md). A repeated point, parameter and hour in the file makes the attach
  fail on the primary key; the caller rolls the month back and takes the usual path.

Creating or building a month is serialised by a transaction-level advisory lock, so two
ingests needing the same new month do not race: the second waits, then finds it.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import connection

from core.locks import advisory_xact_lock

TZ = ZoneInfo("Asia/Shanghai")
TABLE = "monitoring_hourlyvalue"
# a file spanning more new months than this takes the usual path: each built month is one more
# scan of the staged rows
MAX_BUILT_MONTHS = 3
LOCK = "monitoring_hourlyvalue partitions"  # the advisory lock of the months' creators


def month_start(day: date) -> date:
    return day.replace(day=1)


def next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def partition_name(month: date) -> str:
    return f"{TABLE}_y{month:%Y}m{month:%m}"


def bounds(month: date) -> list[datetime]:
    """The partition's range: midnight (Beijing time) of the month's first day to the next's."""
    return [
        datetime.combine(month, datetime.min.time(), TZ),
        datetime.combine(next_month(month), datetime.min.time(), TZ),
    ]


def _exists(cursor, month: date) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [partition_name(month)])
    return cursor.fetchone()[0]


def ensure_partitions(first: date, last: date) -> None:
    """Create the monthly partitions from ``first``'s month to ``last``'s (PostgreSQL)."""
    if connection.vendor != "postgresql":
        return
    month = month_start(first)
    with connection.cursor() as cursor:
        while month <= last:
            if not _exists(cursor, month):
                advisory_xact_lock(LOCK)
                cursor.execute(
                    f"CREATE TABLE IF NOT EXISTS {partition_name(month)} PARTITION OF {TABLE}"
                    " FOR VALUES FROM (%s) TO (%s)",
                    bounds(month),
                )
            month = next_month(month)


def ensure_months(days: set[date]) -> None:
    """Create the partitions of the months these days fall in (only those: a stray date never
    makes the years in between)."""
    for month in sorted({day.replace(day=1) for day in days}):
        ensure_partitions(month, month)


def may_build(cursor, months: list[date]) -> bool:
    """Whether a batch of these months may build them unindexed: a few months, none of which
    has a partition yet. If so, holds the creators' lock until the transaction ends."""
    if not months or len(months) > MAX_BUILT_MONTHS or any(_exists(cursor, m) for m in months):
        return False
    advisory_xact_lock(LOCK)  # then look again: another ingest may have made one meanwhile
    return not any(_exists(cursor, month) for month in months)


def create_detached(cursor, month: date) -> str:
    """A plain table with the hourly table's columns and no index, to become ``month``'s
    partition; returns its name."""
    name = partition_name(month)
    cursor.execute(f"CREATE TABLE {name} (LIKE {TABLE} INCLUDING DEFAULTS)")
    return name


def attach(cursor, month: date) -> None:
    """Attach the month's table built by ``create_detached``: PostgreSQL builds the primary key
    and the BRIN index on it and checks that its rows fall in the month."""
    cursor.execute(
        f"ALTER TABLE {TABLE} ATTACH PARTITION {partition_name(month)}"
        " FOR VALUES FROM (%s) TO (%s)",
        bounds(month),
    )
