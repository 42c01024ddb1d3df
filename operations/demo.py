"""Demo data of the operations app: a year of running-status intervals for every kiln line
and coke-oven battery of the demo enterprises, last winter's and this winter's peak-shifting
campaigns (15 Nov – 15 Mar, Shandong), one line that ran on stop days (Shandong Lutai 1#, ten
days in January), one co-processing line exempt and making up its days (Qufu Zhonglian 1#),
and the seed page's provincial weekly rates of 22-28 Sep 2025 as labelled third-party sample
data. The registry's running status of each unit follows its current interval. Illustrative;
loading twice adds nothing; intervals are bulk-created."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from enterprises.models import Industry, ProductionUnit, UnitKind, UnitStatus

from .models import Campaign, CampaignLine, Exemption, ProvincialRate, Status, StatusInterval

D = datetime.date
DAY = datetime.timedelta(days=1)
VIOLATOR = ("山东鲁泰环保建材有限公司", "1# 熟料线")
CO_PROCESSING = ("曲阜中联水泥有限公司工程材料分公司", "1# 熟料线")
SEED = "济宁市生态环境局报道页面转引的第三方市场数据（2025年9月22—28日，示例）"
RATES = [
    ("天津", "Tianjin", "100.00"),
    ("安徽", "Anhui", "66.72"),
    ("山东", "Shandong", "61.98"),
    ("河南", "Henan", "59.02"),
    ("江苏", "Jiangsu", "56.68"),
    ("辽宁", "Liaoning", "50.00"),
    ("海南", "Hainan", "50.00"),
]


def _windows(today: D) -> list[tuple[D, D]]:
    """The peak-shifting windows that touch the past year: 15 Nov to 15 Mar."""
    out = []
    for year in (today.year - 2, today.year - 1, today.year):
        start, end = D(year, 11, 15), D(year + 1, 3, 15)
        if start <= today and end >= today - datetime.timedelta(days=400):
            out.append((start, end))
    return out


def _campaigns(today: D) -> list[Campaign]:
    kilns = list(
        ProductionUnit.objects.filter(
            kind=UnitKind.KILN_LINE, enterprise__is_illustrative=True
        ).select_related("enterprise")
    )
    campaigns = []
    for start, end in _windows(today):
        season = f"{start.year}-{end.year}"
        campaign, created = Campaign.objects.get_or_create(
            season=season,
            industry=Industry.CEMENT_CLINKER,
            defaults={
                "name_zh": f"{season}年采暖季水泥熟料错峰生产（示例）",
                "name_en": f"Clinker peak-shifting, heating season {season} (illustrative)",
                "document": "山东省水泥熟料错峰生产安排（示例，非正式文件）",
                "start": start,
                "end": end,
                "make_up_days": 15,
            },
        )
        if created:
            CampaignLine.objects.bulk_create(
                CampaignLine(
                    campaign=campaign,
                    unit=u,
                    exemption=Exemption.CO_PROCESSING
                    if (u.enterprise.name_zh, u.name) == CO_PROCESSING
                    else Exemption.NONE,
                )
                for u in kilns
            )
        campaigns.append(campaign)
    return campaigns


def _intervals(unit: ProductionUnit, start: D, today: D, windows) -> list[StatusInterval]:
    """Running, an annual maintenance fortnight in summer, peak-shifting stops in the windows
    (kiln lines that must stop), the violating line running ten January days; the last
    interval ends open with the registry's current status."""
    key = (unit.enterprise.name_zh, unit.name)
    days: list[tuple[D, str]] = []
    day = start
    while day <= today:
        status = Status.RUNNING
        if D(day.year, 7, 1) <= day <= D(day.year, 7, 14):
            status = Status.MAINTENANCE
        if unit.kind == UnitKind.KILN_LINE and key != CO_PROCESSING:
            for w_start, w_end in windows:
                if w_start <= day <= w_end:
                    status = Status.PEAK_SHIFTING
                    if key == VIOLATOR and day.month == 1 and 5 <= day.day <= 14:
                        status = Status.RUNNING
        if key == CO_PROCESSING and day.month == 4 and day.day <= 15:
            status = Status.PEAK_SHIFTING  # making up its stop days after the window
        days.append((day, status))
        day += DAY
    out: list[StatusInterval] = []
    for day, status in days:
        if out and out[-1].status == status:
            out[-1].end = day
        else:
            out.append(
                StatusInterval(
                    unit=unit, enterprise_id=unit.enterprise_id, status=status, start=day, end=day
                )
            )
    out[-1].end = None
    return out


def load(today: D | None = None) -> None:
    today = today or timezone.localdate()
    windows = _windows(today)
    start = min([today - datetime.timedelta(days=365)] + [w[0] for w in windows])
    _campaigns(today)
    units = ProductionUnit.objects.filter(enterprise__is_illustrative=True).select_related(
        "enterprise"
    )
    done = set(StatusInterval.objects.filter(unit__in=units).values_list("unit_id", flat=True))
    new = []
    for unit in units:
        if unit.pk not in done:
            new.extend(_intervals(unit, start, today, windows))
    StatusInterval.objects.bulk_create(new, batch_size=1000)
    # the registry's running status follows the interval covering today (as the service keeps it)
    current = StatusInterval.objects.filter(unit__in=units, end__isnull=True, start__lte=today)
    for interval in current:
        if interval.status in UnitStatus.values:
            ProductionUnit.objects.filter(pk=interval.unit_id).exclude(
                status=interval.status
            ).update(status=interval.status)
    week = (D(2025, 9, 22), D(2025, 9, 28))
    existing = set(
        ProvincialRate.objects.filter(week_start=week[0]).values_list("province_zh", flat=True)
    )
    ProvincialRate.objects.bulk_create(
        ProvincialRate(
            week_start=week[0], week_end=week[1], province_zh=zh, province_en=en,
            rate=Decimal(rate), source=SEED, is_sample=True,
        )
        for zh, en, rate in RATES
        if zh not in existing
    )  # fmt: skip
