"""Pages of the operations app: opening rates with the campaign windows, a unit's status
history with the report and verify actions, campaigns with the lines that ran on a stop day,
and the provincial rates entry."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.forms import refused, save_form
from core.params import parse_int

from . import selectors, services
from .forms import CampaignForm, RateForm, StatusForm
from .models import Campaign


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    year = parse_int(request.GET.get("year"), minimum=2000)
    return year if year is not None and year <= this_year else this_year


def index(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    counties = list(access.visible_counties(request.user).order_by("code"))
    county_id = parse_int(request.GET.get("county"))
    if county_id not in {c.pk for c in counties}:
        county_id = None
    weeks = selectors.weekly_rates(user=request.user, year=year, county_id=county_id)
    campaigns = list(selectors.campaigns(year=year))
    chart = {
        "weeks": [w.start.isoformat() for w in weeks],
        "lines": [float(w.lines_rate) if w.lines_rate is not None else None for w in weeks],
        "capacity": [
            float(w.capacity_rate) if w.capacity_rate is not None else None for w in weeks
        ],
        "windows": [[c.name, c.start.isoformat(), c.end.isoformat()] for c in campaigns],
        "labels": {
            "lines": _("Kiln lines running (%)"),
            "capacity": _("Clinker capacity running (%)"),
            "window": _("Peak-shifting window"),
        },
    }
    return render(
        request,
        "operations/index.html",
        {
            "year": year,
            "counties": counties,
            "county_id": county_id,
            "weeks": weeks,
            "chart": chart,
            "campaigns": campaigns,
            "units": selectors.units(user=request.user, county_id=county_id),
            "rates": selectors.provincial_rates(),
            "can_manage": access.can_manage_campaigns(request.user),
            "can_enter_rates": access.can_enter_provincial_rates(request.user),
        },
    )


def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    unit = access.access_unit(request.user, pk)
    can_report = access.can_report_status(request.user, unit.enterprise)
    form = StatusForm(request.POST or None) if can_report else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        saved = save_form(
            form,
            lambda data: services.status_report(
                actor=request.user,
                unit=unit,
                status=data["status"],
                start=data["start"],
                end=data["end"],
                note=data["note"],
            ),
        )
        if saved:
            messages.success(request, _("Status recorded."))
            return redirect("operations:unit", pk=unit.pk)
    history = list(selectors.unit_history(unit=unit))
    return render(
        request,
        "operations/unit_detail.html",
        {
            "unit": unit,
            "form": form,
            "history": [(iv, access.can_verify_status(request.user, iv)) for iv in history],
        },
        status=refused(request) if form is not None and form.errors else 200,
    )


@require_POST
def interval_verify(request: HttpRequest, pk: int) -> HttpResponse:
    interval = access.access_interval(request.user, pk, verify=True)
    services.status_verify(actor=request.user, interval=interval)
    messages.success(request, _("Status verified."))
    return redirect("operations:unit", pk=interval.unit_id)


def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(Campaign, pk=pk)
    verdicts = selectors.campaign_verdicts(user=request.user, campaign=campaign)
    return render(
        request,
        "operations/campaign_detail.html",
        {
            "campaign": campaign,
            "verdicts": verdicts,
            "violations": sum(1 for v in verdicts if v.violates),
            "can_manage": access.can_manage_campaigns(request.user),
        },
    )


def campaign_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not access.can_manage_campaigns(request.user):
        raise PermissionDenied
    campaign = get_object_or_404(Campaign, pk=pk) if pk else None
    form = CampaignForm(request.POST or None, instance=campaign)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.campaign_save(
                actor=request.user,
                data=data,
                lines=data["lines"],
                heating=data["heating"],
                co_processing=data["co_processing"],
                campaign=campaign,
            ),
        )
        if saved:
            messages.success(request, _("Campaign saved."))
            return redirect(saved)
    return render(
        request,
        "operations/form.html",
        {"form": form, "title": _("Peak-shifting campaign")},
        status=refused(request) if form.errors else 200,
    )


def rate_new(request: HttpRequest) -> HttpResponse:
    if not access.can_enter_provincial_rates(request.user):
        raise PermissionDenied
    form = RateForm(request.POST or None)
    if request.method == "POST":
        saved = save_form(form, lambda data: services.rate_save(actor=request.user, data=data))
        if saved:
            messages.success(request, _("Weekly rate saved."))
            return redirect("operations:index")
    return render(
        request,
        "operations/form.html",
        {"form": form, "title": _("Provincial weekly opening rate")},
        status=refused(request) if form.errors else 200,
    )
