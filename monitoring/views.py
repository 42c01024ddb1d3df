"""Pages of online monitoring: month compliance (city and per enterprise), a point's time
series with its limit lines and flags, the flag queue and a flag's verification, file imports
and the rejected-packet log. Short views: access, selector or service, render."""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

import access
from core.http import page_of

from . import selectors, services
from .forms import ImportForm, OutcomeForm
from .models import Flag

REASON_LABELS = {
    "bad_header": gettext_lazy("does not start with ##"),
    "bad_length": gettext_lazy("length does not match"),
    "oversized": gettext_lazy("longer than the standard allows"),
    "truncated": gettext_lazy("truncated"),
    "bad_crc": gettext_lazy("CRC check failed"),
    "malformed": gettext_lazy("malformed fields"),
    "unknown_mn": gettext_lazy("unknown device (MN)"),
    "unknown_code": gettext_lazy("unknown pollutant code"),
    "bad_time": gettext_lazy("impossible time"),
    "bad_value": gettext_lazy("impossible value"),
}


def _reason(code: str) -> str:
    return str(REASON_LABELS.get(code, code))


def overview(request: HttpRequest) -> HttpResponse:
    month = selectors.month_from(request.GET.get("month"))
    page, query = page_of(request, selectors.compliance_enterprises(user=request.user), 50)
    rows = selectors.city_compliance(user=request.user, month=month, page=page.object_list)
    return render(
        request,
        "monitoring/overview.html",
        {
            "month": month,
            "rows": rows,
            "page": page,
            "query": query,
            "nav": access.monitoring_nav_flags(request.user),
            "prev": _shift(month, -1),
            "next": _shift(month, 1),
        },  # fmt: skip
    )


def _shift(month: date, months: int) -> str:
    year, m = divmod(month.month - 1 + months, 12)
    return f"{month.year + year:04d}-{m + 1:02d}"


def enterprise_month(request: HttpRequest, pk: int) -> HttpResponse:
    enterprise = access.access_enterprise(request.user, pk)
    month = selectors.month_from(request.GET.get("month"))
    data = selectors.enterprise_compliance(enterprise=enterprise, month=month)
    return render(
        request,
        "monitoring/enterprise_month.html",
        {"data": data, "month": month, "prev": _shift(month, -1), "next": _shift(month, 1)},
    )


def point_detail(request: HttpRequest, pk: int) -> HttpResponse:
    point = access.access_point(request.user, pk)
    days = {"week": 7, "month": 31, "year": 365}.get(request.GET.get("range", ""), 31)
    end = timezone.localdate() + timedelta(days=1)
    start_param = request.GET.get("start", "")
    try:
        start = date.fromisoformat(start_param) if start_param else end - timedelta(days=days)
    except ValueError:
        start = end - timedelta(days=days)
    if not date(2000, 1, 1) <= start <= end:
        start = end - timedelta(days=days)
    series, resolution = selectors.point_series(point=point, start=start, days=days)
    flags = list(selectors.point_flags(user=request.user, point=point, start=start, days=days))
    chart = {
        "resolution": resolution,
        "series": [
            {
                "key": s.parameter.key,
                "name": s.parameter.name,
                "unit": s.parameter.unit,
                "points": s.points,
                "ule": s.ule,
                "baseline": s.baseline,
            }  # fmt: skip
            for s in series
        ],
        "flags": [
            {
                "parameter": f.parameter,
                "rule": str(f.rule),
                "start": f.start.astimezone(selectors.TZ).strftime("%Y-%m-%d %H:00"),
                "end": f.end.astimezone(selectors.TZ).strftime("%Y-%m-%d %H:00"),
            }  # fmt: skip
            for f in flags
        ],
        "labels": {
            "ule": pgettext("monitoring", "ULE value"),
            "baseline": _("Baseline (standard)"),
        },
    }
    return render(
        request,
        "monitoring/point_detail.html",
        {
            "point": point,
            "series": series,
            "flags": flags,
            "chart": chart,
            "days": days,
            "start": start,
            "resolution": resolution,
        },  # fmt: skip
    )


def flag_list(request: HttpRequest) -> HttpResponse:
    if not access.can_view_flags(request.user):
        raise PermissionDenied
    status = request.GET.get("status") or None
    page, query = page_of(request, selectors.flag_queue(user=request.user, status=status), 50)
    return render(
        request,
        "monitoring/flag_list.html",
        {
            "flags": page,
            "page": page,
            "query": query,
            "status": status,
            "statuses": Flag.Status.choices,
        },
    )


def flag_detail(request: HttpRequest, pk: int) -> HttpResponse:
    flag = access.access_flag(request.user, pk)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "task":
                services.flag_create_task(flag=flag, actor=request.user)
                messages.success(request, _("Sent to the county staff for verification."))
                return redirect("monitoring:flag", pk=flag.pk)
            if form.is_valid():
                services.flag_record_outcome(
                    flag=flag, actor=request.user, outcome=form.cleaned_data["outcome"],
                    note=form.cleaned_data["note"],
                )  # fmt: skip
                messages.success(request, _("Outcome recorded."))
                return redirect("monitoring:flag", pk=flag.pk)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    rule_params = dict(flag.rule.params)
    try:
        explanation = flag.rule.explanation.format(**rule_params)
    except (KeyError, IndexError, ValueError):
        explanation = flag.rule.explanation
    return render(
        request,
        "monitoring/flag_detail.html",
        {
            "flag": flag,
            "explanation": explanation,
            "form": form,
            "can_send": flag.status == Flag.Status.OPEN
            and access.can_send_flag_for_verification(request.user, flag),
            "can_decide": flag.status in (Flag.Status.OPEN, Flag.Status.VERIFYING)
            and access.can_record_flag_outcome(request.user, flag),
        },
        status=200 if request.method == "GET" or not form.errors else 400,
    )


def import_view(request: HttpRequest) -> HttpResponse:
    if not access.can_import_monitoring(request.user):
        raise PermissionDenied
    scope = access.monitoring_import_scope(request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            report = services.import_file(
                data=upload.read(), file_name=upload.name, kind=form.cleaned_data["kind"],
                actor=request.user, enterprise_id=scope,
            )  # fmt: skip
        except ValueError:
            form.add_error("file", _("This file could not be read as the chosen type."))
    refused = (
        [(r.line_no, _reason(r.reason), r.excerpt) for r in report.refused[:500]] if report else []
    )
    return render(
        request,
        "monitoring/import.html",
        {"form": form, "report": report, "refused": refused, "own_devices_only": scope is not None},
        status=400 if form.errors else 200,
    )


def rejected(request: HttpRequest) -> HttpResponse:
    if not access.can_view_rejected_packets(request.user):
        raise PermissionDenied
    counts, latest = selectors.rejected_summary()
    return render(
        request,
        "monitoring/rejected.html",
        {
            "counts": [(c["source"], _reason(c["reason"]), c["n"]) for c in counts],
            "latest": [(p, _reason(p.reason)) for p in latest],
        },
    )
