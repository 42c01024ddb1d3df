"""The rate limit of the pages open without sign-in (the public ULE list, the published
inspection results): at most ``PUBLIC_REQUESTS_PER_MINUTE`` (default 60) requests a minute per
client address across all of them, for visitors who are not signed in (the portal's own users
are accountable and work from these pages); beyond that a 429 page with Retry-After."""

from __future__ import annotations

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from accounts.security import client_ip


def per_minute() -> int:
    return int(getattr(settings, "PUBLIC_REQUESTS_PER_MINUTE", 60))


def rate_limited(view: Callable) -> Callable:
    """Decorate a public view with the shared per-address limit."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
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
            response = render(request, "public_throttled.html", status=429)
            response["Retry-After"] = "60"
            return response
        return view(request, *args, **kwargs)

    return wrapped
