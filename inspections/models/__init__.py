"""On-site inspections, findings, "one factory, one policy" rectification and double-random
draws (issue 4; ../shared/domain.md sections 5, 7, 9, 10), one module per section.

Business rules live in ``services``; models hold fields, constraints and trivial properties.
Every model is importable from here (``from inspections.models import Finding``).
"""

from .checklists import (
    Category,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    LawArticle,
)
from .draws import ConflictDeclaration, Draw, DrawSupersession, DrawTarget, TargetClass
from .files import Attachment, attachment_path
from .findings import (
    Finding,
    FindingResponse,
    FindingReview,
    FindingStatus,
    RectificationPlan,
    Severity,
)
from .inspections import (
    Amendment,
    Answer,
    AnswerResult,
    Inspection,
    InspectionStatus,
    Origin,
)
from .verification import VerificationTask

__all__ = [
    "Amendment",
    "Answer",
    "AnswerResult",
    "Attachment",
    "ChecklistItem",
    "ChecklistTemplate",
    "ChecklistVersion",
    "ConflictDeclaration",
    "Draw",
    "DrawSupersession",
    "DrawTarget",
    "Finding",
    "FindingResponse",
    "FindingReview",
    "FindingStatus",
    "Inspection",
    "InspectionStatus",
    "LawArticle",
    "Origin",
    "RectificationPlan",
    "Category",
    "Severity",
    "TargetClass",
    "VerificationTask",
    "attachment_path",
]
