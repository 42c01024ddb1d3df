"""Benchmark (not a timed test): importing a year of a busy plant's gate ledger, 500,000 rows,
from CSV (and a smaller Excel file), then the same file again (every row a duplicate). Reports
time, rows per second and the growth of the process's peak memory, which must not scale with
the file (the file is streamed, never loaded whole). Run with `make bench`; figures in
docs/benchmarks.md.

``BENCH_LEDGER_ROWS`` (default 500000) and ``BENCH_LEDGER_XLSX_ROWS`` (default 50000) set the
sizes."""

import csv
import datetime
import os
import resource
import time

import pytest
from django.core.files import File

from transport import services
from transport.models import GatePass, ImportStatus

from ..conftest import build_world
from ..factories.transport import HEADERS, MAPPING, pass_row

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db(transaction=True)]

ROWS = int(os.environ.get("BENCH_LEDGER_ROWS", 500_000))
XLSX_ROWS = int(os.environ.get("BENCH_LEDGER_XLSX_ROWS", 50_000))
START = datetime.datetime(2025, 1, 1)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
    settings.LEDGER_MAX_BYTES = 1 << 31


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def write_csv(path, rows: int) -> None:
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADERS)
        for n in range(rows):
            writer.writerow(row(n))


def row(n: int) -> list[str]:
    """Pass ``n`` of the year: one a minute (a busy plant's 500,000 passes fit in 347 days)."""
    cells = pass_row(n)
    cells[7] = (START + datetime.timedelta(seconds=n * 60)).strftime("%Y-%m-%d %H:%M:%S")
    return cells


def write_xlsx(path, rows: int) -> None:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(HEADERS)
    for n in range(rows):
        ws.append(row(n))
    wb.save(path)


def run(world, path, name) -> tuple[float, object]:
    before = time.perf_counter()
    with open(path, "rb") as f:
        ledger = services.ledger_upload(
            actor=world.contact_a, enterprise=world.ent_a, upload=File(f, name=name)
        )
    services.ledger.LedgerImport.objects.filter(pk=ledger.pk).update(
        columns=MAPPING, status=ImportStatus.QUEUED
    )
    ledger = services.ledger_run(ledger_id=ledger.pk)
    return time.perf_counter() - before, ledger


def report(label, rows, seconds, ledger, peak_before):
    print(
        f"\n{label}: {rows:,} rows in {seconds:.1f} s ({rows / seconds:,.0f} rows/s); "
        f"imported {ledger.rows_imported:,}, duplicates {ledger.rows_duplicate:,}, "
        f"rejected {ledger.rows_rejected:,}; peak RSS {peak_mb():.0f} MB "
        f"(+{peak_mb() - peak_before:.0f} MB during the import)"
    )


def test_import_a_year_of_a_busy_plant(tmp_path):
    world = build_world()
    path = tmp_path / "gate.csv"
    write_csv(path, ROWS)
    print(f"\nCSV file: {path.stat().st_size / 1e6:.1f} MB")
    peak = peak_mb()
    seconds, ledger = run(world, path, "gate.csv")
    assert ledger.status == ImportStatus.DONE and ledger.rows_imported == ROWS
    report("CSV import", ROWS, seconds, ledger, peak)
    peak = peak_mb()
    seconds, again = run(world, path, "gate.csv")
    assert again.rows_imported == 0 and again.rows_duplicate == ROWS
    report("CSV re-import (all duplicates)", ROWS, seconds, again, peak)
    assert GatePass.objects.count() == ROWS


def test_import_an_excel_export(tmp_path):
    world = build_world()
    path = tmp_path / "gate.xlsx"
    write_xlsx(path, XLSX_ROWS)
    print(f"\nExcel file: {path.stat().st_size / 1e6:.1f} MB")
    peak = peak_mb()
    seconds, ledger = run(world, path, "gate.xlsx")
    assert ledger.rows_imported == XLSX_ROWS
    report("Excel import (openpyxl read-only)", XLSX_ROWS, seconds, ledger, peak)
