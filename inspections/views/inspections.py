from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import access

from .. import selectors, services
from ..filters import InspectionFilter
from ..forms import AmendmentForm, InspectionCreateForm, InspectionLogForm
from ..models import (
    Attachment,
    ChecklistItem,
    DrawTarget,
    Origin,
)
from ._common import apply_errors, invalid

PAGE_SIZE = 25


def inspection_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    flt = InspectionFilter(
        request.GET or None,
        queryset=selectors.inspection_list(user=user),
        enterprises=selectors.enterprises_for_filter(user=user),
        counties=selectors.counties_for(user=user),
    )
    page = Paginator(flt.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": flt,
        "page": page,
        "query": query.urlencode(),
        "can_create": access.is_inspector(user),
    }
    template = (
        "inspections/partials/_inspection_rows.html"
        if request.htmx
        else "inspections/inspection_list.html"
    )
    return render(request, template, context)


def _prefill(request: HttpRequest) -> dict:
    """Context passed in the query string: a drawn target, a verification task or a finding
    to follow up, each checked against the user's scope."""
    user = request.user
    found: dict = {}
    if (pk := request.GET.get("draw_target") or request.POST.get("draw_target", "")).isdigit():
        target = DrawTarget.objects.select_related("enterprise__county").filter(pk=pk).first()
        if target and access.can_view_draw_target(user, target):
            found.update(draw_target=target, enterprise=target.enterprise, origin=Origin.DRAW)
    if (pk := request.GET.get("task") or request.POST.get("task", "")).isdigit():
        task = (
            access.visible_verification_tasks(user)
            .select_related("enterprise__county")
            .filter(pk=pk)
            .first()
        )
        if task:
            found.update(task=task, enterprise=task.enterprise, origin=Origin.FOLLOW_UP_MILESTONE)
    if (pk := request.GET.get("finding") or request.POST.get("finding", "")).isdigit():
        finding = access.visible_findings(user).select_related("enterprise").filter(pk=pk).first()
        if finding:
            found.update(
                finding=finding, enterprise=finding.enterprise, origin=Origin.FOLLOW_UP_FINDING
            )
    if (pk := request.GET.get("enterprise", "")).isdigit() and "enterprise" not in found:
        ent = access.visible_enterprises(user).filter(pk=pk).first()
        if ent:
            found["enterprise"] = ent
    return found


