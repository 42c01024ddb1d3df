import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from acceptance.services import claim_review
from accounts.models import AuditEntry, NotificationChannel, Role
from enterprises.models import UleStage
from notifications.models import EmailStatus, Notification
from retrofits import services
from retrofits.models import DateChange, Evidence, ProgressReport, ProjectStatus

from ..factories import UserFactory
from .conftest import make_project, node, pdf_upload, png_upload

TODAY = timezone.localdate()
D = datetime.timedelta


def keys(**filters):
    return sorted(Notification.objects.filter(**filters).values_list("kind", flat=True))


# --- plans and committed dates ------------------------------------------------------------


def test_new_project_copies_the_category_template_with_proposed_dates(world):
    p = make_project(world, actor=world.contact_a, approved=False, start=TODAY)
    nodes = list(p.nodes.order_by("order"))
    assert len(nodes) == 13
    assert nodes[0].code == "plan_filed" and nodes[0].planned_date == TODAY
    assert nodes[8].code == "stable_month" and nodes[8].min_days_after_previous == 30
    assert all(n.committed_date is None for n in nodes)
    assert p.status == ProjectStatus.PLANNING


def test_officials_and_other_enterprises_contacts_cannot_create_projects(world):
    with pytest.raises(PermissionDenied):
        make_project(world, actor=world.official, approved=False)
    with pytest.raises(PermissionDenied):
        make_project(world, actor=world.contact_b, approved=False)


def test_planned_dates_are_editable_before_approval_and_must_keep_node_order(world):
    p = make_project(world, actor=world.contact_a, approved=False)
    n1, n2 = node(p, 1), node(p, 2)
    services.plan_dates_update(actor=world.contact_a, project=p, dates={n1.pk: TODAY + D(3)})
    n1.refresh_from_db()
    assert n1.planned_date == TODAY + D(3)
    with pytest.raises(ValidationError) as exc:
        services.plan_dates_update(actor=world.contact_a, project=p, dates={n2.pk: TODAY + D(1)})
    assert f"node_{n2.pk}" in exc.value.message_dict


def test_approval_fixes_committed_dates_and_only_bureau_approves(world):
    p = make_project(world, actor=world.contact_a, approved=False)
    for user in (world.contact_a, world.county_a_staff, world.official, world.vehicle):
        with pytest.raises(PermissionDenied):
            services.plan_approve(actor=user, project=p)
    services.plan_approve(actor=world.bureau, project=p)
    assert all(n.committed_date == n.planned_date for n in p.nodes.all())
    p.refresh_from_db()
    assert p.status == ProjectStatus.UNDERWAY and p.plan_approved_by == world.bureau


def test_committed_date_cannot_be_edited_after_approval(world, project_a):
    n = node(project_a, 2)
    with pytest.raises(ValidationError, match="承诺完成时间不能再修改"):
        services.plan_dates_update(
            actor=world.bureau, project=project_a, dates={n.pk: n.planned_date + D(10)}
        )
    n.refresh_from_db()
    assert n.committed_date == n.planned_date


# --- moving forward --------------------------------------------------------------------------


def test_moving_earlier_takes_effect_at_once_and_notifies_contacts_and_county_staff(
    world, project_a
):
    n = node(project_a, 3)
    committed = n.committed_date
    change = services.node_change_date(actor=world.contact_a, node=n, new_date=committed - D(10))
    n.refresh_from_db()
    assert change.kind == DateChange.Kind.FORWARD and change.status == DateChange.Status.APPLIED
    assert n.planned_date == committed - D(10) and n.committed_date == committed
    rows = Notification.objects.filter(kind="retrofit.moved_forward")
    assert {r.recipient for r in rows} == {world.contact_a, world.county_a_staff}
    assert all(r.urgent and r.email_status == EmailStatus.PENDING for r in rows)
    assert "提前" in rows[0].subject  # in Chinese by default
    assert AuditEntry.objects.filter(object_id=str(change.pk)).exists()


