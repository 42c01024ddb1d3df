"""factory_boy factories of the retrofits app: projects, nodes, reports and evidence, plus the
bytes of a small real photo and PDF for upload tests.

Projects built here skip the services (no template nodes, no audit, no notification): use them
for what needs rows only (database constraints, pages); journeys that test the rules build
projects through the services (``tests/retrofits/conftest.make_project``)."""

import io
from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from retrofits.models import Category, Evidence, MilestoneNode, ProgressReport, RetrofitProject

from .registry import EnterpriseFactory

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png_bytes(color: str = "green", size: tuple[int, int] = (8, 8)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format="PNG")
    return buf.getvalue()


def png_upload(name: str = "photo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def pdf_upload(name: str = "report.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


class RetrofitProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RetrofitProject

    enterprise = factory.SubFactory(EnterpriseFactory)
    category = Category.ORGANIZED
    name = factory.Sequence(lambda n: f"超低排放改造项目{n}")
    responsible_person = "张磊"
    technical_route = "SCR"


class MilestoneNodeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MilestoneNode

    project = factory.SubFactory(RetrofitProjectFactory)
    order = factory.Sequence(lambda n: n + 1)
    code = factory.Sequence(lambda n: f"node{n}")
    name_zh = factory.Sequence(lambda n: f"节点{n}")
    name_en = factory.Sequence(lambda n: f"Node {n}")
    planned_date = factory.LazyFunction(timezone.localdate)
    committed_date = factory.SelfAttribute("planned_date")


class ProgressReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReport

    project = factory.SubFactory(RetrofitProjectFactory)
    period = factory.Sequence(lambda n: f"{2020 + n // 12}-{n % 12 + 1:02d}")
    text = "完成设备安装"
    percent_complete = 40
    funds_invested_wan = Decimal("1200")


def _owner_enterprise(o):
    if o.report is not None:
        return o.report.project.enterprise
    node = o.node if o.node is not None else o.date_change.node
    return node.project.enterprise


class EvidenceFactory(factory.django.DjangoModelFactory):
    """A PDF supporting a progress report (pass ``node=`` or ``date_change=`` with
    ``report=None`` for the other owners)."""

    class Meta:
        model = Evidence

    report = factory.SubFactory(ProgressReportFactory)
    enterprise = factory.LazyAttribute(lambda o: _owner_enterprise(o))
    node = None
    date_change = None
    file = factory.django.FileField(filename="upload.pdf", data=PDF_BYTES)
    original_name = "report.pdf"
    content_type = "application/pdf"
    size = len(PDF_BYTES)
