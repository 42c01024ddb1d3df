"""Pages of the transport app: the overview of shares, one enterprise's registers, tonnage,
ledgers and shares, the ledger upload with its column mapping and progress, and the vehicle
exhaust staff's queue with its one-step findings."""

from __future__ import annotations

import io

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

import access
from core.forms import refused, save_form
from core.http import page_of, private_file_response
from core.params import parse_int
from exports.tabular import Column, Table, write_csv

from . import selectors, services
from .forms import REGISTER_FORMS, LedgerUploadForm, MappingForm, QueueFindingForm, TonnageForm
from .ledger import propose_mapping
from .models import ImportStatus, TonnageEvidence
from .queue import Queue
from .services.ledger import MAX_REJECTIONS_KEPT

PAGE_SIZE = 50
# the queue renders a finding form per shown item (about 6 ms each): 20 keep a page light
QUEUE_PAGE_SIZE = 20
# the overview judges a year of shares per shown enterprise (twelve months, five rules each)
INDEX_PAGE_SIZE = 25


def _year(request: HttpRequest) -> int:
    this_year = timezone.localdate().year
    year = parse_int(request.GET.get("year"), minimum=2000)
    return year if year is not None and year <= this_year + 1 else this_year


def index(request: HttpRequest) -> HttpResponse:
    own = access.transport_home_enterprise(request.user)
    if own is not None:
        return redirect("transport:enterprise", pk=own)
    year = _year(request)
    page, query = page_of(request, selectors.enterprises(user=request.user), INDEX_PAGE_SIZE)
    return render(
        request,
        "transport/index.html",
        {
            "rows": selectors.overview(user=request.user, year=year, page=page.object_list),
            "page": page,
            "query": query,
            "year": year,
            "this_year": timezone.localdate().year,
            "can_queue": access.can_use_transport_queue(request.user),
        },
    )


def enterprise(request: HttpRequest, pk: int) -> HttpResponse:
    ent = access.access_transport_enterprise(request.user, pk)
    year = _year(request)
    context = selectors.enterprise_page(enterprise=ent, year=year)
    context.update(
        enterprise=ent,
        year=year,
        can_edit=access.can_edit_transport(request.user, ent),
        can_queue=access.can_use_transport_queue(request.user),
    )
    return render(request, "transport/enterprise.html", context)


def _register_model(register: str):
    model = services.REGISTER_MODELS.get(register)
    if model is None:
        raise Http404
    return model


def register_new(request: HttpRequest, pk: int, register: str) -> HttpResponse:
    model = _register_model(register)
    ent = access.access_transport_enterprise(request.user, pk, edit=True)
    form = REGISTER_FORMS[register](request.POST or None)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.register_save(
                actor=request.user, enterprise=ent, model=model, data=data
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("transport:enterprise", pk=ent.pk)
    return render(
        request,
        "transport/register_form.html",
        {"form": form, "enterprise": ent, "title": model._meta.verbose_name, "register": register},
        status=refused(request) if form.errors else 200,
    )


def register_edit(request: HttpRequest, register: str, pk: int) -> HttpResponse:
    model = _register_model(register)
    record = access.access_transport_record(request.user, model, pk, edit=True)
    form = REGISTER_FORMS[register](request.POST or None, instance=record)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.register_save(
                actor=request.user,
                enterprise=record.enterprise,
                model=model,
                data=data,
                instance=record,
            ),
        )
        if saved:
            messages.success(request, _("Saved."))
            return redirect("transport:enterprise", pk=record.enterprise_id)
    return render(
        request,
        "transport/register_form.html",
        {
            "form": form,
            "enterprise": record.enterprise,
            "title": model._meta.verbose_name,
            "record": record,
            "register": register,
        },
        status=refused(request) if form.errors else 200,
    )


@require_POST
def register_delete(request: HttpRequest, register: str, pk: int) -> HttpResponse:
    model = _register_model(register)
    record = access.access_transport_record(request.user, model, pk, edit=True)
    services.register_delete(actor=request.user, instance=record)
    messages.success(request, _("Deleted."))
    return redirect("transport:enterprise", pk=record.enterprise_id)


def tonnage_new(request: HttpRequest, pk: int) -> HttpResponse:
    ent = access.access_transport_enterprise(request.user, pk, edit=True)
    form = TonnageForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.tonnage_save(
                actor=request.user, enterprise=ent, data=data, uploads=data["evidence"]
            ),
        )
        if saved:
            messages.success(request, _("Clean-mode tonnage recorded."))
            return redirect("transport:enterprise", pk=ent.pk)
    return render(
        request,
        "transport/register_form.html",
        {"form": form, "enterprise": ent, "title": _("clean-mode tonnage"), "multipart": True},
        status=refused(request) if form.errors else 200,
    )


def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    stored = access.access_transport_record(request.user, TonnageEvidence, pk)
    return private_file_response(stored)


