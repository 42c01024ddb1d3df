"""Writes of the inspections app, one module per aggregate: checklists, inspections (with
their amendments and files), findings (with rectification answers and verification) and
conflicts of interest. Each service checks access (the ``access`` package), validates, writes
in its own transaction and notifies through the outbox in that transaction.

Draws live in ``inspections.draws``; the daily reminder sweep in ``inspections.reminders``.
``from inspections import services`` then ``services.finding_create(...)`` keeps working.
"""

from .checklists import checklist_revise, checklists_for, current_versions
from .conflicts import conflict_declare, conflict_withdraw
from .findings import (
    FINDING_FIELDS,
    finding_create,
    finding_respond,
    finding_review,
    open_plan_for,
    similar_open_findings,
)
from .inspections import (
    AnswerInput,
    LockedError,
    attachment_add,
    inspection_amend,
    inspection_autosave,
    inspection_create,
    inspection_save_draft,
    inspection_submit,
)

__all__ = [
    "FINDING_FIELDS",
    "AnswerInput",
    "LockedError",
    "attachment_add",
    "checklist_revise",
    "checklists_for",
    "conflict_declare",
    "conflict_withdraw",
    "current_versions",
    "finding_create",
    "finding_respond",
    "finding_review",
    "inspection_amend",
    "inspection_autosave",
    "inspection_create",
    "inspection_save_draft",
    "inspection_submit",
    "open_plan_for",
    "similar_open_findings",
]
