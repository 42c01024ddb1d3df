from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from inspections import services
from inspections.models import (
    Amendment,
    AnswerResult,
    Attachment,
    Category,
    ChecklistItem,
    ChecklistTemplate,
    ConflictDeclaration,
    FindingStatus,
    InspectionStatus,
    LawArticle,
    RectificationPlan,
)
from notifications.models import Notification
from tests.factories import DrawTargetFactory

from .conftest import (
    answer_all,
    checked,
    finding_data,
    make_finding,
    open_inspection,
    pdf,
    photo,
    submitted_inspection,
)

# ------------------------------------------------------------------------------------------
# Inspections


def test_fewer_than_two_inspectors_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        open_inspection(world, team=[world.county_a_staff])
    assert "inspectors" in exc.value.message_dict


def test_the_same_inspector_twice_counts_once(world):
    with pytest.raises(ValidationError):
        open_inspection(world, team=[world.county_a_staff, world.county_a_staff])


def test_county_staff_of_another_county_cannot_be_on_the_team(world):
    with pytest.raises(ValidationError) as exc:
        open_inspection(world, team=[world.county_a_staff, world.county_b_staff])
    assert "inspectors" in exc.value.message_dict


def test_inspector_with_declared_conflict_cannot_be_on_the_team(world):
    ConflictDeclaration.objects.create(
        inspector=world.bureau, enterprise=world.ent_a, reason="亲属任职"
    )
    with pytest.raises(ValidationError) as exc:
        open_inspection(world)
    assert "recuse" in " ".join(exc.value.messages) or "回避" in " ".join(exc.value.messages)


def test_county_staff_cannot_open_an_inspection_in_another_county(world):
    with pytest.raises(PermissionDenied):
        open_inspection(
            world,
            enterprise=world.ent_b,
            actor=world.county_a_staff,
            team=[world.bureau, world.vehicle],
        )


def test_contacts_and_officials_cannot_inspect(world):
    for actor in (world.contact_a, world.official):
        with pytest.raises(PermissionDenied):
            open_inspection(world, actor=actor)


def test_new_inspection_uses_the_current_checklist_version(world, fugitive):
    inspection = open_inspection(world)
    version = inspection.checklists.get()
    assert version.template == fugitive and version.number == 1
    assert inspection.answers.count() == version.items.count()
    assert inspection.status == InspectionStatus.DRAFT


def test_old_inspection_keeps_its_checklist_version_after_a_revision(world, fugitive):
    inspection = submitted_inspection(world)
    old_items = list(inspection.answers.values_list("item_id", flat=True))
    services.checklist_revise(
        actor=world.office,
        template=fugitive,
        items=[{"text_zh": "新的检查项", "source": "practice"}],
        note="精简",
    )
    inspection.refresh_from_db()
    assert inspection.checklists.get().number == 1
    assert list(inspection.answers.values_list("item_id", flat=True)) == old_items
    newer = open_inspection(world)
    assert newer.checklists.get().number == 2
    assert newer.answers.count() == 1


def test_only_the_office_revises_checklists(world, fugitive):
    with pytest.raises(PermissionDenied):
        services.checklist_revise(actor=world.bureau, template=fugitive, items=[{"text_zh": "x"}])


def test_draft_is_saved_and_resumed(world):
    inspection = open_inspection(world)
    item = inspection.answers.first().item
    services.inspection_save_draft(
        actor=world.county_a_staff,
        inspection=inspection,
        answers=[services.AnswerInput(item.pk, AnswerResult.NON_COMPLIANT, "道路积尘")],
    )
    answer = inspection.answers.get(item=item)
    assert (answer.result, answer.note) == ("non_compliant", "道路积尘")
    inspection.refresh_from_db()
    assert inspection.status == InspectionStatus.DRAFT


def test_submit_requires_every_item_answered(world):
    inspection = open_inspection(world)
    with pytest.raises(ValidationError) as exc:
        services.inspection_submit(actor=world.county_a_staff, inspection=inspection)
    assert "check items" in str(exc.value) or "检查项" in str(exc.value)


