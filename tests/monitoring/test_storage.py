"""Storage at scale: the partitioned hourly table, the COPY ingest with line-numbered refusals,
and the rollups kept for the days an ingest touched."""

from datetime import date, datetime

import pytest
from django.db import connection

from monitoring.models import DailyRollup, HourlyValue, MonthlyRollup
from monitoring.storage import TZ, ingest_lines, staging_line
from tests.factories.monitoring import DeviceFactory

pytestmark = pytest.mark.django_db


def _hours(day: date, n: int, start: int = 0):
    return [datetime(day.year, day.month, day.day, start + i, tzinfo=TZ) for i in range(n)]


def test_the_hourly_table_is_partitioned_by_month_with_a_brin_index():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT partstrat FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid"
            " WHERE c.relname = 'monitoring_hourlyvalue'"
        )
        assert cursor.fetchone() == ("r",)
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'monitoring_hourlyvalue'"
            " AND indexdef LIKE '%brin%'"
        )
        assert cursor.fetchone()


def test_ingest_creates_the_months_partitions_and_stores_rows_in_them():
    device = DeviceFactory()
    lines = [
        (n, staging_line(device.mn, h, "a34013", 4.5))
        for n, h in enumerate(_hours(date(2025, 8, 31), 2, 22) + _hours(date(2025, 9, 1), 2), 1)
    ]
    result = ingest_lines([], numbered=lines)
    assert result.stored == 4 and not result.refused
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableoid::regclass::text, count(*) FROM monitoring_hourlyvalue GROUP BY 1"
            " ORDER BY 1"
        )
        assert cursor.fetchall() == [
            ("monitoring_hourlyvalue_y2025m08", 2),
            ("monitoring_hourlyvalue_y2025m09", 2),
        ]