def test_moving_to_a_past_date_is_refused(world, project_a):
    n = node(project_a, 1)  # planned today
    with pytest.raises(ValidationError) as exc:
        services.node_change_date(actor=world.contact_a, node=n, new_date=TODAY - D(1))
    assert "new_date" in exc.value.message_dict


def test_dates_cannot_be_changed_before_the_plan_is_approved(world):
    p = make_project(world, actor=world.contact_a, approved=False)
    with pytest.raises(ValidationError, match="方案尚未批准"):
        services.node_change_date(
            actor=world.contact_a, node=node(p, 3), new_date=node(p, 3).planned_date - D(1)
        )


# --- postponements ---------------------------------------------------------------------------


def test_moving_later_without_a_reason_is_refused_with_a_clear_message(world, project_a):
    n = node(project_a, 3)
    Notification.objects.all().delete()
    with pytest.raises(ValidationError) as exc:
        services.node_change_date(
            actor=world.contact_a, node=n, new_date=n.planned_date + D(20), reason="  "
        )
    assert "reason" in exc.value.message_dict
    assert "延期" in exc.value.message_dict["reason"][0]
    assert not DateChange.objects.exists()
    assert not Notification.objects.exists()


def test_postponement_needs_approval_and_never_changes_committed_date(world, project_a):
    n = node(project_a, 3)
    planned, committed = n.planned_date, n.committed_date
    change = services.node_change_date(
        actor=world.contact_a, node=n, new_date=planned + D(20), reason="设备延期到货"
    )
    n.refresh_from_db()
    assert change.status == DateChange.Status.PENDING and n.planned_date == planned
    reviewers = {r.recipient for r in Notification.objects.filter(kind__endswith="requested")}
    assert reviewers == {world.office, world.bureau}

    with pytest.raises(PermissionDenied):
        services.postponement_decide(actor=world.county_a_staff, change=change, approve=True)
    services.postponement_decide(actor=world.bureau, change=change, approve=True)
    n.refresh_from_db()
    assert n.planned_date == planned + D(20) and n.committed_date == committed
    assert n.delay_days(today=planned + D(20)) == 20
    assert Notification.objects.filter(
        kind="retrofit.postponement_decided", recipient=world.contact_a
    ).exists()
    with pytest.raises(ValidationError, match="已审核"):
        services.postponement_decide(actor=world.bureau, change=change, approve=False, comment="x")


def test_rejection_needs_a_comment_and_leaves_the_planned_date(world, project_a):
    n = node(project_a, 3)
    planned = n.planned_date
    change = services.node_change_date(
        actor=world.contact_a, node=n, new_date=planned + D(5), reason="r"
    )
    with pytest.raises(ValidationError) as exc:
        services.postponement_decide(actor=world.bureau, change=change, approve=False)
    assert "comment" in exc.value.message_dict
    services.postponement_decide(
        actor=world.bureau, change=change, approve=False, comment="理由不充分"
    )
    n.refresh_from_db()
    assert n.planned_date == planned
    change.refresh_from_db()
    assert change.status == DateChange.Status.REJECTED


def test_one_pending_postponement_per_node(world, project_a):
    n = node(project_a, 3)
    services.node_change_date(
        actor=world.contact_a, node=n, new_date=n.planned_date + D(5), reason="r"
    )
    with pytest.raises(ValidationError, match="已有延期申请"):
        services.node_change_date(
            actor=world.contact_a, node=n, new_date=n.planned_date + D(9), reason="r"
        )


def test_other_enterprises_contact_cannot_change_dates(world, project_a):
    n = node(project_a, 3)
    with pytest.raises(PermissionDenied):
        services.node_change_date(actor=world.contact_b, node=n, new_date=n.planned_date - D(1))


# --- delay and completion --------------------------------------------------------------------