def test_non_compliant_item_needs_a_note_before_submitting(world):
    inspection = open_inspection(world)
    answers = [
        services.AnswerInput(a.item_id, AnswerResult.NON_COMPLIANT, "")
        for a in inspection.answers.all()
    ]
    services.inspection_save_draft(
        actor=world.county_a_staff, inspection=inspection, answers=answers
    )
    with pytest.raises(ValidationError):
        services.inspection_submit(actor=world.county_a_staff, inspection=inspection)


def test_submitted_inspection_cannot_be_edited_only_amended(world):
    inspection = submitted_inspection(world)
    assert inspection.is_locked and inspection.submitted_at is not None
    answer = inspection.answers.first()
    with pytest.raises(services.LockedError):
        services.inspection_save_draft(
            actor=world.county_a_staff,
            inspection=inspection,
            answers=[services.AnswerInput(answer.item_id, AnswerResult.COMPLIANT, "")],
        )
    with pytest.raises(services.LockedError):
        services.inspection_submit(actor=world.county_a_staff, inspection=inspection)
    answer.refresh_from_db()
    assert answer.result == AnswerResult.NON_COMPLIANT

    amendment = services.inspection_amend(
        actor=world.county_a_staff,
        inspection=inspection,
        reason="现场记录笔误",
        item=answer.item,
        new_result=AnswerResult.COMPLIANT,
    )
    answer.refresh_from_db()
    assert answer.result == AnswerResult.COMPLIANT
    assert (amendment.old_result, amendment.new_result) == ("non_compliant", "compliant")
    assert amendment.author == world.county_a_staff


def test_amendment_needs_a_reason_and_a_submitted_record(world):
    draft = open_inspection(world)
    with pytest.raises(ValidationError):
        services.inspection_amend(
            actor=world.county_a_staff, inspection=draft, reason="x", text="y"
        )
    inspection = submitted_inspection(world)
    with pytest.raises(ValidationError):
        services.inspection_amend(
            actor=world.county_a_staff, inspection=inspection, reason=" ", text="补充说明"
        )
    assert not Amendment.objects.exists()


def test_other_county_staff_cannot_amend(world):
    inspection = submitted_inspection(world)
    with pytest.raises(PermissionDenied):
        services.inspection_amend(
            actor=world.county_b_staff, inspection=inspection, reason="x", text="y"
        )


def test_photo_keeps_exif_time_gps_and_content_hash(world):
    inspection = open_inspection(world)
    item = inspection.answers.first().item
    answer_all(inspection, world.county_a_staff, uploads=[(item.pk, checked(photo()))])
    att = Attachment.objects.get()
    assert att.content_type == "image/jpeg" and att.item_id == item.pk
    assert len(att.sha256) == 64
    assert timezone.localtime(att.taken_at).strftime("%Y-%m-%d %H:%M") == "2025-09-12 10:31"
    assert att.latitude == Decimal("34.810000") and att.longitude == Decimal("117.120000")
    assert att.file.name.endswith(".jpg") and "kiln" not in att.file.name


def test_photo_without_exif_is_kept_without_time_or_position(world):
    upload = checked(photo(exif=False))
    assert upload.taken_at is None and upload.latitude is None


def test_pdf_is_recognised_by_its_content(world):
    assert checked(pdf()).content_type == "application/pdf"


