"""The public pages of "double random, one public" (no sign-in): the published draw results
and inspection outcomes, and their export in the fields of the national enterprise credit
information publicity system. Rate-limited per client address (``core.throttle``); bilingual like every page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import access
from core.http import page_of
from core.throttle import rate_limited
from exports import services as export_services
from exports.tabular import Column, Table

from . import disclosure

PAGE_SIZE = 25


def _ule_list_url() -> str | None:
    try:
        return reverse("public_ule:list")
    except NoReverseMatch:
        return None


@login_not_required
@rate_limited
def inspections(request: HttpRequest) -> HttpResponse:
    data = disclosure.public_disclosure()
    page, query = page_of(request, data.targets, PAGE_SIZE)
    data.read(page.object_list)
    return render(
        request,
        "dashboards/public/inspections.html",
        {
            "d": data,
            "page": page,
            "query": query,
            "show_clock": access.can_see_disclosure_clock(request.user),
            "ule_list_url": _ule_list_url(),
        },
    )


def result_text(row: disclosure.PublicRow) -> str:
    if row.inspection is None:
        return _("not yet disclosed")
    n = row.inspection.finding_count
    if not n:
        return _("no problem found")
    return _("%(n)s problems found, rectification ordered") % {"n": n}


@login_not_required
@rate_limited
def inspections_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The disclosed results in the national credit publicity fields: enterprise, credit
    code, inspecting authority, check type, date, result."""
    if fmt not in export_services.CONTENT_TYPES:
        raise Http404
    data = disclosure.public_disclosure()
    rows = data.read(data.disclosed_targets())
    check_type = _("Double-random spot check")
    table = Table(
        "double-random-results",
        gettext_lazy("Spot-check results"),
        [
            Column(gettext_lazy("Enterprise name"), lambda r: r.target.enterprise.name_zh, 36),
            Column(
                gettext_lazy("Unified social credit code"),
                lambda r: r.target.enterprise.credit_code,
                22,
            ),
            Column(gettext_lazy("Inspecting authority"), lambda r: data.authority, 28),
            Column(gettext_lazy("Check type"), lambda r: check_type, 16),
            Column(
                gettext_lazy("Check date"),
                lambda r: timezone.localtime(r.inspection.started_at).date(),
                12,
            ),
            Column(gettext_lazy("Check result"), result_text, 30),
        ],
        rows,
    )
    response = HttpResponse(
        export_services.render(table, fmt), content_type=export_services.CONTENT_TYPES[fmt]
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{export_services.filename("double-random-results", fmt)}"'
    )
    return response
