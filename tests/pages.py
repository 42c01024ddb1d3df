"""Every page of the portal for every role, derived from the URLconf (issue 12).

The accessibility test (tests/e2e/test_accessibility.py) and the HTML checker test
(tests/test_html_validity.py) both read this list. A URL pattern without parameters is a page as
it is; a pattern with parameters gets candidate objects from the demo (one per enterprise and
status of the kind, so that every role finds one within its access) and the first candidate
that answers 200 with HTML for the role is the role's page. A pattern that is neither here nor in
``NOT_PAGES`` makes ``pages_for`` raise, naming it: a page added later is covered or the tests
fail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

# Addresses that are not pages a person reads: files, exports, actions answering a POST only,
# redirects. Each with the reason.
NOT_PAGES = {
    "logout": "POST only (sign out)",
    "set_language": "POST only (language switch)",
    "javascript-catalog": "JavaScript, not HTML",
    "retrofits:evidence": "a stored file",
    "inspections:attachment": "a stored file",
    "acceptance:evaluation_file": "a stored file",
    "transport:evidence": "a stored file",
    "dashboards:bulletin_file": "a stored Excel or PDF file",
    "exports:export": "an Excel or CSV file",
    "transport:import_rejections": "a CSV file (rejected rows of an import)",
    "exports:download": "an Excel or CSV file",
    "public_inspections:export": "an Excel or CSV file",
    "notifications:open": "marks the message read and redirects to its page",
    "notifications:mark_read": "POST only (mark read)",
    "inspections:autosave": "POST only (the spot-check form's draft autosave, JSON)",
    "enterprises:pick": "JSON for the enterprise picker",
    "dashboards:map": "JSON for the dashboard's map",
    "retrofits:plan_approve": "POST only (approve the plan, from the project's page)",
    "retrofits:report_review": "POST only (review form on the report's page)",
    "inspections:finding_respond": "POST only (answer form on the finding's page)",
    "inspections:finding_review": "POST only (review form on the finding's page)",
    "inspections:conflict_delete": "POST only (delete a declared conflict)",
    "acceptance:publicity_close": "POST only (form on the publicity's page)",
    "acceptance:publicity_withdraw": "POST only (form on the publicity's page)",
    "transport:register_delete": "POST only (delete a register row)",
    "transport:import_requeue": "POST only (run an import again)",
    "operations:interval_verify": "POST only (verify a running-status interval)",
}

# Demo users by role. "county staff" (not the lead) is created by ``ensure_county_staff``.
ROLES = {
    "office": "office",
    "bureau": "bureau",
    "county_lead": "weishan",
    "county_staff": "a11y-county",
    "vehicle": "vehicle",
    "contact": "shanshui",
    "official": "leader",
    "anonymous": None,
}


def url_patterns() -> list[tuple[str, str, list[str]]]:
    """(route with ``{kwarg}`` holes, namespaced name, kwargs) of every portal view."""
    out: list[tuple[str, str, list[str]]] = []

    def walk(patterns, prefix: str, namespace: str | None) -> None:
        for p in patterns:
            route = prefix + str(p.pattern)
            if isinstance(p, URLResolver):
                if (p.namespace or "") == "admin":
                    continue
                walk(p.url_patterns, route, p.namespace or namespace)
            elif isinstance(p, URLPattern):
                kwargs = re.findall(r"<(?:\w+:)?(\w+)>", route)
                hole = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route)
                name = f"{namespace}:{p.name}" if namespace else (p.name or route)
                out.append(("/" + hole, name, kwargs))

    walk(get_resolver().url_patterns, "", None)
    return out


def _pks(label: str, *, by: Iterable[str] = ("enterprise",)) -> list[int]:
    """One pk of the model per distinct value of ``by`` (e.g. per enterprise and status)."""
    model = apps.get_model(label)
    fields = [f for f in by if _has(model, f)]
    seen: dict[tuple, int] = {}
    for row in model.objects.order_by("pk").values_list("pk", *fields):
        seen.setdefault(tuple(row[1:]), row[0])
    return list(seen.values())


def _has(model, path: str) -> bool:
    try:
        model._meta.get_field(path.split("__")[0])
    except Exception:  # noqa: BLE001 - FieldDoesNotExist
        return False
    return True


def _one(label: str, kw: str = "pk", **by) -> Callable[[], list[dict]]:
    keys = by.get("by", ("enterprise", "status"))
    return lambda: [{kw: pk} for pk in _pks(label, by=keys)]


def _enterprises(kw: str = "pk") -> Callable[[], list[dict]]:
    return lambda: [{kw: pk} for pk in _pks("enterprises.Enterprise", by=("id",))]


def _children(label: str, kw: str) -> Callable[[], list[dict]]:
    def build() -> list[dict]:
        model = apps.get_model(label)
        rows = model.objects.order_by("pk").values_list("pk", "enterprise_id")
        seen: dict[int, int] = {}
        for pk, ent in rows:
            seen.setdefault(ent, pk)
        return [{"pk": ent, kw: pk} for ent, pk in seen.items()]

    return build


def _registers(pk_first: bool) -> Callable[[], list[dict]]:
    def build() -> list[dict]:
        from transport.services import REGISTER_MODELS

        out = []
        for register, model in REGISTER_MODELS.items():
            if pk_first:
                out += [
                    {"pk": e, "register": register}
                    for e in _pks("enterprises.Enterprise", by=("id",))
                ]
            else:
                out += [{"pk": pk, "register": register} for pk in _pks(model._meta.label)]
        return out

    return build


def _export_jobs() -> list[dict]:
    """The demo has no background export: one running job per demo user (a job's page is its
    requester's only)."""
    from accounts.models import User
    from exports.models import ExportJob

    for user in User.objects.filter(username__in=[u for u in ROLES.values() if u]):
        if not ExportJob.objects.filter(requested_by=user).exists():
            ExportJob.objects.create(
                requested_by=user,
                list_name="enterprises",
                fmt=ExportJob.Format.values[0],
                language="zh-hans",
                total=3000,
                done=1200,
            )
    return [{"pk": pk} for pk in ExportJob.objects.order_by("pk").values_list("pk", flat=True)]


def _reset_token() -> list[dict]:
    return [{"uidb64": "MQ", "token": "invalid-token"}]


# Candidate URL arguments per pattern, from the demo's objects.
CANDIDATES: dict[str, Callable[[], list[dict]]] = {
    "password_reset_confirm": _reset_token,
    "enterprises:detail": _enterprises(),
    "enterprises:edit": _enterprises(),
    "enterprises:unit_create": _enterprises(),
    "enterprises:point_create": _enterprises(),
    "enterprises:contact_create": _enterprises(),
    "enterprises:unit_edit": _children("enterprises.ProductionUnit", "unit_pk"),
    "enterprises:point_edit": _children("enterprises.EmissionPoint", "point_pk"),
    "enterprises:contact_edit": _children("enterprises.Contact", "contact_pk"),
    "retrofits:project_detail": _one("retrofits.RetrofitProject"),
    "retrofits:project_edit": _one("retrofits.RetrofitProject"),
    "retrofits:plan_dates": _one("retrofits.RetrofitProject"),
    "retrofits:plan_approve": _one("retrofits.RetrofitProject"),
    "retrofits:report_create": _one("retrofits.RetrofitProject"),
    "retrofits:node_detail": _one("retrofits.MilestoneNode", by=("project__enterprise", "status")),
    "retrofits:node_complete": _one(
        "retrofits.MilestoneNode", by=("project__enterprise", "status")
    ),
    "retrofits:node_change_date": _one(
        "retrofits.MilestoneNode", by=("project__enterprise", "status")
    ),
    "retrofits:postponement_decide": _one(
        "retrofits.DateChange", by=("node__project__enterprise", "status")
    ),
    "retrofits:report_detail": _one(
        "retrofits.ProgressReport", by=("project__enterprise", "status")
    ),
    "retrofits:report_review": _one(
        "retrofits.ProgressReport", by=("project__enterprise", "status")
    ),
    "retrofits:report_resubmit": _one(
        "retrofits.ProgressReport", by=("project__enterprise", "status")
    ),
    "retrofits:assessments": _enterprises("enterprise_pk"),
    "retrofits:assessment_edit": _enterprises("enterprise_pk"),
    "inspections:detail": _one("inspections.Inspection"),
    "inspections:edit": _one("inspections.Inspection"),
    "inspections:amend": _one("inspections.Inspection"),
    "inspections:record": _one("inspections.Inspection"),
    "inspections:finding_create_from": _one("inspections.Inspection"),
    "inspections:enterprise_history": _enterprises(),
    "inspections:finding_detail": _one("inspections.Finding"),
    "inspections:finding_respond": _one("inspections.Finding"),
    "inspections:finding_review": _one("inspections.Finding"),
    "inspections:plan_detail": _one("inspections.RectificationPlan"),
    "inspections:plan_notice": _one("inspections.RectificationPlan"),
    "inspections:draw_detail": _one("inspections.Draw", by=("status",)),
    "inspections:draw_verify": _one("inspections.Draw", by=("status",)),
    "inspections:draw_pool_record": _one("inspections.Draw", by=("status",)),
    "inspections:conflict_delete": _one("inspections.ConflictDeclaration"),
    "inspections:checklist_detail": _one("inspections.ChecklistTemplate", by=("id",)),
    "inspections:checklist_revise": _one("inspections.ChecklistTemplate", by=("id",)),
    "acceptance:claim_detail": _one("acceptance.NodeCompletion"),
    "acceptance:evaluation_detail": _one("acceptance.Evaluation"),
    "acceptance:evaluation_resubmit": _one("acceptance.Evaluation"),
    "acceptance:listing_detail": _one("acceptance.ListEntry"),
    "acceptance:status": _enterprises("enterprise_pk"),
    "acceptance:scope": _enterprises("enterprise_pk"),
    "acceptance:publicity_new": _enterprises("enterprise_pk"),
    "acceptance:publicity_detail": _one("acceptance.Publicity"),
    "acceptance:publicity_close": _one("acceptance.Publicity"),
    "acceptance:publicity_withdraw": _one("acceptance.Publicity"),
    "transport:enterprise": _enterprises(),
    "transport:tonnage_new": _enterprises(),
    "transport:ledger_upload": _enterprises(),
    "transport:register_new": _registers(pk_first=True),
    "transport:register_edit": _registers(pk_first=False),
    "transport:register_delete": _registers(pk_first=False),
    "transport:import_detail": _one("transport.LedgerImport"),
    "transport:import_map": _one("transport.LedgerImport"),
    "transport:import_requeue": _one("transport.LedgerImport"),
    "monitoring:enterprise": _enterprises(),
    "monitoring:point": _one("enterprises.EmissionPoint", by=("enterprise",)),
    "monitoring:flag": _one("monitoring.Flag", by=("point__enterprise", "status")),
    "operations:unit": _one("enterprises.ProductionUnit", by=("enterprise",)),
    "operations:interval_verify": _one("operations.StatusInterval"),
    "operations:campaign": _one("operations.Campaign", by=("id",)),
    "operations:campaign_edit": _one("operations.Campaign", by=("id",)),
    "dashboards:order_new": _enterprises("enterprise_pk"),
    "dashboards:order_detail": _one("dashboards.SupervisionOrder"),
    "exports:job": _export_jobs,
}


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    html: str = field(default="", repr=False, compare=False)


class UncoveredPattern(AssertionError):
    pass


def uncovered_patterns() -> list[str]:
    """Patterns with parameters that neither have candidates nor are declared non-pages."""
    return [
        name
        for _route, name, kwargs in url_patterns()
        if kwargs and name not in CANDIDATES and name not in NOT_PAGES
    ]


def ensure_county_staff():
    """A county sub-bureau staff member who is not the lead (the demo has only the lead)."""
    from accounts.models import Role, User

    lead = User.objects.get(username="weishan")
    user, _ = User.objects.get_or_create(
        username=ROLES["county_staff"],
        defaults={"role": Role.COUNTY, "county": lead.county, "is_county_lead": False},
    )
    return user


def client_for(role: str) -> Client:
    from accounts.models import User

    client = Client()
    if ROLES[role]:
        if role == "county_staff":
            ensure_county_staff()
        client.force_login(User.objects.get(username=ROLES[role]))
    return client


def pages_for(role: str, client: Client | None = None, *, keep_html: bool = False) -> list[Page]:
    """Every page the role can open (200 with HTML), with the first candidate object that
    answers for the role (and the HTML it got, with ``keep_html``)."""
    missing = uncovered_patterns()
    if missing:
        raise UncoveredPattern(
            f"URL patterns with parameters and no demo objects in tests/pages.py: {missing}"
        )
    client = client or client_for(role)
    pages = []
    for route, name, kwargs in url_patterns():
        if name in NOT_PAGES:
            continue
        candidates = CANDIDATES[name]() if kwargs else [{}]
        for values in candidates:
            url = route.format(**values)
            response = client.get(url)
            if response.status_code == 200 and response.get("Content-Type", "").startswith(
                "text/html"
            ):
                html = response.content.decode() if keep_html else ""
                pages.append(Page(name, url, html))
                break
    return pages