def test_delay_is_computed_against_the_committed_date(world, project_a):
    n = node(project_a, 1)  # committed today
    assert n.delay_days(today=TODAY) == 0
    assert n.delay_days(today=TODAY + D(4)) == 4
    n2 = node(project_a, 2)
    services.node_change_date(
        actor=world.contact_a, node=n2, new_date=n2.planned_date + D(10), reason="r"
    )
    services.postponement_decide(actor=world.bureau, change=DateChange.objects.get(), approve=True)
    n2.refresh_from_db()
    # The planned date moved 10 days later: on the new planned date the node is 10 days late.
    assert n2.delay_days(today=n2.planned_date) == 10


def test_completing_a_node_checks_order_future_and_minimum_duration(world):
    start = TODAY - D(400)
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=start)
    # The bureau records the nodes (a contact's stage nodes wait for its confirmation:
    # tests/acceptance); dates this far back need a reason.
    with pytest.raises(ValidationError, match="请先登记前面的节点"):
        services.node_complete(actor=world.bureau, node=node(p, 2), actual_date=start)
    with pytest.raises(ValidationError):
        services.node_complete(actor=world.bureau, node=node(p, 1), actual_date=TODAY + D(1))
    day = start
    for order in range(1, 9):
        services.node_complete(
            actor=world.bureau, node=node(p, order), actual_date=day, late_reason="补录"
        )
        day += D(5)
    stable_started = node(p, 8).actual_date
    with pytest.raises(ValidationError) as exc:
        services.node_complete(
            actor=world.bureau,
            node=node(p, 9),
            actual_date=stable_started + D(10),
            late_reason="补录",
        )
    assert "30" in exc.value.message_dict["actual_date"][0]
    services.node_complete(
        actor=world.bureau, node=node(p, 9), actual_date=stable_started + D(30), late_reason="补录"
    )


def test_enterprise_stage_follows_its_projects_and_is_audited(world):
    start = TODAY - D(400)
    ent = world.ent_a
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=start)
    make_project(world, actor=world.contact_a, approver=world.bureau, start=start, name="二号项目")
    ent.refresh_from_db()
    assert ent.ule_stage == UleStage.NOT_STARTED
    services.node_complete(
        actor=world.contact_a, node=node(p, 1), actual_date=start, late_reason="补录"
    )
    ent.refresh_from_db()
    assert ent.ule_stage == UleStage.RETROFITTING
    for order in range(2, 8):
        services.node_complete(
            actor=world.bureau, node=node(p, order), actual_date=start, late_reason="补录"
        )
    ent.refresh_from_db()
    # The first project is completed; the second has not started: the enterprise is still
    # retrofitting (the least advanced project counts).
    assert ent.ule_stage == UleStage.RETROFITTING
    assert AuditEntry.objects.filter(
        content_type__model="enterprise", object_id=str(ent.pk)
    ).exists()


def test_project_stage_is_that_of_the_last_done_node():
    from retrofits.models import MilestoneNode

    def n(order, stage, done):
        return MilestoneNode(
            order=order, stage_on_completion=stage, actual_date=TODAY if done else None
        )

    nodes = [n(1, "retrofitting", True), n(7, "completed", True), n(9, "stable", False)]
    assert services.project_stage(nodes) == UleStage.COMPLETED
    assert services.project_stage([n(1, "retrofitting", False)]) == UleStage.NOT_STARTED


def test_the_evaluation_nodes_wait_for_the_evaluation_record(world):
    """Nodes 1-9 are recorded by people (claims the bureau confirms); from "evaluation
    monitoring done" on they follow from records (tests/acceptance/test_listing.py covers the
    project completed once listed and its permit updated)."""
    start = TODAY - D(500)
    p = make_project(world, actor=world.contact_a, approver=world.bureau, start=start)
    day = start
    for order in range(1, 10):
        services.node_complete(
            actor=world.contact_a,
            node=node(p, order),
            actual_date=day,
            late_reason="补录",
            files=[pdf_upload()],
        )
        claim = node(p, order).completions.filter(status="pending").first()
        if claim is not None:
            claim_review(actor=world.bureau, claim=claim, accept=True)
        day += D(31)
    with pytest.raises(ValidationError) as exc:
        services.node_complete(actor=world.bureau, node=node(p, 10), actual_date=day)
    assert exc.value.code == "needs_evaluation"
    p.refresh_from_db()
    assert p.status != ProjectStatus.COMPLETED


