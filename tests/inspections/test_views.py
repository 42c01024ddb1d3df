"""Every view of the inspections app × every role of ``world`` × own/other enterprise and
county, plus what the pages say (refused uploads keep the form, confidential draws)."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from enterprises.models import Enterprise
from inspections import draws, services
from inspections.draws import PoolEntry
from inspections.models import (
    AnswerResult,
    Attachment,
    ChecklistTemplate,
    ConflictDeclaration,
    Inspection,
    TargetClass,
)

from .conftest import (
    answer_all,
    checked,
    jpeg_bytes,
    make_finding,
    open_inspection,
    pdf,
    photo,
    submitted_inspection,
)

ROLES = [
    "office",
    "bureau",
    "county_a_staff",
    "county_b_staff",
    "vehicle",
    "contact_a",
    "contact_b",
    "official",
]


@dataclass
class Objects:
    insp_a: Inspection
    insp_b: Inspection
    draft_a: Inspection
    photo_a: Attachment
    finding_a: object
    finding_b: object
    finding_responded: object
    draw_future: object
    draw_past: object
    conflict: ConflictDeclaration
    template: ChecklistTemplate


@pytest.fixture(autouse=True, scope="module")
def _private_storage(module_private_storage):
    """One private storage folder for the whole module: the matrix's files are written once."""


def build_objs(world) -> Objects:
    insp_a = open_inspection(world)
    item = insp_a.answers.first().item
    answer_all(insp_a, world.county_a_staff, uploads=[(item.pk, checked(photo()))])
    insp_a = services.inspection_submit(actor=world.county_a_staff, inspection=insp_a)
    insp_b = submitted_inspection(
        world,
        enterprise=world.ent_b,
        actor=world.county_b_staff,
        team=[world.county_b_staff, world.bureau],
    )
    draft_a = open_inspection(world)
    finding_a = services.finding_create(
        actor=world.county_a_staff,
        enterprise=world.ent_a,
        data=_data(),
        inspection=insp_a,
        item=insp_a.answers.get(result=AnswerResult.NON_COMPLIANT).item,
        uploads=[checked(photo())],
    )
    finding_b = make_finding(world, enterprise=world.ent_b)
    finding_responded = make_finding(world, description="道路未硬化")
    services.finding_respond(
        actor=world.contact_a, finding=finding_responded, text="已硬化", uploads=[checked(pdf())]
    )
    today = timezone.localdate()

    def draw(start):
        return draws.draw_run(
            actor=world.office,
            title=f"draw {start}",
            period_start=start,
            period_end=start + timedelta(days=5),
            pool=[PoolEntry(world.ent_a, TargetClass.KEY)],
            ratios={"key": 100, "special": 0, "general": 0},
            inspectors=[world.bureau, world.vehicle],
            seed=1,
        )

    conflict = ConflictDeclaration.objects.create(
        inspector=world.bureau, enterprise=world.ent_b, reason="亲属"
    )
    return Objects(
        insp_a=insp_a,
        insp_b=insp_b,
        draft_a=draft_a,
        photo_a=Attachment.objects.get(inspection=insp_a),
        finding_a=finding_a,
        finding_b=finding_b,
        finding_responded=finding_responded,
        draw_future=draw(today + timedelta(days=10)),
        draw_past=draw(today - timedelta(days=30)),
        conflict=conflict,
        template=ChecklistTemplate.objects.get(code="fugitive"),
    )


@pytest.fixture
def objs(world) -> Objects:
    return build_objs(world)


@pytest.fixture(scope="class")
def class_objs(class_world, django_db_blocker) -> Objects:
    """``objs`` built once for the permission matrix, rolled back with ``class_world``."""
    with django_db_blocker.unblock(), translation.override("zh-hans"):
        return build_objs(class_world)


def _data():
    from .conftest import finding_data

    return finding_data()


