"""Factories for every app (factory_boy), one module per app, all importable from here."""

from .inspections import (
    AttachmentFactory,
    ConflictDeclarationFactory,
    DrawFactory,
    DrawTargetFactory,
    FindingFactory,
    FindingResponseFactory,
    InspectionFactory,
    InspectorFactory,
    RectificationPlanFactory,
)
from .registry import (
    ContactFactory,
    CountyFactory,
    EnterpriseFactory,
    PointFactory,
    UnitFactory,
    UserFactory,
    make_credit_code,
)
from .retrofits import (
    EvidenceFactory,
    MilestoneNodeFactory,
    ProgressReportFactory,
    RetrofitProjectFactory,
    pdf_upload,
    png_bytes,
    png_upload,
)

__all__ = [
    "AttachmentFactory",
    "ConflictDeclarationFactory",
    "DrawFactory",
    "DrawTargetFactory",
    "FindingFactory",
    "FindingResponseFactory",
    "InspectionFactory",
    "InspectorFactory",
    "RectificationPlanFactory",
    "ContactFactory",
    "CountyFactory",
    "EnterpriseFactory",
    "PointFactory",
    "UnitFactory",
    "UserFactory",
    "make_credit_code",
    "EvidenceFactory",
    "MilestoneNodeFactory",
    "ProgressReportFactory",
    "RetrofitProjectFactory",
    "pdf_upload",
    "png_bytes",
    "png_upload",
]