# --- evidence --------------------------------------------------------------------------------


def test_evidence_accepts_images_and_pdf_by_content(world, project_a):
    services.node_complete(
        actor=world.contact_a,
        node=node(project_a, 1),
        actual_date=TODAY,
        files=[png_upload(), pdf_upload()],
    )
    types = sorted(Evidence.objects.values_list("content_type", flat=True))
    assert types == ["application/pdf", "image/png"]
    for ev in Evidence.objects.all():
        assert ev.file.storage.exists(ev.file.name)
        # stored under a random name with the extension of the type found in the bytes
        assert ev.file.name.startswith("retrofits/")
        assert ev.file.name.endswith(".pdf" if ev.is_pdf else ".png")
        assert len(ev.sha256) == 64 and ev.uploaded_by == world.contact_a
        assert ev.enterprise == world.ent_a


def test_gif_evidence_is_refused(world, project_a):
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buf, format="GIF")
    gif = SimpleUploadedFile("anim.gif", buf.getvalue(), content_type="image/gif")
    with pytest.raises(ValidationError) as exc:
        services.node_complete(
            actor=world.contact_a, node=node(project_a, 1), actual_date=TODAY, files=[gif]
        )
    assert "anim.gif" in exc.value.message_dict["files"][0]
    assert node(project_a, 1).actual_date is None and not Evidence.objects.exists()


def test_evidence_with_a_fake_extension_is_refused_and_nothing_saved(world, project_a):
    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError) as exc:
        services.node_complete(
            actor=world.contact_a, node=node(project_a, 1), actual_date=TODAY, files=[fake]
        )
    assert "files" in exc.value.message_dict
    assert node(project_a, 1).actual_date is None and not Evidence.objects.exists()


def test_evidence_too_large_is_refused(world, project_a, settings):
    settings.UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError) as exc:
        services.node_complete(
            actor=world.contact_a, node=node(project_a, 1), actual_date=TODAY, files=[png_upload()]
        )
    assert "files" in exc.value.message_dict


def test_files_written_before_a_refusal_are_removed(world, project_a, tmp_path):
    n = node(project_a, 1)
    services.node_complete(actor=world.contact_a, node=n, actual_date=TODAY)
    # Completing again fails after the files were checked: no file may stay behind.
    with pytest.raises(ValidationError):
        services.node_complete(
            actor=world.contact_a, node=n, actual_date=TODAY, files=[png_upload()]
        )
    stored = list((tmp_path / "private").rglob("*.*")) if (tmp_path / "private").exists() else []
    assert stored == []


# --- progress reports ------------------------------------------------------------------------

REPORT = {
    "period": "2025-09",
    "text": "完成设备安装",
    "percent_complete": 40,
    "funds_invested_wan": 1200,
}


def test_only_the_enterprises_contacts_submit_reports(world, project_a):
    for user in (world.bureau, world.county_a_staff, world.contact_b):
        with pytest.raises(PermissionDenied):
            services.report_submit(actor=user, project=project_a, data=REPORT)
    r = services.report_submit(
        actor=world.contact_a, project=project_a, data=REPORT, files=[pdf_upload()]
    )
    assert r.status == ProgressReport.Status.SUBMITTED and r.evidence.count() == 1
    assert set(
        Notification.objects.filter(kind="retrofit.report_submitted").values_list(
            "recipient__username", flat=True
        )
    ) == {"office_u", "bureau_u", "county_a_u"}


def test_one_report_per_month(world, project_a):
    services.report_submit(actor=world.contact_a, project=project_a, data=REPORT)
    with pytest.raises(ValidationError) as exc:
        services.report_submit(actor=world.contact_a, project=project_a, data=REPORT)
    assert "period" in exc.value.message_dict


