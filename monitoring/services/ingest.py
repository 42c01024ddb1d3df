"""Data in: live packets (the receiver), packet logs and CSV/Excel hourly exports. Every path
stores the good rows and reports the bad ones (with line numbers for files); refused packets
are kept as ``RejectedPacket`` rows the office sees counted by reason."""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import User

from .. import hj212
from ..models import Device, ImportRun, Parameter, RejectedPacket, ReportedDaily
from ..storage import TZ, IngestResult, Refused, ingest_lines, staging_line

MAX_EXCERPT = 200


@dataclass
class PacketBatch:
    """What a batch of packets came to: the answers to send back (per packet, None when the
    packet asks for none or was refused), and the ingest result."""

    answers: list[bytes | None] = field(default_factory=list)
    result: IngestResult = field(default_factory=IngestResult)
    rejected: list[RejectedPacket] = field(default_factory=list)


def _devices_for(raws: Iterable[bytes], enterprise_id: int | None = None) -> dict[str, Device]:
    mns = {hj212.peek_mn(raw) for raw in raws} - {""}
    devices = Device.objects.filter(mn__in=mns, is_active=True)
    if enterprise_id is not None:  # an enterprise's own import: its devices only
        devices = devices.filter(point__enterprise_id=enterprise_id)
    return {d.mn: d for d in devices}


def packet_lines(packet: hj212.Packet) -> list[str]:
    """Staging lines of an hourly (2061) packet; other commands store nothing."""
    if packet.cn != hj212.CN_HOURLY:
        return []
    lines = []
    for reading in packet.readings:
        avg = reading.values.get("Avg", reading.values.get("Rtd"))
        if avg is None:
            continue
        zs = reading.values.get("ZsAvg")
        lines.append(staging_line(packet.mn, reading.time, reading.code, avg, zs, reading.flag))
    return lines


def ingest_packets(
    raws: list[bytes], *, source: str = RejectedPacket.Source.TCP, origin: str = "",
    line_numbers: list[int] | None = None, with_rollups: bool = True,
    enterprise_id: int | None = None,
) -> PacketBatch:  # fmt: skip
    """Check and store a batch of packets. A packet is refused whole (never a partial row) for
    a bad frame, a CRC that fails the device's variant, an unknown MN or malformed fields."""
    batch = PacketBatch()
    devices = _devices_for(raws, enterprise_id)
    numbered: list[tuple[int, str]] = []
    rejected: list[RejectedPacket] = []
    legacy: dict[int, int] = {}
    seen: dict[int, Device] = {}
    daily: list[ReportedDaily] = []
    codes = dict(Parameter.objects.values_list("hj212_code", "key"))
    for index, raw in enumerate(raws):
        line_no = line_numbers[index] if line_numbers else index + 1
        mn = hj212.peek_mn(raw)
        device = devices.get(mn)
        variants = (device.crc_variant,) if device else (hj212.CrcVariant.HJ212_2017,)
        try:
            packet = hj212.parse(raw, variants=variants)
            if device is None:
                raise hj212.PacketError("unknown_mn", mn)
            lines = packet_lines(packet)
        except hj212.PacketError as exc:
            rejected.append(
                RejectedPacket(
                    source=source,
                    origin=origin[:200],
                    line_no=line_no if source == RejectedPacket.Source.FILE else None,
                    reason=exc.reason,
                    mn=mn[:24],
                    detail=exc.detail[:200],
                    excerpt=raw[:MAX_EXCERPT].decode("ascii", "replace"),
                )  # fmt: skip
            )
            batch.answers.append(None)
            continue
        if packet.crc_variant == hj212.CrcVariant.MODBUS:
            legacy[device.pk] = legacy.get(device.pk, 0) + 1
        seen[device.pk] = device
        numbered.extend((line_no, line) for line in lines)
        daily.extend(daily_rows(packet, device, codes))
        batch.answers.append(hj212.answer(packet) if packet.wants_answer else None)
    with transaction.atomic():
        if numbered:
            batch.result = ingest_lines(
                [], numbered=numbered, with_rollups=with_rollups, enterprise_id=enterprise_id
            )
        # lines of a good packet refused later (unknown code, bad time): recorded too
        for refused in batch.result.refused:
            rejected.append(
                RejectedPacket(
                    source=source,
                    origin=origin[:200],
                    line_no=refused.line_no if source == RejectedPacket.Source.FILE else None,
                    reason=refused.reason,
                    excerpt=refused.excerpt[:MAX_EXCERPT],
                )  # fmt: skip
            )
        RejectedPacket.objects.bulk_create(rejected, batch_size=1000)
        ReportedDaily.objects.bulk_create(daily, ignore_conflicts=True, batch_size=1000)
        now = timezone.now()
        if seen:
            Device.objects.filter(pk__in=seen).update(last_seen=now)
        for pk, count in legacy.items():
            Device.objects.filter(pk=pk).update(legacy_packets=F("legacy_packets") + count)
    batch.rejected = rejected
    return batch


