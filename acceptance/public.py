"""The public pages of the ULE list (no sign-in): which enterprises are on the dynamic ULE list,
in which status, and every change of it, as a citizen or a journalist reads them. Public fields
only: no contact, no evidence, no bureau comment (the history shows the revocation reason's
category, not the bureau's own words). Rate-limited with the other public pages (``core.throttle``)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from core.http import page_of
from core.throttle import rate_limited

from . import selectors
from .models import ListStatus

PAGE_SIZE = 50


@login_not_required
@rate_limited
def ule_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    if status not in ListStatus.values:
        status = ""
    page, query = page_of(request, selectors.public_list(status=status), PAGE_SIZE)
    return render(
        request,
        "acceptance/public/ule_list.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": ListStatus.choices,
            "as_of": timezone.localdate(),
        },
    )


@login_not_required
@rate_limited
def ule_changes(request: HttpRequest) -> HttpResponse:
    page, query = page_of(request, selectors.public_changes(), PAGE_SIZE)
    return render(
        request,
        "acceptance/public/ule_changes.html",
        {"page": page, "query": query, "as_of": timezone.localdate()},
    )