def test_a_file_that_is_not_an_image_or_pdf_is_refused(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    fake = SimpleUploadedFile("photo.jpg", b"MZ\x90\x00 not really a photo", "image/jpeg")
    with pytest.raises(ValidationError) as exc:
        checked(fake)
    assert "photo.jpg" in exc.value.messages[0]


def test_a_file_that_is_too_large_is_refused(world, settings):
    settings.UPLOAD_MAX_BYTES = 100
    with pytest.raises(ValidationError) as exc:
        checked(photo())
    assert exc.value.code == "too_large"


def test_a_decompression_bomb_is_refused_not_a_server_error(world):
    """A small PNG declaring 15000 x 15000 pixels: refused with a message, not a 500."""
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buf = io.BytesIO()
    Image.new("1", (15000, 15000)).save(buf, "PNG")
    bomb = SimpleUploadedFile("bomb.png", buf.getvalue(), "image/png")
    with pytest.raises(ValidationError) as exc:
        checked(bomb)
    assert exc.value.code == "too_many_pixels" and "bomb.png" in exc.value.messages[0]


# ------------------------------------------------------------------------------------------
# Findings and rectification


def test_finding_from_a_non_compliant_item(world):
    inspection = submitted_inspection(world)
    item = inspection.answers.get(result=AnswerResult.NON_COMPLIANT).item
    finding = services.finding_create(
        actor=world.county_a_staff,
        enterprise=world.ent_a,
        data=finding_data(),
        inspection=inspection,
        item=item,
        uploads=[checked(photo())],
    )
    assert finding.plan.enterprise == world.ent_a and finding.plan.status == "open"
    assert finding.attachments.count() == 1
    assert Notification.objects.filter(recipient=world.contact_a, urgent=True).count() == 1
    with pytest.raises(ValidationError):  # one finding per item
        services.finding_create(
            actor=world.county_a_staff,
            enterprise=world.ent_a,
            data=finding_data(),
            inspection=inspection,
            item=item,
        )


def test_compliant_item_does_not_become_a_finding(world):
    inspection = submitted_inspection(world)
    item = inspection.answers.filter(result=AnswerResult.COMPLIANT).first().item
    with pytest.raises(ValidationError):
        services.finding_create(
            actor=world.bureau,
            enterprise=world.ent_a,
            data=finding_data(),
            inspection=inspection,
            item=item,
        )


def test_findings_wait_for_a_submitted_record(world):
    draft = open_inspection(world)
    with pytest.raises(ValidationError):
        services.finding_create(
            actor=world.bureau, enterprise=world.ent_a, data=finding_data(), inspection=draft
        )


def test_one_plan_per_enterprise_gathers_its_open_findings(world):
    f1 = make_finding(world)
    f2 = make_finding(world, description="道路未洒水")
    f3 = make_finding(world, enterprise=world.ent_b)
    assert f1.plan == f2.plan != f3.plan
    assert RectificationPlan.objects.filter(enterprise=world.ent_a).count() == 1


def test_fine_must_lie_within_the_articles_range(world):
    art117 = LawArticle.objects.get(article="117")
    with pytest.raises(ValidationError) as exc:
        make_finding(world, legal_basis=art117, fine_amount=Decimal("500000"))
    assert "fine_amount" in exc.value.message_dict
    ok = make_finding(world, legal_basis=art117, fine_amount=Decimal("50000"))
    assert ok.fine_amount == Decimal("50000")


def test_a_fine_needs_a_legal_basis(world):
    with pytest.raises(ValidationError) as exc:
        make_finding(world, fine_amount=Decimal("20000"))
    assert "legal_basis" in exc.value.message_dict


def test_stopping_production_needs_an_article_providing_for_it(world):
    art116 = LawArticle.objects.get(article="116")
    with pytest.raises(ValidationError):
        make_finding(world, legal_basis=art116, stop_production=True)


def test_deadline_in_the_past_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_finding(world, deadline=timezone.localdate() - timedelta(days=1))
    assert "deadline" in exc.value.message_dict


def test_county_staff_record_findings_only_in_their_county(world):
    with pytest.raises(PermissionDenied):
        make_finding(world, enterprise=world.ent_b, actor=world.county_a_staff)


def test_a_finding_closes_only_after_an_inspectors_acceptance(world):
    finding = make_finding(world)
    # the enterprise cannot close it, nor can an inspector before an answer exists
    with pytest.raises(ValidationError):
        services.finding_review(actor=world.bureau, finding=finding, accept=True)
    services.finding_respond(
        actor=world.contact_a, finding=finding, text="已完成封闭", uploads=[checked(photo())]
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RESPONDED
    with pytest.raises(PermissionDenied):
        services.finding_review(actor=world.contact_a, finding=finding, accept=True)
    with pytest.raises(PermissionDenied):
        services.finding_review(actor=world.county_b_staff, finding=finding, accept=True)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.RESPONDED and finding.closed_at is None

    services.finding_review(actor=world.county_a_staff, finding=finding, accept=True)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    assert finding.closed_by == world.county_a_staff
    assert finding.plan.status == RectificationPlan.Status.CLOSED


def test_rejection_needs_a_reason_and_returns_the_finding(world):
    finding = make_finding(world)
    services.finding_respond(
        actor=world.contact_a, finding=finding, text="已整改", uploads=[checked(pdf())]
    )
    with pytest.raises(ValidationError):
        services.finding_review(actor=world.bureau, finding=finding, accept=False, reason="")
    services.finding_review(
        actor=world.bureau, finding=finding, accept=False, reason="照片未显示封闭效果"
    )
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    assert Notification.objects.filter(
        recipient=world.contact_a, kind="inspection.finding_reviewed", urgent=True
    ).exists()
    # answered again, then accepted
    services.finding_respond(
        actor=world.contact_a, finding=finding, text="补充照片", uploads=[checked(photo())]
    )
    services.finding_review(actor=world.bureau, finding=finding, accept=True)
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED
    assert finding.reviews.count() == 2 and finding.responses.count() == 2


def test_answer_needs_evidence_and_comes_from_the_own_enterprise(world):
    finding = make_finding(world)
    with pytest.raises(ValidationError) as exc:
        services.finding_respond(actor=world.contact_a, finding=finding, text="已整改", uploads=[])
    assert "evidence" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.finding_respond(
            actor=world.contact_b, finding=finding, text="x", uploads=[checked(pdf())]
        )


def test_vehicle_staff_verify_only_clean_transport_findings(world):
    fugitive = make_finding(world)
    transport = make_finding(world, category="transport")
    for f in (fugitive, transport):
        services.finding_respond(
            actor=world.contact_a, finding=f, text="已整改", uploads=[checked(pdf())]
        )
    with pytest.raises(PermissionDenied):
        services.finding_review(actor=world.vehicle, finding=fugitive, accept=True)
    services.finding_review(actor=world.vehicle, finding=transport, accept=True)


def test_checklist_items_cite_their_source(db):
    assert ChecklistTemplate.objects.count() >= 6
    assert not ChecklistItem.objects.filter(source="").exists()
    assert LawArticle.objects.get(article="100").fine_max == Decimal("200000")


def test_a_failed_save_leaves_no_stored_file_behind(world, settings, monkeypatch):
    import os

    inspection = open_inspection(world)
    item = inspection.answers.first().item
    location = settings.STORAGES["default"]["OPTIONS"]["location"]

    def boom(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Attachment, "save", boom)
    with pytest.raises(RuntimeError):
        services.inspection_save_draft(
            actor=world.county_a_staff,
            inspection=inspection,
            answers=[],
            uploads=[(item.pk, checked(photo()))],
        )
    stored = sum(len(files) for _, _, files in os.walk(location))
    assert stored == 0


def test_vehicle_staff_record_clean_transport_findings_only(world):
    with pytest.raises(ValidationError) as exc:
        make_finding(world, actor=world.vehicle, category=Category.ORGANIZED, stop_production=True)
    assert "清洁运输" in exc.value.message_dict["category"][0]
    assert make_finding(world, actor=world.vehicle, category=Category.TRANSPORT).pk


def test_a_drawn_target_cannot_be_inspected_before_its_date(world):
    """Opening the inspection early would show the confidential target to every inspector."""
    target = DrawTargetFactory(
        enterprise=world.ent_a,
        inspection_date=timezone.localdate() + timedelta(days=3),
        inspectors=[world.bureau, world.vehicle],
    )
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(
            actor=world.office,
            enterprise=target.enterprise,
            started_at=timezone.now(),
            origin="draw",
            inspectors=[world.bureau, world.vehicle],
            templates=[ChecklistTemplate.objects.get(code="fugitive")],
            draw_target=target,
        )
    assert "保密" in exc.value.messages[0]
