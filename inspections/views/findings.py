from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

import access
from core.forms import refused, save_form
from core.http import page_of
from core.params import parse_int
from core.sorting import Sorting, choice_order

from .. import selectors, services
from ..forms import FindingForm, FindingReviewForm, ResponseForm
from ..models import Answer, ChecklistItem


def finding_create(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Record a finding: from a non-compliant item of a submitted inspection (``pk`` and
    ``?item=``) or free-standing for an enterprise (``?enterprise=``)."""
    user = request.user
    inspection = item = None
    if pk is not None:
        inspection = access.access_inspection(user, pk)
        enterprise = inspection.enterprise
        item_id = parse_int(request.GET.get("item") or request.POST.get("item"), minimum=0)
        if item_id is not None:
            item = (
                ChecklistItem.objects.select_related("version__template")
                .filter(pk=item_id, version__in=inspection.checklists.all())
                .first()
            )
            if item is None:
                raise Http404
    else:
        ent_id = parse_int(
            request.GET.get("enterprise") or request.POST.get("enterprise"), minimum=0
        )
        if ent_id is None:
            raise Http404
        enterprise = access.access_enterprise(user, ent_id)
    if not access.can_record_finding(user, enterprise):
        raise PermissionDenied
    initial = {"responsible_person": _primary_contact_name(enterprise)}
    if item is not None:
        answer = Answer.objects.filter(inspection=inspection, item=item).first()
        # the record goes to the enterprise in the portal's official language, whatever
        # language the inspector reads the portal in
        with translation.override(settings.LANGUAGE_CODE):
            requirement = _("Rectify so that the following is met: %(item)s") % {
                "item": item.text_zh
            }
        initial.update(
            category=item.version.template.category,
            description=item.text_zh + (f"\n{answer.note}" if answer and answer.note else ""),
            requirement=requirement,
        )
    form = FindingForm(
        request.POST or None, request.FILES or None, enterprise=enterprise, initial=initial
    )
    form.fields["category"].choices = [  # only the categories this user may record
        c
        for c in form.fields["category"].choices
        if not c[0] or access.can_record_finding(user, enterprise, c[0])
    ]
    status = 200
    if request.method == "POST":
        finding = save_form(
            form,
            lambda data: services.finding_create(
                actor=user,
                enterprise=enterprise,
                data={k: v for k, v in data.items() if k not in ("evidence", "confirm_duplicate")},
                inspection=inspection,
                item=item,
                uploads=data["evidence"],
                confirm_duplicate=data["confirm_duplicate"],
            ),
        )
        if finding is not None:
            messages.success(
                request,
                _(
                    "Finding %(ref)s recorded and added to the rectification plan; the enterprise has been notified."
                )
                % {"ref": finding.reference},
            )
            return redirect(inspection or finding)
        status = refused(request)
    duplicates = []
    if form.is_bound and form.has_error("confirm_duplicate"):
        duplicates = services.similar_open_findings(
            enterprise=enterprise,
            category=form.cleaned_data.get("category"),
            description=form.cleaned_data.get("description") or "",
            item=item,
        )
    elif item is not None:  # the same check item: warned before anything is typed
        duplicates = services.similar_open_findings(enterprise=enterprise, category=None, item=item)
    return render(
        request,
        "inspections/finding_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "inspection": inspection,
            "item": item,
            "duplicates": duplicates,
        },
        status=status,
    )


def _primary_contact_name(enterprise) -> str:
    contact = enterprise.contacts.order_by("-is_primary", "name").first()
    return contact.name if contact else ""


def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    finding = selectors.finding_detail(finding=access.access_finding(user, pk))
    return _render_finding(request, finding)


def _render_finding(request, finding, *, respond_form=None, review_form=None, status=200):
    user = request.user
    can_respond = access.can_respond_to_finding(user, finding)
    can_review = access.can_review_finding(user, finding)
    return render(
        request,
        "inspections/finding_detail.html",
        {
            "finding": finding,
            "today": timezone.localdate(),
            "can_respond": can_respond,
            "can_review": can_review,
            "can_follow_up": access.can_follow_up_finding(user, finding) and not finding.is_closed,
            "respond_form": respond_form or (ResponseForm() if can_respond else None),
            "review_form": review_form or (FindingReviewForm() if can_review else None),
        },
        status=status,
    )


@require_POST
def finding_respond(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    finding = access.access_finding(user, pk)
    if not access.can_respond_to_finding(user, finding):
        raise PermissionDenied
    form = ResponseForm(request.POST, request.FILES)
    response = save_form(
        form,
        lambda data: services.finding_respond(
            actor=user, finding=finding, text=data["text"], uploads=data["evidence"]
        ),
    )
    if response is not None:
        messages.success(request, _("Your answer was sent to the inspectors for verification."))
        return redirect(finding)
    status = refused(request)
    finding = selectors.finding_detail(finding=finding)
    return _render_finding(request, finding, respond_form=form, status=status)


@require_POST
def finding_review(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    finding = access.access_finding(user, pk)
    if not access.can_review_finding(user, finding):
        raise PermissionDenied
    form = FindingReviewForm(request.POST)
    review = save_form(
        form,
        lambda data: services.finding_review(
            actor=user, finding=finding, accept=form.accepted, reason=data["comment"]
        ),
    )
    if review is not None:
        messages.success(
            request,
            _("Accepted: the finding is closed.")
            if review.accepted
            else _("Returned to the enterprise with your comment."),
        )
        return redirect(finding)
    status = refused(request)
    finding = selectors.finding_detail(finding=finding)
    return _render_finding(request, finding, review_form=form, status=status)


# Column sorting of the plans (core.sorting): open plans with overdue findings first by default.
PLAN_SORTS = Sorting(
    {
        "status": (choice_order("status", ["open", "closed"]), "-overdue", "-open"),
        "created": ("created_at",),
        "enterprise": ("enterprise__name_zh",),
        "county": ("enterprise__county__code", "enterprise__name_zh"),
        "open": ("open",),
        "overdue": ("overdue",),
        "total": ("total",),
    },
    default="status",
)


def plan_list(request: HttpRequest) -> HttpResponse:
    plans = selectors.plan_list(user=request.user, ordering=PLAN_SORTS.ordering(request.GET))
    page, query = page_of(request, plans, 25)
    return render(
        request,
        "inspections/plan_list.html",
        {"page": page, "query": query, "sorting": PLAN_SORTS.context(request.GET)},
    )


def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.access_plan(request.user, pk)
    return render(
        request,
        "inspections/plan_detail.html",
        {
            "plan": plan,
            "findings": selectors.plan_findings(plan=plan),
            "today": timezone.localdate(),
            "can_add": access.can_record_finding(request.user, plan.enterprise),
        },
    )


def plan_notice(request: HttpRequest, pk: int) -> HttpResponse:
    """The printable rectification notice of the enterprise's plan (user's language)."""
    plan = access.access_plan(request.user, pk)
    return render(
        request,
        "inspections/print_notice.html",
        {
            "plan": plan,
            "findings": selectors.plan_findings(plan=plan),
            "printed_at": timezone.localtime(),
        },
    )
