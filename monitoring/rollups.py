"""Daily and monthly rollups, kept incrementally: only the (point, day) pairs an ingest touched
are recomputed (one statement), then the months they fall in, from the daily rows. Compliance
counts use the ULE value and the baseline in force (``enterprises.selectors``)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.db import connection, transaction
from django.db.models import Count, Max, Min, Sum

from enterprises.models import EmissionPoint
from enterprises.selectors import applicable_limits_by_kind, limits_for_point

from .models import DailyRollup, MonthlyRollup
from .storage import TZ, month_start, next_month


def point_limits(point_ids: Iterable[int]) -> dict[tuple[int, str], tuple]:
    """(point, parameter) → (ULE value, compare converted?, baseline value) in force today."""
    table = applicable_limits_by_kind()
    result = {}
    points = EmissionPoint.objects.filter(pk__in=set(point_ids)).select_related("enterprise")
    for point in points:
        for lim in limits_for_point(table, industry=point.enterprise.industry, kind=point.kind):
            ule, base = lim.ule, lim.baseline
            converted = (lim.strictest.o2_basis == "converted") if lim.strictest else False
            result[(point.pk, lim.pollutant)] = (
                float(ule.value) if ule else None,
                converted,
                float(base.value) if base else None,
            )
    return result


def refresh_rollups(touched: set[tuple[int, date]]) -> None:
    """Recompute the daily rollups of the (point, day) pairs given, then the monthly rollups of
    their months."""
    if not touched:
        return
    limits = point_limits(pid for pid, _d in touched)
    _daily_sql(touched, limits)
    months = {(pid, month_start(day)) for pid, day in touched}
    _monthly(months)


def _daily_sql(touched, limits) -> None:
    """The daily rollups of the touched (point, day) pairs in one statement. Days are Beijing
    days: on SQLite the hour is shifted by the fixed +8 hours (China keeps no summer time)."""
    postgres = connection.vendor == "postgresql"
    day_expr = (
        "(h.hour AT TIME ZONE 'Asia/Shanghai')::date" if postgres else "date(h.hour, '+8 hours')"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS monitoring_touched (point_id bigint, day date)"
        )
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS monitoring_limits (point_id bigint,"
            " parameter varchar(8), ule float, use_converted boolean, baseline float)"
        )
        cursor.execute("DELETE FROM monitoring_touched")
        cursor.execute("DELETE FROM monitoring_limits")
        touched_rows = [(pid, day.isoformat()) for pid, day in touched]
        limit_rows = [
            (pid, param, ule, conv, base) for (pid, param), (ule, conv, base) in limits.items()
        ]
        if postgres:
            for table, rows in (
                ("monitoring_touched", touched_rows),
                ("monitoring_limits", limit_rows),
            ):
                with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            cursor.execute("ANALYZE monitoring_touched")
            cursor.execute("ANALYZE monitoring_limits")
        else:
            cursor.executemany("INSERT INTO monitoring_touched VALUES (%s, %s)", touched_rows)
            cursor.executemany(
                "INSERT INTO monitoring_limits VALUES (%s, %s, %s, %s, %s)", limit_rows
            )
        first = datetime.combine(min(day for _p, day in touched), datetime.min.time(), TZ)
        last = datetime.combine(max(day for _p, day in touched), datetime.min.time(), TZ)
        x = "(CASE WHEN l.use_converted AND h.converted IS NOT NULL THEN h.converted ELSE h.value END)"
        ok = "h.flag = 'N'"
        cursor.execute(
            f"""
            INSERT INTO monitoring_dailyrollup (point_id, parameter, day, hours, valid_hours,
                ule_ok_hours, over_baseline_hours, value_sum, value_min, value_max)
            SELECT h.point_id, h.parameter, {day_expr},
                count(*), sum(CASE WHEN {ok} THEN 1 ELSE 0 END),
                sum(CASE WHEN {ok} AND l.ule IS NOT NULL AND {x} <= l.ule THEN 1 ELSE 0 END),
                sum(CASE WHEN {ok} AND l.baseline IS NOT NULL AND {x} > l.baseline THEN 1 ELSE 0 END),
                COALESCE(sum(CASE WHEN {ok} THEN {x} END), 0),
                min(CASE WHEN {ok} THEN {x} END), max(CASE WHEN {ok} THEN {x} END)
            FROM monitoring_hourlyvalue h
            JOIN monitoring_touched t ON t.point_id = h.point_id AND t.day = {day_expr}
            LEFT JOIN monitoring_limits l ON l.point_id = h.point_id AND l.parameter = h.parameter
            WHERE h.hour >= %s AND h.hour < %s
            GROUP BY h.point_id, h.parameter, {day_expr}
            ON CONFLICT (point_id, parameter, day) DO UPDATE SET hours = excluded.hours,
                valid_hours = excluded.valid_hours, ule_ok_hours = excluded.ule_ok_hours,
                over_baseline_hours = excluded.over_baseline_hours,
                value_sum = excluded.value_sum, value_min = excluded.value_min,
                value_max = excluded.value_max
            """,
            [adapt(first), adapt(last + timedelta(days=1))],
        )


def _monthly(months: set[tuple[int, date]]) -> None:
    by_month: dict[date, set[int]] = {}
    for pid, month in months:
        by_month.setdefault(month, set()).add(pid)
    with transaction.atomic():
        for month, pids in by_month.items():
            sums = (
                DailyRollup.objects.filter(
                    point_id__in=pids, day__gte=month, day__lt=next_month(month)
                )
                .values("point_id", "parameter")
                .annotate(
                    h=Sum("hours"),
                    v=Sum("valid_hours"),
                    u=Sum("ule_ok_hours"),
                    b=Sum("over_baseline_hours"),
                    s=Sum("value_sum"),
                    lo=Min("value_min"),
                    hi=Max("value_max"),
                    n=Count("id"),
                )  # fmt: skip
            )
            MonthlyRollup.objects.filter(point_id__in=pids, month=month).delete()
            MonthlyRollup.objects.bulk_create(
                [
                    MonthlyRollup(
                        point_id=r["point_id"],
                        parameter=r["parameter"],
                        month=month,
                        hours=r["h"],
                        valid_hours=r["v"],
                        ule_ok_hours=r["u"],
                        over_baseline_hours=r["b"],
                        value_sum=r["s"],
                        value_min=r["lo"],
                        value_max=r["hi"],
                    )  # fmt: skip
                    for r in sums
                ],
                batch_size=2000,
            )
