"""Gate e-ledger import: reading, mapping remembered per enterprise, bad rows with line
numbers and reasons, duplicates, re-import, nothing half-imported, and a real worker."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from transport import services
from transport.ledger import RowError, parse_row, propose_mapping
from transport.models import GatePass, ImportStatus, LedgerImport, LedgerMapping, Stage

from ..conftest import wait_for
from ..factories.transport import HEADERS, MAPPING, csv_bytes, ledger_file, pass_row, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_a_csv_ledger_is_imported_with_every_field(world, run_import):
    ledger = run_import(
        world.contact_a, world.ent_a, csv_bytes([pass_row(1), pass_row(2, stage="新能源")])
    )
    assert ledger.status == ImportStatus.DONE
    assert (ledger.rows_imported, ledger.rows_rejected, ledger.rows_duplicate) == (2, 0, 0)
    first = GatePass.objects.get(plate="鲁H00001")
    assert (
        first.direction == "in" and first.cargo_class == "raw_fuel" and first.stage == Stage.CHINA_6
    )
    assert (
        str(first.tonnage) == "32.50" and first.gate == "1号门岗" and first.plate_colour == "yellow"
    )
    assert GatePass.objects.get(plate="鲁H00002").stage == Stage.NEV


def test_gb18030_csv_and_excel_files_are_read(world, run_import):
    gbk = run_import(world.contact_a, world.ent_a, csv_bytes([pass_row(1)], encoding="gb18030"))
    assert gbk.rows_imported == 1
    rows = [pass_row(2), pass_row(3)]
    rows[1][7] = datetime.datetime(2025, 3, 2, 8, 30)  # Excel keeps a real date-time
    xlsx = run_import(world.contact_a, world.ent_a, xlsx_bytes(rows), name="gate.xlsx")
    assert xlsx.status == ImportStatus.DONE and xlsx.rows_imported == 2


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_kept(world, run_import):
    rows = [pass_row(n) for n in range(1, 7)]
    rows[1][0] = ""  # line 3: no plate
    rows[2][6] = "上"  # line 4: direction
    rows[3][7] = "2025-13-45 25:00"  # line 5: time
    rows[4][10] = "-5"  # line 6: tonnage
    rows[5][5] = "欧五"  # line 7: stage
    ledger = run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    assert ledger.status == ImportStatus.DONE
    assert ledger.rows_imported == 1 and ledger.rows_rejected == 5
    rejected = {r.line: r.reason_text for r in ledger.rejections.all()}
    assert set(rejected) == {3, 4, 5, 6, 7}
    assert "车牌" in rejected[3] and "方向" in rejected[4] and "吨" in rejected[6]
    from django.utils import translation

    with translation.override("en"):
        assert "plate" in ledger.rejections.get(line=3).reason_text


def test_reimporting_the_same_file_adds_nothing(world, run_import):
    data = csv_bytes([pass_row(n) for n in range(50)])
    first = run_import(world.contact_a, world.ent_a, data)
    again = run_import(world.contact_a, world.ent_a, data)
    assert first.rows_imported == 50
    assert (again.rows_imported, again.rows_duplicate) == (0, 50)
    assert GatePass.objects.filter(enterprise=world.ent_a).count() == 50


def test_duplicates_inside_a_file_and_overlaps_count_once(world, run_import):
    run_import(world.contact_a, world.ent_a, csv_bytes([pass_row(n) for n in range(10)]))
    overlap = run_import(
        world.contact_a,
        world.ent_a,
        csv_bytes([pass_row(n) for n in range(5, 15)] + [pass_row(14)]),
    )
    assert (overlap.rows_imported, overlap.rows_duplicate) == (5, 6)
    # the same pass at another enterprise is another pass
    other = run_import(world.contact_b, world.ent_b, csv_bytes([pass_row(1)]))
    assert other.rows_imported == 1


def test_the_mapping_is_remembered_per_enterprise_and_proposed_next_time(world, run_import):
    headers = ["Plate No", "Dir", "When", "Stage", "Weight"]
    columns = {
        "plate": "Plate No",
        "direction": "Dir",
        "passed_at": "When",
        "stage": "Stage",
        "tonnage": "Weight",
    }
    rows = [["鲁H12345", "in", "2025-03-01 08:00", "China VI", "30"]]
    ledger = run_import(
        world.contact_a, world.ent_a, csv_bytes(rows, headers=headers), columns=columns
    )
    assert ledger.rows_imported == 1
    assert LedgerMapping.objects.get(enterprise=world.ent_a).columns == columns
    # next file in the same format: the remembered mapping wins over guesses
    assert propose_mapping(headers, columns) == columns
    # another enterprise's format is guessed from its headers
    guess = propose_mapping(HEADERS, {})
    assert guess["plate"] == "车牌号码" and guess["plate_colour"] == "车牌颜色"
    assert guess["passed_at"] == "通行时间" and guess["tonnage"] == "净重(吨)"
    assert guess["cargo_class"] == "货物类别" and guess["cargo"] == "货物名称"


def test_mapping_needs_plate_direction_and_time_and_existing_columns(world):
    ledger = services.ledger_upload(
        actor=world.contact_a, enterprise=world.ent_a, upload=ledger_file(csv_bytes([pass_row(1)]))
    )
    with pytest.raises(ValidationError) as exc:
        services.ledger_map(actor=world.contact_a, ledger=ledger, columns={"plate": "车牌号码"})
    assert set(exc.value.error_dict) == {"direction", "passed_at"}
    with pytest.raises(ValidationError):
        services.ledger_map(
            actor=world.contact_a, ledger=ledger, columns={**MAPPING, "vin": "nope"}
        )
    with pytest.raises(ValidationError):
        services.ledger_map(
            actor=world.contact_a, ledger=ledger, columns={**MAPPING, "cargo": "车牌号码"}
        )


def test_files_without_a_header_or_of_another_type_are_refused(world):
    for name, data in (
        ("a.pdf", b"%PDF-1.4"),
        ("a.csv", b""),
        ("a.csv", b"\x00\x01"),
        ("a.xlsx", b"PK broken"),
    ):
        with pytest.raises(ValidationError):
            services.ledger_upload(
                actor=world.contact_a, enterprise=world.ent_a, upload=ledger_file(data, name)
            )
    assert not LedgerImport.objects.exists()


def test_only_contacts_of_the_enterprise_and_transport_staff_upload(world):
    data = csv_bytes([pass_row(1)])
    for user in (world.contact_b, world.county_a_staff, world.official):
        with pytest.raises(PermissionDenied):
            services.ledger_upload(actor=user, enterprise=world.ent_a, upload=ledger_file(data))
    for user in (world.contact_a, world.vehicle, world.bureau):
        services.ledger_upload(actor=user, enterprise=world.ent_a, upload=ledger_file(data))


def test_passes_of_an_unfinished_import_do_not_count_and_a_failure_removes_them(
    world, run_import, monkeypatch
):
    from transport import shares

    data = csv_bytes([pass_row(n) for n in range(12)])
    monkeypatch.setattr(services.ledger, "BATCH", 5)
    real_parse = services.ledger.parse_row
    calls = {"n": 0}

    def parse_then_break(values):
        calls["n"] += 1
        if calls["n"] == 11:  # after two committed batches
            figures = shares.figures_by_month([world.ent_a.pk], 2025)
            assert GatePass.objects.filter(enterprise=world.ent_a).count() == 10
            assert not figures, "passes of an unfinished import must not count"
            raise OSError("disk gone")
        return real_parse(values)

    monkeypatch.setattr(services.ledger, "parse_row", parse_then_break)
    ledger = run_import(world.contact_a, world.ent_a, data)
    assert ledger.status == ImportStatus.FAILED and "disk gone" in ledger.error
    assert not GatePass.objects.filter(enterprise=world.ent_a).exists()


def test_an_interrupted_import_runs_again_from_a_clean_slate(world, run_import):
    ledger = run_import(world.contact_a, world.ent_a, csv_bytes([pass_row(n) for n in range(8)]))
    # the worker died mid-run: a second delivery while it may still be moving is left alone
    LedgerImport.objects.filter(pk=ledger.pk).update(
        status=ImportStatus.RUNNING, progress_at=timezone.now()
    )
    assert services.ledger_run(ledger_id=ledger.pk).status == ImportStatus.RUNNING
    assert GatePass.objects.count() == 8  # nothing cleared by the refused run
    LedgerImport.objects.filter(pk=ledger.pk).update(
        progress_at=timezone.now() - services.ledger.STALLED_AFTER - datetime.timedelta(minutes=1)
    )
    again = services.ledger_run(ledger_id=ledger.pk)
    assert again.status == ImportStatus.DONE and again.rows_imported == 8
    assert services.ledger_run(ledger_id=ledger.pk).rows_imported == 8  # done: left alone
    assert GatePass.objects.count() == 8


@pytest.mark.parametrize(
    "values, reason",
    [
        ({"plate": "鲁H1", "direction": "进", "passed_at": "2025-03-01 08:00"}, "plate"),
        ({"plate": "鲁H12345", "direction": "进", "passed_at": "1970-01-01 00:00"}, "plausible"),
        ({"plate": "鲁H12345", "direction": "进", "passed_at": "2999-01-01 00:00"}, "plausible"),
        ({"plate": "鲁H12345", "direction": "进", "passed_at": "x\x00y"}, "date"),
        (
            {"plate": "鲁H12345", "direction": "进", "passed_at": "2025-03-01 08:00", "vin": "ABC"},
            "VIN",
        ),
        (
            {
                "plate": "鲁H12345",
                "direction": "进",
                "passed_at": "2025-03-01 08:00",
                "tonnage": "1e400",
            },
            "tonnage",
        ),
        (
            {
                "plate": "鲁H12345",
                "direction": "进",
                "passed_at": "2025-03-01 08:00",
                "tonnage": "abc",
            },
            "number",
        ),
    ],
)
def test_hostile_values_are_refused_with_a_reason(values, reason):
    from django.utils import translation

    with pytest.raises(RowError) as exc, translation.override("en"):
        parse_row(values)
    with translation.override("en"):
        assert reason in str(exc.value)


def test_stage_words_of_gate_systems_are_understood():
    base = {"plate": "鲁H12345", "direction": "出厂", "passed_at": "2025/03/01 08:00"}
    for raw, stage in (
        ("国Ⅵ", "china_6"),
        ("国五", "china_5"),
        ("China V", "china_5"),
        ("国6b", "china_6"),
        ("纯电动", "nev"),
        ("", "unknown"),
    ):
        assert parse_row({**base, "stage": raw}).stage == stage, raw
    assert parse_row({**base, "fuel": "电"}).stage == "nev"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_imports_in_the_background(celery_worker, django_capture_on_commit_callbacks):
    from ..conftest import build_world

    world = build_world()
    ledger = services.ledger_upload(
        actor=world.contact_a,
        enterprise=world.ent_a,
        upload=ledger_file(csv_bytes([pass_row(n) for n in range(30)])),
    )
    services.ledger_map(actor=world.contact_a, ledger=ledger, columns=MAPPING)
    done = wait_for(
        lambda: LedgerImport.objects.filter(pk=ledger.pk, status=ImportStatus.DONE).first(),
        timeout=30,
    )
    assert done.rows_imported == 30 and done.rows_total == 30


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_mapping_enqueues_nothing(world, django_capture_on_commit_callbacks):
    from django.db import transaction

    ledger = services.ledger_upload(
        actor=world.contact_a, enterprise=world.ent_a, upload=ledger_file(csv_bytes([pass_row(1)]))
    )
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.ledger_map(actor=world.contact_a, ledger=ledger, columns=MAPPING)
        raise RuntimeError
    assert callbacks == []
    ledger.refresh_from_db()
    assert ledger.status == ImportStatus.MAPPING


def test_a_broker_outage_leaves_the_import_queued_and_it_can_be_queued_again(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    from transport.tasks import run_ledger_import

    ledger = services.ledger_upload(
        actor=world.contact_a, enterprise=world.ent_a, upload=ledger_file(csv_bytes([pass_row(1)]))
    )

    def broker_down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(run_ledger_import, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        services.ledger_map(actor=world.contact_a, ledger=ledger, columns=MAPPING)  # no error
    ledger.refresh_from_db()
    assert ledger.status == ImportStatus.QUEUED
    sent = []
    monkeypatch.setattr(run_ledger_import, "delay", sent.append)
    with django_capture_on_commit_callbacks(execute=True):
        services.ledger_requeue(actor=world.contact_a, ledger=ledger)
    assert sent == [ledger.pk]
    with pytest.raises(PermissionDenied):
        services.ledger_requeue(actor=world.contact_b, ledger=ledger)
    services.ledger_run(ledger_id=ledger.pk)
    ledger.refresh_from_db()
    with pytest.raises(ValidationError):
        services.ledger_requeue(actor=world.contact_a, ledger=ledger)


def test_the_sweep_queues_lost_and_stalled_imports_again_and_fails_them_after_three_tries(
    world, django_capture_on_commit_callbacks
):
    from django.utils import translation

    upload = services.ledger_upload(
        actor=world.contact_a, enterprise=world.ent_a, upload=ledger_file(csv_bytes([pass_row(1)]))
    )
    with django_capture_on_commit_callbacks(execute=False):
        services.ledger_map(actor=world.contact_a, ledger=upload, columns=MAPPING)
    now = timezone.now()
    # just queued: its task may still come
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert services.ledger_sweep(now=now) == {"requeued": [], "failed": []}
    assert not sent
    later = now + services.ledger.REQUEUE_AFTER + datetime.timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=False) as sent:
        assert services.ledger_sweep(now=later) == {"requeued": [upload.pk], "failed": []}
    assert len(sent) == 1  # the task, sent once the sweep commits
    with django_capture_on_commit_callbacks(execute=False) as sent:  # not again at once
        assert services.ledger_sweep(now=later) == {"requeued": [], "failed": []}
    # a worker took it and died three times over
    LedgerImport.objects.filter(pk=upload.pk).update(
        status=ImportStatus.RUNNING, attempts=3, progress_at=now
    )
    stalled = now + services.ledger.STALLED_AFTER + datetime.timedelta(minutes=1)
    assert services.ledger_sweep(now=stalled) == {"requeued": [], "failed": [upload.pk]}
    upload.refresh_from_db()
    assert upload.status == ImportStatus.FAILED and upload.finished_at == stalled
    # stored untranslated, worded in the reader's language when shown
    assert upload.error.startswith("The import stopped three times")
    with translation.override("zh-hans"):
        assert "三次" in translation.gettext(upload.error)
    assert not GatePass.objects.filter(ledger=upload).exists()


def test_a_stalled_import_is_queued_again_and_runs(world, run_import):
    ledger = run_import(world.contact_a, world.ent_a, csv_bytes([pass_row(n) for n in range(3)]))
    old = timezone.now() - services.ledger.STALLED_AFTER - datetime.timedelta(minutes=5)
    LedgerImport.objects.filter(pk=ledger.pk).update(
        status=ImportStatus.RUNNING, progress_at=old, attempts=1
    )
    assert services.ledger_sweep()["requeued"] == [ledger.pk]
    again = services.ledger_run(ledger_id=ledger.pk)
    assert again.status == ImportStatus.DONE and again.rows_imported == 3 and again.attempts == 2
