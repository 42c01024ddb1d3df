"""Every retrofit view × every role of ``world`` × own/other enterprise, plus form behaviour."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from core.uploads import help_text
from notifications.models import Notification
from retrofits import services
from retrofits.models import DateChange, Evidence, MilestoneNode, NodeTemplate, ProgressReport

from .conftest import make_project, node, pdf_upload, png_upload, seed_node_templates

TODAY = timezone.localdate()
D = datetime.timedelta
USERS = [
    "office",
    "bureau",
    "county_a_staff",
    "county_b_staff",
    "vehicle",
    "contact_a",
    "contact_b",
    "official",
]
CITY_WIDE = {"office", "bureau", "vehicle", "official"}
BUREAU = {"office", "bureau"}


def sees(user: str, side: str) -> bool:
    return user in CITY_WIDE or user.endswith(f"_{side}") or user == f"county_{side}_staff"


def works_on(user: str, side: str) -> bool:
    return user in BUREAU or user in (f"county_{side}_staff", f"contact_{side}")


def rule(allowed):
    """404 when the enterprise is out of scope, else 200/302 if allowed, else 403."""

    def expected(user, side, ok=200):
        if not sees(user, side):
            return 404
        return ok if allowed(user, side) else 403

    return expected


@pytest.fixture(autouse=True, scope="module")
def _private_media(module_private_storage):
    """One private storage folder for the whole module: the matrix's files are written once."""


