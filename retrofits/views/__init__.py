"""Pages of the retrofits app. Short views: access, form, service, message, redirect."""

from .enterprise import assessment_edit, assessments, evidence_download, my_enterprise
from .nodes import (
    node_change_date,
    node_complete,
    node_detail,
    postponement_decide,
    postponement_list,
)
from .projects import (
    plan_approve,
    plan_dates,
    project_create,
    project_detail,
    project_edit,
    project_list,
)
from .reports import report_create, report_detail, report_list, report_resubmit, report_review

__all__ = [
    "assessment_edit",
    "assessments",
    "evidence_download",
    "my_enterprise",
    "node_change_date",
    "node_complete",
    "node_detail",
    "plan_approve",
    "plan_dates",
    "postponement_decide",
    "postponement_list",
    "project_create",
    "project_detail",
    "project_edit",
    "project_list",
    "report_create",
    "report_detail",
    "report_list",
    "report_resubmit",
    "report_review",
]
