from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core.forms import refused, save_form
from core.http import page_of, private_file_response
from core.params import parse_int

from .. import selectors, services
from ..filters import INSPECTION_SORTS as SORTS
from ..filters import InspectionFilter
from ..forms import AmendmentForm, InspectionCreateForm, InspectionLogForm
from ..models import ChecklistItem, Origin

PAGE_SIZE = 25


def inspection_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    flt = InspectionFilter(
        request.GET or None,
        queryset=selectors.inspection_list(user=user, ordering=SORTS.ordering(request.GET)),
        enterprises=selectors.enterprises_for_filter(user=user),
        counties=selectors.counties_for(user=user),
    )
    page, query = page_of(request, flt.qs, PAGE_SIZE)
    context = {
        "filter": flt,
        "page": page,
        "query": query,
        "can_create": access.is_inspector(user),
        "sorting": SORTS.context(request.GET),
    }
    template = (
        "inspections/partials/_inspection_rows.html"
        if request.htmx
        else "inspections/inspection_list.html"
    )
    return render(request, template, context)


def _param(request: HttpRequest, name: str) -> int | None:
    return parse_int(request.GET.get(name) or request.POST.get(name))


def _prefill(request: HttpRequest) -> dict:
    """Context passed in the query string: a drawn target, a verification task or a finding
    to follow up, each checked against the user's scope (unknown or malformed ids: ignored)."""
    user = request.user
    found: dict = {}
    target = access.access_draw_target(user, _param(request, "draw_target"))
    if target is not None:
        found.update(draw_target=target, enterprise=target.enterprise, origin=Origin.DRAW)
    if (pk := _param(request, "task")) is not None:
        task = (
            access.visible_verification_tasks(user)
            .select_related("enterprise__county")
            .filter(pk=pk)
            .first()
        )
        if task:
            found.update(task=task, enterprise=task.enterprise, origin=Origin.FOLLOW_UP_MILESTONE)
    if (pk := _param(request, "finding")) is not None:
        finding = access.visible_findings(user).select_related("enterprise").filter(pk=pk).first()
        if finding:
            found.update(
                finding=finding, enterprise=finding.enterprise, origin=Origin.FOLLOW_UP_FINDING
            )
    pk = parse_int(request.GET.get("enterprise"))
    if pk is not None and "enterprise" not in found:
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
        inspection = save_form(
            form,
            lambda data: services.inspection_create(
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
            ),
        )
        if inspection is not None:
            messages.success(
                request, _("Inspection opened. Answer each check item; save as you go.")
            )
            return redirect("inspections:edit", inspection.pk)
        status = refused(request)
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
            "can_record_finding": access.can_record_finding_on(user, inspection),
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
            "version": inspection.version,
        },
    )
    status = 200
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.inspection_save_draft(
                actor=user,
                inspection=inspection,
                answers=form.answer_inputs(),
                data={k: data[k] for k in ("started_at", "enterprise_present", "summary")},
                inspectors=list(data["inspectors"]),
                uploads=form.uploads(),
                expected_version=data["version"],
            ),
        )
        if saved is not None:
            if request.POST.get("action") != "submit":
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
                _("Inspection submitted and locked. Record a finding for each non-compliant item."),
            )
            return redirect(inspection)
        status = refused(request)
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
        amendment = save_form(
            form,
            lambda data: services.inspection_amend(
                actor=request.user,
                inspection=inspection,
                reason=data["reason"],
                text=data["text"],
                item=data["item"],
                new_result=data["new_result"],
            ),
        )
        if amendment is not None:
            messages.success(request, _("Amendment recorded."))
            return redirect(inspection)
        status = refused(request)
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
    return private_file_response(access.access_attachment(request.user, pk))


def my_tasks(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_use_task_list(user):
        raise PermissionDenied
    tasks = selectors.my_tasks(user=user)
    return render(
        request,
        "inspections/my_tasks.html",
        {"tasks": tasks, "is_contact": access.is_contact(user)},
    )
