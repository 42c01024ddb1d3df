"""Demo data of the transport app: for every demo enterprise its registers, a year of gate
passes (imported through the real import path from a generated gate-system export) and the
clean-mode tonnage of each month, with evidence. Three profiles the issue asks for:

- Jining Zhonglian: compliant (about 85% of raw materials and fuels by rail, trucks China VI
  or new energy);
- Weishan Shanshui: below 80% (about 60% clean), every truck China VI or new energy but
  new-energy trucks short of 60%;
- Shandong Lutai: China V trucks among its raw-material and product trucks, about 70% clean.

All figures are illustrative. Loading twice adds nothing (each enterprise's demo ledger and
each register record are looked up first). Passes are written in batches by the import
service, never one by one."""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import Role, User
from enterprises.models import Enterprise

from . import services
from .ledger import FIELDS
from .misses import refresh_misses
from .models import (
    CleanTonnage,
    Gate,
    GatePass,
    ImportStatus,
    InPlantVehicle,
    LedgerImport,
    LedgerMapping,
    Machine,
    TransportStaff,
)

DEMO_FILE = "演示-门禁台账（示例数据）.csv"
HEADERS = ["车牌号码", "车牌颜色", "车辆识别代号", "车辆类型", "燃料类型", "排放阶段", "进出方向", "通行时间", "货物名称", "货物类别", "净重(吨)", "门岗"]  # fmt: skip
COLUMNS = dict(zip([f for f, _label in FIELDS], [
    "车牌号码", "进出方向", "通行时间", "车牌颜色", "车辆识别代号", "车辆类型", "燃料类型",
    "排放阶段", "货物名称", "货物类别", "净重(吨)", "门岗",
], strict=True))  # fmt: skip

# name_zh: (clean share, share of NEV trucks, share of China V trucks, trucks per day)
PROFILES = {
    "济宁中联水泥有限公司": (0.85, 0.65, 0.0, 8),
    "微山山水水泥有限公司": (0.60, 0.35, 0.0, 7),
    "山东鲁泰环保建材有限公司": (0.70, 0.20, 0.25, 7),
}
DEFAULT = (0.82, 0.62, 0.0, 5)
RAW = {"cement_clinker": ("石灰石", "原煤"), "coking": ("洗精煤", "洗精煤")}
PRODUCT = {"cement_clinker": "熟料", "coking": "焦炭"}


def _passes(
    ent: Enterprise, start: datetime.date, end: datetime.date, profile
) -> tuple[list[list[str]], dict]:
    """The gate-system export of one enterprise, and the trucked raw tonnes per month."""
    _share, nev, china5, per_day = profile
    rnd = random.Random(ent.credit_code)
    rows: list[list[str]] = []
    trucked: dict[datetime.date, Decimal] = {}
    raw = RAW.get(ent.industry, ("原料", "燃料"))
    day = start
    while day <= end:
        for n in range(per_day + 2):
            product = n >= per_day
            draw = rnd.random()
            stage = "新能源" if draw < nev else ("国五" if draw < nev + china5 else "国六")
            fuel = "纯电" if stage == "新能源" else "柴油"
            colour = "绿" if stage == "新能源" else "黄"
            plate = (
                f"鲁H{rnd.randrange(10000, 99999)}"
                if stage != "新能源"
                else f"鲁HD{rnd.randrange(1000, 9999)}"
            )
            at = datetime.datetime.combine(day, datetime.time(6)) + datetime.timedelta(
                minutes=n * 70 + rnd.randrange(60)
            )
            tonnes = Decimal(rnd.randrange(280, 340)) / 10
            if not product:
                month = day.replace(day=1)
                trucked[month] = trucked.get(month, Decimal(0)) + tonnes
            rows.append(
                [
                    plate, colour, "", "重型半挂牵引车", fuel, stage,
                    "出" if product else "进", at.strftime("%Y-%m-%d %H:%M:%S"),
                    PRODUCT.get(ent.industry, "产品") if product else raw[n % 2],
                    "产品" if product else "原燃料", str(tonnes), "1号货运门",
                ]
            )  # fmt: skip
        day += datetime.timedelta(days=1)
    return rows, trucked


