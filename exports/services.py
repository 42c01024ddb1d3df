"""Writes of the exports app: the file of an export, now or in the background."""

from __future__ import annotations

import io
import tempfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone, translation

from accounts.models import User

from . import lists
from .models import ExportJob
from .tabular import Table, write_csv, write_xlsx

CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}


def sync_limit() -> int:
    """Lists longer than this are written by the worker (``EXPORT_SYNC_MAX_ROWS``)."""
    return int(getattr(settings, "EXPORT_SYNC_MAX_ROWS", 2000))


def render(table: Table, fmt: str, progress=None) -> bytes:
    if fmt == "xlsx":
        buf = io.BytesIO()
        write_xlsx(table, buf, progress)
        return buf.getvalue()
    text = io.StringIO()
    write_csv(table, text, progress)
    return text.getvalue().encode("utf-8")


def filename(name: str, fmt: str) -> str:
    return f"{name}-{timezone.localdate():%Y%m%d}.{fmt}"


def export_start(*, actor: User, name: str, fmt: str, params: QueryDict) -> ExportJob:
    """Record a background export and hand it to the worker once the row is committed."""
    from .tasks import run_export

    query = params.copy()
    query.pop("page", None)
    with transaction.atomic():
        job = ExportJob.objects.create(
            requested_by=actor,
            list_name=name,
            fmt=fmt,
            query=query.urlencode(),
            language=translation.get_language() or settings.LANGUAGE_CODE,
        )
        run_export.delay_on_commit(job.pk)
    return job


def export_run(*, job_id: int) -> ExportJob:
    """Write the file of a background export (idempotent: a finished job is left alone)."""
    job = ExportJob.objects.select_related("requested_by").get(pk=job_id)
    if job.is_finished:
        return job
    with translation.override(job.language):
        table = lists.build(job.list_name, user=job.requested_by, params=QueryDict(job.query))
        total = table.size()
        ExportJob.objects.filter(pk=job.pk).update(status=ExportJob.Status.RUNNING, total=total)

        def progress(n: int) -> None:
            ExportJob.objects.filter(pk=job.pk).update(done=n)

        try:
            data = render(table, job.fmt, progress)
        except Exception:
            ExportJob.objects.filter(pk=job.pk).update(
                status=ExportJob.Status.FAILED, finished_at=timezone.now()
            )
            raise
    with tempfile.TemporaryFile() as tmp:
        tmp.write(data)
        tmp.seek(0)
        job.file.save(filename(job.list_name, job.fmt), File(tmp), save=False)
    job.status = ExportJob.Status.DONE
    job.done = job.total = total
    job.finished_at = timezone.now()
    job.save(update_fields=["file", "status", "done", "total", "finished_at"])
    return job