# expected status per role, in the order of ROLES:
#            office bureau cA   cB   vehicle contactA contactB official
ALL = (200, 200, 200, 200, 200, 200, 200, 200)
OWN_A = (200, 200, 200, 404, 200, 200, 404, 200)
STAFF_A = (200, 200, 200, 404, 200, 404, 404, 200)  # drafts: never contacts
INSPECT_A = (200, 200, 200, 404, 200, 403, 404, 403)
INSPECTORS = (200, 200, 200, 200, 200, 403, 403, 403)
OFFICE = (200, 403, 403, 403, 403, 403, 403, 403)
OFFICE_404 = (200, 404, 404, 404, 404, 404, 404, 404)
CHECKLISTS = (200, 200, 200, 200, 200, 403, 403, 200)

GET_MATRIX = {
    "list": (lambda o: reverse("inspections:list"), ALL),
    "create": (lambda o: reverse("inspections:create"), INSPECTORS),
    "tasks": (lambda o: reverse("inspections:tasks"), (200, 200, 200, 200, 200, 200, 200, 403)),
    "detail": (lambda o: reverse("inspections:detail", args=[o.insp_a.pk]), OWN_A),
    "detail_other_county": (
        lambda o: reverse("inspections:detail", args=[o.insp_b.pk]),
        (200, 200, 404, 200, 200, 404, 200, 200),
    ),
    "detail_draft": (lambda o: reverse("inspections:detail", args=[o.draft_a.pk]), STAFF_A),
    "edit_draft": (
        lambda o: reverse("inspections:edit", args=[o.draft_a.pk]),
        (200, 200, 200, 404, 403, 404, 404, 403),
    ),
    "edit_submitted": (
        lambda o: reverse("inspections:edit", args=[o.insp_a.pk]),
        (302, 302, 302, 404, 302, 302, 404, 302),
    ),
    "amend": (
        lambda o: reverse("inspections:amend", args=[o.insp_a.pk]),
        (200, 200, 200, 404, 403, 403, 404, 403),
    ),
    "record": (lambda o: reverse("inspections:record", args=[o.insp_a.pk]), OWN_A),
    "attachment": (lambda o: reverse("inspections:attachment", args=[o.photo_a.pk]), OWN_A),
    "finding_create_from": (
        lambda o: reverse("inspections:finding_create_from", args=[o.insp_a.pk]),
        INSPECT_A,
    ),
    "finding_create": (
        lambda o: reverse("inspections:finding_create") + f"?enterprise={o.insp_a.enterprise_id}",
        INSPECT_A,
    ),
    "enterprise_history": (
        lambda o: reverse("inspections:enterprise_history", args=[o.insp_a.enterprise_id]),
        OWN_A,
    ),
    "finding_detail": (
        lambda o: reverse("inspections:finding_detail", args=[o.finding_a.pk]),
        OWN_A,
    ),
    "finding_detail_other": (
        lambda o: reverse("inspections:finding_detail", args=[o.finding_b.pk]),
        (200, 200, 404, 200, 200, 404, 200, 200),
    ),
    "plan_list": (lambda o: reverse("inspections:plan_list"), ALL),
    "plan_detail": (
        lambda o: reverse("inspections:plan_detail", args=[o.finding_a.plan_id]),
        OWN_A,
    ),
    "plan_notice": (
        lambda o: reverse("inspections:plan_notice", args=[o.finding_a.plan_id]),
        OWN_A,
    ),
    "draw_list": (lambda o: reverse("inspections:draw_list"), OFFICE),
    "draw_create": (lambda o: reverse("inspections:draw_create"), OFFICE),
    "draw_pool": (lambda o: reverse("inspections:draw_pool"), OFFICE),
    "draw_detail_confidential": (
        lambda o: reverse("inspections:draw_detail", args=[o.draw_future.pk]),
        OFFICE_404,
    ),
    "draw_verify_confidential": (
        lambda o: reverse("inspections:draw_verify", args=[o.draw_future.pk]),
        OFFICE_404,
    ),
    "draw_detail_published": (
        lambda o: reverse("inspections:draw_detail", args=[o.draw_past.pk]),
        ALL,
    ),
    "draw_verify_published": (
        lambda o: reverse("inspections:draw_verify", args=[o.draw_past.pk]),
        ALL,
    ),
    "draw_pool_record_confidential": (
        lambda o: reverse("inspections:draw_pool_record", args=[o.draw_future.pk]),
        OFFICE_404,
    ),
    "draw_pool_record_published": (  # the whole pool: staff and officials, not contacts
        lambda o: reverse("inspections:draw_pool_record", args=[o.draw_past.pk]),
        (200, 200, 200, 200, 200, 404, 404, 200),
    ),
    "disclosure": (lambda o: reverse("inspections:disclosure"), ALL),
    "conflicts": (lambda o: reverse("inspections:conflicts"), INSPECTORS),
    "checklists": (lambda o: reverse("inspections:checklists"), CHECKLISTS),
    "checklist_detail": (
        lambda o: reverse("inspections:checklist_detail", args=[o.template.pk]),
        CHECKLISTS,
    ),
    "checklist_revise": (
        lambda o: reverse("inspections:checklist_revise", args=[o.template.pk]),
        OFFICE,
    ),
    "law_articles": (lambda o: reverse("inspections:law_articles"), CHECKLISTS),
}

