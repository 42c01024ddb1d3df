"""Pages of the ULE status: an enterprise's status and scope, publicity, and the dynamic ULE
list with its history (issue 13). Reads through ``selectors``, writes through ``services``,
access decided by ``access``."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.forms import save_form
from core.http import page_of

from . import selectors, services
from .forms import ListChangeForm, ObjectionsForm, PublicityForm, ScopeForm
from .models import ListStatus, Publicity


def listing(request: HttpRequest) -> HttpResponse:
    """The ULE list as the user's scope shows it, with the entries' status filter, the open
    publicities and the enterprises ready to publicize."""
    status = request.GET.get("status", "")
    if status not in ListStatus.values:
        status = ""
    page, query = page_of(request, selectors.list_entries(user=request.user, status=status))
    counts = selectors.list_counts(user=request.user)
    return render(
        request,
        "acceptance/listing.html",
        {
            "page": page,
            "query": query,
            "status": status,
            "statuses": [(value, label, counts[value]) for value, label in ListStatus.choices],
            "publicities": selectors.open_publicities(user=request.user),
            "ready": selectors.ready_to_publicize(user=request.user)
            if access.can_manage_listing(request.user)
            else [],
        },
    )


def listing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.list_entry_detail(entry=access.access_list_entry(request.user, pk))
    can_manage = access.can_manage_listing(request.user) and bool(
        services.listing.TRANSITIONS[entry.status]
    )
    form = None
    if can_manage:
        form = ListChangeForm(
            request.POST or None,
            entry=entry,
            findings=selectors.findings_for_listing(entry=entry),
            initial={"version": entry.version},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        saved = save_form(
            form,
            lambda data: services.listing_change(
                actor=request.user,
                entry=entry,
                to=data["to"],
                reason=data["reason"],
                revocation_reason=data.get("revocation_reason"),
                finding=data.get("finding"),
                expected_version=data.get("version"),
            ),
        )
        if saved:
            messages.success(
                request,
                _("The listing is now “%(status)s”.") % {"status": saved.get_status_display()},
            )
            return redirect(saved)
    return render(
        request,
        "acceptance/listing_detail.html",
        {
            "entry": entry,
            "changes": selectors.list_changes(entry=entry),
            "form": form,
            "barred": entry.barred_on(timezone.localdate()),
        },
        status=400 if form is not None and form.errors else 200,
    )


def status(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    """An enterprise's ULE status: its pillars in scope and where each stands, what blocks it,
    its evaluation, publicity and list entry."""
    enterprise = access.access_enterprise(request.user, enterprise_pk)
    return render(
        request,
        "acceptance/status.html",
        {
            "enterprise": enterprise,
            "status": services.status_of(enterprise),
            "publicities": selectors.publicities_of(enterprise=enterprise),
            "can_manage": access.can_manage_listing(request.user),
        },
    )


def scope_edit(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, enterprise_pk)
    if not access.can_manage_listing(request.user):
        raise PermissionDenied
    form = ScopeForm(
        request.POST or None, enterprise=enterprise, scopes=selectors.scopes_of(enterprise)
    )
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.scope_update(
                actor=request.user, enterprise=enterprise, data=data
            ),
        )
        if saved:
            messages.success(request, _("ULE scope saved."))
            return redirect("acceptance:status", enterprise.pk)
    return render(
        request,
        "acceptance/scope_form.html",
        {"form": form, "enterprise": enterprise},
        status=400 if form.errors else 200,
    )


def publicity_new(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, enterprise_pk)
    if not access.can_manage_listing(request.user):
        raise PermissionDenied
    form = PublicityForm(request.POST or None)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.publicity_start(
                actor=request.user, enterprise=enterprise, data=data
            ),
        )
        if saved:
            messages.success(request, _("Publicity recorded."))
            return redirect(saved)
    return render(
        request,
        "acceptance/publicity_form.html",
        {"form": form, "enterprise": enterprise, "status": services.status_of(enterprise)},
        status=400 if form.errors else 200,
    )


def publicity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    publicity = selectors.publicity_detail(publicity=access.access_publicity(request.user, pk))
    can_manage = (
        access.can_manage_listing(request.user) and publicity.status == Publicity.Status.OPEN
    )
    form = None
    if can_manage:
        form = ObjectionsForm(
            request.POST or None,
            initial={
                "version": publicity.version,
                "objections": publicity.objections,
                "objections_handling": publicity.objections_handling,
            },
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        saved = save_form(
            form,
            lambda data: services.publicity_objections(
                actor=request.user,
                publicity=publicity,
                data=data,
                expected_version=data.get("version"),
            ),
        )
        if saved:
            messages.success(request, _("Objections saved."))
            return redirect(saved)
    return render(
        request,
        "acceptance/publicity_detail.html",
        {
            "publicity": publicity,
            "form": form,
            "can_close": can_manage and timezone.localdate() > publicity.end,
        },
        status=400 if form is not None and form.errors else 200,
    )


@require_POST
def publicity_close(request: HttpRequest, pk: int) -> HttpResponse:
    publicity = access.access_publicity(request.user, pk)
    if not access.can_manage_listing(request.user):
        raise PermissionDenied
    try:
        entry = services.publicity_close(actor=request.user, publicity=publicity)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(publicity)
    messages.success(request, _("The publicity ended: the enterprise is on the ULE list."))
    return redirect(entry)


@require_POST
def publicity_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    publicity = access.access_publicity(request.user, pk)
    if not access.can_manage_listing(request.user):
        raise PermissionDenied
    try:
        services.publicity_withdraw(
            actor=request.user, publicity=publicity, reason=request.POST.get("reason", "")
        )
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(publicity)
    messages.success(request, _("Publicity withdrawn."))
    return redirect(publicity)
