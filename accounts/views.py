from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from enterprises import selectors as enterprise_selectors

from . import access
from .forms import ProfileForm


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
            form.save()
            messages.success(request, _("Your settings were saved."))
            return redirect("profile")
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request, "accounts/profile.html", {"form": form}, status=400 if form.errors else 200
    )
