"""Pages of the retrofits app. Short views: access, form, service, message, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import access

from . import selectors, services
from .filters import ProjectFilter
from .forms import (
    AssessmentForm,
    DecisionForm,
    NewProjectEnterpriseForm,
    NodeCompleteForm,
    NodeDateForm,
    PlanDatesForm,
    ProjectForm,
    ReportForm,
    ReviewForm,
)
from .models import DateChange, ProgressReport

PAGE_SIZE = 25


def _save_form(form: Form, save: Callable[[dict[str, Any]], Any]) -> Any:
    """Validate the form and hand cleaned_data to a service; errors raised by the service are
    shown on the form. Returns the service's result or None."""
    if not form.is_valid():
        return None
    try:
        return save(form.cleaned_data)
    except ValidationError as exc:
        if hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, exc)
        return None


def _render_form(request, form, *, title, cancel_url, crumbs=(), intro="", context=None):
    if request.method == "POST" and form.errors:
        msg = _("Please correct the errors below; nothing was saved.")
        if request.FILES:
            msg += " " + _("Choose the files again: browsers do not keep them.")
        messages.error(request, msg)
    return render(
        request,
        "retrofits/form.html",
        {
            "form": form,
            "title": title,
            "cancel_url": cancel_url,
            "crumbs": crumbs,
            "intro": intro,
            "multipart": any(getattr(f.field.widget, "needs_multipart_form", False) for f in form),
            **(context or {}),
        },
        status=400 if request.method == "POST" else 200,
    )


def _project_crumbs(project, *more):
    return [
        (reverse("retrofits:project_list"), _("Retrofit projects")),
        (project.get_absolute_url(), f"{project.enterprise.name} · {project.name}"),
        *more,
    ]


# ---------------------------------------------------------------------------------------------
# Projects


def project_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    flt = ProjectFilter(
        request.GET or None,
        queryset=selectors.project_list(user=user),
        enterprises=selectors.enterprises_for_filter(user=user),
        counties=selectors.counties_for_filter(user=user),
    )
    page = Paginator(flt.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": flt,
        "page": page,
        "query": query.urlencode(),
        "today": timezone.localdate(),
        "can_create": bool(selectors.enterprises_for_new_project(user=user)),
        "can_decide": access.can_decide_postponement(user),
    }
    template = (
        "retrofits/partials/_project_rows.html" if request.htmx else "retrofits/project_list.html"
    )
    return render(request, template, context)


def project_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    choices = selectors.enterprises_for_new_project(user=user)
    if not choices:
        raise PermissionDenied
    ent_id = request.GET.get("enterprise") or (str(choices[0].pk) if len(choices) == 1 else None)
    enterprise = next((e for e in choices if str(e.pk) == ent_id), None)
    if enterprise is None:
        if ent_id:
            raise Http404
        # submitted without a choice: show "this field is required" rather than a bare reload
        picker = NewProjectEnterpriseForm(
            request.GET if "enterprise" in request.GET else None, enterprises=choices
        )
        if picker.is_bound:
            picker.is_valid()
        return render(request, "retrofits/pick_enterprise.html", {"form": picker})
    form = ProjectForm(
        request.POST or None, enterprise=enterprise, creating=True, initial={"name": ""}
    )
    if request.method == "POST":

        def save(data):
            data = dict(data)
            start = data.pop("start_date")
            return services.project_create(
                actor=user, enterprise=enterprise, data=data, start_date=start
            )

        project = _save_form(form, save)
        if project:
            messages.success(
                request,
                _(
                    "Project created with its standard nodes. Check the planned dates, then ask the bureau to approve the plan."
                ),
            )
            return redirect(project)
    return _render_form(
        request,
        form,
        title=_("New retrofit project"),
        cancel_url=reverse("retrofits:project_list"),
        crumbs=[(reverse("retrofits:project_list"), _("Retrofit projects"))],
        intro=enterprise.name,
    )


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    project = selectors.project_detail(project=access.access_project(user, pk))
    today = timezone.localdate()
    nodes = list(project.nodes.all())
    pending = [
        c for n in nodes for c in n.date_changes.all() if c.status == DateChange.Status.PENDING
    ]
    changes = sorted(
        (c for n in nodes for c in n.date_changes.all()), key=lambda c: c.requested_at, reverse=True
    )
    return render(
        request,
        "retrofits/project_detail.html",
        {
            "project": project,
            "nodes": nodes,
            "today": today,
            "timeline": selectors.timeline(nodes, today=today),
            "pending": pending,
            "changes": changes,
            "reports": list(project.reports.all()),
            "can_edit": access.can_edit_project(user, project),
            "can_edit_dates": access.can_edit_plan_dates(user, project),
            "can_approve": access.can_approve_plan(user, project),
            "can_update_nodes": project.plan_approved and access.can_edit_project(user, project),
            "can_complete": access.can_edit_project(user, project),
            "can_report": access.can_submit_report(user, project),
            "can_decide": access.can_decide_postponement(user),
        },
    )


