"""Writes of the acceptance app (see docs/architecture.md): every public name of the modules
below is re-exported here."""

from .claims import claim_review, completion_record
from .evaluations import (
    evaluation_resubmit,
    evaluation_review,
    evaluation_submit,
    min_stable_days,
)

__all__ = [
    "claim_review",
    "completion_record",
    "evaluation_resubmit",
    "evaluation_review",
    "evaluation_submit",
    "min_stable_days",
]
