"""Request-level protections that hold for every page.

- ``RequestSizeLimitMiddleware``: a request declaring a body larger than ``MAX_REQUEST_BYTES`` is
  answered 413 before anything reads it (Django would read a whole multipart body to disk
  before any form could look at a file's size). The TLS proxy should cap bodies too
  (nginx ``client_max_body_size``); this is the portal's own cap.
- ``SecurityHeadersMiddleware``: a Content-Security-Policy on every page (scripts only from the
  portal's own static files; styles may be inline for Bootstrap's style attributes), and
  ``Cache-Control: no-store`` on every page shown to a signed-in person, so that a shared
  computer's back button or a proxy never shows one person's data to the next.
- ``UploadRedirectMiddleware``: a form sent with its upload progress shown gets its redirect
  as JSON, which the page follows itself.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
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


UPLOAD_HEADER = "X-Portal-Upload"


class UploadRedirectMiddleware:
    """A form sent with files by ``static/js/uploads.js`` (an XMLHttpRequest, for its progress
    bar) carries ``X-Portal-Upload: 1``. A redirect answer to it becomes ``{"redirect": url}``
    (200), so that the page goes there itself: an XMLHttpRequest would follow the redirect
    silently and use up the messages meant for the next page. Innermost middleware, so that
    the session and the messages are saved on the answer the browser gets."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get(UPLOAD_HEADER) == "1" and response.status_code in (301, 302, 303):
            location = response["Location"]
            answer = JsonResponse({"redirect": location})
            answer.cookies = response.cookies
            return answer
        return response
