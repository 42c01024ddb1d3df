"""Pages of the dashboards app: the officials' dashboard and the weekly ranking."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core.forms import save_form
from enterprises.models import Industry

from . import selectors, services
from .forms import AnswerForm, OrderForm
from .models import Rating

PAGE_SIZE = 50


def _check(request: HttpRequest) -> None:
    if not access.can_view_dashboard(request.user):
        raise PermissionDenied


def dashboard(request: HttpRequest) -> HttpResponse:
    _check(request)
    data = selectors.dashboard(user=request.user)
    chart = {
        "trend": data.trend,
        "industries": {k: str(v) for k, v in Industry.choices},
        "targets": [
            {
                "industry": t.industry,
                "year": t.year,
                "share": float(t.share),
                "scope": t.scope,
                "label": str(t.scope_label),
            }
            for t in data.targets
        ],
        "ratings": {k: str(v) for k, v in Rating.choices},
    }
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "d": data,
            "chart": chart,
            "can_issue_order": access.can_issue_order(request.user),
            "can_view_bulletins": access.can_view_bulletins(request.user),
        },
    )


def dashboard_map(request: HttpRequest) -> JsonResponse:
    """The dashboard map's plants (JSON), for the map to fetch: the same access as the page."""
    _check(request)
    return JsonResponse({"points": selectors.map_points(user=request.user)})


def ranking(request: HttpRequest) -> HttpResponse:
    _check(request)
    user = request.user
    q = selectors.ranking_from_params(user=user, params=request.GET)
    page = (
        Paginator(q.rows, PAGE_SIZE).get_page(request.GET.get("page"))
        if q.rows is not None
        else None
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "dashboards/ranking.html",
        {
            "snapshot": q.snapshot,
            "snapshots": selectors.snapshots()[:104],
            "page": page,
            "counties": q.counties,
            "county": q.county,
            "rating": q.rating,
            "industry": q.industry,
            "ratings": Rating.choices,
            "industries": Industry.choices,
            "query": query.urlencode(),
            "can_issue_order": access.can_issue_order(user),
        },
    )


# --- bulletins ------------------------------------------------------------------------------


def bulletin_list(request: HttpRequest) -> HttpResponse:
    if not access.can_view_bulletins(request.user):
        raise PermissionDenied
    page = Paginator(selectors.bulletins(), 25).get_page(request.GET.get("page"))
    return render(request, "dashboards/bulletin_list.html", {"page": page})


def bulletin_file(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    if not access.can_view_bulletins(request.user):
        raise PermissionDenied
    bulletin = selectors.bulletins().filter(pk=pk).first()
    if bulletin is None or fmt not in ("xlsx", "pdf"):
        raise Http404
    field = bulletin.xlsx if fmt == "xlsx" else bulletin.pdf
    response = FileResponse(
        field.open("rb"),
        as_attachment=fmt == "xlsx",
        filename=f"bulletin-{bulletin.number}-{bulletin.snapshot.week_start:%Y%m%d}.{fmt}",
        content_type=(
            "application/pdf"
            if fmt == "pdf"
            else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        ),
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- supervision orders ---------------------------------------------------------------------


def order_list(request: HttpRequest) -> HttpResponse:
    show_all = bool(request.GET.get("all"))
    qs = selectors.orders(user=request.user, open_only=not show_all)
    page = Paginator(qs, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "dashboards/order_list.html",
        {
            "page": page,
            "show_all": show_all,
            "query": "all=1" if show_all else "",
            "today": timezone.localdate(),
        },
    )


def order_new(request: HttpRequest, enterprise_pk: int) -> HttpResponse:
    if not access.can_issue_order(request.user):
        raise PermissionDenied
    enterprise = access.access_enterprise(request.user, enterprise_pk)
    snapshot = selectors.latest_snapshot()
    row = snapshot.rows.filter(enterprise=enterprise).first() if snapshot else None
    form = OrderForm(request.POST or None)
    if request.method == "POST":
        order = save_form(
            form,
            lambda data: services.order_issue(
                actor=request.user,
                enterprise=enterprise,
                requirement=data["requirement"],
                response_deadline=data["response_deadline"],
                snapshot=snapshot,
            ),
        )
        if order:
            messages.success(request, _("Supervision order issued; the enterprise has been told."))
            return redirect(order)
    return render(
        request,
        "dashboards/order_form.html",
        {"form": form, "enterprise": enterprise, "row": row},
        status=400 if form.errors else 200,
    )


def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    order = access.access_order(request.user, pk)
    can_answer = access.can_answer_order(request.user, order)
    can_close = access.can_close_order(request.user, order)
    form = AnswerForm(request.POST or None) if can_answer else None
    if request.method == "POST":
        if request.POST.get("action") == "close":
            if not can_close:
                raise PermissionDenied
            services.order_close(actor=request.user, order=order)
            messages.success(request, _("Supervision order closed."))
            return redirect(order)
        if form is None:
            raise PermissionDenied
        if save_form(
            form,
            lambda data: services.order_answer(
                actor=request.user, order=order, answer=data["answer"]
            ),
        ):
            messages.success(request, _("Your answer was sent to the bureau."))
            return redirect(order)
    return render(
        request,
        "dashboards/order_detail.html",
        {"order": order, "form": form, "can_close": can_close, "today": timezone.localdate()},
        status=400 if form is not None and form.errors else 200,
    )
