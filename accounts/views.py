import logging
from datetime import timedelta

from axes.models import AccessAttempt
from axes.utils import reset
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _

import access
from core.params import parse_int
from enterprises import selectors as enterprise_selectors

from .forms import ProfileForm

log = logging.getLogger(__name__)


def home(request: HttpRequest) -> HttpResponse:
    """The start page: a contact's own enterprise, otherwise the overview of the user's scope
    against the city's targets."""
    user = request.user
    context: dict = {}
    if access.is_contact(user):
        # the city's targets say nothing about one plant: a contact sees their enterprise
        context["my_enterprise"] = user.enterprise
    else:
        context["overview"] = enterprise_selectors.capacity_overview(user=user)
    context["scope_label"] = (
        user.county.name if access.is_county_staff(user) and user.county else None
    )
    return render(request, "home.html", context)


def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            if user.language:  # the interface follows the chosen language from now on
                translation.activate(user.language)
            messages.success(request, _("Your settings were saved."))
            response = redirect("profile")
            if user.language:
                response.set_cookie(
                    settings.LANGUAGE_COOKIE_NAME,
                    user.language,
                    max_age=settings.LANGUAGE_COOKIE_AGE,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )


def lockouts(request: HttpRequest) -> HttpResponse:
    """The office's list of locked sign-ins (user name and address), each with "unlock"."""
    if not access.can_manage_sign_ins(request.user):
        raise PermissionDenied
    if request.method == "POST":
        attempt = AccessAttempt.objects.filter(pk=parse_int(request.POST.get("id"))).first()
        if attempt is not None:
            reset(username=attempt.username, ip=attempt.ip_address)
            log.warning(
                "%s unlocked sign-in of %r at %s",
                request.user,
                attempt.username,
                attempt.ip_address,
            )
            messages.success(
                request,
                _("Sign-in unlocked for %(name)s at %(address)s.")
                % {"name": attempt.username, "address": attempt.ip_address},
            )
        return redirect("lockouts")
    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    locked = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).order_by("-attempt_time")[:200]
    return render(request, "accounts/lockouts.html", {"locked": locked})
