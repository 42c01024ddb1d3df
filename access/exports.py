"""Access to exports: whoever may open a list may export it; the rows are the list's own,
scoped by the list's selector. A background export's file is for the person who asked."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.http import Http404

from .dashboards import can_view_dashboard
from .inspections import can_run_draw, can_see_draw_inputs
from .roles import is_authenticated

if TYPE_CHECKING:
    from accounts.models import User
    from exports.models import ExportJob

# lists open only to some roles; every other list is open to anyone signed in (scoped rows)
RESTRICTED_LISTS = {
    "draws": can_run_draw,
    "draw_pool": can_see_draw_inputs,
    "ranking": can_view_dashboard,
}


def can_export(user: User, name: str) -> bool:
    if not is_authenticated(user):
        return False
    rule = RESTRICTED_LISTS.get(name)
    return rule(user) if rule else True


def access_export_job(user: User, pk: int) -> ExportJob:
    """A background export of ``user`` (404 for anyone else's: not even its existence)."""
    from exports.models import ExportJob

    job = (
        ExportJob.objects.filter(pk=pk, requested_by=user).first()
        if is_authenticated(user)
        else None
    )
    if job is None:
        raise Http404
    return job
