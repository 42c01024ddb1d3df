"""The public pages of "double random, one public" (no sign-in): the published draw results
and inspection outcomes, and their export in the fields of the national enterprise credit
information publicity system. Rate-limited per client address; bilingual like every page."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

import access
from accounts.security import client_ip
from exports import services as export_services
from exports.tabular import Column, Table

from . import disclosure


def per_minute() -> int:
    return int(getattr(settings, "PUBLIC_REQUESTS_PER_MINUTE", 60))


def rate_limited(view: Callable) -> Callable:
    """At most ``PUBLIC_REQUESTS_PER_MINUTE`` (default 60) requests a minute per client
    address across the public pages for visitors who are not signed in (the portal's own
    users are accountable and the office works from this page); beyond that a 429 page with
    Retry-After."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if access.is_authenticated(request.user):
            return view(request, *args, **kwargs)
        ip = client_ip(request) or "unknown"
        key = f"public:{ip}:{int(time.time()) // 60}"
        if cache.add(key, 1, timeout=65):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:
                cache.set(key, 1, timeout=65)
                count = 1
        if count > per_minute():
            response = render(request, "dashboards/public/throttled.html", status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapped


def _ule_list_url() -> str | None:
    try:
        return reverse("public_ule:list")
    except NoReverseMatch:
        return None


@login_not_required
@rate_limited
def inspections(request: HttpRequest) -> HttpResponse:
    data = disclosure.public_disclosure()
    return render(
        request,
        "dashboards/public/inspections.html",
        {
            "d": data,
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
    rows = [r for r in data.rows if r.disclosed]
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
