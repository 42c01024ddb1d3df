"""Writes of the retrofits app, by aggregate. Each service checks access, validates, runs in
its own transaction, records an audit entry and writes notifications in the same transaction
(the outbox of ../shared/style.md); delivery is enqueued only after commit.

``from retrofits import services`` then ``services.node_complete(...)``: every public name of
the modules below is re-exported here.
"""

from ..reminders import daily_sweep
from .assessments import ASSESSMENT_FIELDS, assessment_save
from .nodes import (
    node_change_date,
    node_complete,
    node_move_forward,
    node_request_postponement,
    postponement_decide,
)
from .projects import M2M_FIELDS, plan_approve, plan_dates_update, project_create, project_update
from .reports import REPORT_FIELDS, report_resubmit, report_review, report_submit
from .stage import enterprise_stage_recompute, project_stage

__all__ = [
    "ASSESSMENT_FIELDS",
    "M2M_FIELDS",
    "REPORT_FIELDS",
    "assessment_save",
    "daily_sweep",
    "enterprise_stage_recompute",
    "node_change_date",
    "node_complete",
    "node_move_forward",
    "node_request_postponement",
    "plan_approve",
    "plan_dates_update",
    "postponement_decide",
    "project_create",
    "project_stage",
    "project_update",
    "report_resubmit",
    "report_review",
    "report_submit",
]