def inspection_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.is_inspector(user):
        raise PermissionDenied
    pre = _prefill(request)
    enterprises = access.visible_enterprises(user).select_related("county").order_by("name_zh")
    inspectors = selectors.inspectors_for(enterprise=pre.get("enterprise"))
    templates = services.checklists_for(pre["enterprise"]) if pre.get("enterprise") else None
    all_templates = selectors.checklist_templates().filter(is_active=True)
    initial = {
        "started_at": timezone.localtime().replace(second=0, microsecond=0),
        "inspectors": [user.pk],
        "origin": pre.get("origin", Origin.CAMPAIGN),
        "enterprise": pre.get("enterprise"),
        "templates": list(templates or all_templates.filter(industry="")),
    }
    if pre.get("draw_target"):
        initial["inspectors"] = [u.pk for u in pre["draw_target"].inspectors.all()]
    form = InspectionCreateForm(
        request.POST or None,
        initial=initial,
        enterprises=enterprises,
        inspectors=inspectors,
        templates=all_templates,
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.inspection_create(
                    actor=user,
                    enterprise=data["enterprise"],
                    started_at=data["started_at"],
                    origin=data["origin"],
                    inspectors=list(data["inspectors"]),
                    templates=list(data["templates"]),
                    draw_target=pre.get("draw_target"),
                    follow_up_of=pre.get("finding"),
                    verification_task=pre.get("task"),
                    enterprise_present=data["enterprise_present"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Inspection opened. Answer each check item; save as you go.")
                )
                return redirect("inspections:edit", inspection.pk)
        status = invalid(request)
    return render(
        request,
        "inspections/inspection_create.html",
        {"form": form, "pre": pre},
        status=status,
    )


def inspection_detail(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.access_inspection(request.user, pk)
    record = selectors.inspection_record(inspection=inspection)
    user = request.user
    return render(
        request,
        "inspections/inspection_detail.html",
        {
            "inspection": inspection,
            "record": record,
            "can_edit": access.can_edit_inspection(user, inspection),
            "can_amend": access.can_amend_inspection(user, inspection),
            "can_record_finding": inspection.is_locked
            and access.can_record_finding(user, inspection.enterprise),
        },
    )


def inspection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    inspection = access.access_inspection(user, pk)
    if inspection.is_locked:
        messages.warning(
            request,
            _(
                "This inspection record was submitted and is locked. Corrections are recorded as amendments."
            ),
        )
        return redirect(inspection)
    if not access.can_edit_inspection(user, inspection):
        raise PermissionDenied
    record = selectors.inspection_record(inspection=inspection)
    answers = {r.item.pk: r.answer for s in record.sections for r in s.rows}
    form = InspectionLogForm(
        request.POST or None,
        request.FILES or None,
        items=record.items,
        answers=answers,
        inspectors=selectors.inspectors_for(enterprise=inspection.enterprise),
        photos={r.item.pk: r.photos for s in record.sections for r in s.rows},
        headings={s.version.pk: s.version for s in record.sections},
        initial={
            "started_at": inspection.started_at,
            "enterprise_present": inspection.enterprise_present,
            "summary": inspection.summary,
            "inspectors": [u.pk for u in inspection.inspectors.all()],
        },
    )
    status = 200
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                services.inspection_save_draft(
                    actor=user,
                    inspection=inspection,
                    answers=form.answer_inputs(),
                    data={
                        k: form.cleaned_data[k]
                        for k in ("started_at", "enterprise_present", "summary")
                    },
                    inspectors=list(form.cleaned_data["inspectors"]),
                    uploads=form.uploads(),
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                if not submit:
                    messages.success(request, _("Draft saved. You can come back to it later."))
                    return redirect("inspections:edit", inspection.pk)
                try:
                    services.inspection_submit(actor=user, inspection=inspection)
                except ValidationError as exc:
                    messages.warning(
                        request,
                        _("Draft saved, but not submitted yet: %(why)s")
                        % {"why": " ".join(exc.messages)},
                    )
                    return redirect("inspections:edit", inspection.pk)
                messages.success(
                    request,
                    _(
                        "Inspection submitted and locked. Record a finding for each non-compliant item."
                    ),
                )
                return redirect(inspection)
        status = invalid(request)
    return render(
        request,
        "inspections/inspection_edit.html",
        {"inspection": inspection, "record": record, "form": form},
        status=status,
    )


def inspection_amend(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = access.access_inspection(request.user, pk, amend=True)
    items = ChecklistItem.objects.filter(version__in=inspection.checklists.all()).order_by(
        "version__template__order", "order"
    )
    form = AmendmentForm(request.POST or None, items=items)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.inspection_amend(
                    actor=request.user,
                    inspection=inspection,
                    reason=form.cleaned_data["reason"],
                    text=form.cleaned_data["text"],
                    item=form.cleaned_data["item"],
                    new_result=form.cleaned_data["new_result"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Amendment recorded."))
                return redirect(inspection)
        status = invalid(request)
    return render(
        request,
        "inspections/amend.html",
        {"inspection": inspection, "form": form},
        status=status,
    )


def inspection_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable on-site inspection record (print-ready HTML, user's language)."""
    inspection = access.access_inspection(request.user, pk)
    record = selectors.inspection_record(inspection=inspection)
    return render(
        request,
        "inspections/print_record.html",
        {"inspection": inspection, "record": record, "printed_at": timezone.localtime()},
    )


def enterprise_history(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, pk)
    history = selectors.enterprise_history(user=request.user, enterprise=enterprise)
    return render(
        request,
        "inspections/enterprise_history.html",
        {
            "enterprise": enterprise,
            "history": history,
            "can_inspect": access.can_inspect_enterprise(request.user, enterprise),
        },
    )


def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """Serve a stored file to whoever may see what it belongs to (there is no public URL)."""
    att = (
        Attachment.objects.select_related(
            "inspection__enterprise__county",
            "finding__enterprise__county",
            "response__finding__enterprise__county",
        )
        .filter(pk=pk)
        .first()
    )
    if att is None or not access.can_view_attachment(request.user, att):
        raise Http404
    try:
        handle = att.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=att.content_type)
    disposition = (
        "inline" if att.is_image or att.content_type == "application/pdf" else "attachment"
    )
    response["Content-Disposition"] = f"{disposition}; filename*=UTF-8''{_quote(att.original_name)}"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")


def my_tasks(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (access.is_inspector(user) or access.is_contact(user)):
        raise PermissionDenied
    tasks = selectors.my_tasks(user=user)
    return render(
        request,
        "inspections/my_tasks.html",
        {"tasks": tasks, "is_contact": access.is_contact(user)},
    )