def ledger_upload(request: HttpRequest, pk: int) -> HttpResponse:
    ent = access.access_transport_enterprise(request.user, pk, edit=True)
    form = LedgerUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.ledger_upload(
                actor=request.user, enterprise=ent, upload=data["file"]
            ),
        )
        if saved:
            return redirect("transport:import_map", pk=saved.pk)
    return render(
        request,
        "transport/ledger_upload.html",
        {"form": form, "enterprise": ent},
        status=refused(request) if form.errors else 200,
    )


def import_map(request: HttpRequest, pk: int) -> HttpResponse:
    ledger = access.access_ledger_import(request.user, pk, edit=True)
    if ledger.status != ImportStatus.MAPPING:
        return redirect(ledger)
    remembered = selectors.remembered_mapping(enterprise=ledger.enterprise)
    form = MappingForm(
        request.POST or None,
        headers=ledger.headers,
        proposal=propose_mapping(ledger.headers, remembered),
    )
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.ledger_map(
                actor=request.user, ledger=ledger, columns=form.columns
            ),
        )
        if saved:
            messages.success(request, _("The import has started; you may leave this page."))
            return redirect(saved)
    return render(
        request,
        "transport/import_map.html",
        {"form": form, "ledger": ledger, "remembered": bool(remembered)},
        status=refused(request) if form.errors else 200,
    )


def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ledger = selectors.import_detail(ledger=access.access_ledger_import(request.user, pk))
    page = Paginator(selectors.rejections(ledger=ledger), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "ledger": ledger,
        "page": page,
        "kept_max": MAX_REJECTIONS_KEPT,
        "query": "",
        "can_edit": access.can_edit_transport(request.user, ledger.enterprise),
    }
    if request.htmx:
        return render(request, "transport/partials/_progress.html", context)
    return render(request, "transport/import_detail.html", context)


def import_rejections(request: HttpRequest, pk: int) -> HttpResponse:
    """The rejected rows of an import as CSV (line, reason in the reader's language, the row as
    read), to correct in the gate system's export; streamed through the one table writer."""
    ledger = access.access_ledger_import(request.user, pk)
    table = Table(
        name="rejected",
        title=_("Rejected rows"),
        columns=[
            Column(pgettext("ledger row", "Line"), lambda r: r.line),
            Column(_("Reason"), lambda r: r.reason_text),
            Column(_("Content"), lambda r: r.content),
        ],
        rows=selectors.rejections(ledger=ledger).iterator(chunk_size=2000),
    )
    buffer = io.StringIO()
    write_csv(table, buffer)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stem = ledger.original_name.rsplit(".", 1)[0][:80] or "ledger"
    response["Content-Disposition"] = content_disposition_header(
        True, f"{stem}-rejected-{ledger.pk}.csv"
    )
    return response


@require_POST
def import_requeue(request: HttpRequest, pk: int) -> HttpResponse:
    ledger = access.access_ledger_import(request.user, pk, edit=True)
    try:
        services.ledger_requeue(actor=request.user, ledger=ledger)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The import was queued again."))
    return redirect(ledger)


def queue(request: HttpRequest) -> HttpResponse:
    if not access.can_use_transport_queue(request.user):
        raise PermissionDenied
    show_raised = bool(request.GET.get("all"))
    queue = Queue(user=request.user, show_raised=show_raised)
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    articles = QueueFindingForm.article_choices()
    forms = {
        i.key: QueueFindingForm(
            articles=articles,
            initial={
                "key": i.key,
                "enterprise": i.enterprise.pk,
                "description": i.description,
                "requirement": i.requirement,
                "legal_basis": i.article,
            },
            auto_id=f"id_{i.key.replace(':', '_')}_%s",
        )
        for i in page
        if i.finding is None and access.can_raise_transport_finding(request.user, i.enterprise)
    }
    options: dict = {}
    for form in forms.values():
        form.html = form.queue_html(options)
    return render(
        request,
        "transport/queue.html",
        {
            "items": [(i, forms.get(i.key)) for i in page],
            "page": page,
            "query": "all=1" if show_raised else "",
            "open_count": queue.open_count,
            "raised": queue.raised_count,
            "show_raised": show_raised,
        },
    )


@require_POST
def queue_raise(request: HttpRequest) -> HttpResponse:
    if not access.can_use_transport_queue(request.user):
        raise PermissionDenied
    form = QueueFindingForm(request.POST)
    enterprise_id = parse_int(request.POST.get("enterprise"))
    if enterprise_id is not None:
        access.access_transport_enterprise(request.user, enterprise_id)
    saved = save_form(
        form,
        lambda data: services.queue_raise_finding(
            actor=request.user, key=data["key"], enterprise_id=data["enterprise"], data=data
        ),
    )
    if saved:
        messages.success(
            request,
            _("Finding %(ref)s raised and sent to the enterprise.") % {"ref": saved.reference},
        )
        return redirect(saved)
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect("transport:queue")