def test_county_staff_return_a_report_but_only_bureau_accepts(world, project_a):
    r = services.report_submit(actor=world.contact_a, project=project_a, data=REPORT)
    with pytest.raises(PermissionDenied):
        services.report_review(actor=world.county_a_staff, report=r, accept=True)
    with pytest.raises(PermissionDenied):
        services.report_review(actor=world.county_b_staff, report=r, accept=False, comment="x")
    with pytest.raises(ValidationError) as exc:
        services.report_review(actor=world.county_a_staff, report=r, accept=False)
    assert "comment" in exc.value.message_dict
    services.report_review(actor=world.county_a_staff, report=r, accept=False, comment="补充照片")
    r.refresh_from_db()
    assert r.status == ProgressReport.Status.RETURNED and r.review_comment == "补充照片"
    returned = Notification.objects.get(kind="retrofit.report_reviewed")
    assert returned.recipient == world.contact_a and returned.urgent

    services.report_resubmit(
        actor=world.contact_a, report=r, data={**REPORT, "text": "补充了照片"}, files=[png_upload()]
    )
    r.refresh_from_db()
    assert r.status == ProgressReport.Status.SUBMITTED and r.revision == 2
    services.report_review(actor=world.bureau, report=r, accept=True)
    r.refresh_from_db()
    project_a.refresh_from_db()
    assert r.status == ProgressReport.Status.ACCEPTED
    assert project_a.invested_wan == 1200


def test_a_submitted_report_cannot_be_resubmitted(world, project_a):
    r = services.report_submit(actor=world.contact_a, project=project_a, data=REPORT)
    with pytest.raises(PermissionDenied):
        services.report_resubmit(actor=world.contact_a, report=r, data=REPORT)


# --- four truths ------------------------------------------------------------------------------


def test_four_truths_assessed_by_bureau_once_per_quarter(world):
    data = {
        "period": "2025-Q3",
        "leadership_score": 20,
        "funds_score": 15,
        "projects_score": 18,
        "management_score": 12,
    }
    with pytest.raises(PermissionDenied):
        services.assessment_save(actor=world.county_a_staff, enterprise=world.ent_a, data=data)
    a = services.assessment_save(actor=world.bureau, enterprise=world.ent_a, data=data)
    assert a.total == 65
    b = services.assessment_save(
        actor=world.bureau, enterprise=world.ent_a, data={**data, "funds_score": 25}
    )
    assert a.pk == b.pk and b.total == 75
    with pytest.raises(ValidationError):
        services.assessment_save(
            actor=world.bureau,
            enterprise=world.ent_a,
            data={**data, "period": "2025-Q4", "funds_score": 30},
        )


# --- the daily sweep ---------------------------------------------------------------------------


def sweep_world(world, *, planned_offset: int):
    """An approved project whose first open node is planned ``planned_offset`` days from today."""
    return make_project(
        world, actor=world.contact_a, approver=world.bureau, start=TODAY + D(planned_offset)
    )


@pytest.mark.parametrize("days", [7, 3, 1])
def test_sweep_reminds_contacts_of_nodes_due_in_7_3_1_days(world, days):
    sweep_world(world, planned_offset=days)
    Notification.objects.all().delete()
    result = services.daily_sweep(today=TODAY)
    assert result.due == 1
    row = Notification.objects.get(kind="retrofit.due")
    assert row.recipient == world.contact_a and not row.urgent
    assert row.email_status == EmailStatus.DIGEST
    assert f"{days}" in row.subject


def test_sweep_says_nothing_before_the_first_bucket_nor_twice_within_one(world):
    p = sweep_world(world, planned_offset=8)
    Notification.objects.all().delete()
    planned = node(p, 1).planned_date
    assert services.daily_sweep(today=planned - D(8)).rows_offered == 0
    # A sweep missed on the 7th day catches up on the 5th (the 7-day bucket), once only.
    assert services.daily_sweep(today=planned - D(5)).due == 1
    assert services.daily_sweep(today=planned - D(4)).due == 1  # same bucket: no new row
    assert Notification.objects.filter(kind="retrofit.due").count() == 1
    services.daily_sweep(today=planned - D(3))
    assert Notification.objects.filter(kind="retrofit.due").count() == 2


