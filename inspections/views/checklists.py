from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

import access
from core.forms import apply_errors, refused

from .. import selectors, services
from ..forms import ChecklistItemFormSet, ChecklistReviseForm
from ..models import ChecklistTemplate


def _template_or_404(pk: int) -> ChecklistTemplate:
    template = ChecklistTemplate.objects.filter(pk=pk).first()
    if template is None:
        raise Http404
    return template


def checklist_list(request: HttpRequest) -> HttpResponse:
    if not access.can_view_checklists(request.user):
        raise PermissionDenied
    return render(
        request,
        "inspections/checklist_list.html",
        {
            "templates": selectors.checklist_templates(),
            "can_edit": access.can_edit_checklists(request.user),
        },
    )


def checklist_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not access.can_view_checklists(request.user):
        raise PermissionDenied
    template = _template_or_404(pk)
    return render(
        request,
        "inspections/checklist_detail.html",
        {
            "template": template,
            "versions": selectors.checklist_versions(template=template),
            "can_edit": access.can_edit_checklists(request.user),
        },
    )


def checklist_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """Publish a new version of a checklist (office). Old inspections keep their version."""
    if not access.can_edit_checklists(request.user):
        raise PermissionDenied
    template = _template_or_404(pk)
    current = selectors.checklist_versions(template=template)[0]
    initial = [
        {"text_zh": i.text_zh, "text_en": i.text_en, "source": i.source, "confirmed": i.confirmed}
        for i in current.items.all()
    ]
    form = ChecklistReviseForm(request.POST or None)
    formset = ChecklistItemFormSet(request.POST or None, initial=initial, prefix="items")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            items = [
                f.cleaned_data
                for f in formset.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ]
            try:
                version = services.checklist_revise(
                    actor=request.user,
                    template=template,
                    items=items,
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Version %(n)d published. Inspections already logged keep their version.")
                    % {"n": version.number},
                )
                return redirect(template)
        status = refused(request)
    return render(
        request,
        "inspections/checklist_revise.html",
        {"template": template, "current": current, "form": form, "formset": formset},
        status=status,
    )


def law_articles(request: HttpRequest) -> HttpResponse:
    if not access.can_view_checklists(request.user):
        raise PermissionDenied
    return render(
        request,
        "inspections/law_articles.html",
        {"articles": selectors.law_articles()},
    )
