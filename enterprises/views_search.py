"""The navbar search and the enterprise picker's search-as-you-type endpoint, both within the
user's access (``enterprises.search``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from . import search as finder


def search(request: HttpRequest) -> HttpResponse:
    results = finder.search(user=request.user, q=request.GET.get("q"))
    return render(request, "enterprises/search.html", {"results": results})


def pick(request: HttpRequest) -> JsonResponse:
    """``?q=``: up to 20 visible enterprises matching, as ``{"results": [{"id", "text",
    "detail"}]}`` for the combobox (static/js/combobox.js)."""
    rows = finder.enterprises_matching(user=request.user, q=request.GET.get("q"))
    return JsonResponse(
        {
            "results": [
                {"id": e.pk, "text": e.name, "detail": f"{e.county.name} · {e.credit_code}"}
                for e in rows
            ]
        }
    )