POST_MATRIX = {
    # an empty POST: refused as invalid (400) when allowed, else 403/404
    "finding_respond": (
        lambda o: reverse("inspections:finding_respond", args=[o.finding_a.pk]),
        (403, 403, 403, 404, 403, 400, 404, 403),
    ),
    "finding_review": (
        lambda o: reverse("inspections:finding_review", args=[o.finding_responded.pk]),
        (400, 400, 400, 404, 403, 403, 404, 403),
    ),
    "conflict_delete": (
        lambda o: reverse("inspections:conflict_delete", args=[o.conflict.pk]),
        (302, 302, 404, 404, 404, 404, 404, 404),
    ),
}


def _cases(matrix):
    return [
        pytest.param(view, role, expected[i], id=f"{view}-{role}")
        for view, (_url, expected) in matrix.items()
        for i, role in enumerate(ROLES)
    ]


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

    @pytest.mark.parametrize(("view", "role", "expected"), _cases(GET_MATRIX))
    def test_get_permission_matrix(self, client, world, objs, view, role, expected):
        client.force_login(getattr(world, role))
        url = GET_MATRIX[view][0](objs)
        assert client.get(url).status_code == expected

    @pytest.mark.parametrize(("view", "role", "expected"), _cases(POST_MATRIX))
    def test_post_permission_matrix(self, client, world, objs, view, role, expected):
        client.force_login(getattr(world, role))
        url = POST_MATRIX[view][0](objs)
        assert client.post(url, {}).status_code == expected

    @pytest.mark.parametrize("view", list(GET_MATRIX))
    def test_anonymous_users_are_sent_to_sign_in(self, client, objs, view):
        response = client.get(GET_MATRIX[view][0](objs))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# ------------------------------------------------------------------------------------------
# Behaviour seen through the pages


