from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

import access
from accounts.audit import readable_changes, related_labels
from core.forms import save_form

from . import selectors, services
from .filters import SORTS, EnterpriseFilter
from .forms import (
    ContactForm,
    EmissionPointForm,
    EnterpriseForm,
    OwnContactForm,
    ProductionUnitForm,
)
from .models import Contact, EmissionPoint, ProductionUnit

PAGE_SIZE = 25


def enterprise_list(request: HttpRequest) -> HttpResponse:
    counties = selectors.counties_for(user=request.user)
    flt = EnterpriseFilter(
        request.GET or None,
        queryset=selectors.enterprise_list(user=request.user, ordering=SORTS.ordering(request.GET)),
        counties=counties,
    )
    page = Paginator(flt.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": flt,
        "page": page,
        "query": query.urlencode(),
        "can_create": access.can_create_enterprise(request.user),
        "sorting": SORTS.context(request.GET),
    }
    template = (
        "enterprises/partials/_rows.html" if request.htmx else "enterprises/enterprise_list.html"
    )
    return render(request, template, context)


def enterprise_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, pk)
    show_audit = access.can_view_audit(request.user, enterprise)
    enterprise = selectors.enterprise_detail(enterprise=enterprise, with_audit=show_audit)
    limits = selectors.applicable_limits_by_kind()
    points = [
        (p, selectors.limits_for_point(limits, industry=enterprise.industry, kind=p.kind))
        for p in enterprise.emission_points.all()
    ]
    entries = getattr(enterprise, "recent_audit", [])[:50]
    labels = related_labels(entries)
    audit_rows = [(e, readable_changes(e, labels)) for e in entries]
    own_contact_ids = {
        c.pk for c in enterprise.contacts.all() if access.can_edit_contact(request.user, c)
    }
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {
            "enterprise": enterprise,
            "points": points,
            "audit_rows": audit_rows,
            "show_audit": show_audit,
            "can_edit": access.can_edit_enterprise(request.user, enterprise),
            "editable_contact_ids": own_contact_ids,
        },
    )


def _render_form(request, *, form, title, enterprise=None, cancel_url):
    if request.method == "POST" and form.errors:
        messages.error(request, _("Please correct the errors below; nothing was saved."))
    return render(
        request,
        "enterprises/form.html",
        {"form": form, "title": title, "enterprise": enterprise, "cancel_url": cancel_url},
        status=400 if request.method == "POST" else 200,
    )


def enterprise_create(request: HttpRequest) -> HttpResponse:
    if not access.can_create_enterprise(request.user):
        raise PermissionDenied
    counties = selectors.counties_for(user=request.user)
    form = EnterpriseForm(
        request.POST or None,
        counties=counties,
    )
    if request.method == "POST":
        saved = save_form(
            form, lambda data: services.enterprise_create(actor=request.user, data=data)
        )
        if saved:
            messages.success(request, _("Enterprise created."))
            return redirect(saved)

    return _render_form(
        request, form=form, title=_("New enterprise"), cancel_url=reverse("enterprises:list")
    )


def enterprise_edit(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, pk, edit=True)
    counties = selectors.counties_for(user=request.user)
    form = EnterpriseForm(
        request.POST or None,
        instance=enterprise,
        counties=counties,
    )
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.enterprise_update(
                actor=request.user, enterprise=enterprise, data=data
            ),
        )
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return _render_form(
        request,
        form=form,
        title=_("Edit enterprise"),
        enterprise=enterprise,
        cancel_url=enterprise.get_absolute_url(),
    )


def _child_view(request, pk, child_pk, *, model, form_class, service, kwarg, titles):
    enterprise = access.access_enterprise(request.user, pk, edit=True)
    instance = None
    if child_pk is not None:
        instance = model.objects.filter(pk=child_pk, enterprise=enterprise).first()
        if instance is None:
            raise Http404
    form = form_class(request.POST or None, instance=instance, enterprise=enterprise)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: service(
                actor=request.user, enterprise=enterprise, data=data, **{kwarg: instance}
            ),
        )
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect(enterprise)
    return _render_form(
        request,
        form=form,
        title=titles[0] if instance is None else titles[1],
        enterprise=enterprise,
        cancel_url=enterprise.get_absolute_url(),
    )


def unit_form(request: HttpRequest, pk: int, unit_pk: int | None = None) -> HttpResponse:
    return _child_view(
        request,
        pk,
        unit_pk,
        model=ProductionUnit,
        form_class=ProductionUnitForm,
        service=services.unit_save,
        kwarg="unit",
        titles=(_("New production unit"), _("Edit production unit")),
    )


def point_form(request: HttpRequest, pk: int, point_pk: int | None = None) -> HttpResponse:
    return _child_view(
        request,
        pk,
        point_pk,
        model=EmissionPoint,
        form_class=EmissionPointForm,
        service=services.point_save,
        kwarg="point",
        titles=(_("New emission point"), _("Edit emission point")),
    )


def contact_create(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, pk, edit=True)
    form = ContactForm(request.POST or None)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.contact_save(
                actor=request.user, enterprise=enterprise, data=data
            ),
        )
        if saved:
            messages.success(request, _("Contact added."))
            return redirect(enterprise)
    return _render_form(
        request,
        form=form,
        title=_("New contact"),
        enterprise=enterprise,
        cancel_url=enterprise.get_absolute_url(),
    )


def contact_edit(request: HttpRequest, pk: int, contact_pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, pk)
    contact = (
        Contact.objects.filter(pk=contact_pk, enterprise=enterprise)
        .select_related("enterprise")
        .first()
    )
    if contact is None:
        raise Http404
    if not access.can_edit_contact(request.user, contact):
        raise PermissionDenied
    form_class = (
        ContactForm if access.can_edit_enterprise(request.user, enterprise) else OwnContactForm
    )
    form = form_class(request.POST or None, instance=contact)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.contact_save(
                actor=request.user, enterprise=enterprise, data=data, contact=contact
            ),
        )
        if saved:
            messages.success(request, _("Contact details saved."))
            return redirect(enterprise)
    return _render_form(
        request,
        form=form,
        title=_("Edit contact details"),
        enterprise=enterprise,
        cancel_url=enterprise.get_absolute_url(),
    )


def limit_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "enterprises/limit_list.html",
        {
            "limits": selectors.emission_limit_table(),
            "summary": selectors.side_by_side_limits(),
            "rules": selectors.limit_rules(),
        },
    )
