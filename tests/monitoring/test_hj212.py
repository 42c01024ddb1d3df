"""The HJ 212-2017 parser: the standard's example, packets from public implementations, and
every way a packet can be wrong."""

from datetime import datetime, timedelta, timezone
from decimal import Decimal

import pytest

from monitoring import hj212

STANDARD_EXAMPLE = (
    b"##0101QN=20160801085857223;ST=32;CN=1062;PW=100000;MN=010000A8900016F000169DC0;Flag=5;"
    b"CP=&&RtdInterval=30&&1C80\r\n"
)
# From a public Java implementation's test (github, HJ212 server): the length is right but the
# CRC it carries (7BC0) is neither the 2017 CRC (7D00) nor CRC-16/MODBUS (5E1E) of its data.
PUBLIC_2061 = (
    b"##0190ST=31;CN=2061;PW=123456;MN=7568770259402;Flag=0;CP=&&DataTime=20221008100000;"
    b"B02-Min=1.6960,B02-Avg=3.0586,B02-Max=3.7704,B02-Cou=11010.8437;S01-Min=17.7469,"
    b"S01-Avg=19.4636,S01-Max=19.6944&&7BC0\r\n"
)
HOURLY = (
    "QN=20250901100000123;ST=31;CN=2061;PW=123456;MN=KILNTAIL0001;Flag=5;CP=&&"
    "DataTime=20250901090000;a34013-Avg=4.2,a34013-Min=3.9,a34013-Max=4.8,a34013-Flag=N;"
    "a21026-Avg=12.5,a21026-ZsAvg=14.1,a21026-Flag=N;a19001-Avg=11.2,a19001-Flag=N&&"
)


def test_the_2017_crc_reproduces_the_standards_example_and_modbus_does_not():
    data = STANDARD_EXAMPLE[6:-6]
    assert hj212.crc16_hj212(data) == 0x1C80
    assert hj212.crc16_modbus(data) == 0x0759


def test_the_standards_example_parses():
    packet = hj212.parse(STANDARD_EXAMPLE)
    assert (packet.qn, packet.st, packet.cn, packet.pw) == (
        "20160801085857223",
        "32",
        "1062",
        "100000",
    )
    assert packet.mn == "010000A8900016F000169DC0" and packet.flag == 5 and packet.wants_answer
    assert packet.cp == {"RtdInterval": "30"} and packet.readings == []


def test_the_example_with_a_modbus_crc_is_refused_unless_the_device_is_set_to_it():
    modbus = STANDARD_EXAMPLE[:-6] + b"0759\r\n"
    with pytest.raises(hj212.PacketError) as exc:
        hj212.parse(modbus)
    assert exc.value.reason == "bad_crc"
    packet = hj212.parse(modbus, variants=(hj212.CrcVariant.MODBUS,))
    assert packet.crc_variant == hj212.CrcVariant.MODBUS


def test_a_public_implementations_packet_with_a_crc_of_neither_kind_is_refused():
    with pytest.raises(hj212.PacketError) as exc:
        hj212.parse(PUBLIC_2061, variants=(hj212.CrcVariant.HJ212_2017, hj212.CrcVariant.MODBUS))
    assert exc.value.reason == "bad_crc" and "7D00" in exc.value.detail


def test_the_public_packet_with_its_crc_put_right_parses_its_2005_style_codes():
    data = PUBLIC_2061[6:-6]
    fixed = PUBLIC_2061[:6] + data + f"{hj212.crc16_hj212(data):04X}\r\n".encode()
    packet = hj212.parse(fixed)
    b02 = next(r for r in packet.readings if r.code == "B02")
    assert b02.values == {
        "Min": Decimal("1.6960"), "Avg": Decimal("3.0586"), "Max": Decimal("3.7704"),
        "Cou": Decimal("11010.8437"),
    }  # fmt: skip
    assert b02.time == datetime(2022, 10, 8, 10, tzinfo=timezone(timedelta(hours=8)))


def test_an_hourly_packet_gives_readings_with_flags_and_converted_values():
    packet = hj212.parse(hj212.frame(HOURLY))
    assert packet.cn == hj212.CN_HOURLY
    readings = {r.code: r for r in packet.readings}
    assert readings["a34013"].values["Avg"] == Decimal("4.2") and readings["a34013"].flag == "N"
    assert readings["a21026"].values["ZsAvg"] == Decimal("14.1")
    assert readings["a19001"].time.hour == 9


