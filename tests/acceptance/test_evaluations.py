"""Evaluation monitoring records and the bureau's technical review (issue 13, items 3-4)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acceptance import services
from acceptance.models import Evaluation, EvaluationFile
from accounts.models import AuditEntry
from notifications.models import Notification
from retrofits.models import NodeTemplate

from ..factories import UnitFactory, pdf_upload
from .conftest import D, day_of, done_up_to

COMPLETED = day_of(7)  # the retrofit completion the bureau confirmed


def data(**over):
    base = {
        "evaluator": "institution",
        "institution_name": "山东某环境检测有限公司",
        "accreditation_no": "CMA 201512345678",
        "scope": "full",
        "units": [],
        "stable_start": COMPLETED + D(5),
        "stable_end": COMPLETED + D(40),
        "monitoring_start": COMPLETED + D(41),
        "monitoring_end": COMPLETED + D(60),
        "indicators": "颗粒物、SO2、NOx、氨逃逸",
        "organized": "meets",
        "fugitive": "meets",
        "transport": "not_covered",
    }
    return {**base, **over}


def submit(world, **over):
    return services.evaluation_submit(
        actor=world.contact_a, enterprise=world.ent_a, data=data(**over), files=[pdf_upload()]
    )


def test_a_contact_files_an_evaluation_and_the_bureau_is_told(ready):
    world = ready
    ev = submit(world)
    assert ev.status == Evaluation.Status.SUBMITTED and ev.submitted_by == world.contact_a
    assert set(ev.units.all()) == set(world.ent_a.units.all())  # whole plant
    assert EvaluationFile.objects.get(evaluation=ev).is_pdf
    row = Notification.objects.get(kind="acceptance.evaluation_submitted", recipient=world.bureau)
    assert "评估监测" in row.subject
    assert AuditEntry.objects.filter(object_id=str(ev.pk)).exists()


@pytest.mark.parametrize("role", ["bureau", "county_a_staff", "contact_b", "official", "vehicle"])
def test_only_the_enterprises_contacts_file_evaluations(ready, role):
    with pytest.raises(PermissionDenied):
        services.evaluation_submit(
            actor=getattr(ready, role), enterprise=ready.ent_a, data=data(), files=[pdf_upload()]
        )


def test_an_entrusted_institution_is_named_with_its_certificate(ready):
    with pytest.raises(ValidationError) as exc:
        submit(ready, institution_name="", accreditation_no=" ")
    assert {"institution_name", "accreditation_no"} <= set(exc.value.message_dict)
    ev = submit(ready, evaluator="self", institution_name="x")
    assert ev.institution_name == "" and ev.accreditation_no == ""


def test_a_partial_evaluation_names_its_units_of_this_enterprise(ready):
    with pytest.raises(ValidationError) as exc:
        submit(ready, scope="partial")
    assert "units" in exc.value.message_dict
    other = UnitFactory(enterprise=ready.ent_b)
    with pytest.raises(ValidationError) as exc:
        submit(ready, scope="partial", units=[other])
    assert "units" in exc.value.message_dict
    kiln = ready.ent_a.units.get(name="1#窑")
    ev = submit(ready, scope="partial", units=[kiln])
    assert list(ev.units.all()) == [kiln]


def test_the_stable_operation_is_long_enough_by_the_editable_rule(ready):
    with pytest.raises(ValidationError) as exc:
        submit(ready, stable_end=COMPLETED + D(20))
    assert "30" in exc.value.message_dict["stable_end"][0]
    NodeTemplate.objects.filter(code="stable_month").update(min_days_after_previous=45)
    with pytest.raises(ValidationError) as exc:
        submit(ready)
    assert "45" in exc.value.message_dict["stable_end"][0]


def test_the_stable_operation_starts_after_the_confirmed_completion(ready):
    with pytest.raises(ValidationError) as exc:
        submit(ready, stable_start=COMPLETED - D(1))
    assert str(COMPLETED) in exc.value.message_dict["stable_start"][0]


def test_without_a_confirmed_completion_no_evaluation_counts(world, old_project):
    from retrofits import services as retrofit_services

    done_up_to(old_project, 6, actor=world.bureau)
    retrofit_services.node_complete(
        actor=world.contact_a,
        node=old_project.nodes.get(order=7),
        actual_date=COMPLETED,
        late_reason="补录",
        files=[pdf_upload()],
    )  # a claim, not confirmed
    with pytest.raises(ValidationError) as exc:
        submit(world)
    assert "stable_start" in exc.value.message_dict


def test_the_report_file_is_required(ready):
    with pytest.raises(ValidationError) as exc:
        services.evaluation_submit(actor=ready.contact_a, enterprise=ready.ent_a, data=data())
    assert "files" in exc.value.message_dict


def test_review_returns_with_reasons_the_contact_resubmits_the_bureau_accepts(ready):
    world = ready
    ev = submit(world)
    with pytest.raises(ValidationError) as exc:
        services.evaluation_review(actor=world.bureau, evaluation=ev, accept=False)
    assert "comment" in exc.value.message_dict
    for user in (world.county_a_staff, world.contact_a, world.official):
        with pytest.raises(PermissionDenied):
            services.evaluation_review(actor=user, evaluation=ev, accept=True)
    services.evaluation_review(
        actor=world.bureau, evaluation=ev, accept=False, comment="无组织排放监测点位不足"
    )
    ev.refresh_from_db()
    assert ev.status == Evaluation.Status.RETURNED
    row = Notification.objects.get(kind="acceptance.evaluation_reviewed", recipient=world.contact_a)
    assert "无组织排放监测点位不足" in row.body and row.urgent
    with pytest.raises(PermissionDenied):
        services.evaluation_resubmit(actor=world.contact_b, evaluation=ev, data=data())
    services.evaluation_resubmit(
        actor=world.contact_a,
        evaluation=ev,
        data=data(indicators="颗粒物、SO2、NOx、氨逃逸、厂界颗粒物"),
        files=[pdf_upload("补充监测.pdf")],
    )
    ev.refresh_from_db()
    assert ev.status == Evaluation.Status.SUBMITTED and ev.resubmissions == 1
    assert ev.files.count() == 2
    assert (
        Notification.objects.filter(
            kind="acceptance.evaluation_submitted", recipient=world.bureau
        ).count()
        == 2
    )
    services.evaluation_review(actor=world.bureau, evaluation=ev, accept=True)
    ev.refresh_from_db()
    assert ev.status == Evaluation.Status.ACCEPTED and ev.reviewed_by == world.bureau
    with pytest.raises(ValidationError):
        services.evaluation_review(actor=world.bureau, evaluation=ev, accept=True)
    with pytest.raises(PermissionDenied):
        services.evaluation_resubmit(actor=world.contact_a, evaluation=ev, data=data())
