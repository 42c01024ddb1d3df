from __future__ import annotations

from collections.abc import Iterable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

import access
from accounts.models import User
from core.forms import refused, save_form
from core.http import page_of
from core.params import parse_int
from enterprises.models import Enterprise, SupervisionClass

from .. import draws, pool, selectors, services
from ..filters import DRAW_SORTS
from ..forms import ConflictForm, DrawForm, DrawPoolFilter
from ..models import TargetClass

PAGE_SIZE = 25


def draw_list(request: HttpRequest) -> HttpResponse:
    if not access.can_run_draw(request.user):
        raise PermissionDenied
    draws = selectors.draw_list(ordering=DRAW_SORTS.ordering(request.GET))
    return render(
        request,
        "inspections/draw_list.html",
        {"draws": draws, "sorting": DRAW_SORTS.context(request.GET)},
    )


def draw_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_run_draw(user):
        raise PermissionDenied
    form = DrawForm(
        request.POST or None, pool=pool.pool_for_draw(), inspectors=selectors.inspectors_for()
    )
    status = 200
    if request.method == "POST":
        draw = save_form(
            form,
            lambda data: draws.draw_run(
                actor=user,
                title=data["title"],
                period_start=data["period_start"],
                period_end=data["period_end"],
                pool=form.pool(),
                ratios=form.ratios(),
                inspectors=list(data["inspectors"]),
                inspectors_per_target=data["inspectors_per_target"],
                seed=data["seed"],
                supersede_reason=data.get("supersede_reason", ""),
            ),
        )
        if draw is not None:
            messages.success(
                request,
                _("Draw recorded. The list stays confidential until each inspection date."),
            )
            return redirect(draw)
        status = refused(request)
    standing = []
    if form.is_bound and form.has_error("supersede_reason"):
        standing = draws.standing_draws(
            period_start=form.cleaned_data["period_start"],
            period_end=form.cleaned_data["period_end"],
            enterprise_ids=[e.enterprise.pk for e in form.pool()],
        )
    return render(
        request,
        "inspections/draw_form.html",
        {
            "form": form,
            "counts": _class_counts(),
            "standing": standing,
        },
        status=status,
    )


def _class_counts() -> list[tuple[str, str, int]]:
    """(class, label, enterprises) for the pool's summary, in the classes' order."""
    counts = pool.pool_counts()
    return [(value, label, counts[value]) for value, label in SupervisionClass.choices]


POOL_PAGE_SIZE = 50


def draw_pool(request: HttpRequest) -> HttpResponse:
    """The draw pool, a page of enterprises at a time: the class each is drawn from."""
    user = request.user
    if not access.can_run_draw(user):
        raise PermissionDenied
    filters = DrawPoolFilter(request.GET or None)
    chosen = filters.cleaned_data if filters.is_valid() else {}
    if request.method == "POST":
        # the rows changed on the page only, each with the class the page showed
        was = {
            pk: value
            for name, value in request.POST.items()
            if name.startswith("was_") and (pk := parse_int(name[4:])) is not None
        }
        classes = {
            pk: value
            for name, value in request.POST.items()
            if name.startswith("class_")
            and (pk := parse_int(name[6:])) is not None
            and value != was.get(pk)
        }
        try:
            changed = pool.set_supervision_classes(actor=user, classes=classes, was=was)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d enterprise changed class.", "%(n)d enterprises changed class.", changed
                )
                % {"n": changed}
                if changed
                else _("No class changed."),
            )
            return redirect(request.get_full_path())
    rows = pool.pool_page_rows(
        q=chosen.get("q", ""), county=chosen.get("county"), klass=chosen.get("klass", "")
    )
    page, query = page_of(request, rows, per_page=POOL_PAGE_SIZE)
    return render(
        request,
        "inspections/draw_pool.html",
        {
            "filters": filters,
            "page": page,
            "query": query,
            "counts": _class_counts(),
            "classes": SupervisionClass.choices,
        },
    )


def _draw_context(request, draw, also: Iterable[int] = ()):
    """What a draw's record shows. Only the enterprises it names are loaded (the drawn, the
    unassigned, those in a declared conflict, and ``also``); the pool, every enterprise of a
    city-wide draw, is counted here and listed a page at a time on its own page."""
    targets = selectors.draw_targets(draw=draw)
    users = {
        u.pk: u
        for u in User.objects.filter(pk__in=[i["user_id"] for i in draw.inputs["inspectors"]])
    }
    unassigned = draw.result.get("unassigned", [])
    named = (
        {t["enterprise_id"] for t in draw.result.get("targets", [])}
        | {u["enterprise_id"] for u in unassigned}
        | {c[1] for c in draw.inputs["conflicts"]}
        | set(also)
    )
    enterprises = Enterprise.objects.in_bulk(named)
    show_inputs = access.can_see_draw_inputs(request.user)
    return {
        "draw": draw,
        "targets": targets,
        "users": users,
        "enterprises": enterprises,
        "pool": draws.pool_summary(draw.inputs) if show_inputs else None,
        "inspector_pool": [users.get(i["user_id"]) for i in draw.inputs["inspectors"]],
        "conflicts": [(users.get(c[0]), enterprises.get(c[1])) for c in draw.inputs["conflicts"]],
        "unassigned": [
            (enterprises.get(u["enterprise_id"]), TargetClass(u["class"]).label, u["eligible"])
            for u in unassigned
        ],
        "counts": [
            (TargetClass(k).label, draw.result["counts"][k])
            for k in draws.CLASS_ORDER
            if k in draw.result.get("counts", {})
        ],
        "today": timezone.localdate(),
        "is_office": access.can_run_draw(request.user),
        "show_inputs": show_inputs,
    }


