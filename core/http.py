"""HTTP helpers shared by the apps: the one response for private files, safe redirects."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme

from .models import StoredFile

INLINE_TYPES = ("image/jpeg", "image/png", "image/webp", "application/pdf")


def private_file_response(stored: StoredFile) -> FileResponse:
    """Serve a stored file that the caller has already checked access to. Photos and PDFs open
    in the browser, anything else downloads; the browser must not sniff another type, cache
    it or run anything in it."""
    try:
        handle = stored.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=stored.content_type,
        as_attachment=stored.content_type not in INLINE_TYPES,
        filename=stored.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    # no scripts, frames or fetches; "sandbox" is left out because it stops Chromium's PDF viewer
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'self'"
    )
    return response


def safe_next(request: HttpRequest, default: str) -> str:
    """The ``next`` parameter when it is a path on this site, else ``default`` (a bare word, a
    control character or an overlong value is ignored, never a server error)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and len(target) <= 2000
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def page_of(request: HttpRequest, queryset, per_page: int = 25) -> tuple[Page, str]:
    """The page of ``queryset`` that ``?page=`` asks for (the last one when past the end), and
    the request's other query parameters, encoded, for the links to the other pages."""
    page = Paginator(queryset, per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()
