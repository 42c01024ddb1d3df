"""Node pages: a node, recording it as done, changing its planned date, and the bureau's
postponement decisions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from core.forms import save_form

from .. import selectors, services
from ..forms import DecisionForm, NodeCompleteForm, NodeDateForm
from ..models import DateChange
from ._common import PAGE_SIZE, project_crumbs, render_form


def node_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    node = selectors.node_detail(node=access.access_node(user, pk))
    project = node.project
    return render(
        request,
        "retrofits/node_detail.html",
        {
            "node": node,
            "project": project,
            "today": timezone.localdate(),
            "changes": list(node.date_changes.all()),
            "can_complete": access.can_complete_node(user, node),
            "can_change_date": access.can_change_node_date(user, node),
            "can_decide": access.can_decide_postponement(user),
        },
    )


def node_complete(request: HttpRequest, pk: int) -> HttpResponse:
    node = access.access_node(request.user, pk, update=True)
    form = NodeCompleteForm(request.POST or None, request.FILES or None)
    if access.completion_needs_confirmation(request.user, node):
        required = _(
            "Required: this node is part of the ULE status and counts once the bureau "
            "confirms the evidence."
        )
        form.fields["files"].help_text = f"{required} {form.fields['files'].help_text}"
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.node_complete(
                actor=request.user,
                node=node,
                actual_date=data["actual_date"],
                note=data["note"],
                files=data["files"],
                late_reason=data["late_reason"],
            ),
        )
        if saved:
            if access.completion_needs_confirmation(request.user, node):
                messages.success(
                    request,
                    _("Node recorded as done: it counts once the bureau confirms the evidence."),
                )
            else:
                messages.success(request, _("Node recorded as done."))
            return redirect(saved)
    return render_form(
        request,
        form,
        title=_("Record “%(node)s” as done") % {"node": node.name},
        cancel_url=node.get_absolute_url(),
        crumbs=project_crumbs(node.project, (node.get_absolute_url(), node.name)),
        context={"node": node},
    )


def node_change_date(request: HttpRequest, pk: int) -> HttpResponse:
    node = access.access_node(request.user, pk, update=True)
    form = NodeDateForm(
        request.POST or None,
        request.FILES or None,
        initial={"expected_date": node.planned_date},
    )
    if request.method == "POST":
        change = save_form(
            form,
            lambda data: services.node_change_date(
                actor=request.user,
                node=node,
                new_date=data["new_date"],
                reason=data["reason"],
                files=data["files"],
                expected_date=data["expected_date"],
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
        if form.has_error(NON_FIELD_ERRORS, "stale_date"):
            # show the date as it is now; choosing again is judged against it
            node.refresh_from_db(fields=["planned_date"])
            form.data = form.data.copy()
            form.data["expected_date"] = node.planned_date.isoformat()
    return render_form(
        request,
        form,
        title=_("Change the planned date of “%(node)s”") % {"node": node.name},
        cancel_url=node.get_absolute_url(),
        crumbs=project_crumbs(node.project, (node.get_absolute_url(), node.name)),
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
        saved = save_form(
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
    return render_form(
        request,
        form,
        title=_("Decide a postponement request"),
        cancel_url=reverse("retrofits:postponements"),
        crumbs=project_crumbs(node.project, (node.get_absolute_url(), node.name)),
        context={"change": change, "node": node},
    )
