"""Reading gate e-ledger files (CSV in UTF-8 or GB18030, Excel .xlsx) as a stream of rows,
and turning one row into a gate pass or a reason for refusing it. Nothing here touches the
database: the import service (``services.ledger``) writes in batches."""

from __future__ import annotations

import codecs
import contextlib
import csv
import datetime
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from .models import CargoClass, Direction, Fuel, PlateColour, Stage

# The ledger fields, in the order of the mapping form; the first three are required.
FIELDS: list[tuple[str, Any]] = [
    ("plate", gettext_lazy("Plate")),
    ("direction", gettext_lazy("Direction (in/out)")),
    ("passed_at", gettext_lazy("Time")),
    ("plate_colour", gettext_lazy("Plate colour")),
    ("vin", gettext_lazy("VIN")),
    ("vehicle_type", gettext_lazy("Vehicle type")),
    ("fuel", gettext_lazy("Fuel")),
    ("stage", gettext_lazy("Emission stage")),
    ("cargo", gettext_lazy("Cargo")),
    ("cargo_class", gettext_lazy("Cargo class")),
    ("tonnage", gettext_lazy("Tonnes")),
    ("gate", gettext_lazy("Gate")),
]
REQUIRED = ("plate", "direction", "passed_at")

# Words gate systems use in their headers, to propose a mapping for a new format.
HEADER_HINTS: dict[str, tuple[str, ...]] = {
    "plate_colour": ("颜色", "colour", "color"),
    "plate": ("车牌", "号牌", "plate"),
    "vin": ("vin", "车架", "识别代号"),
    "vehicle_type": ("车辆类型", "车型", "vehicle type", "type"),
    "fuel": ("燃料", "能源", "fuel"),
    "stage": ("排放", "stage", "emission"),
    "direction": ("方向", "进出", "direction"),
    "passed_at": ("时间", "time", "日期"),
    "cargo_class": ("类别", "货物分类", "class"),
    "cargo": ("货物", "货名", "物料", "cargo"),
    "tonnage": ("吨", "重量", "净重", "ton", "weight"),
    "gate": ("门岗", "道口", "出入口", "gate"),
}

PLATE_COLOURS = {
    "蓝": PlateColour.BLUE, "蓝色": PlateColour.BLUE, "blue": PlateColour.BLUE,
    "黄": PlateColour.YELLOW, "黄色": PlateColour.YELLOW, "yellow": PlateColour.YELLOW,
    "绿": PlateColour.GREEN, "绿色": PlateColour.GREEN, "渐变绿": PlateColour.GREEN,
    "green": PlateColour.GREEN,
    "黄绿": PlateColour.YELLOW_GREEN, "黄绿色": PlateColour.YELLOW_GREEN,
    "yellow-green": PlateColour.YELLOW_GREEN, "yellow_green": PlateColour.YELLOW_GREEN,
}  # fmt: skip
FUELS = {
    "柴油": Fuel.DIESEL, "diesel": Fuel.DIESEL,
    "汽油": Fuel.GASOLINE, "gasoline": Fuel.GASOLINE, "petrol": Fuel.GASOLINE,
    "天然气": Fuel.GAS, "lng": Fuel.GAS, "cng": Fuel.GAS, "natural gas": Fuel.GAS, "gas": Fuel.GAS,
    "电": Fuel.ELECTRIC, "纯电": Fuel.ELECTRIC, "电动": Fuel.ELECTRIC, "electric": Fuel.ELECTRIC,
    "氢": Fuel.HYDROGEN, "氢燃料": Fuel.HYDROGEN, "hydrogen": Fuel.HYDROGEN,
    "混合动力": Fuel.HYBRID, "混动": Fuel.HYBRID, "hybrid": Fuel.HYBRID,
}  # fmt: skip
STAGE_WORDS = {
    "3": Stage.CHINA_3, "三": Stage.CHINA_3, "iii": Stage.CHINA_3, "ⅲ": Stage.CHINA_3,
    "4": Stage.CHINA_4, "四": Stage.CHINA_4, "iv": Stage.CHINA_4, "ⅳ": Stage.CHINA_4,
    "5": Stage.CHINA_5, "五": Stage.CHINA_5, "v": Stage.CHINA_5, "ⅴ": Stage.CHINA_5,
    "6": Stage.CHINA_6, "六": Stage.CHINA_6, "vi": Stage.CHINA_6, "ⅵ": Stage.CHINA_6,
    "6a": Stage.CHINA_6, "6b": Stage.CHINA_6, "via": Stage.CHINA_6, "vib": Stage.CHINA_6,
}  # fmt: skip
NEV_WORDS = ("新能源", "电动", "纯电", "nev", "new energy", "electric", "氢")
DIRECTIONS = {
    "进": Direction.IN, "入": Direction.IN, "进厂": Direction.IN, "入厂": Direction.IN,
    "in": Direction.IN, "entry": Direction.IN,
    "出": Direction.OUT, "出厂": Direction.OUT, "out": Direction.OUT, "exit": Direction.OUT,
}  # fmt: skip
RAW_FUEL_WORDS = ("原料", "燃料", "原燃料", "原材料", "raw", "fuel")
PRODUCT_WORDS = ("产品", "成品", "product")
DATETIME_FORMATS = (
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M", "%Y%m%d%H%M%S", "%Y.%m.%d %H:%M:%S",
)  # fmt: skip
VIN_RE = re.compile(r"^[A-HJ-NPR-Z0-9]{17}$")
PLATE_RE = re.compile(r"^[\w\u4e00-\u9fff]{5,12}$")
MAX_TONNES = Decimal("200")