@pytest.fixture(scope="class")
def class_objs(class_world, django_db_blocker):
    """The matrix's objects built once for the class, rolled back with ``class_world``."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        if not NodeTemplate.objects.exists():  # what ``_node_templates`` does for each test
            seed_node_templates()
        return build_objs(class_world)


def build_objs(world):
    out = {}
    for side, ent, contact in (
        ("a", world.ent_a, world.contact_a),
        ("b", world.ent_b, world.contact_b),
    ):
        project = make_project(ent, actor=world.bureau, approver=world.bureau)
        planning = make_project(ent, actor=world.bureau, approved=False, name="待批项目")
        n = node(project, 3)
        change = services.node_change_date(
            actor=world.bureau, node=n, new_date=n.planned_date + D(9), reason="r"
        )
        report = services.report_submit(
            actor=contact,
            project=project,
            data={
                "period": "2025-09",
                "text": "t",
                "percent_complete": 10,
                "funds_invested_wan": 1,
            },
            files=[pdf_upload()],
        )
        returned = services.report_submit(
            actor=contact,
            project=project,
            data={"period": "2025-08", "text": "t", "percent_complete": 5, "funds_invested_wan": 1},
        )
        services.report_review(actor=world.bureau, report=returned, accept=False, comment="补充")
        out[side] = {
            "enterprise": ent,
            "project": project,
            "planning": planning,
            "node": n,
            "change": change,
            "report": report,
            "returned": returned,
            "evidence": report.evidence.get(),
        }
    return out


def _ok_for_all(user, side, ok=200):
    return ok


# name: (method, url builder, expected(user, side), POST data)
VIEWS = {
    "project_list": ("get", lambda o: reverse("retrofits:project_list"), _ok_for_all, None),
    "postponements": ("get", lambda o: reverse("retrofits:postponements"), _ok_for_all, None),
    "reports": ("get", lambda o: reverse("retrofits:reports"), _ok_for_all, None),
    "mine": (
        "get",
        lambda o: reverse("retrofits:mine"),
        lambda u, s: 200 if u.startswith("contact") else 302,
        None,
    ),
    "project_create": (
        "get",
        lambda o: reverse("retrofits:project_create") + f"?enterprise={o['enterprise'].pk}",
        lambda u, s: 403 if u in ("vehicle", "official") else 200 if works_on(u, s) else 404,
        None,
    ),
    "project_detail": (
        "get",
        lambda o: reverse("retrofits:project_detail", args=[o["project"].pk]),
        rule(lambda u, s: True),
        None,
    ),
    "project_edit": (
        "get",
        lambda o: reverse("retrofits:project_edit", args=[o["project"].pk]),
        rule(works_on),
        None,
    ),
    "plan_dates": (
        "get",
        lambda o: reverse("retrofits:plan_dates", args=[o["planning"].pk]),
        rule(works_on),
        None,
    ),
    "plan_approve": (
        "post",
        lambda o: reverse("retrofits:plan_approve", args=[o["planning"].pk]),
        lambda u, s: rule(lambda u, s: u in BUREAU)(u, s, 302),
        {},
    ),
    "report_create": (
        "get",
        lambda o: reverse("retrofits:report_create", args=[o["project"].pk]),
        rule(lambda u, s: u == f"contact_{s}"),
        None,
    ),
    "node_detail": (
        "get",
        lambda o: reverse("retrofits:node_detail", args=[o["node"].pk]),
        rule(lambda u, s: True),
        None,
    ),
    "node_complete": (
        "get",
        lambda o: reverse("retrofits:node_complete", args=[o["node"].pk]),
        rule(works_on),
        None,
    ),
    "node_change_date": (
        "get",
        lambda o: reverse("retrofits:node_change_date", args=[o["node"].pk]),
        rule(works_on),
        None,
    ),
    "postponement_decide": (
        "get",
        lambda o: reverse("retrofits:postponement_decide", args=[o["change"].pk]),
        rule(lambda u, s: u in BUREAU),
        None,
    ),
    "postponement_decide_post": (
        "post",
        lambda o: reverse("retrofits:postponement_decide", args=[o["change"].pk]),
        lambda u, s: rule(lambda u, s: u in BUREAU)(u, s, 302),
        {"decision": "approve", "comment": ""},
    ),
    "report_detail": (
        "get",
        lambda o: reverse("retrofits:report_detail", args=[o["report"].pk]),
        rule(lambda u, s: True),
        None,
    ),
    "report_accept": (
        "post",
        lambda o: reverse("retrofits:report_review", args=[o["report"].pk]),
        lambda u, s: rule(lambda u, s: u in BUREAU)(u, s, 302),
        {"decision": "accept", "comment": ""},
    ),
    "report_return": (
        "post",
        lambda o: reverse("retrofits:report_review", args=[o["report"].pk]),
        lambda u, s: rule(lambda u, s: u in BUREAU or u == f"county_{s}_staff")(u, s, 302),
        {"decision": "return", "comment": "请补充现场照片"},
    ),
    "report_resubmit": (
        "get",
        lambda o: reverse("retrofits:report_resubmit", args=[o["returned"].pk]),
        rule(lambda u, s: u == f"contact_{s}"),
        None,
    ),
    "evidence": (
        "get",
        lambda o: reverse("retrofits:evidence", args=[o["evidence"].pk]),
        rule(lambda u, s: True),
        None,
    ),
    "assessments": (
        "get",
        lambda o: reverse("retrofits:assessments", args=[o["enterprise"].pk]),
        rule(lambda u, s: True),
        None,
    ),
    "assessment_edit": (
        "get",
        lambda o: reverse("retrofits:assessment_edit", args=[o["enterprise"].pk]),
        rule(lambda u, s: u in BUREAU),
        None,
    ),
}


class TestPermissionMatrix:
    """The matrix's ``world`` and ``objs`` are built once for the class (not the module: the
    tests further down expect empty tables); each case still runs in its own savepoint
    (``db``), rolled back after it, so the cases stay independent."""

    @pytest.fixture
    def world(self, db, class_world):
        return class_world

    @pytest.fixture
    def objs(self, db, class_objs):
        return class_objs

    @pytest.mark.parametrize("view", list(VIEWS))
    def test_permission_matrix(self, client, world, objs, view):
        method, url_for, expected, data = VIEWS[view]
        wrong = []
        for username in USERS:
            user = getattr(world, username)
            client.force_login(user)
            for side in ("a", "b"):
                url = url_for(objs[side])
                with transaction.atomic():  # each request sees the same starting state
                    response = client.post(url, data) if method == "post" else client.get(url)
                    transaction.set_rollback(True)
                want = expected(username, side)
                if response.status_code != want:
                    wrong.append(f"{username} on {side}: {response.status_code} (expected {want})")
        assert not wrong, f"{view}: " + "; ".join(wrong)

    @pytest.mark.parametrize("view", list(VIEWS))
    def test_anonymous_users_are_sent_to_sign_in(self, client, objs, view):
        method, url_for, _expected, data = VIEWS[view]
        url = url_for(objs["a"])
        response = client.post(url, data or {}) if method == "post" else client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- behaviour of the forms -------------------------------------------------------------------


def test_contact_moves_a_node_forward_through_the_form(client, world, project_a):
    n = node(project_a, 3)
    client.force_login(world.contact_a)
    new = n.planned_date - D(7)
    response = client.post(
        reverse("retrofits:node_change_date", args=[n.pk]),
        {"new_date": new.isoformat(), "reason": "提前到货", "files": [png_upload()]},
    )
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.planned_date == new
    change = DateChange.objects.get()
    assert change.evidence.count() == 1
    page = client.get(n.get_absolute_url())
    assert "提前" in page.content.decode() and "提前到货" in page.content.decode()


def test_later_date_without_reason_keeps_the_form_and_says_why(client, world, project_a):
    n = node(project_a, 3)
    client.force_login(world.contact_a)
    later = n.planned_date + D(30)
    response = client.post(
        reverse("retrofits:node_change_date", args=[n.pk]), {"new_date": later.isoformat()}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "alert-danger" in body and "延期理由" in body
    assert later.isoformat() in body  # the rest of the form is kept
    assert not DateChange.objects.exists()


def test_bad_file_is_refused_in_chinese_and_nothing_saved(client, world, project_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(world.contact_a)
    response = client.post(
        reverse("retrofits:report_create", args=[project_a.pk]),
        {
            "period": "2025-09",
            "text": "进展",
            "percent_complete": "30",
            "funds_invested_wan": "100",
            "files": [SimpleUploadedFile("x.pdf", b"<html>not a pdf</html>")],
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    refused = "“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF."  # core.uploads
    assert gettext(refused) != refused  # told in Chinese
    assert gettext(refused) % {"name": "x.pdf"} in body
    assert "请重新选择文件" in body and "alert-danger" in body
    assert "进展" in body
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()


def test_english_users_get_english_messages(client, world, project_a):
    n = node(project_a, 3)
    client.force_login(world.contact_a)
    client.cookies["django_language"] = "en"
    response = client.post(
        reverse("retrofits:node_change_date", args=[n.pk]),
        {"new_date": (n.planned_date + D(3)).isoformat()},
    )
    assert "A later date is a postponement" in response.content.decode()


def test_percent_over_100_is_refused(client, world, project_a):
    client.force_login(world.contact_a)
    response = client.post(
        reverse("retrofits:report_create", args=[project_a.pk]),
        {"period": "2025-09", "text": "x", "percent_complete": "140", "funds_invested_wan": "1"},
    )
    assert response.status_code == 400 and not ProgressReport.objects.exists()


def test_project_create_generates_nodes_and_redirects(client, world):
    client.force_login(world.contact_a)
    response = client.post(
        reverse("retrofits:project_create") + f"?enterprise={world.ent_a.pk}",
        {
            "category": "fugitive",
            "name": "料棚封闭",
            "start_date": TODAY.isoformat(),
            "budget_wan": "100",
            "invested_wan": "0",
            "fund_status": "not_applied",
            "responsible_person": "张三",
        },
    )
    assert response.status_code == 302
    assert MilestoneNode.objects.filter(project__name="料棚封闭").count() == 13


def test_bureau_approves_the_plan_and_dates_lock(client, world):
    p = make_project(world, actor=world.contact_a, approved=False)
    client.force_login(world.bureau)
    assert client.post(reverse("retrofits:plan_approve", args=[p.pk])).status_code == 302
    client.force_login(world.contact_a)
    assert client.get(reverse("retrofits:plan_dates", args=[p.pk])).status_code == 403


def test_decide_page_approves_a_postponement(client, world, project_a):
    n = node(project_a, 3)
    change = services.node_change_date(
        actor=world.contact_a, node=n, new_date=n.planned_date + D(10), reason="r"
    )
    client.force_login(world.bureau)
    response = client.post(
        reverse("retrofits:postponement_decide", args=[change.pk]), {"decision": "approve"}
    )
    assert response.status_code == 302
    change.refresh_from_db()
    assert change.status == DateChange.Status.APPROVED
    assert Notification.objects.filter(kind="retrofit.postponement_decided").exists()


def test_evidence_is_served_inline_with_its_type_and_no_cache(client, world, project_a):
    services.node_complete(
        actor=world.contact_a, node=node(project_a, 1), actual_date=TODAY, files=[pdf_upload()]
    )
    ev = Evidence.objects.get()
    client.force_login(world.county_a_staff)
    response = client.get(ev.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_htmx_filter_returns_rows_only(client, world, project_a):
    client.force_login(world.bureau)
    response = client.get(
        reverse("retrofits:project_list") + "?overdue=false", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert "project-row" in response.content.decode()


def test_enterprise_and_home_pages_show_the_retrofit_panels(client, world, project_a):
    client.force_login(world.county_a_staff)
    assert (
        "retrofit-enterprise-panel" in client.get(world.ent_a.get_absolute_url()).content.decode()
    )
    assert "retrofit-late-panel" in client.get("/").content.decode()
    client.force_login(world.contact_a)
    assert "retrofit-due-panel" in client.get("/").content.decode()


def test_only_the_bureau_suspends_or_resumes_a_project(client, world):
    """A contact or county staff member cannot take a project out of reminder tracking by
    posting a status; the bureau can suspend and resume; 'completed' follows from the nodes."""
    from retrofits.models import ProjectStatus

    from .conftest import make_project

    project = make_project(world, actor=world.contact_a, approver=world.bureau)
    url = reverse("retrofits:project_edit", args=[project.pk])
    post = {
        "name": project.name,
        "responsible_person": "张磊",
        "technical_route": "SCR",
        "budget_wan": "1",
        "invested_wan": "0",
        "fund_status": "not_applied",
    }
    for user in (world.contact_a, world.county_a_staff):
        client.force_login(user)
        assert "status" not in client.get(url).context["form"].fields
        client.post(url, {**post, "status": "suspended"})
        project.refresh_from_db()
        assert project.status == ProjectStatus.UNDERWAY
    client.force_login(world.bureau)
    choices = [c[0] for c in client.get(url).context["form"].fields["status"].choices]
    assert choices == [ProjectStatus.UNDERWAY, ProjectStatus.SUSPENDED]
    assert client.post(url, {**post, "status": "completed"}).status_code == 400
    assert client.post(url, {**post, "status": "suspended"}).status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUSPENDED


def test_status_rule_holds_in_the_service(world):
    from django.core.exceptions import ValidationError

    from retrofits import services

    from .conftest import make_project

    project = make_project(world, actor=world.contact_a, approver=world.bureau)
    with pytest.raises(ValidationError) as exc:
        services.project_update(
            actor=world.contact_a, project=project, data={"status": "suspended"}
        )
    assert "只有市局" in exc.value.message_dict["status"][0]
    with pytest.raises(ValidationError):
        services.project_update(actor=world.bureau, project=project, data={"status": "completed"})


def test_upload_help_follows_the_language_of_each_request(client, world):
    """The evidence field is built at import time; its help text must still be rendered in the
    language of the request, not the one active when the module was imported."""
    from .conftest import make_project

    project = make_project(world, actor=world.contact_a, approver=world.bureau)
    url = reverse("retrofits:report_create", args=[project.pk])
    client.force_login(world.contact_a)
    with translation.override("zh-hans"):
        chinese = str(help_text())
    with translation.override("en"):
        english = str(help_text())
    assert chinese != english and "at most" in english
    assert chinese in client.get(url).content.decode()
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert english in page and chinese not in page


def test_new_project_without_an_enterprise_says_what_is_missing(client, world):
    client.force_login(world.bureau)
    response = client.get(reverse("retrofits:project_create"), {"enterprise": ""})
    assert response.status_code == 200 and "这个字段是必填项" in response.content.decode()
    assert (
        "这个字段是必填项" not in client.get(reverse("retrofits:project_create")).content.decode()
    )
