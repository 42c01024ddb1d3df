"""Benchmark (not a timed test): online monitoring at scale (issue 9).

1. Ingest of ``BENCH_VALUES`` hourly values (default 10 million) from one staging-format file
   through the COPY path (``monitoring.storage.ingest_lines``: COPY into staging, checks in
   SQL, one insert into the month-partitioned table), against a bare COPY of the same file
   into a plain table with the same columns, in the same run: the ratio bare/ours (goal ≥ 0.5);
   and, for what the index costs, a COPY into a logged table with the same primary key.
   The rollups of the ingested days are timed apart.
2. Monthly compliance of every point of ``BENCH_ENTERPRISES`` enterprises (default 2,000, 10
   points each) from the monthly rollups: the city page's selector and the page.
3. A point's year (8,760 hours × 6 parameters) on its page (daily means from the rollups) and
   its month of hours.

Run with `make bench` (or `BENCH_VALUES=1000000 … -k monitoring`). Figures: docs/benchmarks.md.
For experiments: ``BENCH_INGEST_ONLY=1`` stops after the ingest (no rollups, no pages);
``BENCH_SESSION_SQL`` is run on the connection before the timed ingest (settings such as
``SET wal_compression = lz4``), undone with the test's transaction.
"""

import os
import tempfile
import time
from datetime import date, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Role, User
from enterprises.models import County, EmissionPoint, Enterprise
from monitoring import reference
from monitoring.models import Device, MonthlyRollup
from monitoring.rollups import refresh_rollups
from monitoring.selectors import city_compliance
from monitoring.storage import TZ, ingest_lines, staging_line

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

VALUES = int(os.environ.get("BENCH_VALUES", 10_000_000))
ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", 2000))
INGEST_ONLY = os.environ.get("BENCH_INGEST_ONLY", "") not in ("", "0")
SESSION_SQL = os.environ.get("BENCH_SESSION_SQL", "")
POINTS_PER = 10
CODES = ["a34013", "a21026", "a21002", "a19001", "a00000", "a01012"]
START = datetime(2025, 1, 1, tzinfo=TZ)


def generate_registry(enterprises: int) -> list[str]:
    """Counties, enterprises, 10 kiln-tail points each and a device per point."""
    counties = County.objects.bulk_create(
        County(code=f"bench-{c}", name_zh=f"基准县{c}", sub_bureau_zh="分局") for c in range(14)
    )
    ents = Enterprise.objects.bulk_create(
        (
            Enterprise(
                name_zh=f"基准水泥{g}",
                name_en=f"Bench cement {g}",
                credit_code=f"{g:018d}",
                industry="cement_clinker",
                county=counties[g % 14],
                annual_capacity_t=1_000_000,
                is_illustrative=True,
            )  # fmt: skip
            for g in range(enterprises)
        ),
        batch_size=1000,
    )
    EmissionPoint.objects.bulk_create(
        (
            EmissionPoint(enterprise=e, kind="kiln_tail", name=f"窑尾{p}", cems_installed=True)
            for e in ents
            for p in range(POINTS_PER)
        ),
        batch_size=2000,
    )
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO monitoring_device (mn, point_id, crc_variant, password, is_active,"
            " legacy_packets) SELECT 'B' || lpad(id::text, 12, '0'), id, 'hj212_2017', '', true, 0"
            " FROM enterprises_emissionpoint"
        )
    return list(Device.objects.order_by("pk").values_list("mn", flat=True))


