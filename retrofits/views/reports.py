"""Progress report pages: the list, submitting, a report with its review, resubmitting."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.forms import save_form
from core.subqueries import page_by_ids

from .. import selectors, services
from ..filters import REPORT_SORTS as SORTS
from ..forms import ReportForm, report_review_form
from ..models import ProgressReport
from ._common import PAGE_SIZE, project_crumbs, render_form


def report_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or ""
    if status not in ProgressReport.Status.values:
        status = ""
    qs = selectors.reports(
        user=request.user, status=status or None, ordering=SORTS.ordering(request.GET)
    )
    page, _query = page_by_ids(request, qs, PAGE_SIZE)  # the page cut on ids (issue 14)
    sorting = SORTS.context(request.GET)
    query = sorting["rest"].copy()
    query["sort"] = sorting["sort"].param
    return render(
        request,
        "retrofits/report_list.html",
        {
            "page": page,
            "query": query.urlencode(),
            "status": status,
            "statuses": ProgressReport.Status.choices,
            "sorting": sorting,
        },
    )


def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.access_project(request.user, pk)
    if not access.can_submit_report(request.user, project):
        raise PermissionDenied
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        report = save_form(
            form,
            lambda data: services.report_submit(
                actor=request.user, project=project, data=data, files=data["files"]
            ),
        )
        if report:
            messages.success(request, _("Progress report submitted for review."))
            return redirect(report)
    return render_form(
        request,
        form,
        title=_("New progress report"),
        cancel_url=project.get_absolute_url(),
        crumbs=project_crumbs(project),
        context={"submit_label": _("Submit for review")},
    )


def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    report = selectors.report_detail(report=access.access_report(user, pk))
    can_accept = access.can_accept_report(user, report)
    can_return = access.can_return_report(user, report)
    form = None
    if can_accept or can_return:
        form = report_review_form(can_accept=can_accept, can_return=can_return)
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
    form = report_review_form(request.POST, can_accept=can_accept, can_return=can_return)
    saved = save_form(
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
        saved = save_form(
            form,
            lambda data: services.report_resubmit(
                actor=request.user, report=report, data=data, files=data["files"]
            ),
        )
        if saved:
            messages.success(request, _("Report corrected and resubmitted."))
            return redirect(saved)
        # The form was bound to the instance: show the values typed, not the saved ones.
    return render_form(
        request,
        form,
        title=_("Correct and resubmit the report"),
        cancel_url=report.get_absolute_url(),
        crumbs=project_crumbs(report.project, (report.get_absolute_url(), report.period)),
        intro=_("Returned with this comment: %(comment)s") % {"comment": report.review_comment},
        context={"submit_label": _("Submit for review")},
    )
