"""factory_boy factories of the inspections app: inspections, findings, draws, attachments.

They write rows directly (no access check, no notification): for tests that need many records
or a state the services would refuse to build today (a deadline in the past, say). Tests of
behaviour go through ``inspections.services``. The seeded checklists are there already (data
migration), so ``InspectionFactory(checklists=["fugitive"])`` logs against them.
"""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

import factory
from django.utils import timezone
from PIL import Image

from accounts.models import Role
from inspections.models import (
    Answer,
    Attachment,
    Category,
    ConflictDeclaration,
    Draw,
    DrawTarget,
    Finding,
    FindingResponse,
    Inspection,
    InspectionStatus,
    Origin,
    RectificationPlan,
    TargetClass,
)

from .registry import EnterpriseFactory, UserFactory


def jpeg(size=(32, 24), color=(120, 160, 90)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, "JPEG")
    return buf.getvalue()


class InspectorFactory(UserFactory):
    role = Role.BUREAU


class InspectionFactory(factory.django.DjangoModelFactory):
    """A draft inspection; ``checklists=["fugitive", ...]`` adds the current version of those
    checklists with one empty answer per item, ``inspectors=[...]`` the team."""

    class Meta:
        model = Inspection
        skip_postgeneration_save = True

    enterprise = factory.SubFactory(EnterpriseFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    origin = Origin.CAMPAIGN
    created_by = factory.SubFactory(InspectorFactory)

    class Params:
        submitted = factory.Trait(
            status=InspectionStatus.SUBMITTED,
            submitted_at=factory.LazyFunction(timezone.now),
            submitted_by=factory.SelfAttribute("created_by"),
        )

    @factory.post_generation
    def inspectors(obj, create, extracted, **kwargs):
        if create:
            obj.inspectors.set(extracted or [obj.created_by])

    @factory.post_generation
    def checklists(obj, create, extracted, **kwargs):
        if not (create and extracted):
            return
        from inspections.models import ChecklistItem, ChecklistTemplate
        from inspections.services import current_versions

        versions = current_versions(ChecklistTemplate.objects.filter(code__in=extracted))
        obj.checklists.set(versions)
        Answer.objects.bulk_create(
            Answer(inspection=obj, item=item)
            for item in ChecklistItem.objects.filter(version__in=versions)
        )


class RectificationPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RectificationPlan
        django_get_or_create = ("enterprise", "status")

    enterprise = factory.SubFactory(EnterpriseFactory)
    status = RectificationPlan.Status.OPEN


class FindingFactory(factory.django.DjangoModelFactory):
    """An open finding in its enterprise's open plan, due in ten days unless told."""

    class Meta:
        model = Finding

    enterprise = factory.SubFactory(EnterpriseFactory)
    plan = factory.SubFactory(
        RectificationPlanFactory, enterprise=factory.SelfAttribute("..enterprise")
    )
    category = Category.FUGITIVE
    description = factory.Sequence(lambda n: f"料棚未封闭（{n}）")
    requirement = "完成料棚封闭"
    deadline = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
    responsible_person = "张磊"


class FindingResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FindingResponse

    finding = factory.SubFactory(FindingFactory)
    text = "已完成整改"


class AttachmentFactory(factory.django.DjangoModelFactory):
    """A JPEG attached to an inspection (stored in the test's private storage)."""

    class Meta:
        model = Attachment

    inspection = factory.SubFactory(InspectionFactory)
    enterprise = factory.SelfAttribute("inspection.enterprise")
    file = factory.django.FileField(filename="upload.jpg", data=factory.LazyFunction(jpeg))
    original_name = "kiln.jpg"
    content_type = "image/jpeg"
    size = factory.LazyAttribute(lambda o: o.file.size)
    sha256 = factory.LazyAttribute(lambda o: hashlib.sha256(o.file.read()).hexdigest())


class DrawFactory(factory.django.DjangoModelFactory):
    """A recorded draw without targets (add them with ``DrawTargetFactory``); its seed and
    inputs do not reproduce them: for pages and confidentiality, not for re-running."""

    class Meta:
        model = Draw

    title = factory.Sequence(lambda n: f"抽查{n}")
    period_start = factory.LazyFunction(timezone.localdate)
    period_end = factory.LazyAttribute(lambda o: o.period_start + timedelta(days=30))
    seed = factory.Sequence(int)
    inputs = factory.LazyFunction(lambda: {"targets": [], "inspectors": [], "conflicts": []})
    result = factory.LazyFunction(lambda: {"targets": [], "unassigned": [], "counts": {}})


class DrawTargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DrawTarget
        skip_postgeneration_save = True

    draw = factory.SubFactory(DrawFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    target_class = TargetClass.KEY
    inspection_date = factory.SelfAttribute("draw.period_start")
    position = factory.Sequence(lambda n: n + 1)

    @factory.post_generation
    def inspectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.inspectors.set(extracted)


class ConflictDeclarationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConflictDeclaration

    inspector = factory.SubFactory(InspectorFactory)
    enterprise = factory.SubFactory(EnterpriseFactory)
    reason = "亲属任职"