def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.access_project(request.user, pk, edit=True)
    form = ProjectForm(
        request.POST or None,
        instance=project,
        enterprise=project.enterprise,
        creating=False,
        can_set_status=access.can_suspend_project(request.user, project),
    )
    if request.method == "POST":
        saved = _save_form(
            form,
            lambda data: services.project_update(
                actor=request.user,
                project=project,
                data={k: v for k, v in data.items() if k != "category"},
            ),
        )
        if saved:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return _render_form(
        request,
        form,
        title=_("Edit project"),
        cancel_url=project.get_absolute_url(),
        crumbs=_project_crumbs(project),
    )


def plan_dates(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.access_project(request.user, pk, edit=True)
    if not access.can_edit_plan_dates(request.user, project):
        raise PermissionDenied
    nodes = list(project.nodes.order_by("order"))
    form = PlanDatesForm(request.POST or None, nodes=nodes)
    if request.method == "POST":
        saved = _save_form(
            form,
            lambda data: services.plan_dates_update(
                actor=request.user, project=project, dates=form.dates()
            ),
        )
        if saved:
            messages.success(request, _("Planned dates saved."))
            return redirect(project)
    return _render_form(
        request,
        form,
        title=_("Planned dates of the plan"),
        cancel_url=project.get_absolute_url(),
        crumbs=_project_crumbs(project),
        intro=_(
            "Until the bureau approves the plan, the planned dates can be edited freely. On approval they become the committed dates, which never change."
        ),
    )


@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.access_project(request.user, pk)
    if project.plan_approved and access.is_bureau(request.user):
        messages.info(request, _("This plan has already been approved."))
        return redirect(project)
    if not access.can_approve_plan(request.user, project):
        raise PermissionDenied
    try:
        services.plan_approve(actor=request.user, project=project)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Plan approved: the committed dates are now fixed."))
    return redirect(project)


# ---------------------------------------------------------------------------------------------
# Nodes and date changes


def node_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    node = selectors.node_detail(node=access.access_node(user, pk))
    project = node.project
    can_update = access.can_update_node(user, node) and node.actual_date is None
    return render(
        request,
        "retrofits/node_detail.html",
        {
            "node": node,
            "project": project,
            "today": timezone.localdate(),
            "changes": list(node.date_changes.all()),
            "can_complete": can_update,
            "can_change_date": can_update and project.plan_approved,
            "can_decide": access.can_decide_postponement(user),
        },
    )


def node_complete(request: HttpRequest, pk: int) -> HttpResponse:
    node = access.access_node(request.user, pk, update=True)
    form = NodeCompleteForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        saved = _save_form(
            form,
            lambda data: services.node_complete(
                actor=request.user,
                node=node,
                actual_date=data["actual_date"],
                note=data["note"],
                files=data["files"],
            ),
        )
        if saved:
            messages.success(request, _("Node recorded as done."))
            return redirect(saved)
    return _render_form(
        request,
        form,
        title=_("Record “%(node)s” as done") % {"node": node.name},
        cancel_url=node.get_absolute_url(),
        crumbs=_project_crumbs(node.project, (node.get_absolute_url(), node.name)),
        context={"node": node},
    )


def node_change_date(request: HttpRequest, pk: int) -> HttpResponse:
    node = access.access_node(request.user, pk, update=True)
    form = NodeDateForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        change = _save_form(
            form,
            lambda data: services.node_change_date(
                actor=request.user,
                node=node,
                new_date=data["new_date"],
                reason=data["reason"],
                files=data["files"],
            ),
        )
        if change:
            if change.kind == DateChange.Kind.FORWARD:
                messages.success(
                    request,
                    _(
                        "Moved forward to %(date)s. The enterprise's contacts and the county sub-bureau have been told."
                    )
                    % {"date": change.new_date},
                )
            else:
                messages.success(
                    request,
                    _(
                        "Postponement to %(date)s requested. The planned date stays %(old)s until the bureau decides."
                    )
                    % {"date": change.new_date, "old": change.old_date},
                )
            return redirect(node)
    return _render_form(
        request,
        form,
        title=_("Change the planned date of “%(node)s”") % {"node": node.name},
        cancel_url=node.get_absolute_url(),
        crumbs=_project_crumbs(node.project, (node.get_absolute_url(), node.name)),
        context={"node": node},
    )


def postponement_list(request: HttpRequest) -> HttpResponse:
    show_all = bool(request.GET.get("all"))
    qs = selectors.postponements(user=request.user, pending_only=not show_all)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "retrofits/postponement_list.html",
        {
            "page": page,
            "query": "all=1" if show_all else "",
            "show_all": show_all,
            "can_decide": access.can_decide_postponement(request.user),
        },
    )