def _csv(rows: list[list[str]]) -> bytes:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def _pdf(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", content_type="application/pdf"
    )


def _registers(ent: Enterprise, actor: User, weak: bool) -> None:
    gates = [
        ("1号货运门", True, True, True),
        ("2号货运门", True, True, not weak),
        ("办公区大门", False, True, False),
    ]
    for name, cargo, camera, net in gates:
        Gate.objects.get_or_create(
            enterprise=ent,
            name=name,
            defaults={"is_cargo": cargo, "has_camera": camera, "networked": net},
        )
    vehicles = [
        ("厂内01", "装载车", "electric", "nev"),
        ("厂内02", "洒水车", "diesel" if weak else "electric", "china_6" if weak else "nev"),
    ]
    for plate, kind, fuel, stage in vehicles:
        InPlantVehicle.objects.get_or_create(
            enterprise=ent,
            plate=plate,
            defaults={"vehicle_type": kind, "fuel": fuel, "stage": stage},
        )
    code = f"3708{ent.pk:02d}"
    machines = [
        (f"{code}0001", "装载机", "nev", "本企业"),
        (f"{code}0002", "叉车", "china_3" if weak else "china_4", "济宁某物流有限公司（示例）"),
    ]
    for reg, kind, stage, owner in machines:
        Machine.objects.get_or_create(
            enterprise=ent,
            registration_code=reg,
            defaults={
                "machine_type": kind,
                "stage": stage,
                "owner": owner,
                "engine_number": f"E{reg}",
            },
        )
    if weak and not Machine.objects.filter(enterprise=ent, registration_code="").exists():
        Machine.objects.create(
            enterprise=ent,
            registration_code="",
            machine_type="挖掘机",
            stage="china_4",
            owner="外协单位（示例）",
            engine_number="E-UNREG",
        )
    TransportStaff.objects.get_or_create(
        enterprise=ent, name="运输专员（示例）", defaults={"phone": "0537-0000000"}
    )


def load(today: datetime.date | None = None) -> None:
    today = today or timezone.localdate()
    end = today - datetime.timedelta(days=1)
    start = end - datetime.timedelta(days=364)
    actor = User.objects.filter(role=Role.OFFICE).order_by("pk").first()
    demo = Enterprise.objects.filter(is_illustrative=True).order_by("pk")
    for ent in demo:
        profile = PROFILES.get(ent.name_zh, DEFAULT)
        _registers(ent, actor, weak=ent.name_zh in PROFILES and profile[0] < 0.8)
        if LedgerImport.objects.filter(enterprise=ent, original_name=DEMO_FILE).exists():
            continue
        rows, trucked = _passes(ent, start, end, profile)
        ledger = services.ledger_upload(
            actor=actor,
            enterprise=ent,
            upload=SimpleUploadedFile(DEMO_FILE, _csv(rows), content_type="text/csv"),
        )
        LedgerImport.objects.filter(pk=ledger.pk).update(
            columns=COLUMNS, status=ImportStatus.QUEUED
        )
        LedgerMapping.objects.get_or_create(enterprise=ent, defaults={"columns": COLUMNS})
        services.ledger_run(ledger_id=ledger.pk)
        share = Decimal(str(profile[0]))
        for month, tonnes in sorted(trucked.items()):
            clean = (tonnes * share / (1 - share)).quantize(Decimal("1"))
            if clean <= 0 or CleanTonnage.objects.filter(enterprise=ent, month=month).exists():
                continue
            services.tonnage_save(
                actor=actor,
                enterprise=ent,
                data={
                    "month": month,
                    "cargo_class": "raw_fuel",
                    "material": RAW.get(ent.industry, ("原料",))[0],
                    "mode": "rail",
                    "tonnes": clean,
                },
                uploads=[_checked(f"铁路运单汇总-{month:%Y-%m}.pdf")],
            )
    # judged once more as a whole: a demo loaded before the misses were kept gets them too
    months = GatePass.objects.filter(enterprise__in=demo).dates("passed_at", "month")
    refresh_misses(months=list(months), enterprise_ids=list(demo.values_list("pk", flat=True)))


def _checked(name: str):
    from core.uploads import check_upload

    return check_upload(_pdf(name))
