"""Writes of the acceptance app (see docs/architecture.md): every public name of the modules
below is re-exported here."""

from .claims import claim_review, completion_record
from .evaluations import (
    evaluation_resubmit,
    evaluation_review,
    evaluation_submit,
    min_stable_days,
)
from .listing import (
    add_months,
    listing_change,
    listing_sweep,
    publicity_close,
    publicity_objections,
    publicity_start,
    publicity_withdraw,
)
from .scope import scope_update
from .status import PillarState, UleStatus, stage_recompute, status_of

__all__ = [
    "PillarState",
    "UleStatus",
    "add_months",
    "claim_review",
    "completion_record",
    "evaluation_resubmit",
    "evaluation_review",
    "evaluation_submit",
    "listing_change",
    "listing_sweep",
    "min_stable_days",
    "publicity_close",
    "publicity_objections",
    "publicity_start",
    "publicity_withdraw",
    "scope_update",
    "stage_recompute",
    "status_of",
]
