"""Pages of the acceptance app: the ULE-stage claims awaiting the bureau, and one claim with
its evidence and the bureau's decision."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

import access
from core.forms import ReviewForm, save_form
from core.http import private_file_response
from enterprises.models import Enterprise

from . import selectors, services
from .forms import EvaluationForm
from .models import Evaluation

PAGE_SIZE = 25


def claim_list(request: HttpRequest) -> HttpResponse:
    show_all = bool(request.GET.get("all"))
    qs = selectors.claims(user=request.user, pending_only=not show_all)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "acceptance/claim_list.html",
        {
            "page": page,
            "query": "all=1" if show_all else "",
            "show_all": show_all,
            "can_review": access.can_confirm_claims(request.user),
        },
    )


def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim_detail(claim=access.access_claim(request.user, pk))
    can_review = access.can_review_claim(request.user, claim)
    form = None
    if can_review:
        form = ReviewForm(
            request.POST or None,
            accept_label=_("Confirm: the evidence shows the node done"),
            return_label=_("Return: the node is open again"),
        )
    if request.method == "POST":
        if form is None:
            access.access_claim(request.user, pk, review=True)
            messages.info(request, _("This claim has already been decided."))
            return redirect(claim)
        saved = save_form(
            form,
            lambda data: services.claim_review(
                actor=request.user,
                claim=claim,
                accept=data["decision"] == ReviewForm.ACCEPT,
                comment=data["comment"],
            ),
        )
        if saved:
            messages.success(
                request,
                _("Claim confirmed.") if saved.status == "confirmed" else _("Claim returned."),
            )
            return redirect("acceptance:claims")
    return render(
        request,
        "acceptance/claim_detail.html",
        {"claim": claim, "node": claim.node, "form": form},
        status=400 if form is not None and form.errors else 200,
    )


# --- evaluations ----------------------------------------------------------------------------


def evaluation_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.evaluations(user=request.user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "acceptance/evaluation_list.html",
        {
            "page": page,
            "query": "",
            "can_file": access.evaluation_enterprise_for(request.user) is not None,
        },
    )


def evaluation_new(request: HttpRequest) -> HttpResponse:
    enterprise_id = access.evaluation_enterprise_for(request.user)
    if enterprise_id is None:
        raise PermissionDenied
    enterprise = get_object_or_404(Enterprise, pk=enterprise_id)
    form = EvaluationForm(request.POST or None, request.FILES or None, enterprise=enterprise)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.evaluation_submit(
                actor=request.user, enterprise=enterprise, data=data, files=data["files"]
            ),
        )
        if saved:
            messages.success(request, _("Evaluation submitted to the bureau."))
            return redirect(saved)
    return _render_form(request, form, title=_("File an evaluation"), enterprise=enterprise)


def evaluation_resubmit(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = access.access_evaluation(request.user, pk)
    if not access.can_resubmit_evaluation(request.user, evaluation):
        raise PermissionDenied
    form = EvaluationForm(
        request.POST or None,
        request.FILES or None,
        instance=evaluation,
        enterprise=evaluation.enterprise,
    )
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.evaluation_resubmit(
                actor=request.user, evaluation=evaluation, data=data, files=data["files"]
            ),
        )
        if saved:
            messages.success(request, _("Evaluation submitted again."))
            return redirect(saved)
    return _render_form(
        request,
        form,
        title=_("Revise and resubmit the evaluation"),
        enterprise=evaluation.enterprise,
        evaluation=evaluation,
    )


def _render_form(request: HttpRequest, form, *, title: str, **context) -> HttpResponse:
    return render(
        request,
        "acceptance/evaluation_form.html",
        {"form": form, "title": title, **context},
        status=400 if form.errors else 200,
    )


def evaluation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_detail(evaluation=access.access_evaluation(request.user, pk))
    can_review = access.can_review_evaluation(request.user, evaluation)
    form = (
        ReviewForm(
            request.POST or None,
            accept_label=_("Accept the evaluation"),
            return_label=_("Return with reasons"),
        )
        if can_review
        else None
    )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        saved = save_form(
            form,
            lambda data: services.evaluation_review(
                actor=request.user,
                evaluation=evaluation,
                accept=data["decision"] == ReviewForm.ACCEPT,
                comment=data["comment"],
            ),
        )
        if saved:
            messages.success(
                request,
                _("Evaluation accepted.")
                if saved.status == Evaluation.Status.ACCEPTED
                else _("Evaluation returned."),
            )
            return redirect(saved)
    return render(
        request,
        "acceptance/evaluation_detail.html",
        {
            "evaluation": evaluation,
            "form": form,
            "can_resubmit": access.can_resubmit_evaluation(request.user, evaluation),
        },
        status=400 if form is not None and form.errors else 200,
    )


def evaluation_file(request: HttpRequest, pk: int) -> FileResponse:
    return private_file_response(access.access_evaluation_file(request.user, pk))