def postponement_decide(request: HttpRequest, pk: int) -> HttpResponse:
    change = access.access_date_change(request.user, pk, decide=True)
    if change.kind != DateChange.Kind.POSTPONEMENT:
        raise Http404
    if change.status != DateChange.Status.PENDING:
        messages.info(request, _("This request has already been decided."))
        return redirect(change.node)
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        saved = _save_form(
            form,
            lambda data: services.postponement_decide(
                actor=request.user,
                change=change,
                approve=data["decision"] == "approve",
                comment=data["comment"],
            ),
        )
        if saved:
            messages.success(
                request,
                _("Postponement approved.")
                if saved.status == DateChange.Status.APPROVED
                else _("Postponement rejected."),
            )
            return redirect(saved.node)
    node = change.node
    return _render_form(
        request,
        form,
        title=_("Decide a postponement request"),
        cancel_url=reverse("retrofits:postponements"),
        crumbs=_project_crumbs(node.project, (node.get_absolute_url(), node.name)),
        context={"change": change, "node": node},
    )


# ---------------------------------------------------------------------------------------------
# Progress reports


def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    if status not in ProgressReport.Status.values:
        status = ""
    qs = selectors.reports(user=request.user, status=status or None)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "retrofits/report_list.html",
        {
            "page": page,
            "query": f"status={status}" if status else "",
            "status": status,
            "statuses": ProgressReport.Status.choices,
        },
    )


def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.access_project(request.user, pk)
    if not access.can_submit_report(request.user, project):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        report = _save_form(
            form,
            lambda data: services.report_submit(
                actor=request.user, project=project, data=data, files=data["files"]
            ),
        )
        if report:
            messages.success(request, _("Progress report submitted for review."))
            return redirect(report)
    return _render_form(
        request,
        form,
        title=_("New progress report"),
        cancel_url=project.get_absolute_url(),
        crumbs=_project_crumbs(project),
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = selectors.report_detail(report=access.access_report(user, pk))
    can_accept = access.can_accept_report(user, report)
    can_return = access.can_return_report(user, report)
    form = None
    if can_accept or can_return:
        form = ReviewForm(can_accept=can_accept, can_return=can_return)
    return render(
        request,
        "retrofits/report_detail.html",
        {
            "report": report,
            "project": report.project,
            "review_form": form,
            "can_resubmit": access.can_resubmit_report(user, report),
        },
    )


@require_POST
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = access.access_report(user, pk)
    can_accept = access.can_accept_report(user, report)
    can_return = access.can_return_report(user, report)
    if not (can_accept or can_return):
        if report.status != ProgressReport.Status.SUBMITTED and access.could_review_report(
            user, report
        ):
            messages.info(request, _("This report has already been reviewed."))
            return redirect(report)
        raise PermissionDenied
    decision = request.POST.get("decision")
    if (decision == "accept" and not can_accept) or (decision == "return" and not can_return):
        raise PermissionDenied
    form = ReviewForm(request.POST, can_accept=can_accept, can_return=can_return)
    saved = _save_form(
        form,
        lambda data: services.report_review(
            actor=user, report=report, accept=data["decision"] == "accept", comment=data["comment"]
        ),
    )
    if saved:
        messages.success(
            request,
            _("Report accepted.")
            if saved.status == ProgressReport.Status.ACCEPTED
            else _("Report returned to the enterprise with your comment."),
        )
        return redirect(saved)
    messages.error(request, _("Please correct the errors below; nothing was saved."))
    report = selectors.report_detail(report=report)
    return render(
        request,
        "retrofits/report_detail.html",
        {"report": report, "project": report.project, "review_form": form, "can_resubmit": False},
        status=400,
    )


def report_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.access_report(request.user, pk)
    if not access.can_resubmit_report(request.user, report):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None, instance=report, resubmit=True)
    if request.method == "POST":
        saved = _save_form(
            form,
            lambda data: services.report_resubmit(
                actor=request.user, report=report, data=data, files=data["files"]
            ),
        )
        if saved:
            messages.success(request, _("Report corrected and resubmitted."))
            return redirect(saved)
        # The form was bound to the instance: show the values typed, not the saved ones.
    return _render_form(
        request,
        form,
        title=_("Correct and resubmit the report"),
        cancel_url=report.get_absolute_url(),
        crumbs=_project_crumbs(report.project, (report.get_absolute_url(), report.period)),
        intro=_("Returned with this comment: %(comment)s") % {"comment": report.review_comment},
    )


