"""Demo data of the monitoring app (after enterprises.demo): a device (MN) for every demo emission
point with CEMS installed and the last 30 days of hourly values for the pollutants its limits
name (plus O₂ where values are converted, and the flue-gas flow), through the one ingest path
(bulk, COPY on PostgreSQL). The values are illustrative and generated, not measurements. Four
series are made to show the flags:

- a flat line: Jining Zhonglian, kiln tail particulate matter, 8 identical hours;
- a gap: Qufu Zhonglian, kiln tail, 5 hours without data;
- an exceedance: Shandong Rongxin, coke-oven chimney NOₓ over the ULE value for 6 hours, one
  of them over the national standard too;
- a parked series: Jining Zhongtai, coke-oven chimney SO₂ just under the ULE value for a day.

Loading twice adds nothing: hours already stored are kept (the ingest ignores repeats), flags
are unique per rule and start."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.utils import timezone

from enterprises.models import EmissionPoint
from enterprises.selectors import applicable_limits_by_kind, limits_for_point

from . import reference
from .models import Device, HourlyValue, Parameter
from .services import detect_flags
from .storage import TZ, ingest_lines, staging_line

DAYS = 30
ZHONGLIAN = "济宁中联水泥有限公司"
QUFU = "曲阜中联水泥有限公司工程材料分公司"
RONGXIN = "山东荣信集团有限公司"
ZHONGTAI = "济宁中泰煤化有限公司"


def _window() -> datetime:
    today = timezone.localdate()
    return datetime.combine(today - timedelta(days=DAYS), datetime.min.time(), TZ)


def load() -> None:
    reference.load()
    codes = {p.key: p.hj212_code for p in Parameter.objects.all()}
    table = applicable_limits_by_kind()
    start = _window()
    points = (
        EmissionPoint.objects.filter(cems_installed=True, enterprise__is_illustrative=True)
        .select_related("enterprise", "unit")
        .order_by("pk")
    )
    first_of = {}
    for point in points:
        first_of.setdefault((point.enterprise.name_zh, point.kind), point.pk)
    lines: list[tuple[int, str]] = []
    last_hour = start + timedelta(hours=DAYS * 24 - 1)
    loaded = set(
        HourlyValue.objects.filter(hour=last_hour, parameter="flow").values_list(
            "point_id", flat=True
        )
    )
    for point in points:
        device, _ = Device.objects.get_or_create(
            point=point, defaults={"mn": f"DEMO{point.pk:08d}"}
        )
        if point.pk in loaded:
            continue  # this window is loaded already
        limits = limits_for_point(table, industry=point.enterprise.industry, kind=point.kind)
        special = first_of.get((point.enterprise.name_zh, point.kind)) == point.pk
        lines.extend(_series(device.mn, point, limits, codes, start, special, len(lines)))
    if lines:
        result = ingest_lines([], numbered=lines)
        detect_flags(result.touched)


def _series(mn, point, limits, codes, start, special, offset) -> list[tuple[int, str]]:
    rng = random.Random(point.pk)
    name = point.enterprise.name_zh
    converted = any(lim.strictest.o2_basis == "converted" for lim in limits)
    out: list[tuple[int, str]] = []
    hours = [start + timedelta(hours=h) for h in range(DAYS * 24)]
    skip = set(range(100, 105)) if special and name == QUFU and point.kind == "kiln_tail" else set()
    o2 = [round(rng.uniform(9.5, 12.5), 2) for _ in hours]
    flat = special and name == ZHONGLIAN and point.kind == "kiln_tail"
    if flat:  # a stuck analyser: O₂ and particulate matter frozen for 8 hours
        o2[200:208] = [11.0] * 8
    for lim in limits:
        value = float((lim.ule or lim.baseline).value)
        code = codes.get(lim.pollutant)
        if not code:
            continue
        for h, hour in enumerate(hours):
            if h in skip:
                continue
            x = value * rng.uniform(0.3, 0.7)
            if flat and lim.pollutant == "pm" and 200 <= h < 208:
                x = value * 0.52
            if special and name == RONGXIN and lim.pollutant == "nox" and 300 <= h < 306:
                x = value * (1.6 if h == 303 else 1.25)
            if (
                special
                and name == ZHONGTAI
                and point.kind == "coke_oven_chimney"
                and lim.pollutant == "so2"
                and 24 * 20 <= h < 24 * 21
            ):
                x = value * rng.uniform(0.9, 0.99)
            measured, zs = round(x, 2), None
            if converted:
                zs = round(x, 2)
                measured = round(
                    x * (21 - o2[h]) / (21 - float(lim.strictest.o2_reference_percent or 10)), 2
                )
            out.append((offset + len(out) + 1, staging_line(mn, hour, code, measured, zs)))
    extra = [("o2", o2)] if converted else []
    extra.append(("flow", [round(rng.uniform(180000, 260000)) for _ in hours]))
    for key, values in extra:
        for h, hour in enumerate(hours):
            if h not in skip:
                out.append((offset + len(out) + 1, staging_line(mn, hour, codes[key], values[h])))
    return out