class RowError(ValueError):
    """A row refused: ``reason`` is an untranslated message, ``params`` its values, so the
    reason is shown in each reader's language."""

    def __init__(self, reason: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.params = {k: str(v) for k, v in (params or {}).items()}

    def __str__(self) -> str:
        return _(self.reason) % self.params if self.params else _(self.reason)


@dataclass
class ParsedPass:
    plate: str
    direction: str
    passed_at: datetime.datetime
    plate_colour: str = ""
    vin: str = ""
    vehicle_type: str = ""
    fuel: str = ""
    stage: str = Stage.UNKNOWN
    cargo: str = ""
    cargo_class: str = CargoClass.OTHER
    tonnage: Decimal | None = None
    gate: str = ""


def propose_mapping(headers: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """The enterprise's remembered mapping where its headers are in this file, else a guess
    from the header words. Each header is proposed for one field at most."""
    present = set(headers)
    proposal = {f: h for f, h in remembered.items() if h in present}
    taken = set(proposal.values())
    for field, hints in HEADER_HINTS.items():
        if field in proposal:
            continue
        for header in headers:
            low = header.lower()
            if header not in taken and any(h in low for h in hints):
                proposal[field] = header
                taken.add(header)
                break
    return proposal


def _text(value: Any, limit: int) -> str:
    if value is None:
        return ""
    text = str(value).replace("\x00", "").strip()
    return " ".join(text.split())[:limit]


def parse_stage(raw: str, fuel: str) -> str:
    low = raw.lower().replace(" ", "")
    if not low:
        return Stage.NEV if fuel in (Fuel.ELECTRIC, Fuel.HYDROGEN) else Stage.UNKNOWN
    if any(w.replace(" ", "") in low for w in NEV_WORDS):
        return Stage.NEV
    core = re.sub(r"^(国|china|stage|国家第?|第)", "", low)
    core = re.sub(r"(阶段|排放标准|标准|排放)$", "", core)
    stage = STAGE_WORDS.get(core)
    if stage is None:
        raise RowError(gettext_noop("unknown emission stage “%(value)s”"), {"value": raw[:40]})
    return stage


def parse_datetime(value: Any) -> datetime.datetime:
    if isinstance(value, datetime.datetime):
        moment = value
    elif isinstance(value, datetime.date):
        moment = datetime.datetime.combine(value, datetime.time())
    else:
        text = _text(value, 40)
        if not text:
            raise RowError(gettext_noop("the time is missing"))
        try:  # the common ISO form, parsed in C
            moment = datetime.datetime.fromisoformat(text) if len(text) >= 16 else None
        except ValueError:
            moment = None
        for fmt in DATETIME_FORMATS if moment is None else ():
            try:
                moment = datetime.datetime.strptime(text, fmt)
                break
            except ValueError:
                continue
        if moment is None:
            raise RowError(
                gettext_noop("the time “%(value)s” is not a date and time"), {"value": text}
            )
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    now = timezone.now()
    if moment.year < 2000 or moment > now + datetime.timedelta(days=1):
        raise RowError(
            gettext_noop("the time %(value)s is not plausible"), {"value": f"{moment:%Y-%m-%d}"}
        )
    return moment


def parse_row(values: dict[str, Any]) -> ParsedPass:
    """One ledger row (field -> cell value) as a pass, or RowError with the reason."""
    plate = _text(values.get("plate"), 20).upper().replace(" ", "").replace("·", "")
    if not plate:
        raise RowError(gettext_noop("the plate is missing"))
    if not PLATE_RE.match(plate):
        raise RowError(
            gettext_noop("the plate “%(value)s” is not a plate number"), {"value": plate}
        )
    direction_raw = _text(values.get("direction"), 20).lower()
    direction = DIRECTIONS.get(direction_raw)
    if direction is None:
        raise RowError(
            gettext_noop("the direction “%(value)s” is neither in nor out"),
            {"value": direction_raw},
        )
    passed_at = parse_datetime(values.get("passed_at"))
    vin = _text(values.get("vin"), 40).upper()
    if vin and not VIN_RE.match(vin):
        raise RowError(
            gettext_noop("the VIN “%(value)s” is not 17 letters and digits"), {"value": vin}
        )
    fuel_raw = _text(values.get("fuel"), 20).lower()
    fuel = FUELS.get(fuel_raw, Fuel.OTHER if fuel_raw else "")
    stage = parse_stage(_text(values.get("stage"), 40), fuel)
    colour_raw = _text(values.get("plate_colour"), 20).lower()
    colour = PLATE_COLOURS.get(colour_raw, PlateColour.OTHER if colour_raw else "")
    cargo_class_raw = _text(values.get("cargo_class"), 40).lower()
    if any(w in cargo_class_raw for w in RAW_FUEL_WORDS):
        cargo_class = CargoClass.RAW_FUEL
    elif any(w in cargo_class_raw for w in PRODUCT_WORDS):
        cargo_class = CargoClass.PRODUCT
    else:
        cargo_class = CargoClass.OTHER
    tonnage = None
    raw_tonnes = values.get("tonnage")
    if raw_tonnes not in (None, ""):
        try:
            tonnage = Decimal(str(raw_tonnes).strip().replace(",", "")).quantize(Decimal("0.01"))
        except (InvalidOperation, ValueError):
            raise RowError(
                gettext_noop("the tonnage “%(value)s” is not a number"),
                {"value": _text(raw_tonnes, 20)},
            ) from None
        if not tonnage.is_finite() or tonnage < 0 or tonnage > MAX_TONNES:
            raise RowError(
                gettext_noop("the tonnage %(value)s is outside 0–%(max)s t"),
                {"value": tonnage, "max": MAX_TONNES},
            )
    return ParsedPass(
        plate=plate,
        direction=direction,
        passed_at=passed_at,
        plate_colour=colour,
        vin=vin,
        vehicle_type=_text(values.get("vehicle_type"), 60),
        fuel=fuel,
        stage=stage,
        cargo=_text(values.get("cargo"), 100),
        cargo_class=cargo_class,
        tonnage=tonnage,
        gate=_text(values.get("gate"), 100),
    )


# --- files ----------------------------------------------------------------------------------


def is_excel(name: str) -> bool:
    return name.lower().endswith(".xlsx")


def _text_stream(binary: IO[bytes]) -> io.TextIOWrapper:
    """UTF-8 (with or without BOM) when the first 64 KB decode as such, else GB18030 (what
    Chinese gate systems export from Excel)."""
    head = binary.read(65536)
    binary.seek(0)
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        encoding = "utf-8-sig"
    except UnicodeDecodeError:
        encoding = "gb18030"
    return io.TextIOWrapper(binary, encoding=encoding, errors="replace", newline="")


def read_headers(binary: IO[bytes], name: str) -> list[str]:
    """The header row of a ledger file, read without loading the file."""
    for row in iter_rows(binary, name):
        headers = [_text(v, 100) for v in row]
        while headers and not headers[-1]:
            headers.pop()
        return headers
    return []


def count_rows(binary: IO[bytes], name: str) -> int | None:
    """Data rows in the file (for the progress bar): newlines counted in chunks for CSV, the
    sheet's dimension for Excel. The header is not counted."""
    if is_excel(name):
        from openpyxl import load_workbook

        wb = load_workbook(binary, read_only=True, data_only=True)
        try:
            rows = wb.worksheets[0].max_row
        finally:
            wb.close()
        binary.seek(0)
        return max(0, (rows or 1) - 1) if rows else None
    lines = 0
    last = b"\n"
    while chunk := binary.read(1 << 20):
        lines += chunk.count(b"\n")
        last = chunk[-1:]
    binary.seek(0)
    return max(0, lines - 1 + (last != b"\n"))


def iter_rows(binary: IO[bytes], name: str) -> Iterator[list[Any]]:
    """Every row of the first sheet (Excel, openpyxl read-only) or of the CSV, as a list of
    cell values, streamed."""
    if is_excel(name):
        from openpyxl import load_workbook

        wb = load_workbook(binary, read_only=True, data_only=True)
        try:
            for row in wb.worksheets[0].iter_rows(values_only=True):
                yield list(row)
        finally:
            wb.close()
        return
    text = _text_stream(binary)
    try:
        sample = text.read(8192)
        text.seek(0)
        try:
            dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
        except csv.Error:
            dialect = csv.excel
        csv.field_size_limit(1 << 16)
        yield from csv.reader(text, dialect)
    finally:
        with contextlib.suppress(ValueError):  # the caller closed the file first
            text.detach()
