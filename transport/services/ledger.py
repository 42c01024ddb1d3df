"""Gate e-ledger imports: upload (the file is kept, its header read), the column mapping
(remembered per enterprise), and the background import itself.

The import streams the file and writes in batches of ``BATCH`` rows, each batch committed so
the progress bar moves. Its passes count for nothing until the import is done (selectors read
passes of finished imports only) and a failed import removes what it wrote, so a file is never
half-imported. Passes are unique by (enterprise, plate, direction, time): re-importing the same
file, or an overlapping one, adds nothing twice."""

from __future__ import annotations

import csv
import hashlib
import logging
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

import access
from accounts.models import User
from core.files import atomic_with_files
from enterprises.models import Enterprise

from ..ledger import (
    REQUIRED,
    ParsedPass,
    RowError,
    count_rows,
    is_excel,
    iter_rows,
    parse_row,
    read_headers,
)
from ..misses import refresh_after_import
from ..models import GatePass, ImportStatus, LedgerImport, LedgerMapping, RejectedRow

log = logging.getLogger(__name__)
BATCH = 5000
MAX_REJECTIONS_KEPT = 10_000
# A queued import whose task has not started after this long is queued again (its message was
# lost: the broker was down when the mapping was saved); a running one that has not moved for
# STALLED_AFTER lost its worker. After MAX_ATTEMPTS the import fails with a message.
REQUEUE_AFTER = timedelta(minutes=10)
STALLED_AFTER = timedelta(minutes=30)
MAX_ATTEMPTS = 3
ACCEPTED_SUFFIXES = (".csv", ".txt", ".xlsx")


def max_ledger_bytes() -> int:
    return int(getattr(settings, "LEDGER_MAX_BYTES", 100 * 1024 * 1024))


