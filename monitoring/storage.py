"""Storing hourly values at scale and keeping the rollups.

Every source (live packets, a packet log, CSV and Excel exports) ends as lines of the one
staging format ``MN,time,code,avg,zs_avg,flag`` (time ``YYYY-MM-DD HH:00``, Beijing time;
``code`` the HJ 212 code). On PostgreSQL the lines are COPYed into a temporary staging table,
checked in SQL (bad lines come back with their line numbers and a reason), and the good ones
inserted into the month-partitioned hourly table in one statement; the partitions the data
needs are created first, or, for a clean file whose months are new to the table, built
unindexed and attached afterwards (``monitoring.partitions``). Elsewhere (SQLite in ``make run``) the same checks run in Python.

A value already stored for the same point, parameter and hour is kept (``ON CONFLICT DO
NOTHING``): devices re-send packets they got no answer for, and a re-sent packet must not
count twice. Daily rollups are then recomputed for the (point, day) pairs the batch touched
only, and monthly rollups from the daily ones for the months touched: no page scans raw hours.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import IntegrityError, connection, transaction

from . import partitions
from .models import Device, Parameter
from .partitions import TZ, ensure_months, ensure_partitions, month_start, next_month

__all__ = ["TZ", "ensure_partitions", "ingest_lines", "month_start", "next_month", "staging_line"]
FIELDS = 6
# from this many staged lines on, the typed path joins by hashing (see _hash_joins)
BULK_LINES = 10_000
TIME_RE = re.compile(
    r"^(199\d|2[01]\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-4]):00(:00)?$"
)
NUMBER_RE = re.compile(r"^-?\d{1,9}(\.\d{1,6})?$")
FLAG_RE = re.compile(r"^[NFMSDCTB]?$")
# The same checks in SQL (POSIX regular expressions), in the order reasons are reported.
SQL_CHECKS = [
    ("malformed", f"cardinality(f) <> {FIELDS}"),
    ("unknown_mn", "d.point_id IS NULL"),
    ("unknown_code", "p.key IS NULL"),
    ("bad_time", f"f[2] !~ '{TIME_RE.pattern}'"),
    ("bad_time", "NOT monitoring_valid_day(f[2])"),
    ("bad_value", f"f[4] !~ '{NUMBER_RE.pattern}'"),
    ("bad_value", f"f[5] <> '' AND f[5] !~ '{NUMBER_RE.pattern}'"),
    ("bad_value", f"f[6] !~ '{FLAG_RE.pattern}'"),
]


@dataclass
class Refused:
    line_no: int
    reason: str
    excerpt: str = ""


@dataclass
class IngestResult:
    stored: int = 0
    duplicates: int = 0
    refused: list[Refused] = field(default_factory=list)
    touched: set[tuple[int, date]] = field(default_factory=set)


def staging_line(mn: str, when: datetime, code: str, avg, zs=None, flag: str = "N") -> str:
    local = when.astimezone(TZ)
    return f"{mn},{local:%Y-%m-%d %H}:00,{code},{avg},{'' if zs is None else zs},{flag}"


def _device_scope(enterprise_id: int | None) -> str:
    """SQL that limits the joined devices (alias ``d``) to one enterprise's points: an import by
    an enterprise's contact stores their own devices' data only; other MNs read as unknown."""
    if enterprise_id is None:
        return ""
    from enterprises.models import EmissionPoint

    table = connection.ops.quote_name(EmissionPoint._meta.db_table)
    return f" AND d.point_id IN (SELECT id FROM {table} WHERE enterprise_id = {int(enterprise_id)})"


def _active_devices(enterprise_id: int | None) -> dict[str, int]:
    devices = Device.objects.filter(is_active=True)
    if enterprise_id is not None:
        devices = devices.filter(point__enterprise_id=enterprise_id)
    return dict(devices.values_list("mn", "point_id"))


def numbered(first: int) -> str:
    """The typed staging rows with their line numbers in the file (``first`` the first data
    line's). One COPY into a freshly truncated temporary table appends its rows page after page
    in the file's order (nothing else writes to it, its free space map is empty), so the ctid
    order is the file's order; numbering sorts the rows, which only a file with refused lines
    pays for."""
    return (
        f"(SELECT row_number() OVER (ORDER BY ctid) + {first - 1} AS line_no, *"
        " FROM monitoring_typed_lines)"
    )


TYPED_VALID = (
    "s.t >= '1990-01-01' AND s.t < '2200-01-01' AND date_trunc('hour', s.t) = s.t"
    " AND s.avg <> 'NaN'::float8 AND abs(s.avg) < 1e9"
    " AND (s.zs IS NULL OR (s.zs <> 'NaN'::float8 AND abs(s.zs) < 1e9))"
    " AND (s.flag IS NULL OR s.flag IN ('', 'N', 'F', 'M', 'S', 'D', 'C', 'T', 'B'))"
)


def _months_of_typed(cursor) -> list[date]:
    """The months the staged rows need: every month from their first hour to their last when
    they span a few (one cheap aggregate), else the months that occur (a stray date never makes
    the years in between)."""
    cursor.execute(
        f"SELECT min(s.t)::date, max(s.t)::date FROM monitoring_typed_lines s WHERE {TYPED_VALID}"
    )
    first, last = cursor.fetchone()
    if first is None:
        return []
    if (last.year - first.year) * 12 + last.month - first.month <= 3:
        months, month = [], month_start(first)
        while month <= last:
            months.append(month)
            month = next_month(month)
        return months
    cursor.execute(
        "SELECT DISTINCT date_trunc('month', s.t)::date FROM monitoring_typed_lines s"
        f" WHERE {TYPED_VALID}"
    )
    return sorted(month for (month,) in cursor.fetchall())


@contextmanager
def _hash_joins(cursor, lines: int) -> Iterator[None]:
    """A large batch joins its staged lines to the devices and parameters by hashing. The
    planner, misled by the checks' selectivity (it expects a few hundred rows of a million),
    would look every line's device up by index: measured, a quarter to a third of the insert's
    time at 1 and 3 million values. Restored afterwards (the rollups run in the same
    transaction when the caller holds one)."""
    if lines < BULK_LINES:
        yield
        return
    cursor.execute("SELECT current_setting('enable_nestloop')")
    before = cursor.fetchone()[0]
    cursor.execute("SET LOCAL enable_nestloop = off")
    yield
    cursor.execute("SELECT set_config('enable_nestloop', %s, true)", [before])


def _build_months(cursor, months: list[date], insert) -> list[tuple] | None:
    """Store a batch whose months have no partition yet into plain tables, one per month, and
    attach them (``monitoring.partitions``): the primary key is built once instead of kept
    row by row. None when the file repeats a point, parameter and hour (the attach fails on
    the primary key; the months are rolled back and the caller takes the usual path).

    The (point, day) pairs come from the built table, which holds only what was stored: a
    plain insert and one aggregate over the new table cost less than the insert returning
    its rows into a grouping (measured 3.5 + 0.5 s against 5.0 s at a million values)."""
    rows: list[tuple] = []
    try:
        with transaction.atomic():
            for month in months:
                table = partitions.create_detached(cursor, month)
                where = f" AND s.t >= '{month:%Y-%m-%d}' AND s.t < '{next_month(month):%Y-%m-%d}'"
                cursor.execute(insert(table, where))
                cursor.execute(
                    f"SELECT point_id, (hour AT TIME ZONE 'Asia/Shanghai')::date, count(*)"
                    f" FROM {table} GROUP BY 1, 2"
                )
                rows += cursor.fetchall()
                partitions.attach(cursor, month)
    except IntegrityError:
        return None
    return rows


def _ingest_postgres_typed(chunks, skip_header, enterprise_id=None) -> IngestResult | None:
    """The fast path for a clean file: one typed COPY (PostgreSQL parses the numbers and times
    as a bare COPY would), then typed checks and one insert. Returns None when COPY refuses
    the file (a line with the wrong number of fields, text where a number belongs, a NUL,
    bad UTF-8): the line-by-line path then finds and reports the bad lines."""
    with transaction.atomic():  # one transaction: the staged rows live until its commit
        return _typed_in_transaction(chunks, skip_header, enterprise_id)


def _typed_in_transaction(chunks, skip_header, enterprise_id) -> IngestResult | None:
    result = IngestResult()
    first = 2 if skip_header else 1
    try:
        with transaction.atomic(), connection.cursor() as cursor:  # a savepoint
            # no line-number column: a sequence default made the COPY a third to half slower
            # (a million lines 2.9 s against 1.5 s, ten million 22.4 s against 16.6 s); the
            # lines' order is their ctid order instead (see ``numbered``)
            cursor.execute(
                "CREATE TEMP TABLE IF NOT EXISTS monitoring_typed_lines ("
                " mn text, t timestamp, code text, avg float8, zs float8, flag text)"
                " ON COMMIT DELETE ROWS;"
                "TRUNCATE monitoring_typed_lines;"
            )
            header = "true" if skip_header else "false"
            sql = (
                "COPY monitoring_typed_lines (mn, t, code, avg, zs, flag) FROM STDIN"
                f" WITH (FORMAT csv, HEADER {header})"
            )
            with cursor.cursor.copy(sql) as copy:
                for chunk in chunks:
                    copy.write(chunk)
            total = cursor.cursor.rowcount
    except Exception:  # COPY refused the file: the careful path reports its bad lines
        return None
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE monitoring_typed_lines")
        scope = _device_scope(enterprise_id)
        if total is None or total < 0:
            cursor.execute("SELECT count(*) FROM monitoring_typed_lines")
            total = cursor.fetchone()[0]
        months = _months_of_typed(cursor)

        def insert(table: str = "monitoring_hourlyvalue", where: str = "") -> str:
            return f"""
            INSERT INTO {table} (point_id, parameter, hour, value, converted, flag)
            SELECT d.point_id, p.key, s.t AT TIME ZONE 'Asia/Shanghai', s.avg, s.zs,
                   COALESCE(NULLIF(s.flag, ''), 'N')
            FROM monitoring_typed_lines s
            JOIN monitoring_device d ON d.mn = s.mn AND d.is_active{scope}
            JOIN monitoring_parameter p ON p.hj212_code = s.code
            WHERE {TYPED_VALID}{where}
            """

        # one pass: the insert returns what it stored, grouped into the (point, day) pairs the
        # rollups need (no second scan of the staged rows for them)
        grouped = (
            "WITH stored AS ({insert}{conflict} RETURNING point_id, hour)"
            " SELECT point_id, (hour AT TIME ZONE 'Asia/Shanghai')::date, count(*)"
            " FROM stored GROUP BY 1, 2"
        )
        with _hash_joins(cursor, total):
            rows = None
            if partitions.may_build(cursor, months):  # months new to the table: build them
                rows = _build_months(cursor, months, insert)
            if rows is None:
                ensure_months(set(months))
                try:  # new hours (the usual case): a plain insert, no speculative insertion
                    with transaction.atomic():
                        cursor.execute(grouped.format(insert=insert(), conflict=""))
                        rows = cursor.fetchall()
                except IntegrityError:  # some hours are stored already, or repeated in the file
                    # in the file's order: of a repeated point, parameter and hour the first wins
                    order = " ORDER BY s.ctid ON CONFLICT DO NOTHING"
                    cursor.execute(grouped.format(insert=insert(), conflict=order))
                    rows = cursor.fetchall()
        result.touched = {(point_id, day) for point_id, day, _n in rows}
        result.stored = sum(n for _p, _d, n in rows)
        if result.stored < total:
            cursor.execute(
                f"""
                SELECT s.line_no, CASE WHEN d.point_id IS NULL THEN 'unknown_mn'
                    WHEN p.key IS NULL THEN 'unknown_code'
                    WHEN s.t IS NULL OR s.t < '1990-01-01' OR s.t >= '2200-01-01'
                         OR date_trunc('hour', s.t) <> s.t THEN 'bad_time'
                    ELSE 'bad_value' END,
                    left(concat_ws(',', s.mn, s.t, s.code, s.avg, s.zs, s.flag), 120)
                FROM {numbered(first)} s
                LEFT JOIN monitoring_device d ON d.mn = s.mn AND d.is_active{scope}
                LEFT JOIN monitoring_parameter p ON p.hj212_code = s.code
                WHERE d.point_id IS NULL OR p.key IS NULL OR s.t IS NULL OR s.avg IS NULL
                   OR NOT ({TYPED_VALID})
                ORDER BY s.line_no
                """
            )
            result.refused = [Refused(n, r, e) for n, r, e in cursor.fetchall()]
        result.duplicates = total - len(result.refused) - result.stored
    return result


def _clean_chunks(chunks: Iterable[bytes]) -> Iterator[bytes]:
    """Bytes COPY accepts whatever the file holds: NULs and bad UTF-8 replaced by U+FFFD (so
    the line fails its checks instead of being read as something else), the two control
    characters used as COPY's delimiter and quote removed."""
    pending = b""
    for chunk in chunks:
        data = pending + chunk
        cut = data.rfind(b"\n") + 1
        data, pending = data[:cut], data[cut:]
        if data:
            yield _clean(data)
    if pending:
        yield _clean(pending + b"\n")


def _clean(data: bytes) -> bytes:
    text = data.replace(b"\x00", b"\xff").decode("utf-8", "replace")
    return text.replace("\x01", "").replace("\x02", "").replace("\r", "").encode("utf-8")


def ingest_lines(
    chunks: Iterable[bytes], *, numbered: Iterable[tuple[int, str]] | None = None,
    skip_header: bool = False, with_rollups: bool = True, enterprise_id: int | None = None,
) -> IngestResult:  # fmt: skip
    """Store the staging-format lines given either as raw byte chunks of a file (line numbers
    are the file's) or as ``numbered`` (line number, line) pairs. With ``enterprise_id``, only
    that enterprise's devices count (lines of any other MN are refused as unknown)."""
    if connection.vendor == "postgresql":
        result = None
        if numbered is None:
            result = _ingest_postgres_typed(chunks, skip_header, enterprise_id)
        if result is None:
            result = _ingest_postgres(chunks, numbered, skip_header, enterprise_id)
    else:
        result = _ingest_python(chunks, numbered, skip_header, enterprise_id)
    if with_rollups and result.touched:
        from .rollups import refresh_rollups

        refresh_rollups(result.touched)
    return result


def _iter_numbered(chunks, numbered, skip_header) -> Iterator[tuple[int, str]]:
    if numbered is not None:
        yield from numbered
        return
    line_no = 0
    for chunk in _clean_chunks(chunks):
        for line in chunk.decode("utf-8").split("\n")[:-1]:
            line_no += 1
            if skip_header and line_no == 1:
                continue
            yield line_no, line


def _ingest_postgres(chunks, numbered, skip_header, enterprise_id=None) -> IngestResult:
    result = IngestResult()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP SEQUENCE IF NOT EXISTS monitoring_staging_seq;"
            "SELECT setval('monitoring_staging_seq', 1, false);"
            "CREATE TEMP TABLE IF NOT EXISTS monitoring_staging ("
            " line_no bigint NOT NULL DEFAULT nextval('monitoring_staging_seq'), line text)"
            " ON COMMIT DELETE ROWS;"
            "TRUNCATE monitoring_staging;"
        )
        raw = cursor.cursor
        if numbered is not None:
            with raw.copy("COPY monitoring_staging (line_no, line) FROM STDIN") as copy:
                for line_no, line in numbered:
                    copy.write_row((line_no, line.replace("\x00", "\ufffd")))
        else:
            sql = (
                "COPY monitoring_staging (line) FROM STDIN "
                "WITH (FORMAT csv, DELIMITER E'\\x01', QUOTE E'\\x02')"
            )
            with raw.copy(sql) as copy:
                for chunk in _clean_chunks(chunks):
                    copy.write(chunk)
            if skip_header:
                cursor.execute("DELETE FROM monitoring_staging WHERE line_no = 1")
        # temporary tables have no statistics until analysed: without them the planner picks
        # nested loops over the devices for every line
        cursor.execute("ANALYZE monitoring_staging")
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS monitoring_checked ("
            " line_no bigint, point_id bigint, parameter varchar(8), f text[], reason text)"
            " ON COMMIT DELETE ROWS;"
            "TRUNCATE monitoring_checked;"
        )
        reason = "CASE " + " ".join(f"WHEN {cond} THEN '{r}'" for r, cond in SQL_CHECKS) + " END"
        cursor.execute(
            f"""
            INSERT INTO monitoring_checked
            SELECT s.line_no, d.point_id, p.key, f, {reason}
            FROM (SELECT line_no, line, string_to_array(btrim(line), ',') AS f
                  FROM monitoring_staging WHERE btrim(line) <> '') s
            LEFT JOIN monitoring_device d ON d.mn = btrim(f[1]) AND d.is_active{_device_scope(enterprise_id)}
            LEFT JOIN monitoring_parameter p ON p.hj212_code = btrim(f[3])
            """
        )
        cursor.execute("ANALYZE monitoring_checked")
        cursor.execute(
            "SELECT DISTINCT point_id, ((substr(f[2], 1, 13) || ':00:00')::timestamp)::date"
            " FROM monitoring_checked WHERE reason IS NULL"
        )
        result.touched = set(cursor.fetchall())
        if result.touched:
            ensure_months({day for _pid, day in result.touched})
            cursor.execute(
                """
                INSERT INTO monitoring_hourlyvalue (point_id, parameter, hour, value, converted, flag)
                SELECT point_id, parameter,
                       (substr(f[2], 1, 13) || ':00:00')::timestamp AT TIME ZONE 'Asia/Shanghai',
                       f[4]::float8, NULLIF(f[5], '')::float8, COALESCE(NULLIF(f[6], ''), 'N')
                FROM monitoring_checked WHERE reason IS NULL
                ON CONFLICT DO NOTHING
                """
            )
            result.stored = cursor.rowcount
            cursor.execute("SELECT count(*) FROM monitoring_checked WHERE reason IS NULL")
            result.duplicates = cursor.fetchone()[0] - result.stored
        cursor.execute(
            "SELECT c.line_no, c.reason, left(s.line, 120) FROM monitoring_checked c"
            " JOIN monitoring_staging s USING (line_no) WHERE c.reason IS NOT NULL"
            " ORDER BY c.line_no"
        )
        result.refused = [Refused(n, r, e) for n, r, e in cursor.fetchall()]
    return result


