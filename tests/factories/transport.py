"""Factories of the transport app, and builders of gate-ledger files for the import tests."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from transport.models import Gate, InPlantVehicle, Machine, Stage, TransportStaff

from .registry import EnterpriseFactory

HEADERS = ["车牌号码", "车牌颜色", "车辆识别代号", "车辆类型", "燃料类型", "排放阶段", "进出方向", "通行时间", "货物名称", "货物类别", "净重(吨)", "门岗"]  # fmt: skip
MAPPING = {
    "plate": "车牌号码",
    "plate_colour": "车牌颜色",
    "vin": "车辆识别代号",
    "vehicle_type": "车辆类型",
    "fuel": "燃料类型",
    "stage": "排放阶段",
    "direction": "进出方向",
    "passed_at": "通行时间",
    "cargo": "货物名称",
    "cargo_class": "货物类别",
    "tonnage": "净重(吨)",
    "gate": "门岗",
}


class GateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gate

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"{n}号门岗")
    is_cargo = True
    has_camera = True
    networked = True


class InPlantVehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InPlantVehicle

    enterprise = factory.SubFactory(EnterpriseFactory)
    plate = factory.Sequence(lambda n: f"厂内{n:03d}")
    vehicle_type = "装载车"
    fuel = "electric"
    stage = Stage.NEV


class MachineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Machine

    enterprise = factory.SubFactory(EnterpriseFactory)
    registration_code = factory.Sequence(lambda n: f"37080{n:06d}")
    machine_type = "装载机"
    engine_number = factory.Sequence(lambda n: f"E{n:08d}")
    stage = Stage.CHINA_4
    owner = "本企业"


class TransportStaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TransportStaff

    enterprise = factory.SubFactory(EnterpriseFactory)
    name = factory.Sequence(lambda n: f"运输专员{n}")
    phone = "13800000000"


def pass_row(
    n: int,
    *,
    start: datetime.datetime = datetime.datetime(2025, 3, 1, 6, 0),
    stage: str = "国六",
    direction: str = "进",
    cargo_class: str = "原燃料",
    tonnes: str = "32.5",
) -> list[str]:
    """The cells of one pass, in ``HEADERS`` order; ``n`` makes plate and time unique."""
    at = start + datetime.timedelta(minutes=7 * n)
    return [
        f"鲁H{n % 100000:05d}",
        "黄",
        "",
        "重型半挂牵引车",
        "柴油",
        stage,
        direction,
        at.strftime("%Y-%m-%d %H:%M:%S"),
        "石灰石",
        cargo_class,
        tonnes,
        "1号门岗",
    ]


def csv_bytes(
    rows: Iterable[Sequence[str]], headers: Sequence[str] = HEADERS, encoding: str = "utf-8-sig"
) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows: Iterable[Sequence], headers: Sequence[str] = HEADERS) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(list(headers))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def ledger_file(data: bytes, name: str = "gate.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")