def ledger_upload(*, actor: User, enterprise: Enterprise, upload: UploadedFile) -> LedgerImport:
    """Keep an uploaded ledger file and read its header row; the import waits for the
    column mapping."""
    if not access.can_edit_transport(actor, enterprise):
        raise PermissionDenied
    name = (upload.name or "ledger.csv")[:200]
    if not name.lower().endswith(ACCEPTED_SUFFIXES):
        raise ValidationError(
            {"file": _("Upload the gate system's export as CSV or Excel (.xlsx).")}
        )
    if not upload.size:
        raise ValidationError({"file": _("The file is empty.")})
    if upload.size > max_ledger_bytes():
        raise ValidationError(
            {
                "file": _("The file is larger than %(max)s; split it by month.")
                % {"max": filesizeformat(max_ledger_bytes())}
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    try:
        headers = read_headers(upload, name)
    except Exception:  # openpyxl and csv raise many kinds on a damaged file
        log.info("unreadable ledger header", exc_info=True)
        headers = []
    if len([h for h in headers if h]) < len(REQUIRED):
        raise ValidationError(
            {
                "file": _(
                    "The first row of the file must name its columns (plate, direction, time "
                    "and so on); this file has no such row or cannot be read."
                )
            }
        )
    upload.seek(0)
    with atomic_with_files() as files:
        ledger = LedgerImport(
            enterprise=enterprise,
            original_name=name,
            size=upload.size,
            sha256=digest.hexdigest(),
            headers=headers,
            uploaded_by=actor,
        )
        suffix = ".xlsx" if is_excel(name) else ".csv"
        files.save(ledger.file, f"ledger{suffix}", upload)
        ledger.save()
    return ledger


def ledger_map(*, actor: User, ledger: LedgerImport, columns: dict[str, str]) -> LedgerImport:
    """Confirm the column mapping, remember it for the enterprise and queue the import."""

    if not access.can_edit_transport(actor, ledger.enterprise):
        raise PermissionDenied
    columns = {f: h for f, h in columns.items() if h}
    missing = [f for f in REQUIRED if f not in columns]
    if missing:
        raise ValidationError({f: _("Choose the column holding this.") for f in missing})
    unknown = [h for h in columns.values() if h not in ledger.headers]
    if unknown:
        raise ValidationError(_("The file has no column “%(name)s”.") % {"name": unknown[0]})
    if len(set(columns.values())) != len(columns):
        raise ValidationError(_("Each column can hold one field only."))
    with transaction.atomic():
        ledger = LedgerImport.objects.select_for_update().get(pk=ledger.pk)
        if ledger.status != ImportStatus.MAPPING:
            raise ValidationError(_("This file is already being imported."))
        ledger.columns = columns
        ledger.status = ImportStatus.QUEUED
        ledger.save(update_fields=["columns", "status"])
        LedgerMapping.objects.update_or_create(
            enterprise=ledger.enterprise, defaults={"columns": columns}
        )
        # after the commit; a broker outage must not turn the saved mapping into an error page
        # (the import then waits as "queued" and is queued again from its page)
        _enqueue_on_commit(ledger.pk)
    return ledger


def _enqueue_on_commit(ledger_id: int) -> None:
    """Send the import task once the transaction commits; a broker outage is logged (Django's
    robust on_commit) and leaves the import queued, never an error for the user."""
    from ..tasks import run_ledger_import

    def enqueue_ledger_import() -> None:
        run_ledger_import.delay(ledger_id)

    transaction.on_commit(enqueue_ledger_import, robust=True)


def ledger_requeue(*, actor: User, ledger: LedgerImport) -> LedgerImport:
    """Queue a mapped import again (its message was lost, e.g. the broker was down)."""

    if not access.can_edit_transport(actor, ledger.enterprise):
        raise PermissionDenied
    if ledger.status != ImportStatus.QUEUED:
        raise ValidationError(_("Only an import waiting in the queue can be queued again."))
    _enqueue_on_commit(ledger.pk)
    return ledger


def _rows(ledger: LedgerImport) -> Iterator[tuple[int, dict[str, Any] | None, list[Any]]]:
    """(line number, field -> value, raw cells) per data row; a blank row gives None."""
    index = {h: i for i, h in enumerate(ledger.headers)}
    wanted = {field: index[h] for field, h in ledger.columns.items() if h in index}
    with ledger.file.open("rb") as binary:
        rows = iter_rows(binary, ledger.original_name)
        try:
            next(rows, None)  # the header
            for line, cells in enumerate(rows, start=2):
                if not any(c not in (None, "") for c in cells):
                    yield line, None, cells
                    continue
                values = {f: cells[i] if i < len(cells) else None for f, i in wanted.items()}
                yield line, values, cells
        finally:
            rows.close()


PASS_COLUMNS = (
    "enterprise_id", "ledger_id", "gate", "plate", "plate_colour", "vin", "vehicle_type", "fuel",
    "stage", "direction", "passed_at", "cargo", "cargo_class", "tonnage",
)  # fmt: skip


def _insert_passes(rows: list[tuple]) -> None:
    """Insert passes, skipping those already stored (the natural key's unique constraint):
    one prepared statement executed for the batch, on PostgreSQL and SQLite alike. Django's
    bulk_create spends most of its time preparing each value; this adapts only the two
    columns that need it."""
    if not rows:
        return
    table = connection.ops.quote_name(GatePass._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in PASS_COLUMNS)
    marks = ", ".join(["%s"] * len(PASS_COLUMNS))
    sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _row(ledger: LedgerImport, p: ParsedPass) -> tuple:
    ops = connection.ops
    return (
        ledger.enterprise_id, ledger.pk, p.gate, p.plate, p.plate_colour, p.vin, p.vehicle_type,
        p.fuel, p.stage, p.direction, ops.adapt_datetimefield_value(p.passed_at), p.cargo,
        p.cargo_class, None if p.tonnage is None else ops.adapt_decimalfield_value(p.tonnage, 9, 2),
    )  # fmt: skip


def _flush(
    ledger: LedgerImport, passes: list[tuple], rejected: list[RejectedRow], read: int
) -> None:
    with transaction.atomic():
        _insert_passes(passes)
        kept = max(0, MAX_REJECTIONS_KEPT - ledger.rows_rejected)
        RejectedRow.objects.bulk_create(rejected[:kept], batch_size=BATCH)
        ledger.rows_read = read
        ledger.rows_rejected += len(rejected)
        LedgerImport.objects.filter(pk=ledger.pk).update(
            rows_read=ledger.rows_read,
            rows_rejected=ledger.rows_rejected,
            progress_at=timezone.now(),
        )


def _clear(ledger: LedgerImport) -> None:
    """Remove what an earlier, interrupted run of this import wrote."""
    while True:
        ids = list(GatePass.objects.filter(ledger=ledger).values_list("pk", flat=True)[:BATCH])
        if not ids:
            break
        GatePass.objects.filter(pk__in=ids).delete()
    RejectedRow.objects.filter(ledger=ledger).delete()


def _claim(ledger: LedgerImport) -> bool:
    """Take the import for this run: a queued one, or a running one whose worker stopped
    moving it (a task delivered twice never runs twice at once)."""
    now = timezone.now()
    claimed = (
        LedgerImport.objects.filter(pk=ledger.pk)
        .filter(
            Q(status=ImportStatus.QUEUED)
            | Q(status=ImportStatus.RUNNING, progress_at__lt=now - STALLED_AFTER)
            | Q(status=ImportStatus.RUNNING, progress_at__isnull=True)
        )
        .update(status=ImportStatus.RUNNING, progress_at=now, attempts=F("attempts") + 1)
    )
    if claimed:
        ledger.status, ledger.progress_at = ImportStatus.RUNNING, now
        ledger.attempts += 1
    return bool(claimed)


def ledger_sweep(*, now: datetime | None = None) -> dict[str, list[int]]:
    """The beat's safety net for imports: queue again those whose task never started or whose
    worker stopped (after ``MAX_ATTEMPTS`` runs they fail, and their uploader sees why). Returns
    the ids queued again and failed."""
    now = now or timezone.now()
    waiting = Q(status=ImportStatus.QUEUED) & (
        Q(progress_at__lt=now - REQUEUE_AFTER)
        | Q(progress_at__isnull=True, uploaded_at__lt=now - REQUEUE_AFTER)
    )
    stalled = Q(status=ImportStatus.RUNNING) & (
        Q(progress_at__lt=now - STALLED_AFTER) | Q(progress_at__isnull=True)
    )
    requeued: list[int] = []
    failed: list[int] = []
    with transaction.atomic():
        rows = list(
            LedgerImport.objects.select_for_update(skip_locked=True)
            .filter(waiting | stalled)
            .only("pk", "attempts", "status")
        )
        for ledger in rows:
            (failed if ledger.attempts >= MAX_ATTEMPTS else requeued).append(ledger.pk)
        if failed:
            for ledger_id in failed:
                _clear(LedgerImport(pk=ledger_id))
            LedgerImport.objects.filter(pk__in=failed).update(
                status=ImportStatus.FAILED,
                # stored in English; the page shows it in the reader's language
                error=STALLED_ERROR,
                finished_at=now,
            )
        if requeued:
            # back in the queue (a stalled run included), dated now: sent once per wait
            LedgerImport.objects.filter(pk__in=requeued).update(
                status=ImportStatus.QUEUED, progress_at=now
            )
            for ledger_id in requeued:
                _enqueue_on_commit(ledger_id)
    return {"requeued": requeued, "failed": failed}


STALLED_ERROR = gettext_noop(
    "The import stopped three times without finishing (the worker was interrupted); nothing "
    "of it was imported. Upload the file again, or ask the bureau if it keeps happening."
)


def ledger_run(*, ledger_id: int) -> LedgerImport | None:
    """Import a mapped ledger (called by the task). Idempotent: a finished import is left as
    it is; an interrupted one starts again from a clean slate."""
    ledger = LedgerImport.objects.select_related("enterprise").filter(pk=ledger_id).first()
    if ledger is None or not _claim(ledger):
        return ledger
    _clear(ledger)
    with ledger.file.open("rb") as binary:
        total = count_rows(binary, ledger.original_name)
    ledger.status, ledger.rows_total = ImportStatus.RUNNING, total
    ledger.progress_at = timezone.now()
    ledger.rows_read = ledger.rows_rejected = ledger.rows_imported = ledger.rows_duplicate = 0
    ledger.error = ""
    ledger.save()
    good = 0
    read = 0
    passes: list[tuple] = []
    rejected: list[RejectedRow] = []
    try:
        for line, values, cells in _rows(ledger):
            read += 1
            if values is None:
                continue
            try:
                parsed = parse_row(values)
            except RowError as exc:
                content = ",".join("" if c is None else str(c) for c in cells)
                rejected.append(
                    RejectedRow(
                        ledger=ledger,
                        line=line,
                        reason=exc.reason[:300],
                        params=exc.params,
                        content=content.replace("\x00", "")[:300],
                    )
                )
            else:
                good += 1
                passes.append(_row(ledger, parsed))
            if len(passes) >= BATCH or len(rejected) >= BATCH:
                _flush(ledger, passes, rejected, read)
                passes, rejected = [], []
        _flush(ledger, passes, rejected, read)
    except (csv.Error, OSError, ValueError, KeyError, TypeError) as exc:
        log.warning("ledger %s failed", ledger.pk, exc_info=True)
        _clear(ledger)
        LedgerImport.objects.filter(pk=ledger.pk).update(
            status=ImportStatus.FAILED,
            error=_(
                "The file could not be read after line %(line)s (%(error)s); nothing of it "
                "was imported."
            )
            % {"line": read + 1, "error": str(exc)[:200]},
            finished_at=timezone.now(),
        )
        ledger.refresh_from_db()
        return ledger
    imported = GatePass.objects.filter(ledger=ledger).count()
    # done and judged together: if judging fails the import stays running, and the sweep
    # runs it again, rather than a done import whose misses the queue never sees
    with transaction.atomic():
        LedgerImport.objects.filter(pk=ledger.pk).update(
            status=ImportStatus.DONE,
            rows_read=read,
            rows_imported=imported,
            rows_duplicate=good - imported,
            finished_at=timezone.now(),
        )
        refresh_after_import(ledger.pk, ledger.enterprise_id)  # the vehicle queue's misses
    ledger.refresh_from_db()
    return ledger
