"""Anomaly flags: each rule on a series made to trip it, thresholds read from the data, and a
flag's way through verification to its outcome."""

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from inspections.models import VerificationTask
from monitoring.models import Flag, FlagRule
from monitoring.services import detect_flags, flag_create_task, flag_record_outcome
from monitoring.storage import TZ, ingest_lines, staging_line
from tests.factories.monitoring import DeviceFactory, StopPeriodFactory

pytestmark = pytest.mark.django_db
DAY = date(2025, 9, 10)


def _store(device, code, values, *, zs=None, start=None, flag="N", skip=()):
    start = start or datetime(DAY.year, DAY.month, DAY.day, tzinfo=TZ)
    lines = [
        (
            n,
            staging_line(
                device.mn, start + timedelta(hours=n), code, v, zs[n] if zs else None, flag
            ),
        )  # fmt: skip
        for n, v in enumerate(values)
        if n not in skip
    ]
    result = ingest_lines([], numbered=lines)
    return detect_flags(result.touched)


def _kinds(device) -> list[tuple[str, str, int]]:
    return sorted(
        (f.rule.kind, f.parameter, f.hours) for f in Flag.objects.filter(point=device.point)
    )


def test_a_flat_line_of_six_hours_is_flagged_and_five_is_not():
    device = DeviceFactory()
    _store(device, "a34013", [3.1, 3.3] + [4.0] * 6 + [3.2, 3.5] + [2.0] * 5 + [2.5])
    assert _kinds(device) == [("flat_line", "pm", 6)]
    flag = Flag.objects.get()
    assert flag.evidence["value"] == 4.0 and flag.start.astimezone(TZ).hour == 2


def test_the_flat_line_threshold_is_data():
    FlagRule.objects.filter(kind="flat_line").update(params={"hours": 4})
    device = DeviceFactory()
    _store(device, "a34013", [3.1] + [2.0] * 5 + [2.5])
    assert _kinds(device) == [("flat_line", "pm", 5)]


def test_values_parked_just_under_the_ule_value_are_flagged():
    device = DeviceFactory()  # kiln tail: NOx ULE 50 converted
    values = [46.0 + (n % 4) for n in range(24)]  # 46..49 all day
    _store(device, "a21002", values, zs=values)
    (flag,) = Flag.objects.filter(rule__kind="parked")
    assert flag.hours == 24 and flag.evidence["limit"] == 50.0


def test_a_gap_is_flagged_unless_a_stop_was_declared():
    device = DeviceFactory()
    _store(device, "a34013", [3.0 + n / 10 for n in range(24)], skip={5, 6, 7, 8})
    assert _kinds(device) == [("gap", "pm", 4)]
    other = DeviceFactory()
    start = datetime(DAY.year, DAY.month, DAY.day, 5, tzinfo=TZ)
    StopPeriodFactory(point=other.point, start=start, end=start + timedelta(hours=4))
    _store(other, "a34013", [3.0 + n / 10 for n in range(24)], skip={5, 6, 7, 8})
    assert _kinds(other) == []


def test_data_while_declared_stopped_is_flagged():
    device = DeviceFactory()
    start = datetime(DAY.year, DAY.month, DAY.day, 10, tzinfo=TZ)
    StopPeriodFactory(point=device.point, start=start, end=start + timedelta(hours=3))
    _store(device, "a34013", [3.0 + n / 10 for n in range(24)])
    (flag,) = Flag.objects.filter(rule__kind="while_stopped")
    assert flag.hours == 3


def test_o2_and_flow_out_of_range_are_flagged():
    device = DeviceFactory()
    _store(device, "a19001", [11.0 + n / 10 for n in range(10)] + [20.9, 20.9, 11.0])
    _store(device, "a00000", [50.0] + [200000.0 + n for n in range(5)])
    assert ("o2_range", "o2", 2) in _kinds(device) and ("flow_range", "flow", 1) in _kinds(device)


def test_a_converted_value_that_does_not_follow_from_o2_is_flagged():
    device = DeviceFactory()  # kiln tail SO2: converted to 10% O2
    _store(device, "a19001", [12.0] * 4)
    # measured 20 at 12% O2 → 20 × 11/9 = 24.4; the device sends 24.5 then 15.0
    _store(device, "a21026", [20.0, 20.0, 20.0, 20.0], zs=[24.5, 24.4, 15.0, 24.4])
    (flag,) = Flag.objects.filter(rule__kind="conversion")
    assert flag.hours == 1 and flag.evidence["expected"] == 24.44


def test_detecting_again_raises_nothing_twice():
    device = DeviceFactory()
    _store(device, "a34013", [4.0] * 8)
    assert Flag.objects.count() == 1
    assert detect_flags({(device.point_id, DAY)}) == 0


def test_a_flag_becomes_a_verification_task_and_its_outcome_is_recorded(world):
    device = DeviceFactory(point__enterprise=world.ent_a)
    _store(device, "a34013", [4.0] * 8)
    flag = Flag.objects.get()
    with pytest.raises(PermissionDenied):
        flag_create_task(flag=flag, actor=world.county_b_staff)
    task = flag_create_task(flag=flag, actor=world.bureau)
    assert task.flag == flag and task.enterprise == world.ent_a and task.node is None
    assert VerificationTask.objects.filter(flag=flag).exists()
    with pytest.raises(ValidationError):
        flag_create_task(flag=flag, actor=world.bureau)
    with pytest.raises(ValidationError):
        flag_record_outcome(flag=flag, actor=world.county_a_staff, outcome="explained", note=" ")
    with pytest.raises(PermissionDenied):
        flag_record_outcome(flag=flag, actor=world.contact_a, outcome="explained", note="x")
    flag_record_outcome(
        flag=flag, actor=world.county_a_staff, outcome="explained",
        note="分析仪标定期间数据保持，已核实标定记录",
    )  # fmt: skip
    flag.refresh_from_db()
    task.refresh_from_db()
    assert flag.status == "explained" and flag.decided_by == world.county_a_staff
    assert task.done_at is not None
