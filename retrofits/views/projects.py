"""Project pages: the list, creation, the project page, editing, the plan's dates and its
approval."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.forms import save_form
from core.http import page_of
from core.params import parse_int

from .. import selectors, services
from ..filters import PROJECT_SORTS as SORTS
from ..filters import ProjectFilter
from ..forms import NewProjectEnterpriseForm, PlanDatesForm, ProjectForm
from ..models import DateChange
from ._common import PAGE_SIZE, project_crumbs, render_form


def project_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    flt = ProjectFilter(
        request.GET or None,
        queryset=selectors.project_list(user=user, ordering=SORTS.ordering(request.GET)),
        enterprises=selectors.enterprises_for_filter(user=user),
        counties=selectors.counties_for_filter(user=user),
    )
    page, query = page_of(request, flt.qs, PAGE_SIZE)
    context = {
        "filter": flt,
        "page": page,
        "query": query,
        "today": timezone.localdate(),
        "can_create": selectors.enterprises_for_new_project(user=user).exists(),
        "can_decide": access.can_decide_postponement(user),
        "sorting": SORTS.context(request.GET),
    }
    template = (
        "retrofits/partials/_project_rows.html" if request.htmx else "retrofits/project_list.html"
    )
    return render(request, template, context)


def project_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    choices = selectors.enterprises_for_new_project(user=user)
    first_two = list(choices[:2])
    if not first_two:
        raise PermissionDenied
    ent_id = request.GET.get("enterprise") or (
        str(first_two[0].pk) if len(first_two) == 1 else None
    )
    enterprise = choices.filter(pk=ent_id).first() if parse_int(ent_id) else None
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

        project = save_form(form, save)
        if project:
            messages.success(
                request,
                _(
                    "Project created with its standard nodes. Check the planned dates, then ask the bureau to approve the plan."
                ),
            )
            return redirect(project)
    return render_form(
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
            "can_update_nodes": access.can_update_nodes_of(user, project),
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
        saved = save_form(
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
    return render_form(
        request,
        form,
        title=_("Edit project"),
        cancel_url=project.get_absolute_url(),
        crumbs=project_crumbs(project),
    )


def plan_dates(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.access_project(request.user, pk, edit=True)
    if not access.can_edit_plan_dates(request.user, project):
        raise PermissionDenied
    nodes = list(project.nodes.order_by("order"))
    form = PlanDatesForm(request.POST or None, nodes=nodes)
    if request.method == "POST":
        saved = save_form(
            form,
            lambda data: services.plan_dates_update(
                actor=request.user, project=project, dates=form.dates()
            ),
        )
        if saved:
            messages.success(request, _("Planned dates saved."))
            return redirect(project)
    return render_form(
        request,
        form,
        title=_("Planned dates of the plan"),
        cancel_url=project.get_absolute_url(),
        crumbs=project_crumbs(project),
        intro=_(
            "Until the bureau approves the plan, the planned dates can be edited freely. On approval they become the committed dates, which never change."
        ),
    )


@require_POST
def plan_approve(request: HttpRequest, pk: int) -> HttpResponse:
    project = access.access_project(request.user, pk)
    if access.plan_already_approved_for(request.user, project):
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
