"""Lists remember their filters (issue 12): the query string of the last time a person opened a
list is kept per list, and breadcrumbs and "back" links to the list use it
(``{% load sorting %}{% list_url "enterprises:list" %}``), so coming back from a detail page
shows the list as it was left.

``ListMemoryMiddleware`` keeps the query string of every successful GET of a list named in
``LISTS`` (htmx requests too: the filters push their address) in a signed cookie, one entry per
list: the person's own view state, like the session's but without a database write on every
change of filter (list pages keep their fixed query counts). Nothing else is stored, and a
cookie that does not verify is ignored.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

COOKIE = "list_queries"
SALT = "core.list_memory"
MAX_QUERY = 500  # longer query strings are not remembered (a hostile or accidental monster)
MAX_AGE = 30 * 24 * 3600

# The lists whose filters are remembered (URL names).
LISTS = frozenset(
    {
        "enterprises:list",
        "retrofits:project_list",
        "retrofits:reports",
        "retrofits:postponements",
        "inspections:list",
        "inspections:plan_list",
        "inspections:draw_list",
        "acceptance:claims",
        "acceptance:evaluations",
        "acceptance:listing",
        "monitoring:flags",
        "dashboards:orders",
        "notifications:inbox",
    }
)


def _signer(request: HttpRequest) -> signing.Signer:
    """Signed for the signed-in person: on a shared device, the next person's pages never
    take up the filters (search words included) of the one before."""
    user = getattr(request, "user", None)
    who = user.pk if user is not None and user.is_authenticated else "anonymous"
    return signing.get_cookie_signer(salt=f"{SALT}:{who}")


def remembered(request: HttpRequest | None) -> dict[str, str]:
    """The remembered query string of each list (empty when none or the cookie is not ours)."""
    raw = getattr(request, "COOKIES", {}).get(COOKIE) if request is not None else None
    if not raw:
        return {}
    try:
        data = json.loads(_signer(request).unsign(raw))
    except (signing.BadSignature, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {k: v for k, v in data.items() if k in LISTS and isinstance(v, str)}


class ListMemoryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method == "GET"
            and response.status_code == 200
            and match is not None
            and match.view_name in LISTS
            and getattr(request, "user", None) is not None
            and request.user.is_authenticated
        ):
            query = request.GET.copy()
            query.pop("page", None)
            encoded = query.urlencode()
            stored = remembered(request)
            if len(encoded) <= MAX_QUERY and stored.get(match.view_name, "") != encoded:
                stored[match.view_name] = encoded
                value = _signer(request).sign(
                    json.dumps({k: v for k, v in stored.items() if v}, separators=(",", ":"))
                )
                response.set_cookie(
                    COOKIE,
                    value,
                    max_age=MAX_AGE,
                    httponly=True,
                    samesite="Lax",
                    secure=settings.SESSION_COOKIE_SECURE,
                )
        return response


def remembered_url(request: HttpRequest | None, name: str) -> str:
    """The list's address with the query string it was last opened with (if any)."""
    url = reverse(name)
    query = remembered(request).get(name, "")
    return f"{url}?{query}" if query else url
