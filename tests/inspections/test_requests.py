"""What the pages of the inspections app make of what a request carries: ids in the query
string (parsed safely), the review decision (accept, or return with a comment), the stored
files (one set of private headers)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from inspections import reminders, services
from inspections.models import ChecklistTemplate, FindingStatus, Inspection, VerificationTask
from tests.factories import AttachmentFactory, DrawTargetFactory, InspectionFactory

from .conftest import checked, completed_node, make_finding, pdf

MALFORMED = ["²", "1²", "١٢", "-1", "1.0", " ", "x", "9" * 40]


@pytest.mark.parametrize("value", MALFORMED)
@pytest.mark.parametrize("name", ["draw_target", "task", "finding", "enterprise"])
def test_a_malformed_id_in_the_query_string_is_ignored(client, world, name, value):
    client.force_login(world.bureau)
    response = client.get(reverse("inspections:create"), {name: value})
    assert response.status_code == 200
    assert response.context["pre"] == {}


@pytest.mark.parametrize("value", MALFORMED)
def test_a_malformed_enterprise_or_item_of_a_finding_is_not_found(client, world, value):
    client.force_login(world.bureau)
    url = reverse("inspections:finding_create")
    assert client.get(url, {"enterprise": value}).status_code == 404
    inspection = InspectionFactory(enterprise=world.ent_a, submitted=True, checklists=["fugitive"])
    url = reverse("inspections:finding_create_from", args=[inspection.pk])
    response = client.get(url, {"item": value})
    assert response.status_code == 200 and response.context["item"] is None


def test_well_formed_ids_still_prefill_the_new_inspection(client, world):
    target = DrawTargetFactory(enterprise=world.ent_a, inspectors=[world.bureau, world.vehicle])
    client.force_login(world.office)
    response = client.get(reverse("inspections:create"), {"draw_target": str(target.pk)})
    assert response.context["pre"]["draw_target"] == target
    assert sorted(response.context["form"].initial["inspectors"]) == sorted(
        [world.bureau.pk, world.vehicle.pk]
    )


def test_a_verification_task_is_not_linked_to_another_enterprises_inspection(client, world):
    """The task's enterprise is prefilled, but the form lets the inspector pick another one:
    that inspection must not count as the task's verification."""
    completed_node(world.ent_a)
    reminders.daily_sweep()
    task = VerificationTask.objects.get()
    client.force_login(world.bureau)
    response = client.post(
        f"{reverse('inspections:create')}?task={task.pk}",
        {
            "enterprise": world.ent_b.pk,
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "origin": "follow_up_milestone",
            "inspectors": [world.bureau.pk, world.vehicle.pk],
            "templates": [ChecklistTemplate.objects.get(code="fugitive").pk],
        },
    )
    assert response.status_code == 400
    assert not Inspection.objects.exists()
    task.refresh_from_db()
    assert task.inspection is None


def _answered_finding(world):
    finding = make_finding(world)
    services.finding_respond(
        actor=world.contact_a, finding=finding, text="已整改", uploads=[checked(pdf())]
    )
    return finding


def test_returning_an_answer_needs_a_comment_and_sends_it_back(client, world):
    finding = _answered_finding(world)
    client.force_login(world.county_a_staff)
    url = reverse("inspections:finding_review", args=[finding.pk])
    page = client.get(finding.get_absolute_url()).content.decode()
    assert 'name="decision" value="return"' in page and 'name="comment"' in page

    response = client.post(url, {"decision": "return", "comment": " "})
    assert response.status_code == 400
    assert "Say what must be corrected" in response.content.decode() or "退回" in (
        response.content.decode()
    )
    assert client.post(url, {"decision": "reject", "reason": "x"}).status_code == 400

    response = client.post(url, {"decision": "return", "comment": "照片未显示封闭效果"})
    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.OPEN
    assert finding.reviews.get().reason == "照片未显示封闭效果"


def test_accepting_an_answer_closes_the_finding(client, world):
    finding = _answered_finding(world)
    client.force_login(world.county_a_staff)
    url = reverse("inspections:finding_review", args=[finding.pk])
    assert client.post(url, {"decision": "accept", "comment": ""}).status_code == 302
    finding.refresh_from_db()
    assert finding.status == FindingStatus.CLOSED and finding.reviews.get().accepted


def test_a_stored_file_is_served_privately_inline_and_never_sniffed(client, world):
    att = AttachmentFactory(inspection=InspectionFactory(enterprise=world.ent_a, submitted=True))
    client.force_login(world.contact_a)
    response = client.get(reverse("inspections:attachment", args=[att.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content)[:2] == b"\xff\xd8"
    client.force_login(world.contact_b)
    assert client.get(reverse("inspections:attachment", args=[att.pk])).status_code == 404


def test_a_draft_inspections_file_is_not_served_to_the_contact(client, world):
    att = AttachmentFactory(inspection=InspectionFactory(enterprise=world.ent_a))
    client.force_login(world.contact_a)
    assert client.get(reverse("inspections:attachment", args=[att.pk])).status_code == 404