def daily_rows(packet: hj212.Packet, device: Device, codes: dict[str, str]) -> list:
    """Reported daily means of a daily (2031) packet, for known parameter codes."""
    if packet.cn != hj212.CN_DAILY:
        return []
    rows = []
    for reading in packet.readings:
        avg = reading.values.get("Avg")
        if avg is None or reading.code not in codes:
            continue
        zs = reading.values.get("ZsAvg")
        rows.append(
            ReportedDaily(
                point_id=device.point_id,
                parameter=codes[reading.code],
                day=reading.time.astimezone(TZ).date(),
                value=float(avg),
                converted=float(zs) if zs is not None else None,
                flag=reading.flag,
            )  # fmt: skip
        )
    return rows


@dataclass
class ImportReport:
    run: ImportRun
    refused: list[Refused]
    flags: int = 0


def _excel_lines(data: bytes) -> list[tuple[int, str]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        raise ValueError("not_excel") from exc
    sheet = book.worksheets[0]
    lines = []
    for n, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if n == 1:
            continue  # header
        cells = []
        for value in row[:6]:
            if value is None:
                cells.append("")
            elif hasattr(value, "strftime"):
                when = value if value.tzinfo else value.replace(tzinfo=TZ)
                cells.append(f"{when.astimezone(TZ):%Y-%m-%d %H}:00")
            else:
                cells.append(str(value).replace(",", " ").strip())
        while len(cells) < 6:
            cells.append("")
        lines.append((n, ",".join(cells)))
    return lines


def import_file(
    *, data: bytes, file_name: str, kind: str, actor: User | None, enterprise_id: int | None = None
) -> ImportReport:
    """Import a file: ``packets`` (one HJ 212 packet a line), ``csv`` or ``xlsx`` (columns MN,
    time, code, avg, converted avg, flag; a header line first). Good rows are stored, bad lines
    reported with their numbers; nothing stored before is lost."""
    origin = file_name[:200]
    if kind == "packets":
        raws, numbers = [], []
        for n, line in enumerate(data.split(b"\n"), start=1):
            if line.strip():
                raws.append(line.rstrip(b"\r") + b"\r\n")
                numbers.append(n)
        batch = ingest_packets(
            raws, source=RejectedPacket.Source.FILE, origin=origin, line_numbers=numbers,
            enterprise_id=enterprise_id,
        )  # fmt: skip
        refused = sorted(
            (Refused(r.line_no or 0, r.reason, r.excerpt) for r in batch.rejected),
            key=lambda r: r.line_no,
        )
        stored, touched = batch.result.stored, batch.result.touched
    else:
        if kind == "xlsx":
            result = ingest_lines([], numbered=_excel_lines(data), enterprise_id=enterprise_id)
        else:
            result = ingest_lines([data], skip_header=True, enterprise_id=enterprise_id)
        refused = result.refused
        stored, touched = result.stored, result.touched
        RejectedPacket.objects.bulk_create(
            [
                RejectedPacket(
                    source=RejectedPacket.Source.FILE,
                    origin=origin,
                    line_no=r.line_no,
                    reason=r.reason,
                    excerpt=r.excerpt[:MAX_EXCERPT],
                )
                for r in refused
            ],  # fmt: skip
            batch_size=1000,
        )
    run = ImportRun.objects.create(
        enterprise_id=enterprise_id, file_name=origin, kind=kind, by=actor,
        stored=stored, refused=len(refused),
    )  # fmt: skip
    from .flags import detect_flags

    return ImportReport(run=run, refused=refused, flags=detect_flags(touched) if touched else 0)
