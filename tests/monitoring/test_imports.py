"""File imports: a packet log, a CSV hourly export of 100,000 lines with 3 bad ones, an Excel
export; good rows stored, bad lines reported with their numbers."""

import io
from datetime import datetime, timedelta

import pytest
from openpyxl import Workbook

from monitoring import hj212
from monitoring.models import HourlyValue, ImportRun, RejectedPacket
from monitoring.services import import_file
from monitoring.storage import TZ, staging_line
from tests.factories.monitoring import DeviceFactory

pytestmark = pytest.mark.django_db


def test_a_csv_of_100000_lines_with_3_bad_stores_99997_and_reports_the_3(world):
    devices = [DeviceFactory() for _ in range(5)]
    start = datetime(2025, 1, 1, tzinfo=TZ)
    lines = ["MN,时间,编码,均值,折算均值,标记"]
    for i in range(100_000):
        device = devices[i % 5]
        hour = start + timedelta(hours=(i // 5) % 20_000)
        code = "a34013" if i < 100_000 else "a21026"
        lines.append(staging_line(device.mn, hour, code, 3.5))
    lines[500] = lines[500].replace("a34013", "a99999")  # unknown code
    lines[50_000] = lines[50_000][:-4]  # a field missing
    lines[99_999] = lines[99_999].replace(",3.5,", ",3,5,")  # one field too many
    data = ("\n".join(lines) + "\n").encode()
    report = import_file(data=data, file_name="export.csv", kind="csv", actor=world.office)
    assert report.run.stored == 99_997 and report.run.refused == 3
    assert [(r.line_no, r.reason) for r in report.refused] == [
        (501, "unknown_code"), (50_001, "malformed"), (100_000, "malformed"),
    ]  # fmt: skip
    assert HourlyValue.objects.count() == 99_997
    assert RejectedPacket.objects.filter(origin="export.csv").count() == 3


def test_a_packet_log_stores_good_packets_and_reports_bad_lines(world):
    device = DeviceFactory(crc_variant="modbus")
    segment = (
        "QN=20250902010000000;ST=31;CN=2061;PW=1;MN={mn};Flag=4;CP=&&DataTime=20250902{h:02d}0000;"
        "a34013-Avg=5.5,a34013-Flag=N&&"
    )
    good = [hj212.frame(segment.format(mn=device.mn, h=h), variant="modbus") for h in range(3)]
    wrong_variant = hj212.frame(segment.format(mn=device.mn, h=5))  # 2017 CRC, device on MODBUS
    lines = [good[0], b"", good[1], b"garbage line", wrong_variant, good[2]]
    log = b"\r\n".join(line.rstrip(b"\r\n") for line in lines)
    report = import_file(data=log, file_name="dau.log", kind="packets", actor=world.office)
    assert report.run.stored == 3
    assert [(r.line_no, r.reason) for r in report.refused] == [(4, "bad_header"), (5, "bad_crc")]
    device.refresh_from_db()
    assert device.legacy_packets == 3


def test_an_excel_export_is_imported(world):
    device = DeviceFactory()
    book = Workbook()
    sheet = book.active
    sheet.append(["MN", "时间", "编码", "均值", "折算均值", "标记"])
    for h in range(4):
        sheet.append([device.mn, datetime(2025, 9, 3, h), "a21026", 12.5 + h, 14.0, "N"])
    sheet.append([device.mn, "not a time", "a21026", 1, None, "N"])
    buf = io.BytesIO()
    book.save(buf)
    report = import_file(
        data=buf.getvalue(), file_name="export.xlsx", kind="xlsx", actor=world.office
    )
    assert report.run.stored == 4 and [(r.line_no, r.reason) for r in report.refused] == [
        (6, "bad_time")
    ]
    assert ImportRun.objects.get().refused == 1


def test_a_file_that_is_not_a_workbook_is_refused_cleanly(world):
    with pytest.raises(ValueError):
        import_file(
            data=b"PK\x03\x04 nonsense", file_name="x.xlsx", kind="xlsx", actor=world.office
        )
    assert not ImportRun.objects.exists()


def test_a_daily_packet_keeps_the_devices_reported_daily_mean(world):
    from monitoring.models import ReportedDaily
    from monitoring.services import ingest_packets

    device = DeviceFactory()
    packet = hj212.frame(
        f"QN=20250903000000000;ST=31;CN=2031;PW=1;MN={device.mn};Flag=4;CP=&&"
        "DataTime=20250902000000;a34013-Avg=4.4,a34013-ZsAvg=4.9,a34013-Flag=N;zz999-Avg=1&&"
    )
    batch = ingest_packets([packet, packet])
    assert not batch.rejected and batch.result.stored == 0
    (row,) = ReportedDaily.objects.all()
    assert (row.parameter, str(row.day), row.value, row.converted) == ("pm", "2025-09-02", 4.4, 4.9)


@pytest.mark.django_db(transaction=True)
def test_a_clean_csv_is_stored_outside_a_test_transaction():
    """As in production (no request-wide transaction): the fast path's staged rows live until
    its one commit, so a clean file is stored (the staging table empties on commit)."""
    from monitoring import reference

    reference.load()
    device = DeviceFactory()
    start = datetime(2025, 3, 1, tzinfo=TZ)
    lines = ["MN,时间,编码,均值,折算均值,标记"] + [
        staging_line(device.mn, start + timedelta(hours=h), "a34013", 3.5) for h in range(24)
    ]
    data = ("\n".join(lines) + "\n").encode()
    report = import_file(data=data, file_name="clean.csv", kind="csv", actor=None)
    assert (report.run.stored, report.run.refused) == (24, 0)
    assert HourlyValue.objects.filter(point=device.point).count() == 24
