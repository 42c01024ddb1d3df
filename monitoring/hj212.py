"""HJ 212-2017 packets: framing, CRC and the data segment (no Django here).

A packet is ``##`` + the data segment's length as 4 decimal digits + the data segment + the CRC
as 4 hexadecimal digits + CR LF (../shared/domain.md section 7). The data segment is
``QN=...;ST=..;CN=....;PW=......;MN=...;Flag=.;CP=&&...&&``; inside CP, ``;`` separates data
points and ``,`` the fields of one pollutant (``a34013-Avg=4.2,a34013-Flag=N``); ``DataTime``
stamps the values.

The 2017 standard's CRC (``crc16_hj212``) runs over the data segment only: start 0xFFFF; for
each byte ``crc = (crc >> 8) ^ byte``, then 8 right shifts XOR 0xA001 when the bit shifted out
was 1. It reproduces the standard's own example (``1C80``). CRC-16/MODBUS (``crc ^= byte``),
which some legacy data-acquisition units send, is accepted only for devices set to it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal, InvalidOperation

MAX_DATA_LENGTH = 1024  # the standard's upper bound on the data segment
HEADER = b"##"
TRAILER = b"\r\n"
CHINA_TZ = timezone(timedelta(hours=8))  # DataTime and QN are Beijing time

CN_REALTIME, CN_MINUTE, CN_HOURLY, CN_DAILY = "2011", "2051", "2061", "2031"
CN_DATA_ACK = "9014"  # data answer (to a packet with Flag asking for an answer)
STORED_CN = {CN_HOURLY: "hour", CN_DAILY: "day"}
DATA_FLAGS = {"N", "F", "M", "S", "D", "C", "T", "B"}  # N = normal, the only valid hours
STATISTICS = ("Rtd", "Avg", "Min", "Max", "ZsRtd", "ZsAvg", "ZsMin", "ZsMax", "Cou", "Flag")

_FIELD_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]{0,15}$")
_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9]{1,6}$")  # a34013 (2017), B02 or 01 (2005 codes)


class CrcVariant:
    HJ212_2017 = "hj212_2017"
    MODBUS = "modbus"


class PacketError(ValueError):
    """A refused packet; ``reason`` is one of the REASONS codes."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


# Why a packet is refused (stored with each rejected packet, shown to the office).
REASONS = (
    "bad_header",
    "bad_length",
    "oversized",
    "truncated",
    "bad_crc",
    "malformed",
    "unknown_mn",
    "bad_time",
    "bad_value",
)