def test_three_bad_lines_of_a_file_are_reported_and_the_rest_stored():
    device = DeviceFactory()
    good = [
        staging_line(device.mn, h, "a21026", 20.0 + h.hour, 22.0)
        for h in _hours(date(2025, 9, 2), 24)
    ]
    lines = ["MN,time,code,avg,zs_avg,flag"] + good[:5] + [
        f"{device.mn},2025-02-30 01:00,a21026,1,,N",  # no such day
        f"{device.mn},2025-09-02 01:00,a21026,1",  # a field missing
        "UNKNOWN,2025-09-02 01:00,a21026,1,,N",  # unknown device
    ] + good[5:]  # fmt: skip
    data = ("\n".join(lines) + "\n").encode()
    result = ingest_lines([data[:100], data[100:]], skip_header=True)
    assert result.stored == 24
    assert [(r.line_no, r.reason) for r in result.refused] == [
        (7, "bad_time"), (8, "malformed"), (9, "unknown_mn"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    "line",
    [
        "{mn},2025-09-02 01:00,a34013,1\x00,,N",
        "{mn},0001-01-01 00:00,a34013,1,,N",
        "{mn},9999-12-31 23:00,a34013,1,,N",
        "{mn},2025-09-02 25:00,a34013,1,,N",
        "{mn},2025-09-02 01:30,a34013,1,,N",
        "{mn},2025-09-02 01:00,a34013,１２,,N",
        "{mn},2025-09-02 01:00,a34013,12345678901,,N",
        "{mn},2025-09-02 01:00,a34013,1,,X",
        "{mn},2025-09-02 01:00,zz9999,1,,N",
        "{mn},2025-09-02 01:00,a34013,1,,N,extra",
        "\xff\xfe garbage",
    ],
)
def test_hostile_lines_are_refused_without_losing_good_ones(line):
    device = DeviceFactory()
    good = staging_line(device.mn, datetime(2025, 9, 3, 5, tzinfo=TZ), "a34013", 3.0)
    data = (good + "\n" + line.format(mn=device.mn) + "\n").encode("utf-8", "replace")
    result = ingest_lines([data])
    assert result.stored == 1 and [r.line_no for r in result.refused] == [2]


def test_a_resent_value_is_not_stored_twice():
    device = DeviceFactory()
    line = staging_line(device.mn, datetime(2025, 9, 4, 1, tzinfo=TZ), "a34013", 3.0)
    assert ingest_lines([], numbered=[(1, line), (2, line)]).stored == 1
    result = ingest_lines([], numbered=[(1, line)])
    assert (result.stored, result.duplicates) == (0, 1)
    assert HourlyValue.objects.count() == 1


def test_rollups_count_hours_meeting_ule_and_over_the_baseline():
    """Kiln tail NOx (cement): ULE 50 (converted), baseline the stricter standard (DB37 100)."""
    device = DeviceFactory()
    day = date(2025, 9, 5)
    values = [40.0] * 20 + [60.0, 70.0, 120.0, 45.0]  # 21 meet ULE, 1 over the baseline
    lines = [
        (n, staging_line(device.mn, h, "a21002", v + 5, v))
        for n, (h, v) in enumerate(zip(_hours(day, 24), values, strict=True), 1)
    ]
    lines.append(
        (99, staging_line(device.mn, datetime(2025, 9, 6, 1, tzinfo=TZ), "a21002", 1, 1, "D"))
    )
    ingest_lines([], numbered=lines)
    daily = DailyRollup.objects.get(point=device.point, parameter="nox", day=day)
    assert (daily.hours, daily.valid_hours, daily.ule_ok_hours, daily.over_baseline_hours) == (
        24, 24, 21, 1,
    )  # fmt: skip
    assert daily.value_max == 120.0 and round(daily.mean, 3) == round(sum(values) / 24, 3)
    monthly = MonthlyRollup.objects.get(point=device.point, parameter="nox", month=date(2025, 9, 1))
    assert (monthly.hours, monthly.valid_hours, monthly.ule_ok_hours) == (25, 24, 21)


def test_a_later_ingest_updates_only_its_days_rollups():
    device = DeviceFactory()
    first = [
        (n, staging_line(device.mn, h, "a34013", 5.0))
        for n, h in enumerate(_hours(date(2025, 9, 7), 10), 1)
    ]
    ingest_lines([], numbered=first)
    before = DailyRollup.objects.get(point=device.point, day=date(2025, 9, 7))
    more = [(1, staging_line(device.mn, datetime(2025, 9, 8, 3, tzinfo=TZ), "a34013", 15.0))]
    ingest_lines([], numbered=more)
    after = DailyRollup.objects.get(point=device.point, day=date(2025, 9, 7))
    assert (before.pk, before.hours) == (after.pk, after.hours) == (before.pk, 10)
    monthly = MonthlyRollup.objects.get(point=device.point, parameter="pm")
    assert (monthly.hours, monthly.ule_ok_hours) == (11, 10)


def test_a_clean_file_takes_the_typed_copy_path_and_a_dirty_one_the_careful_path():
    device = DeviceFactory()
    hours = _hours(date(2025, 9, 12), 3)
    clean = "".join(staging_line(device.mn, h, "a34013", 2.5) + "\n" for h in hours).encode()
    result = ingest_lines([clean])
    assert result.stored == 3 and not result.refused
    # typed checks still refuse what PostgreSQL would parse: an hour with minutes, NaN, 1990-
    lines = [
        f"{device.mn},2025-09-12 05:30,a34013,1,,N",
        f"{device.mn},2025-09-12 06:00,a34013,NaN,,N",
        f"{device.mn},1989-12-31 23:00,a34013,1,,N",
        f"{device.mn},2025-09-12 07:00,a34013,1,,N",
    ]
    result = ingest_lines([("\n".join(lines) + "\n").encode()])
    assert result.stored == 1
    assert [(r.line_no, r.reason) for r in result.refused] == [
        (1, "bad_time"),
        (2, "bad_value"),
        (3, "bad_time"),
    ]


def test_deleting_a_point_deletes_its_hours():
    device = DeviceFactory()
    ingest_lines(
        [], numbered=[(1, staging_line(device.mn, _hours(date(2025, 9, 13), 1)[0], "a34013", 1))]
    )
    device.point.delete()
    assert not HourlyValue.objects.exists()


def _file(lines: list[str]) -> list[bytes]:
    return [("\n".join(lines) + "\n").encode()]


def _partitions() -> dict[str, tuple[int, list[str]]]:
    """Each partition of the hourly table: its rows and its indexes' definitions."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, (SELECT array_agg(indexdef ORDER BY indexdef) FROM pg_indexes"
            "  WHERE tablename = c.relname) FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid"
            " WHERE i.inhparent = 'monitoring_hourlyvalue'::regclass ORDER BY 1"
        )
        found = cursor.fetchall()
        result = {}
        for name, indexes in found:
            cursor.execute(f"SELECT count(*) FROM {name}")
            result[name] = (cursor.fetchone()[0], indexes or [])
        return result


def _attached(monkeypatch) -> list[date]:
    """The months the ingest built unindexed and attached (``monitoring.partitions.attach``)."""
    from monitoring import partitions

    months, attach = [], partitions.attach

    def spy(cursor, month):
        attach(cursor, month)
        months.append(month)

    monkeypatch.setattr(partitions, "attach", spy)
    return months


def test_a_clean_file_for_new_months_builds_and_attaches_their_partitions_with_their_keys(
    monkeypatch,
):
    attached = _attached(monkeypatch)
    device = DeviceFactory()
    hours = _hours(date(2025, 10, 31), 2, 22) + _hours(date(2025, 11, 1), 3)
    lines = [staging_line(device.mn, h, "a34013", 4.0 + i) for i, h in enumerate(hours)]
    result = ingest_lines(_file(lines))
    assert (result.stored, result.duplicates, result.refused) == (5, 0, [])
    assert attached == [date(2025, 10, 1), date(2025, 11, 1)]
    assert result.touched == {
        (device.point_id, date(2025, 10, 31)),
        (device.point_id, date(2025, 11, 1)),
    }
    built = _partitions()
    assert [(name, rows) for name, (rows, _i) in built.items()] == [
        ("monitoring_hourlyvalue_y2025m10", 2),
        ("monitoring_hourlyvalue_y2025m11", 3),
    ]
    for _rows, indexes in built.values():  # the parent's primary key and BRIN, built on attach
        assert any("UNIQUE" in i and "(point_id, parameter, hour)" in i for i in indexes)
        assert any("USING brin (hour)" in i for i in indexes)
    # the same file re-sent with other values: nothing stored, the first values kept
    resent = [staging_line(device.mn, h, "a34013", 99.0) for h in hours]
    result = ingest_lines(_file(resent))
    assert (result.stored, result.duplicates) == (0, 5)
    assert len(attached) == 2  # the months exist now: the usual insert
    assert sorted(HourlyValue.objects.values_list("value", flat=True)) == [4, 5, 6, 7, 8]


def test_a_file_repeating_an_hour_in_a_new_month_keeps_the_first_line_and_counts_the_repeat():
    device = DeviceFactory()
    h1, h2 = _hours(date(2025, 12, 2), 2)
    lines = [
        staging_line(device.mn, h1, "a21026", 10.0),
        staging_line(device.mn, h2, "a21026", 11.0),
        staging_line(device.mn, h1, "a21026", 12.0),  # repeated: the first line wins
    ]
    result = ingest_lines(_file(lines))
    assert (result.stored, result.duplicates, result.refused) == (2, 1, [])
    assert HourlyValue.objects.get(point=device.point, parameter="so2", hour=h1).value == 10.0
    # the month was rolled back and made the usual way: one partition, with its key
    assert list(_partitions()) == ["monitoring_hourlyvalue_y2025m12"]


def test_a_later_file_for_a_month_already_stored_adds_to_its_partition(monkeypatch):
    attached = _attached(monkeypatch)
    device = DeviceFactory()
    day = date(2026, 1, 5)
    first = [staging_line(device.mn, h, "a21002", 30.0) for h in _hours(day, 3)]
    later = [staging_line(device.mn, h, "a21002", 31.0) for h in _hours(day, 3, 3)]
    assert ingest_lines(_file(first)).stored == 3
    result = ingest_lines(_file(later + first[:1]))
    assert (result.stored, result.duplicates) == (3, 1)
    assert attached == [date(2026, 1, 1)]
    assert [(n, rows) for n, (rows, _i) in _partitions().items()] == [
        ("monitoring_hourlyvalue_y2026m01", 6)
    ]


def test_parameters_of_one_hour_sent_in_two_packets_are_both_stored():
    device = DeviceFactory()
    hour = datetime(2026, 2, 3, 8, tzinfo=TZ)
    first = ingest_lines([], numbered=[(1, staging_line(device.mn, hour, "a34013", 3.0))])
    second = ingest_lines(_file([staging_line(device.mn, hour, "a21026", 20.0, 22.0)]))
    assert (first.stored, second.stored, second.duplicates) == (1, 1, 0)
    assert sorted(
        HourlyValue.objects.filter(point=device.point, hour=hour).values_list("parameter", "value")
    ) == [("pm", 3.0), ("so2", 20.0)]


def test_a_large_batch_joins_by_hashing_and_restores_the_planner_setting(monkeypatch):
    from monitoring import storage

    monkeypatch.setattr(storage, "BULK_LINES", 2)
    device = DeviceFactory()
    lines = [staging_line(device.mn, h, "a01012", 120.0) for h in _hours(date(2026, 3, 4), 4)]
    lines.append(f"{device.mn},2026-03-04 09:00,zz9999,1,,N")  # an unknown code, refused
    result = ingest_lines(_file(lines))
    assert (result.stored, [(r.line_no, r.reason) for r in result.refused]) == (
        4, [(5, "unknown_code")],
    )  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_nestloop")
        assert cursor.fetchone() == ("on",)
