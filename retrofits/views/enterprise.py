"""Evidence files, the contact's "my enterprise" page and the "four truths" assessments."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core.forms import save_form
from core.http import private_file_response

from .. import selectors, services
from ..forms import AssessmentForm
from ..models import ProgressReport
from ._common import render_form


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    return private_file_response(access.access_evidence(request.user, pk))


def my_enterprise(request: HttpRequest) -> HttpResponse:
    """For a contact: what is due for their enterprise. Others go to the project list."""
    user = request.user
    if not access.has_own_enterprise(user):
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
        saved = save_form(
            form,
            lambda data: services.assessment_save(
                actor=request.user, enterprise=enterprise, data=data
            ),
        )
        if saved:
            messages.success(request, _("Assessment saved."))
            return redirect("retrofits:assessments", enterprise_pk=enterprise.pk)
    return render_form(
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