def test_bad_upload_is_refused_with_a_clear_message_and_the_form_is_kept(client, world):
    inspection = open_inspection(world)
    items = list(inspection.answers.select_related("item").order_by("item__order"))
    client.force_login(world.county_a_staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "inspectors": [world.county_a_staff.pk, world.bureau.pk],
        "enterprise_present": "张磊",
        "summary": "厂区整体较好",
        f"result_{items[0].item_id}": "non_compliant",
        f"note_{items[0].item_id}": "料棚东侧未封闭",
        f"photo_{items[0].item_id}": SimpleUploadedFile(
            "notes.txt", b"just some text", "text/plain"
        ),
        "action": "save",
    }
    response = client.post(reverse("inspections:edit", args=[inspection.pk]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "notes.txt" in body  # the message names the file
    assert "料棚东侧未封闭" in body and "厂区整体较好" in body  # the rest of the form is kept
    assert 'value="non_compliant" checked' in body
    assert not Attachment.objects.exists()
    assert inspection.answers.get(item_id=items[0].item_id).result == ""  # nothing saved


def test_too_large_photo_is_refused_with_the_limit_in_the_message(client, world, settings):
    settings.UPLOAD_MAX_BYTES = 200
    inspection = open_inspection(world)
    client.force_login(world.county_a_staff)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        reverse("inspections:edit", args=[inspection.pk]),
        {
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "inspectors": [world.county_a_staff.pk, world.bureau.pk],
            "photos": SimpleUploadedFile("big.jpg", jpeg_bytes(size=(400, 400)), "image/jpeg"),
            "action": "save",
        },
    )
    assert response.status_code == 400
    assert "big.jpg" in response.content.decode() and "200" in response.content.decode()


def test_logging_saves_a_draft_then_submits_and_locks(client, world):
    inspection = open_inspection(world)
    items = list(inspection.answers.order_by("item__order").values_list("item_id", flat=True))
    client.force_login(world.county_a_staff)
    data = {
        "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "inspectors": [world.county_a_staff.pk, world.bureau.pk],
        f"photo_{items[0]}": photo(),
        "action": "save",
    }
    for n, item in enumerate(items):
        data[f"result_{item}"] = "non_compliant" if n == 0 else "compliant"
        data[f"note_{item}"] = "未封闭" if n == 0 else ""
    url = reverse("inspections:edit", args=[inspection.pk])
    assert client.post(url, data).status_code == 302
    assert Attachment.objects.get().taken_at is not None
    data.pop(f"photo_{items[0]}")
    data["action"] = "submit"
    response = client.post(url, data)
    assert response.status_code == 302 and response["Location"] == inspection.get_absolute_url()
    inspection.refresh_from_db()
    assert inspection.is_locked
    page = client.get(inspection.get_absolute_url()).content.decode()
    assert 'data-testid="record-finding"' in page


def test_submitting_an_incomplete_record_keeps_it_as_a_draft(client, world):
    inspection = open_inspection(world)
    client.force_login(world.county_a_staff)
    response = client.post(
        reverse("inspections:edit", args=[inspection.pk]),
        {
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "inspectors": [world.county_a_staff.pk, world.bureau.pk],
            "action": "submit",
        },
        follow=True,
    )
    inspection.refresh_from_db()
    assert inspection.status == "draft"
    assert "not submitted" in response.content.decode() or "未提交" in response.content.decode()


def test_creating_with_one_inspector_shows_the_rule(client, world):
    client.force_login(world.county_a_staff)
    response = client.post(
        reverse("inspections:create"),
        {
            "enterprise": world.ent_a.pk,
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "origin": "complaint",
            "inspectors": [world.county_a_staff.pk],
            "templates": [ChecklistTemplate.objects.get(code="fugitive").pk],
        },
    )
    assert response.status_code == 400
    assert not Inspection.objects.exists()


def test_contacts_never_see_a_draw_before_its_date(client, world, objs):
    future_target = objs.draw_future.targets.get()
    for role in ("contact_a", "bureau", "county_a_staff", "official"):
        client.force_login(getattr(world, role))
        body = client.get(reverse("inspections:disclosure")).content.decode()
        assert str(future_target.inspection_date) not in body
        tasks = client.get(reverse("inspections:tasks")).content.decode()
        assert f"draw_target={future_target.pk}" not in tasks
    client.force_login(world.office)
    detail = client.get(objs.draw_future.get_absolute_url()).content.decode()
    assert str(future_target.inspection_date) in detail


def test_published_target_appears_in_the_inspectors_tasks(client, world, objs):
    target = objs.draw_past.targets.get()
    inspector = target.inspectors.first()
    client.force_login(inspector)
    assert f"draw_target={target.pk}" in client.get(reverse("inspections:tasks")).content.decode()


def test_disclosure_rate_counts_disclosed_results(client, world, objs):
    from inspections.selectors import disclosure

    today = timezone.localdate()
    assert disclosure(today=today).rate == 0
    target = objs.draw_past.targets.get()
    inspection = services.inspection_create(
        actor=world.bureau,
        enterprise=world.ent_a,
        started_at=timezone.now(),
        origin="draw",
        inspectors=[world.bureau, world.vehicle],
        templates=[objs.template],
        draw_target=target,
    )
    answer_all(inspection, world.bureau, non_compliant=0)
    services.inspection_submit(actor=world.bureau, inspection=inspection)
    assert disclosure(today=today).rate == 100


def test_attachment_is_served_with_its_sniffed_type(client, world, objs):
    client.force_login(world.contact_a)
    response = client.get(reverse("inspections:attachment", args=[objs.photo_a.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"


def test_draw_form_runs_and_records_a_draw(client, world):
    client.force_login(world.office)
    data = {
        "title": "2026 Q4",
        "period_start": "2026-10-01",
        "period_end": "2026-12-31",
        "ratio_key": 100,
        "ratio_special": 0,
        "ratio_general": 0,
        "inspectors_per_target": 2,
        "inspectors": [world.bureau.pk, world.vehicle.pk],
        "seed": 42,
    }
    Enterprise.objects.filter(pk=world.ent_a.pk).update(supervision_class="key")
    Enterprise.objects.filter(pk=world.ent_b.pk).update(supervision_class="out")
    response = client.post(reverse("inspections:draw_create"), data)
    assert response.status_code == 302
    from inspections.models import Draw

    draw = Draw.objects.get()
    assert draw.seed == 42 and draw.targets.get().enterprise == world.ent_a
    verify = client.get(reverse("inspections:draw_verify", args=[draw.pk]))
    assert 'data-testid="verify-result"' in verify.content.decode()
    assert "alert-success" in verify.content.decode()


def test_enterprise_page_panel_links_to_the_history(client, world, objs):
    client.force_login(world.contact_a)
    body = client.get(world.ent_a.get_absolute_url()).content.decode()
    assert reverse("inspections:enterprise_history", args=[world.ent_a.pk]) in body
    assert 'data-testid="inspection-panel"' in body


def test_home_panel_lists_open_rectification_for_a_contact(client, world, objs):
    client.force_login(world.contact_a)
    body = client.get("/").content.decode()
    assert objs.finding_a.reference in body


def test_draws_are_dated_within_their_period(objs):
    t = objs.draw_future.targets.get()
    assert objs.draw_future.period_start <= t.inspection_date <= objs.draw_future.period_end
    assert isinstance(t.inspection_date, date)


def test_office_publishes_a_new_checklist_version_from_the_page(client, world, objs):
    client.force_login(world.office)
    url = reverse("inspections:checklist_revise", args=[objs.template.pk])
    form = client.get(url).context["formset"]
    data = {
        "note": "增加视频联动要求",
        **{f"items-{k}": v for k, v in form.management_form.initial.items()},
    }
    data["items-TOTAL_FORMS"] = 2
    data["items-INITIAL_FORMS"] = 0
    data.update(
        {"items-0-text_zh": "料棚封闭", "items-0-source": "实践做法", "items-0-confirmed": "on"}
    )
    data.update({"items-1-text_zh": "", "items-1-source": ""})
    response = client.post(url, data)
    assert response.status_code == 302
    assert objs.template.versions.count() == 2
    assert objs.insp_a.checklists.get().number == 1


def test_amendment_is_recorded_from_the_page(client, world, objs):
    client.force_login(world.county_a_staff)
    answer = objs.insp_a.answers.filter(result="compliant").first()
    response = client.post(
        reverse("inspections:amend", args=[objs.insp_a.pk]),
        {"reason": "笔误", "text": "", "item": answer.item_id, "new_result": "not_applicable"},
    )
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.result == "not_applicable"
    body = client.get(objs.insp_a.get_absolute_url()).content.decode()
    assert 'data-testid="amendments"' in body and "笔误" in body


def test_inspector_declares_own_conflict_only(client, world):
    client.force_login(world.county_a_staff)
    url = reverse("inspections:conflicts")
    response = client.post(
        url, {"inspector": world.bureau.pk, "enterprise": world.ent_a.pk, "reason": "x"}
    )
    assert response.status_code == 400 and not ConflictDeclaration.objects.exists()
    response = client.post(
        url, {"inspector": world.county_a_staff.pk, "enterprise": world.ent_a.pk, "reason": "亲属"}
    )
    assert response.status_code == 302
    assert ConflictDeclaration.objects.get().inspector == world.county_a_staff


def test_english_pages_speak_english(client, world, objs):
    client.force_login(world.bureau)
    client.cookies["django_language"] = "en"
    body = client.get(objs.insp_a.get_absolute_url()).content.decode()
    assert "Print record" in body and "Fugitive emissions" in body
