"""Fixtures of the inspections tests: private storage in a temporary folder, photos with and
without EXIF, and ready-made inspections and findings on the ``world`` of tests/conftest.py."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core.uploads import check_upload
from inspections import services
from inspections.models import AnswerResult, Category, ChecklistTemplate
from inspections.services import AnswerInput


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def jpeg_bytes(*, exif: bool = True, size=(64, 48), color=(120, 160, 90)) -> bytes:
    img = Image.new("RGB", size, color)
    buf = io.BytesIO()
    if exif:
        ex = Image.Exif()
        ex[0x0110] = "ULE test camera"
        ex.get_ifd(0x8769)[36867] = "2025:09:12 10:31:05"
        gps = ex.get_ifd(0x8825)
        gps[1] = "N"
        gps[2] = (34.0, 48.0, 36.0)
        gps[3] = "E"
        gps[4] = (117.0, 7.0, 12.0)
        img.save(buf, "JPEG", exif=ex)
    else:
        img.save(buf, "JPEG")
    return buf.getvalue()


def photo(name: str = "kiln.jpg", **kw) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_bytes(**kw), content_type="image/jpeg")


def pdf(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf"
    )


def checked(f):
    return check_upload(f)


@pytest.fixture
def templates(db):
    return list(ChecklistTemplate.objects.filter(industry="").order_by("order"))


@pytest.fixture
def fugitive(db):
    return ChecklistTemplate.objects.get(code="fugitive")


def open_inspection(world, *, enterprise=None, actor=None, team=None, templates=None):
    enterprise = enterprise or world.ent_a
    actor = actor or world.county_a_staff
    team = team or [world.county_a_staff, world.bureau]
    templates = templates or [ChecklistTemplate.objects.get(code="fugitive")]
    return services.inspection_create(
        actor=actor,
        enterprise=enterprise,
        started_at=timezone.now() - timedelta(hours=1),
        origin="campaign",
        inspectors=team,
        templates=templates,
    )


def answer_all(inspection, actor, *, non_compliant: int = 1, uploads=()):
    items = [a.item for a in inspection.answers.select_related("item").order_by("item__order")]
    answers = []
    for n, item in enumerate(items):
        bad = n < non_compliant
        answers.append(
            AnswerInput(
                item_id=item.pk,
                result=AnswerResult.NON_COMPLIANT if bad else AnswerResult.COMPLIANT,
                note="有扬尘外逸" if bad else "",
            )
        )
    services.inspection_save_draft(
        actor=actor, inspection=inspection, answers=answers, uploads=uploads
    )
    return items


def submitted_inspection(world, **kw):
    inspection = open_inspection(world, **kw)
    actor = kw.get("actor") or world.county_a_staff
    answer_all(inspection, actor)
    return services.inspection_submit(actor=actor, inspection=inspection)


def finding_data(**overrides):
    data = {
        "category": Category.FUGITIVE,
        "severity": "general",
        "description": "料棚未封闭",
        "area": "原料堆场",
        "order_to_correct": True,
        "requirement": "完成料棚封闭",
        "deadline": timezone.localdate() + timedelta(days=10),
        "responsible_person": "张磊",
    }
    data.update(overrides)
    return data


def make_finding(world, *, enterprise=None, actor=None, **overrides):
    return services.finding_create(
        actor=actor or world.bureau,
        enterprise=enterprise or world.ent_a,
        data=finding_data(**overrides),
    )


def completed_node(enterprise, *, days_ago: int = 1):
    """A retrofit milestone node marked complete (read-only use of the retrofits models)."""
    from retrofits.models import MilestoneNode, RetrofitProject

    project = RetrofitProject.objects.create(
        enterprise=enterprise, category="fugitive", name="无组织排放治理", responsible_person="张磊"
    )
    done = timezone.localdate() - timedelta(days=days_ago)
    return MilestoneNode.objects.create(
        project=project,
        code="completed",
        order=7,
        name_zh="竣工",
        name_en="Completed",
        planned_date=done,
        actual_date=done,
    )
