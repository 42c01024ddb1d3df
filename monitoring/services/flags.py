"""Explainable anomaly flags (issue 9, section 4): each names the hours, the rule and its
thresholds (``FlagRule.params``, data the office edits), and is never a verdict. A flag can be
sent to the county staff as a verification task (the inspections verification queue); its
outcome (explained, finding raised) is recorded."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited
from enterprises.models import EmissionPoint
from enterprises.selectors import applicable_limits_by_kind, limits_for_point

from ..models import Flag, FlagRule, HourlyValue, StopPeriod
from ..storage import TZ

HOUR = timedelta(hours=1)
Row = tuple[datetime, float, float | None, str]  # hour, value, converted, data flag


def _runs(hours: list[datetime]) -> list[list[datetime]]:
    """Consecutive hours grouped into runs."""
    runs: list[list[datetime]] = []
    for hour in hours:
        if runs and hour - runs[-1][-1] == HOUR:
            runs[-1].append(hour)
        else:
            runs.append([hour])
    return runs


def _flag(point_id: int, rule: FlagRule, parameter: str, hours: list[datetime], **evidence) -> Flag:
    return Flag(
        point_id=point_id, rule=rule, parameter=parameter, start=hours[0], end=hours[-1],
        hours=len(hours), evidence={k: v for k, v in evidence.items() if v is not None},
    )  # fmt: skip


def _flat_lines(pid, rule, param, rows: list[Row]) -> list[Flag]:
    n = int(rule.params.get("hours", 6))
    flags, run = [], []
    for hour, value, _conv, flag in rows:
        if flag == "N" and run and hour - run[-1][0] == HOUR and value == run[-1][1]:
            run.append((hour, value))
            continue
        if len(run) >= n:
            flags.append(_flag(pid, rule, param, [h for h, _v in run], value=run[0][1]))
        run = [(hour, value)] if flag == "N" else []
    if len(run) >= n:
        flags.append(_flag(pid, rule, param, [h for h, _v in run], value=run[0][1]))
    return flags


def _parked(pid, rule, param, rows: list[Row], ule: float | None, converted: bool) -> list[Flag]:
    if not ule:
        return []
    low = ule * float(rule.params.get("band_low_percent", 85)) / 100
    share = float(rule.params.get("min_share_percent", 80)) / 100
    min_hours = int(rule.params.get("min_hours", 12))
    by_day: dict[date, list[tuple[datetime, float]]] = defaultdict(list)
    for hour, value, conv, flag in rows:
        if flag == "N":
            x = conv if converted and conv is not None else value
            by_day[hour.astimezone(TZ).date()].append((hour, x))
    flags = []
    for _day, values in sorted(by_day.items()):
        parked = [h for h, x in values if low <= x <= ule]
        if len(parked) >= min_hours and len(parked) >= share * len(values):
            flags.append(
                _flag(
                    pid,
                    rule,
                    param,
                    parked,
                    limit=ule,
                    parked_hours=len(parked),
                    valid_hours=len(values),
                )  # fmt: skip
            )
    return flags


def _out_of_range(pid, rule, param, rows: list[Row]) -> list[Flag]:
    lo, hi = float(rule.params.get("min", 0)), float(rule.params.get("max", 1e12))
    bad = [(h, v) for h, v, _c, f in rows if f == "N" and not lo <= v <= hi]
    values = dict(bad)
    return [
        _flag(pid, rule, param, run, min=lo, max=hi, first_value=values[run[0]])
        for run in _runs([h for h, _v in bad])
    ]


def _gaps(pid, rule, param, rows: list[Row], stops: list[StopPeriod]) -> list[Flag]:
    n = int(rule.params.get("hours", 3))
    flags = []
    for (a, *_rest), (b, *_more) in zip(rows, rows[1:], strict=False):
        missing = int((b - a) / HOUR) - 1
        if missing < n:
            continue
        hours = [a + HOUR * (i + 1) for i in range(missing)]
        hours = [h for h in hours if not any(s.start <= h < s.end for s in stops)]
        for run in _runs(hours):
            if len(run) >= n:
                flags.append(_flag(pid, rule, param, run))
    return flags


def _while_stopped(pid, rule, param, rows: list[Row], stops: list[StopPeriod]) -> list[Flag]:
    n = int(rule.params.get("min_hours", 1))
    hours = [h for h, _v, _c, f in rows if f == "N" and any(s.start <= h < s.end for s in stops)]
    return [
        _flag(
            pid,
            rule,
            param,
            run,
            stop=next(s.get_reason_display() for s in stops if s.start <= run[0] < s.end),
        )  # fmt: skip
        for run in _runs(hours)
        if len(run) >= n
    ]


def _conversion(pid, rule, param, rows: list[Row], o2: dict[datetime, float], ref: float | None):
    if ref is None:
        return []
    tol = float(rule.params.get("tolerance_percent", 5)) / 100
    bad: dict[datetime, tuple[float, float]] = {}
    for hour, value, conv, flag in rows:
        measured_o2 = o2.get(hour)
        if flag != "N" or conv is None or measured_o2 is None or measured_o2 >= 21 or value <= 0:
            continue
        expected = value * (21 - ref) / (21 - measured_o2)
        if abs(conv - expected) > tol * expected:
            bad[hour] = (conv, round(expected, 2))
    return [
        _flag(
            pid, rule, param, run, o2_reference=ref, sent=bad[run[0]][0], expected=bad[run[0]][1]
        )  # fmt: skip
        for run in _runs(sorted(bad))
    ]


def detect_flags(touched: Iterable[tuple[int, date]]) -> int:
    """Run every enabled rule over the days touched by an ingest (with a day of context on each
    side) and store the flags not already raised. Returns how many were new."""
    by_point: dict[int, set[date]] = defaultdict(set)
    for pid, day in touched:
        by_point[pid].add(day)
    if not by_point:
        return 0
    rules = {r.kind: r for r in FlagRule.objects.filter(enabled=True)}
    table = applicable_limits_by_kind()
    points = EmissionPoint.objects.filter(pk__in=by_point).select_related("enterprise")
    stops_by_point: dict[int, list[StopPeriod]] = defaultdict(list)
    for stop in StopPeriod.objects.filter(point_id__in=by_point):
        stops_by_point[stop.point_id].append(stop)
    new: list[Flag] = []
    for point in points:
        days = by_point[point.pk]
        start = datetime.combine(min(days) - timedelta(days=1), datetime.min.time(), TZ)
        end = datetime.combine(max(days) + timedelta(days=2), datetime.min.time(), TZ)
        series: dict[str, list[Row]] = defaultdict(list)
        for param, hour, value, conv, flag in (
            HourlyValue.objects.filter(point_id=point.pk, hour__gte=start, hour__lt=end)
            .order_by("parameter", "hour")
            .values_list("parameter", "hour", "value", "converted", "flag")
        ):
            series[param].append((hour, value, conv, flag))
        limits = {
            lim.pollutant: lim
            for lim in limits_for_point(table, industry=point.enterprise.industry, kind=point.kind)
        }
        stops = stops_by_point[point.pk]
        o2 = {h: v for h, v, _c, f in series.get("o2", []) if f == "N"}
        for param, rows in series.items():
            lim = limits.get(param)
            ule = float(lim.ule.value) if lim and lim.ule else None
            held = lim.strictest if lim else None
            converted = bool(held and held.o2_basis == "converted")
            if param == "o2":
                if "o2_range" in rules:
                    new += _out_of_range(point.pk, rules["o2_range"], param, rows)
                continue
            if param == "flow":
                if "flow_range" in rules:
                    new += _out_of_range(point.pk, rules["flow_range"], param, rows)
                continue
            if "flat_line" in rules:
                new += _flat_lines(point.pk, rules["flat_line"], param, rows)
            if "parked" in rules:
                new += _parked(point.pk, rules["parked"], param, rows, ule, converted)
            if "gap" in rules:
                new += _gaps(point.pk, rules["gap"], param, rows, stops)
            if "while_stopped" in rules and stops:
                new += _while_stopped(point.pk, rules["while_stopped"], param, rows, stops)
            if "conversion" in rules and converted:
                ref = float(held.o2_reference_percent)
                new += _conversion(point.pk, rules["conversion"], param, rows, o2, ref)
    before = Flag.objects.count()
    Flag.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    return Flag.objects.count() - before


def flag_create_task(*, flag: Flag, actor: User):
    """Send a flag to the county staff as a verification task (the inspections queue)."""
    from inspections.models import VerificationTask

    if not access.can_send_flag_for_verification(actor, flag):
        raise PermissionDenied
    with transaction.atomic():
        flag = Flag.objects.select_for_update().get(pk=flag.pk)
        if flag.status != Flag.Status.OPEN:
            raise ValidationError(_("This flag has already been handled."))
        task = VerificationTask.objects.create(flag=flag, enterprise_id=flag.point.enterprise_id)
        before = {"status": flag.status}
        flag.status = Flag.Status.VERIFYING
        save_audited(
            flag, actor=actor, before=before, enterprise_id=flag.point.enterprise_id,
            update_fields=["status"], validate=False,
        )  # fmt: skip
    return task


def flag_record_outcome(*, flag: Flag, actor: User, outcome: str, note: str) -> Flag:
    """Record what the verification found: explained (with the explanation) or a finding
    raised. The task is done."""
    from inspections.models import VerificationTask

    if not access.can_record_flag_outcome(actor, flag):
        raise PermissionDenied
    if outcome not in (Flag.Status.EXPLAINED, Flag.Status.FINDING):
        raise ValidationError(_("Choose what the verification found."))
    note = (note or "").replace("\x00", "").strip()
    if not note:
        raise ValidationError(_("Say what the verification found."))
    with transaction.atomic():
        flag = Flag.objects.select_for_update().select_related("point").get(pk=flag.pk)
        if flag.status in (Flag.Status.EXPLAINED, Flag.Status.FINDING):
            raise ValidationError(_("This flag has already been handled."))
        before = {"status": flag.status, "outcome_note": flag.outcome_note}
        flag.status, flag.outcome_note = outcome, note[:4000]
        flag.decided_by, flag.decided_at = actor, timezone.now()
        save_audited(
            flag, actor=actor, before=before, enterprise_id=flag.point.enterprise_id,
            update_fields=["status", "outcome_note", "decided_by", "decided_at"], validate=False,
        )  # fmt: skip
        VerificationTask.objects.filter(flag=flag, done_at__isnull=True).update(
            done_at=timezone.now()
        )
    return flag