def test_missed_starts_the_day_after_the_planned_date_and_repeats_weekly(world):
    p = sweep_world(world, planned_offset=0)
    Notification.objects.all().delete()
    planned = node(p, 1).planned_date
    services.daily_sweep(today=planned)
    assert not Notification.objects.filter(kind="retrofit.missed").exists()
    services.daily_sweep(today=planned + D(1))

    def missed():
        return Notification.objects.filter(kind="retrofit.missed")

    assert {r.recipient for r in missed()} == {world.contact_a, world.county_a_staff}
    for day in range(2, 8):
        services.daily_sweep(today=planned + D(day))
    assert missed().count() == 2  # still the first week
    services.daily_sweep(today=planned + D(8))
    assert missed().count() == 4  # week two


def test_escalation_to_county_lead_at_7_days_and_city_at_30(world):
    p = sweep_world(world, planned_offset=0)
    Notification.objects.all().delete()
    planned = node(p, 1).planned_date
    lead_b = UserFactory(
        username="lead_b", role=Role.COUNTY, county=world.county_b, is_county_lead=True
    )
    services.daily_sweep(today=planned + D(6))
    assert not Notification.objects.filter(kind="retrofit.escalated").exists()
    services.daily_sweep(today=planned + D(7))

    def esc():
        return Notification.objects.filter(kind="retrofit.escalated")

    assert {r.recipient for r in esc()} == {world.county_a_staff}
    assert not esc().filter(recipient=lead_b).exists()
    services.daily_sweep(today=planned + D(29))
    assert esc().count() == 1
    services.daily_sweep(today=planned + D(30))
    # the city reads one digest a day listing every node 30 days or more late
    assert {r.recipient for r in esc()} == {world.county_a_staff}
    digests = Notification.objects.filter(kind="notifications.escalation_digest")
    assert {r.recipient for r in digests} == {world.bureau, world.official}
    assert all(r.urgent for r in [*esc(), *digests])
    assert all([i["kind"] for i in d.params["items"]] == ["retrofit.escalated"] for d in digests)


def test_running_the_sweep_twice_produces_each_reminder_once(world):
    sweep_world(world, planned_offset=-10)
    Notification.objects.all().delete()
    services.daily_sweep(today=TODAY)
    first = sorted(Notification.objects.values_list("idempotency_key", flat=True))
    assert first
    services.daily_sweep(today=TODAY)
    assert sorted(Notification.objects.values_list("idempotency_key", flat=True)) == first


def test_sweep_ignores_done_nodes_and_unapproved_plans(world):
    make_project(world, actor=world.contact_a, approved=False, start=TODAY - D(10))
    p = sweep_world(world, planned_offset=-3)
    services.node_complete(actor=world.contact_a, node=node(p, 1), actual_date=TODAY - D(3))
    Notification.objects.all().delete()
    assert services.daily_sweep(today=TODAY).overdue == 0


def test_sweep_respects_inbox_only_choice(world):
    world.contact_a.notification_channel = NotificationChannel.INBOX_ONLY
    world.contact_a.save()
    sweep_world(world, planned_offset=-1)
    Notification.objects.all().delete()
    services.daily_sweep(today=TODAY)
    row = Notification.objects.get(kind="retrofit.missed", recipient=world.contact_a)
    assert row.email_status == EmailStatus.SKIPPED


def test_rolled_back_change_writes_no_notification(world, project_a):
    from django.db import transaction

    class Boom(Exception):
        pass

    Notification.objects.all().delete()
    n = node(project_a, 3)
    with pytest.raises(Boom), transaction.atomic():
        services.node_change_date(actor=world.contact_a, node=n, new_date=n.planned_date - D(2))
        raise Boom
    assert not Notification.objects.exists() and not DateChange.objects.exists()
