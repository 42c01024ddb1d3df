"""The models of the retrofits app, by section; ``from retrofits.models import X`` works for
every one of them."""

from .projects import (
    STAGE_ORDER,
    Category,
    DateChange,
    FundStatus,
    MilestoneNode,
    NodeTemplate,
    ProjectStatus,
    RetrofitProject,
)
from .reports import (
    MONTH_RE,
    QUARTER_RE,
    Evidence,
    FourTruthsAssessment,
    ProgressReport,
    evidence_path,
)

__all__ = [
    "MONTH_RE",
    "QUARTER_RE",
    "STAGE_ORDER",
    "Category",
    "DateChange",
    "Evidence",
    "FourTruthsAssessment",
    "FundStatus",
    "MilestoneNode",
    "NodeTemplate",
    "ProgressReport",
    "ProjectStatus",
    "RetrofitProject",
    "evidence_path",
]
