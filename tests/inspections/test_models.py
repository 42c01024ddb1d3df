from datetime import timedelta
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from inspections.models import (
    Attachment,
    ChecklistTemplate,
    FindingReview,
    LawArticle,
    RectificationPlan,
)

from .conftest import make_finding, submitted_inspection


def test_only_one_open_plan_per_enterprise(world):
    RectificationPlan.objects.create(enterprise=world.ent_a)
    with pytest.raises(IntegrityError), transaction.atomic():
        RectificationPlan.objects.create(enterprise=world.ent_a)
    RectificationPlan.objects.create(enterprise=world.ent_a, status="closed")


def test_rejection_without_reason_is_impossible_in_the_database(world):
    from inspections.models import FindingResponse

    finding = make_finding(world)
    response = FindingResponse.objects.create(finding=finding, author=world.contact_a, text="x")
    with pytest.raises(IntegrityError), transaction.atomic():
        FindingReview.objects.create(
            finding=finding, response=response, reviewer=world.bureau, accepted=False, reason=""
        )


def test_attachment_must_belong_to_something(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Attachment.objects.create(
            enterprise=world.ent_a,
            file="x.jpg",
            original_name="x.jpg",
            content_type="image/jpeg",
            size=1,
            sha256="0" * 64,
        )


def test_fine_range_must_be_ordered(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        LawArticle.objects.create(
            law_zh="测试法",
            article="1",
            conduct_zh="x",
            measure_zh="y",
            fine_min=Decimal("10"),
            fine_max=Decimal("1"),
            source="test",
        )


def test_references_and_overdue_days(world):
    inspection = submitted_inspection(world)
    local = timezone.localtime(inspection.started_at)
    assert inspection.reference == f"XC{local:%Y%m%d}-{inspection.pk:05d}"
    finding = make_finding(world)
    assert finding.reference == f"WT-{finding.pk:05d}"
    assert finding.plan.reference.startswith("ZG")
    assert finding.days_overdue(finding.deadline + timedelta(days=4)) == 4
    assert finding.days_overdue(finding.deadline - timedelta(days=4)) == 0


def test_names_follow_the_active_language(db):
    t = ChecklistTemplate.objects.get(code="fugitive")
    art = LawArticle.objects.get(article="99")
    with translation.override("en"):
        assert t.name == "Fugitive emissions"
        assert "Air Pollution" in str(art)
    with translation.override("zh-hans"):
        assert t.name == "无组织排放"
        assert "大气污染防治法" in str(art)
