"""Request-level protections that hold for every page.

- ``RequestSizeLimitMiddleware``: a request declaring a body larger than ``MAX_REQUEST_BYTES`` is
  answered 413 before anything reads it (Django would read a whole multipart body to disk
  before any form could look at a file's size). The TLS proxy should cap bodies too
  (nginx ``client_max_body_size``); this is the portal's own cap.
- ``SecurityHeadersMiddleware``: a Content-Security-Policy on every page (scripts only from the
  portal's own static files; styles may be inline for Bootstrap's style attributes), and
  ``Cache-Control: no-store`` on every page shown to a signed-in person, so that a shared
  computer's back button or a proxy never shows one person's data to the next.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        limit = int(getattr(settings, "MAX_REQUEST_BYTES", 0))
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            from django.template.defaultfilters import filesizeformat

            body = render_to_string("413.html", {"limit": filesizeformat(limit)}, request=None)
            response = HttpResponse(body, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Content-Security-Policy", CSP)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response:
            add_never_cache_headers(response)
            response["Cache-Control"] += ", private"
        return response