def check_line(line: str, devices: dict[str, int], codes: dict[str, str]):
    """The SQL checks in Python: (point_id, parameter, hour, value, converted, flag) or a
    reason."""
    f = line.strip().split(",")
    if len(f) != FIELDS:
        return "malformed"
    mn, when, code, avg, zs, flag = (x.strip() for x in f)
    if mn not in devices:
        return "unknown_mn"
    if code not in codes:
        return "unknown_code"
    if not TIME_RE.match(when):
        return "bad_time"
    try:
        day = datetime(int(when[:4]), int(when[5:7]), int(when[8:10]), tzinfo=TZ)
    except ValueError:
        return "bad_time"
    hour = day + timedelta(hours=int(when[11:13]))  # 24:00 is the end of the day (ISO 8601)
    if not NUMBER_RE.match(avg) or (zs and not NUMBER_RE.match(zs)) or not FLAG_RE.match(flag):
        return "bad_value"
    return (devices[mn], codes[code], hour, float(avg), float(zs) if zs else None, flag or "N")


def _ingest_python(chunks, numbered, skip_header, enterprise_id=None) -> IngestResult:
    """SQLite (``make run``): the same checks in Python, one ``INSERT OR IGNORE`` batch."""
    result = IngestResult()
    devices = _active_devices(enterprise_id)
    codes = dict(Parameter.objects.values_list("hj212_code", "key"))
    good: dict[tuple, tuple] = {}
    adapt = connection.ops.adapt_datetimefield_value
    for line_no, line in _iter_numbered(chunks, numbered, skip_header):
        if not line.strip():
            continue
        checked = check_line(line, devices, codes)
        if isinstance(checked, str):
            result.refused.append(Refused(line_no, checked, line[:120]))
            continue
        pid, param, hour, value, converted, flag = checked
        good.setdefault((pid, param, hour), (pid, param, adapt(hour), value, converted, flag))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM monitoring_hourlyvalue")
        before = cursor.fetchone()[0]
        cursor.executemany(
            "INSERT OR IGNORE INTO monitoring_hourlyvalue"
            " (point_id, parameter, hour, value, converted, flag) VALUES (%s, %s, %s, %s, %s, %s)",
            list(good.values()),
        )
        cursor.execute("SELECT count(*) FROM monitoring_hourlyvalue")
        result.stored = cursor.fetchone()[0] - before
    result.duplicates = len(good) - result.stored
    result.touched = {(pid, hour.astimezone(TZ).date()) for pid, _p, hour in good}
    return result


def hourly_text(rows: Iterable[tuple]) -> bytes:
    """Staging-format CSV bytes (for tests, the demo and the benchmark)."""
    buf = io.StringIO()
    for mn, when, code, avg, zs, flag in rows:
        buf.write(staging_line(mn, when, code, avg, zs, flag) + "\n")
    return buf.getvalue().encode()
