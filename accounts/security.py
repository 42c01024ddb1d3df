"""Sign-in protection: the client's address (trusting only the configured proxies), a limit on
sign-in attempts per address that answers before any password is hashed, and the user name
django-axes records (bounded, printable).

Policy (settings, see README "Security and reliability"):
- ``SIGNIN_ATTEMPTS_PER_MINUTE`` POSTs to the sign-in page per address and minute, and
  ``SIGNIN_ATTEMPTS_PER_HOUR`` per hour, across all user names; beyond that a 429 page, without
  touching the user table or the password hasher.
- django-axes locks a user name at one address after ``AXES_FAILURE_LIMIT`` failures for
  ``AXES_COOLOFF_TIME`` hours; failures during the lock do not extend it; the office can lift a
  lock on the "Locked sign-ins" page.
- ``TRUSTED_PROXY_COUNT`` (default 0): how many proxies in front of the portal append to
  X-Forwarded-For. With 0 the address is the socket's peer and the header is ignored, so a
  client cannot choose the address it is counted under.
"""

from __future__ import annotations

import ipaddress
import time
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

USERNAME_MAX = 150


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: the peer, or the address the N-th trusted proxy saw (None when
    there is no valid one)."""
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    remote = _valid(request.META.get("REMOTE_ADDR") or "")
    if proxies <= 0:
        return remote
    forwarded = [a for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    # each trusted proxy appended the address it received from; the last N are theirs
    if len(forwarded) >= proxies:
        return _valid(forwarded[-proxies]) or remote
    return remote


def axes_client_ip(request: HttpRequest) -> str | None:
    return client_ip(request)


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The user name axes counts failures under: printable, at most 150 characters."""
    raw = ""
    if credentials:
        raw = credentials.get("username") or ""
    elif request is not None and request.method == "POST":
        raw = request.POST.get("username", "")
    return "".join(ch for ch in str(raw) if ch.isprintable())[:USERNAME_MAX]


def _over_limit(ip: str) -> bool:
    now = int(time.time())
    limits = (
        ("m", 60, int(getattr(settings, "SIGNIN_ATTEMPTS_PER_MINUTE", 20))),
        ("h", 3600, int(getattr(settings, "SIGNIN_ATTEMPTS_PER_HOUR", 200))),
    )
    over = False
    for name, seconds, limit in limits:
        key = f"signin:{name}:{ip}:{now // seconds}"
        if cache.add(key, 1, timeout=seconds + 5):
            count = 1
        else:
            try:
                count = cache.incr(key)
            except ValueError:  # expired between add and incr
                cache.set(key, 1, timeout=seconds + 5)
                count = 1
        over = over or count > limit
    return over


class SignInThrottleMiddleware:
    """Refuse sign-in (and password-reset) POSTs from an address over its limit before
    authentication runs or a mail is queued."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            request.method == "POST"
            and request.path in (reverse("login"), reverse("password_reset"))
            and _over_limit(client_ip(request) or "unknown")
        ):
            return render(request, "registration/throttled.html", status=429)
        return self.get_response(request)