def draw_detail(request: HttpRequest, pk: int) -> HttpResponse:
    draw = access.access_draw(request.user, pk)
    return render(request, "inspections/draw_detail.html", _draw_context(request, draw))


def draw_verify(request: HttpRequest, pk: int) -> HttpResponse:
    """Re-run the draw from its record and show whether the result is identical."""
    draw = access.access_draw(request.user, pk)
    verification = draws.draw_verify(draw=draw)
    context = _draw_context(
        request, draw, also=[t["enterprise_id"] for t in verification.recomputed["targets"]]
    )
    context["verification"] = verification
    context["recorded"] = _named(draw.result["targets"], context)
    context["recomputed"] = _named(verification.recomputed["targets"], context)
    return render(request, "inspections/draw_verify.html", context)


POOL_RECORD_PAGE_SIZE = 50


def draw_pool_record(request: HttpRequest, pk: int) -> HttpResponse:
    """A recorded draw's whole target pool, a page at a time, with its counts per county and
    class: the list anyone re-running the draw by hand needs (also as Excel or CSV)."""
    draw = access.access_draw_inputs(request.user, pk)
    klass, county_id = draws.pool_filter(request.GET)
    summary = draws.pool_summary(draw.inputs)
    entries = draws.pool_entries(draw.inputs, klass=klass, county_id=county_id)
    page, query = page_of(request, entries, POOL_RECORD_PAGE_SIZE)
    shown = Enterprise.objects.in_bulk([t["enterprise_id"] for t in page.object_list])
    counties = {county_pk: county for county, county_pk, _n, _all in summary.rows}
    rows = [
        {
            "id": t["enterprise_id"],
            "enterprise": shown.get(t["enterprise_id"]),
            "county": counties.get(t.get("county_id")),
            "class": TargetClass(t["class"]).label,
        }
        for t in page.object_list
    ]
    return render(
        request,
        "inspections/draw_pool_record.html",
        {
            "draw": draw,
            "pool": summary,
            "page": page,
            "rows": rows,
            "query": query,
            "klass": klass,
            "county_id": county_id,
            "is_office": access.can_run_draw(request.user),
        },
    )


def _named(targets: list[dict], context: dict) -> list[dict]:
    """Result rows with names instead of ids, for people to compare."""
    enterprises, users = context["enterprises"], context["users"]
    return [
        {
            "enterprise": enterprises.get(t["enterprise_id"]),
            "class": TargetClass(t["class"]).label,
            "date": t["inspection_date"],
            "inspectors": [users.get(u) for u in t["inspectors"]],
        }
        for t in targets
    ]


def disclosure(request: HttpRequest) -> HttpResponse:
    """ "One public": drawn targets whose inspection date has come and their results, a page
    at a time."""
    result = selectors.disclosure()
    page, query = page_of(request, result.rows, PAGE_SIZE)
    return render(
        request,
        "inspections/disclosure.html",
        {
            "disclosure": result,
            "page": page,
            "query": query,
            "today": timezone.localdate(),
            # fully published draws link to their record, so anyone can re-run them
            "open_records": access.draw_records_open(
                request.user, {t.draw_id for t in page.object_list}
            ),
        },
    )


def conflict_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not access.can_declare_conflicts(user):
        raise PermissionDenied
    if access.can_record_conflicts_for_others(user):
        inspectors = selectors.inspectors_for()
    else:
        inspectors = User.objects.filter(pk=user.pk)
    form = ConflictForm(
        request.POST or None,
        inspectors=inspectors,
        enterprises=access.visible_enterprises(user).order_by("name_zh"),
    )
    status = 200
    if request.method == "POST":
        declared = save_form(form, lambda data: services.conflict_declare(actor=user, **data))
        if declared is not None:
            messages.success(request, _("Conflict of interest recorded: the draw will skip it."))
            return redirect("inspections:conflicts")
        status = refused(request)
    return render(
        request,
        "inspections/conflict_list.html",
        {"form": form, "conflicts": selectors.conflicts_for(user=user)},
        status=status,
    )


@require_POST
def conflict_delete(request: HttpRequest, pk: int) -> HttpResponse:
    declaration = selectors.conflicts_for(user=request.user).filter(pk=pk).first()
    if declaration is None:
        raise Http404
    services.conflict_withdraw(actor=request.user, declaration=declaration)
    messages.success(request, _("Declaration withdrawn."))
    return redirect("inspections:conflicts")