# ---------------------------------------------------------------------------------------------
# Evidence, "my enterprise", four truths


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    evidence = access.access_evidence(request.user, pk)
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(
        handle,
        content_type=evidence.content_type,
        as_attachment=not (evidence.is_image or evidence.content_type == "application/pdf"),
        filename=evidence.original_name,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = (
        "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    )
    return response


def my_enterprise(request: HttpRequest) -> HttpResponse:
    """For a contact: what is due for their enterprise. Others go to the project list."""
    user = request.user
    if not access.is_contact(user) or not user.enterprise_id:
        return redirect("retrofits:project_list")
    today = timezone.localdate()
    enterprise = user.enterprise
    return render(
        request,
        "retrofits/my_enterprise.html",
        {
            "enterprise": enterprise,
            "today": today,
            "late": list(selectors.late_nodes(user=user, today=today, enterprise_id=enterprise.pk)),
            "due": list(selectors.due_nodes(user=user, enterprise_id=enterprise.pk, today=today)),
            "returned": list(selectors.reports(user=user, status=ProgressReport.Status.RETURNED)),
            "waiting": list(selectors.postponements(user=user)),
            "projects": list(selectors.project_list(user=user, today=today)),
        },
    )


def assessments(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = access.access_assessments(request.user, enterprise_pk)
    rows = list(selectors.assessments_for(enterprise=enterprise))
    return render(
        request,
        "retrofits/assessments.html",
        {
            "enterprise": enterprise,
            "rows": rows,
            "chart": _trend_points(rows),
            "can_assess": access.can_assess_four_truths(request.user, enterprise),
        },
    )


def _trend_points(rows) -> dict | None:
    if not rows:
        return None
    w, h, left, top = 600, 180, 40, 10
    step = (w - left - 20) / max(len(rows) - 1, 1)
    pts = [
        (round(left + i * step, 1), round(top + (h - top - 30) * (1 - r.total / 100), 1), r)
        for i, r in enumerate(rows)
    ]
    return {
        "width": w,
        "height": h,
        "points": pts,
        "polyline": " ".join(f"{x},{y}" for x, y, _r in pts),
        "grid": [(round(top + (h - top - 30) * (1 - v / 100), 1), v) for v in (0, 25, 50, 75, 100)],
        "left": left,
        "right": w - 20,
        "base": h - 8,
    }


def assessment_edit(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = access.access_assessments(request.user, enterprise_pk, edit=True)
    period = request.GET.get("period")
    instance = None
    if period:
        instance = selectors.assessments_for(enterprise=enterprise).filter(period=period).first()
    form = AssessmentForm(request.POST or None, instance=instance)
    if request.method == "POST":
        saved = _save_form(
            form,
            lambda data: services.assessment_save(
                actor=request.user, enterprise=enterprise, data=data
            ),
        )
        if saved:
            messages.success(request, _("Assessment saved."))
            return redirect("retrofits:assessments", enterprise_pk=enterprise.pk)
    return _render_form(
        request,
        form,
        title=_("“Four truths” assessment"),
        cancel_url=reverse("retrofits:assessments", args=[enterprise.pk]),
        crumbs=[
            (enterprise.get_absolute_url(), enterprise.name),
            (reverse("retrofits:assessments", args=[enterprise.pk]), _("“Four truths”")),
        ],
        intro=_(
            "Score each truth from 0 to 25 (total 100) and note what you saw. Saving again for the same quarter replaces that quarter's assessment."
        ),
    )
