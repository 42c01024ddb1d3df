"""Views of the inspections app: short (access → form → service → message → redirect)."""

from .autosave import inspection_autosave
from .checklists import checklist_detail, checklist_list, checklist_revise, law_articles
from .draws import (
    conflict_delete,
    conflict_list,
    disclosure,
    draw_create,
    draw_detail,
    draw_list,
    draw_pool,
    draw_pool_record,
    draw_verify,
)
from .findings import (
    finding_create,
    finding_detail,
    finding_respond,
    finding_review,
    plan_detail,
    plan_list,
    plan_notice,
)
from .inspections import (
    attachment,
    enterprise_history,
    inspection_amend,
    inspection_create,
    inspection_detail,
    inspection_edit,
    inspection_list,
    inspection_record,
    my_tasks,
)

__all__ = [
    "inspection_autosave",
    "attachment",
    "checklist_detail",
    "checklist_list",
    "checklist_revise",
    "conflict_delete",
    "conflict_list",
    "disclosure",
    "draw_create",
    "draw_detail",
    "draw_pool_record",
    "draw_list",
    "draw_pool",
    "draw_verify",
    "enterprise_history",
    "finding_create",
    "finding_detail",
    "finding_respond",
    "finding_review",
    "inspection_amend",
    "inspection_create",
    "inspection_detail",
    "inspection_edit",
    "inspection_list",
    "inspection_record",
    "law_articles",
    "my_tasks",
    "plan_detail",
    "plan_list",
    "plan_notice",
]