def write_file(path: str, mns: list[str], values: int) -> int:
    """``values`` staging lines: every device and parameter, hour after hour."""
    per_hour = len(mns) * len(CODES)
    hours = max(1, values // per_hour)
    written = 0
    with open(path, "w", encoding="utf-8") as f:
        for h in range(hours):
            when = f"{(START + timedelta(hours=h)):%Y-%m-%d %H}:00"
            chunk = []
            for i, mn in enumerate(mns):
                for j, code in enumerate(CODES):
                    v = (h * 7 + i * 3 + j) % 97 / 10 + 1
                    chunk.append(f"{mn},{when},{code},{v:.2f},{v * 1.1:.2f},N\n")
                    written += 1
                    if written >= values:
                        break
                if written >= values:
                    break
            f.write("".join(chunk))
            if written >= values:
                break
    return written


def timed_copy(path: str, table: str, columns: str) -> float:
    """Seconds to COPY the file into a new table ``table (columns)``, dropped afterwards."""
    with connection.cursor() as cur:
        cur.execute(f"CREATE {table} ({columns})")
        name = table.split()[-1]
        t = time.perf_counter()
        with (
            open(path, "rb") as f,
            cur.cursor.copy(f"COPY {name} FROM STDIN WITH (FORMAT csv)") as copy,
        ):
            while data := f.read(1 << 20):
                copy.write(data)
        elapsed = time.perf_counter() - t
        cur.execute(f"DROP TABLE {name}")
    return elapsed


COLUMNS = "mn text, hour timestamp, code text, value float8, converted float8, flag text"


def bare_copy(path: str) -> float:
    """A bare COPY: a temporary table of the same columns, no index, no checks."""
    return timed_copy(path, "TEMP TABLE bench_bare", COLUMNS)


def keyed_copy(path: str) -> float:
    """COPY of the same file into a logged table with the primary key the hourly table needs
    (its readers look a point's hours up by it): the cost of the index and of durability
    alone, without our checks, device lookup or partitions."""
    return timed_copy(path, "TABLE bench_keyed", COLUMNS + ", PRIMARY KEY (mn, code, hour)")


def _chunks(path: str):
    with open(path, "rb") as f:
        while data := f.read(1 << 20):
            yield data


def test_monitoring_benchmark(client, capsys):
    reference.load()
    mns = generate_registry(ENTERPRISES)

    def report(line: str) -> None:  # printed as it comes: a later failure keeps the figures
        with capsys.disabled():
            print(("\n" if line.startswith("points") else "") + line, flush=True)

    report(f"points {len(mns)}, enterprises {ENTERPRISES}")
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "hourly.csv")
        t = time.perf_counter()
        n = write_file(path, mns, VALUES)
        report(
            f"file: {n:,} values, {os.path.getsize(path) / 1e6:.0f} MB, written in {time.perf_counter() - t:.1f} s"
        )
        bare = bare_copy(path)
        keyed = keyed_copy(path)
        if SESSION_SQL:
            with connection.cursor() as cur:
                cur.execute(SESSION_SQL)
            report(f"session: {SESSION_SQL}")
        t = time.perf_counter()
        result = ingest_lines(_chunks(path), with_rollups=False)
        ours = time.perf_counter() - t
        assert result.stored == n and not result.refused
        report(
            f"bare COPY {bare:.1f} s ({n / bare:,.0f} values/s); COPY into a keyed table"
            f" {keyed:.1f} s; ingest {ours:.1f} s ({n / ours:,.0f} values/s); ratio"
            f" {bare / ours:.2f} (to the keyed COPY {keyed / ours:.2f}); load average"
            f" {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )
        if INGEST_ONLY:
            return
        t = time.perf_counter()
        refresh_rollups(result.touched)
        rollups = time.perf_counter() - t
    report(f"rollups of {len(result.touched):,} point-days {rollups:.1f} s")

    # 2. monthly compliance of every point from the rollups
    office = User.objects.create_user("bench_office", role=Role.OFFICE, password="x")
    month = date(START.year, START.month, 1)
    assert MonthlyRollup.objects.filter(month=month).count() >= len(mns)
    t = time.perf_counter()
    rows = city_compliance(user=office, month=month)
    sel = time.perf_counter() - t
    assert len(rows) == ENTERPRISES
    client.force_login(office)
    t = time.perf_counter()
    response = client.get(reverse("monitoring:overview") + f"?month={month:%Y-%m}")
    page = time.perf_counter() - t
    assert response.status_code == 200
    report(f"city compliance: {len(rows):,} enterprises, selector {sel:.2f} s; page {page:.2f} s")

    # 3. a point's year on its page
    mn = mns[0]
    point_id = Device.objects.get(mn=mn).point_id
    lines = [
        (i + 1, staging_line(mn, date_h, code, 5.0 + (i % 13) / 10, 5.5))
        for i, (date_h, code) in enumerate(
            (START + timedelta(hours=h), code) for h in range(8760) for code in CODES
        )
    ]
    ingest_lines([], numbered=lines)
    for label, query in (
        ("year", "?start=2025-01-01&range=year"),
        ("month", "?start=2025-03-01&range=month"),
    ):
        with CaptureQueriesContext(connection) as ctx:
            t = time.perf_counter()
            response = client.get(reverse("monitoring:point", args=[point_id]) + query)
            elapsed = time.perf_counter() - t
        assert response.status_code == 200
        report(
            f"point page, {label}: {elapsed:.2f} s, {len(ctx.captured_queries)} queries, {len(response.content) / 1e3:.0f} kB"
        )