def crc16_hj212(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc = (crc >> 8) ^ byte
        for _ in range(8):
            carry = crc & 1
            crc >>= 1
            if carry:
                crc ^= 0xA001
    return crc


def crc16_modbus(data: bytes) -> int:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            carry = crc & 1
            crc >>= 1
            if carry:
                crc ^= 0xA001
    return crc


CRC_FUNCTIONS = {CrcVariant.HJ212_2017: crc16_hj212, CrcVariant.MODBUS: crc16_modbus}


@dataclass
class Reading:
    """One pollutant's statistics at one time: ``values`` maps Avg/Min/Max/ZsAvg/Rtd… to
    Decimals; ``flag`` is the data flag (N when absent)."""

    code: str
    time: datetime
    values: dict[str, Decimal] = field(default_factory=dict)
    flag: str = "N"


@dataclass
class Packet:
    qn: str
    st: str
    cn: str
    pw: str
    mn: str
    flag: int
    cp: dict[str, str]
    readings: list[Reading]
    crc_variant: str
    raw: bytes = b""

    @property
    def wants_answer(self) -> bool:
        """Flag bit 0 (A) asks the receiving side to answer."""
        return bool(self.flag & 1)


def frame(data_segment: str, *, variant: str = CrcVariant.HJ212_2017) -> bytes:
    """Wrap a data segment into a packet (for answers, tests and the benchmark)."""
    data = data_segment.encode("ascii")
    if len(data) > MAX_DATA_LENGTH:
        raise PacketError("oversized", str(len(data)))
    crc = CRC_FUNCTIONS[variant](data)
    return HEADER + f"{len(data):04d}".encode() + data + f"{crc:04X}".encode() + TRAILER


def split_frame(raw: bytes) -> tuple[bytes, str]:
    """Check the frame (header, length, CRC digits, trailer) and return the data segment and
    the CRC as sent. Does not check the CRC's value (that depends on the device)."""
    if raw.endswith(TRAILER):
        raw = raw[: -len(TRAILER)]
    elif raw.endswith(b"\n") or raw.endswith(b"\r"):
        raw = raw.rstrip(b"\r\n")
    if not raw.startswith(HEADER):
        raise PacketError("bad_header", raw[:8].decode("ascii", "replace"))
    length_digits = raw[2:6]
    if len(length_digits) < 4:
        raise PacketError("truncated", "no length")
    if not length_digits.isdigit():
        raise PacketError("bad_length", length_digits.decode("ascii", "replace"))
    length = int(length_digits)
    if length > MAX_DATA_LENGTH:
        raise PacketError("oversized", str(length))
    body = raw[6:]
    if len(body) < length + 4:
        raise PacketError("truncated", f"{len(body) - 4} of {length}")
    if len(body) > length + 4:
        raise PacketError("bad_length", f"{len(body) - 4} bytes, header says {length}")
    data, crc_text = body[:length], body[length:]
    try:
        crc_text_s = crc_text.decode("ascii")
        int(crc_text_s, 16)
    except (UnicodeDecodeError, ValueError):
        raise PacketError("bad_crc", "CRC is not 4 hex digits") from None
    return data, crc_text_s.upper()


def check_crc(data: bytes, crc_text: str, variant: str) -> None:
    expected = CRC_FUNCTIONS[variant](data)
    if int(crc_text, 16) != expected:
        raise PacketError("bad_crc", f"sent {crc_text}, computed {expected:04X}")


def parse_time(text: str) -> datetime:
    """``yyyyMMddHHmmss`` (DataTime) or with milliseconds (QN), Beijing time → aware datetime."""
    if not text.isdigit() or len(text) not in (14, 17):
        raise PacketError("bad_time", text[:20])
    try:
        value = datetime.strptime(text[:14], "%Y%m%d%H%M%S").replace(tzinfo=CHINA_TZ)
    except ValueError:
        raise PacketError("bad_time", text) from None
    if text[14:]:
        value += timedelta(milliseconds=int(text[14:]))
    return value


def _split_fields(text: str, sep: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for part in text.split(sep):
        if not part:
            continue
        name, eq, value = part.partition("=")
        if not eq or not _FIELD_NAME.match(name):
            raise PacketError("malformed", part[:40])
        result[name] = value
    return result


def _parse_cp(cp: str) -> tuple[dict[str, str], list[Reading]]:
    """CP's content: ``DataTime=...;a34013-Avg=4.2,a34013-Flag=N;...``."""
    plain: dict[str, str] = {}
    by_code: dict[str, Reading] = {}
    data_time: datetime | None = None
    for group in cp.split(";"):
        if not group:
            continue
        for part in group.split(","):
            name, eq, value = part.partition("=")
            if not eq:
                raise PacketError("malformed", part[:40])
            code, dash, stat = name.partition("-")
            if not dash:
                if not _FIELD_NAME.match(name):
                    raise PacketError("malformed", part[:40])
                plain[name] = value
                if name == "DataTime":
                    data_time = parse_time(value)
                continue
            if not _CODE.match(code) or stat not in STATISTICS:
                raise PacketError("malformed", name[:40])
            reading = by_code.setdefault(code, Reading(code=code, time=data_time))  # type: ignore[arg-type]
            if stat == "Flag":
                if value not in DATA_FLAGS:
                    raise PacketError("bad_value", f"{name}={value[:10]}")
                reading.flag = value
                continue
            try:
                number = Decimal(value)
            except InvalidOperation:
                raise PacketError("bad_value", f"{name}={value[:20]}") from None
            if not number.is_finite() or abs(number) >= Decimal("1e9"):
                raise PacketError("bad_value", f"{name}={value[:20]}")
            reading.values[stat] = number
    readings = list(by_code.values())
    if readings and data_time is None:
        raise PacketError("malformed", "values without DataTime")
    for reading in readings:
        reading.time = data_time  # type: ignore[assignment]
    return plain, readings


def parse_data_segment(data: bytes, *, variant: str, raw: bytes = b"") -> Packet:
    try:
        text = data.decode("ascii")
    except UnicodeDecodeError:
        raise PacketError("malformed", "not ASCII") from None
    head, sep, rest = text.partition("CP=&&")
    if not sep or not rest.endswith("&&"):
        raise PacketError("malformed", "no CP=&&…&&")
    cp = rest[:-2]
    fields = _split_fields(head, ";")
    for required in ("ST", "CN", "MN"):
        if not fields.get(required):
            raise PacketError("malformed", f"no {required}")
    if not fields["CN"].isdigit() or len(fields["CN"]) != 4:
        raise PacketError("malformed", f"CN={fields['CN'][:10]}")
    mn = fields["MN"]
    if not (1 <= len(mn) <= 24) or not mn.isalnum():
        raise PacketError("malformed", f"MN={mn[:30]}")
    flag_text = fields.get("Flag", "0")
    if not flag_text.isdigit():
        raise PacketError("malformed", f"Flag={flag_text[:10]}")
    plain, readings = _parse_cp(cp)
    return Packet(
        qn=fields.get("QN", ""),
        st=fields["ST"],
        cn=fields["CN"],
        pw=fields.get("PW", ""),
        mn=mn,
        flag=int(flag_text),
        cp=plain,
        readings=readings,
        crc_variant=variant,
        raw=raw,
    )


def parse(raw: bytes, *, variants: tuple[str, ...] = (CrcVariant.HJ212_2017,)) -> Packet:
    """Parse one framed packet, accepting the CRC variants given (the device's setting)."""
    if len(raw) > MAX_DATA_LENGTH + 12:
        raise PacketError("oversized", str(len(raw)))
    data, crc_text = split_frame(raw)
    for variant in variants:
        try:
            check_crc(data, crc_text, variant)
        except PacketError:
            continue
        return parse_data_segment(data, variant=variant, raw=raw)
    check_crc(data, crc_text, variants[0])  # raises with the first variant's figures
    raise AssertionError  # pragma: no cover


def peek_mn(raw: bytes) -> str:
    """The MN of a packet, best effort, before its CRC is known good (for choosing the
    device's CRC variant and for the rejected-packet log)."""
    match = re.search(rb"MN=([A-Za-z0-9]{1,24});", raw[: MAX_DATA_LENGTH + 12])
    return match.group(1).decode() if match else ""


def answer(packet: Packet) -> bytes:
    """The platform's data answer (CN=9014, ST=91, Flag=4) to a packet whose Flag asks for one,
    framed with the device's CRC variant."""
    segment = f"QN={packet.qn};ST=91;CN={CN_DATA_ACK};PW={packet.pw};MN={packet.mn};Flag=4;CP=&&&&"
    return frame(segment, variant=packet.crc_variant)
