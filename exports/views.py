"""Exports of the portal's lists: ``/exports/<list>.<xlsx|csv>?<the list's own filters>``."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

import access

from . import lists, services
from .models import ExportJob


def export(request: HttpRequest, name: str, fmt: str) -> HttpResponse:
    if fmt not in services.CONTENT_TYPES:
        raise Http404
    table = lists.build(name, user=request.user, params=request.GET)
    if table.size() > services.sync_limit():
        job = services.export_start(actor=request.user, name=name, fmt=fmt, params=request.GET)
        return redirect(job)
    response = HttpResponse(services.render(table, fmt), content_type=services.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{services.filename(name, fmt)}"'
    response["Cache-Control"] = "private, no-store"
    return response


def job(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.access_export_job(request.user, pk)
    template = "exports/_progress.html" if request.htmx else "exports/job.html"
    return render(request, template, {"job": job})


def download(request: HttpRequest, pk: int) -> HttpResponse:
    job = access.access_export_job(request.user, pk)
    if job.status != ExportJob.Status.DONE or not job.file:
        return redirect(job)
    response = FileResponse(
        job.file.open("rb"),
        as_attachment=True,
        filename=services.filename(job.list_name, job.fmt),
        content_type=services.CONTENT_TYPES[job.fmt],
    )
    response["Cache-Control"] = "private, no-store"
    return response
