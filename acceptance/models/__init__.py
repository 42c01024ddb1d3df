"""Confirmed facts of the ULE status (../shared/domain.md sections 3 and 8): claims of
milestones the bureau confirms, evaluation records and their review, the ULE scope, publicity
and the dynamic ULE list. The enterprise's ``ule_stage`` column is a cache of what these give,
written only by ``acceptance.services.status.stage_recompute``."""

from .claims import NodeCompletion
from .evaluations import PILLARS, Conclusion, Evaluation, EvaluationFile
from .listing import (
    ListChange,
    ListEntry,
    ListStatus,
    Pillar,
    PillarScope,
    Publicity,
    RevocationReason,
)

__all__ = [
    "PILLARS",
    "Conclusion",
    "Evaluation",
    "EvaluationFile",
    "ListChange",
    "ListEntry",
    "ListStatus",
    "NodeCompletion",
    "Pillar",
    "PillarScope",
    "Publicity",
    "RevocationReason",
]