def test_the_answer_is_a_9014_data_answer_with_the_same_qn():
    packet = hj212.parse(hj212.frame(HOURLY))
    answer = hj212.parse(hj212.answer(packet))
    assert (answer.cn, answer.st, answer.qn, answer.mn, answer.flag) == (
        "9014", "91", packet.qn, packet.mn, 4,
    )  # fmt: skip


def test_lf_only_line_endings_are_accepted():
    assert hj212.parse(STANDARD_EXAMPLE[:-2] + b"\n").cn == "1062"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (STANDARD_EXAMPLE[:-10] + b"\r\n", "truncated"),
        (STANDARD_EXAMPLE[:50], "truncated"),
        (b"##01", "truncated"),
        (b"#0101" + STANDARD_EXAMPLE[6:], "bad_header"),
        (b"", "bad_header"),
        (b"##01a1" + STANDARD_EXAMPLE[6:], "bad_length"),
        (b"##0100" + STANDARD_EXAMPLE[6:], "bad_length"),
        (STANDARD_EXAMPLE[:-6] + b"1C81\r\n", "bad_crc"),
        (STANDARD_EXAMPLE[:-6] + b"ZZZZ\r\n", "bad_crc"),
        (b"##9999" + b"A" * 9999 + b"0000\r\n", "oversized"),
        (b"##1025" + b"A" * 1025 + b"0000\r\n", "oversized"),
    ],
)
def test_bad_frames_are_refused_with_a_reason(raw, reason):
    with pytest.raises(hj212.PacketError) as exc:
        hj212.parse(raw)
    assert exc.value.reason == reason


@pytest.mark.parametrize(
    ("segment", "reason"),
    [
        (
            "ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=20250901090000;a34013-Avg=abc&&",
            "bad_value",
        ),
        (
            "ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=20250901090000;a34013-Avg=NaN&&",
            "bad_value",
        ),
        (
            "ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=20250901090000;a34013-Avg=1e99&&",
            "bad_value",
        ),
        (
            "ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=20250901090000;a34013-Flag=X&&",
            "bad_value",
        ),
        ("ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=20251301090000;a34013-Avg=1&&", "bad_time"),
        ("ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=2025;a34013-Avg=1&&", "bad_time"),
        ("ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&a34013-Avg=1&&", "malformed"),
        (
            "ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=20250901090000;a34013-Bogus=1&&",
            "malformed",
        ),
        ("ST=31;CN=2061;PW=1;MN=A1;Flag=4;CP=&&DataTime=20250901090000;a34013-Avg=1", "malformed"),
        ("ST=31;CN=20x1;PW=1;MN=A1;Flag=4;CP=&&&&", "malformed"),
        ("ST=31;CN=2061;PW=1;Flag=4;CP=&&&&", "malformed"),
        ("ST=31;CN=2061;PW=1;MN=A 1;Flag=4;CP=&&&&", "malformed"),
        ("ST=31;CN=2061;PW=1;MN=A1;Flag=x;CP=&&&&", "malformed"),
        ("ST=31;CN=2061;PW=1;MN=A1;Flag=4;garbage;CP=&&&&", "malformed"),
    ],
)
def test_malformed_data_segments_are_refused_whole(segment, reason):
    with pytest.raises(hj212.PacketError) as exc:
        hj212.parse(hj212.frame(segment))
    assert exc.value.reason == reason


def test_non_ascii_and_nul_bytes_are_refused_not_crashed():
    data = "ST=31;CN=2061;MN=A1;CP=&&DataTime=20250901090000;a34013-Avg=１&&".encode()
    raw = b"##" + f"{len(data):04d}".encode() + data + f"{hj212.crc16_hj212(data):04X}\r\n".encode()
    with pytest.raises(hj212.PacketError) as exc:
        hj212.parse(raw)
    assert exc.value.reason == "malformed"
    with pytest.raises(hj212.PacketError):
        hj212.parse(b"##0005\x00\x00\x00\x00\x000000\r\n")


def test_framing_refuses_an_oversized_data_segment():
    with pytest.raises(hj212.PacketError) as exc:
        hj212.frame("A" * 1025)
    assert exc.value.reason == "oversized"
