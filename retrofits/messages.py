"""Everything a retrofit event says, rendered when it is read or mailed, in the reader's language.

For each kind ``retrofit.<event>``: a factory that builds the ``Message`` from the records (the
parameters are JSON values only: ISO dates, numbers, names in both languages via
``bilingual``; project names are single-language text) and a renderer registered with
``notifications.messages.renders`` that turns the parameters into a subject and a body with
``gettext``. ``RetrofitsConfig.ready()`` imports this module so that the renderers exist.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from access import Audience
from notifications.messages import Message, Rendered, bilingual, local, renders
from notifications.reminders import Reminder, Stage

if TYPE_CHECKING:
    from accounts.models import User

    from .models import DateChange, MilestoneNode, ProgressReport, RetrofitProject

P = Mapping[str, Any]


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _node(node: MilestoneNode) -> dict[str, Any]:
    """What names a node: its enterprise, project and node (shown "enterprise · project ·
    node" in the reader's language)."""
    project = node.project
    return {
        "enterprise": bilingual(project.enterprise),
        "project": project.name,
        "node": bilingual(node),
    }


def _node_label(p: P) -> str:
    return f"{local(p['enterprise'])} · {p['project']} · {local(p['node'])}"


def _report(report: ProgressReport) -> dict[str, Any]:
    return {"project": report.project.name, "period": report.period}


def _report_label(p: P) -> str:
    return f"{p['project']} · {p['period']}"


def _delay(p: P) -> str:
    """The delay against the committed date, when there is one."""
    if not p.get("delay"):
        return ""
    return " " + _("Delay against the committed date (%(date)s): %(days)d days.") % {
        "date": p["committed"],
        "days": p["delay"],
    }


# --- the plan ----------------------------------------------------------------------------------


def plan_approved(project: RetrofitProject) -> Message:
    return Message(
        kind="retrofit.plan_approved",
        params={"project": project.name, "enterprise": bilingual(project.enterprise)},
        url=project.get_absolute_url(),
    )


@renders("retrofit.plan_approved")
def _plan_approved(p: P) -> Rendered:
    return Rendered(
        subject=_("Plan approved: %(project)s") % {"project": p["project"]},
        body=_(
            "The bureau approved the plan of %(enterprise)s. Its node dates are now committed; "
            "delays are measured against them."
        )
        % {"enterprise": local(p["enterprise"])},
    )


# --- nodes -------------------------------------------------------------------------------------


def node_completed(node: MilestoneNode, *, actor: User | None) -> Message:
    return Message(
        kind="retrofit.node_completed",
        params={**_node(node), "date": _iso(node.actual_date), "who": str(actor or "")},
        url=node.get_absolute_url(),
    )


@renders("retrofit.node_completed")
def _node_completed(p: P) -> Rendered:
    return Rendered(
        subject=_("Node done: %(node)s") % {"node": _node_label(p)},
        body=_("Recorded as done on %(date)s by %(who)s.")
        % {"date": p["date"], "who": p["who"] or _("the portal, from the ULE list")},
    )


def moved_forward(change: DateChange, *, actor: User) -> Message:
    node = change.node
    return Message(
        kind="retrofit.moved_forward",
        params={
            **_node(node),
            "who": str(actor),
            "old": _iso(change.old_date),
            "new": _iso(change.new_date),
            "days": -change.shift_days,
            "committed": _iso(node.committed_date),
            "reason": change.reason,
        },
        url=node.get_absolute_url(),
        urgent=True,
    )


@renders("retrofit.moved_forward")
def _moved_forward(p: P) -> Rendered:
    body = _(
        "%(who)s moved the planned date forward from %(old)s to %(new)s (%(days)d days "
        "earlier; committed date %(committed)s)."
    ) % {k: p[k] for k in ("who", "old", "new", "days", "committed")}
    if p.get("reason"):
        body += f"\n{p['reason']}"
    return Rendered(subject=_("Moved forward: %(node)s") % {"node": _node_label(p)}, body=body)


def postponement_requested(change: DateChange, *, actor: User) -> Message:
    return Message(
        kind="retrofit.postponement_requested",
        params={
            **_node(change.node),
            "who": str(actor),
            "old": _iso(change.old_date),
            "new": _iso(change.new_date),
            "days": change.shift_days,
            "reason": change.reason,
        },
        url=change.get_absolute_url(),
        urgent=True,
    )


@renders("retrofit.postponement_requested")
def _postponement_requested(p: P) -> Rendered:
    return Rendered(
        subject=_("Postponement requested: %(node)s") % {"node": _node_label(p)},
        body=_(
            "%(who)s asks to move the planned date from %(old)s to %(new)s (%(days)d days "
            "later). Reason: %(reason)s"
        )
        % {k: p[k] for k in ("who", "old", "new", "days", "reason")},
    )


def postponement_decided(change: DateChange) -> Message:
    node = change.node
    return Message(
        kind="retrofit.postponement_decided",
        params={
            **_node(node),
            "approved": change.status == change.Status.APPROVED,
            "new": _iso(change.new_date),
            "planned": _iso(node.planned_date),
            "committed": _iso(node.committed_date),
            "comment": change.decision_comment,
        },
        url=node.get_absolute_url(),
        urgent=True,
    )


@renders("retrofit.postponement_decided")
def _postponement_decided(p: P) -> Rendered:
    node = {"node": _node_label(p)}
    if p["approved"]:
        subject = _("Postponement approved: %(node)s") % node
        body = _(
            "New planned date %(new)s. The committed date stays %(committed)s; the delay is "
            "measured against it."
        ) % {"new": p["new"], "committed": p["committed"]}
    else:
        subject = _("Postponement rejected: %(node)s") % node
        body = _("The planned date stays %(old)s.") % {"old": p["planned"]}
    if p.get("comment"):
        body += "\n" + _("Comment: %(comment)s") % {"comment": p["comment"]}
    return Rendered(subject=subject, body=body)


# --- progress reports --------------------------------------------------------------------------


def report_submitted(report: ProgressReport) -> Message:
    return Message(
        kind="retrofit.report_submitted",
        params={
            **_report(report),
            "percent": report.percent_complete,
            "funds": str(report.funds_invested_wan),
        },
        url=report.get_absolute_url(),
    )


@renders("retrofit.report_submitted")
def _report_submitted(p: P) -> Rendered:
    return Rendered(
        subject=_("Progress report to review: %(report)s") % {"report": _report_label(p)},
        body=_("%(percent)d%% complete; funds invested to date %(funds)s (10,000 yuan).")
        % {"percent": p["percent"], "funds": p["funds"]},
    )


def report_reviewed(report: ProgressReport) -> Message:
    accepted = report.status == report.Status.ACCEPTED
    return Message(
        kind="retrofit.report_reviewed",
        params={**_report(report), "accepted": accepted, "comment": report.review_comment},
        url=report.get_absolute_url(),
        urgent=not accepted,
    )


@renders("retrofit.report_reviewed")
def _report_reviewed(p: P) -> Rendered:
    report = {"report": _report_label(p)}
    if p["accepted"]:
        return Rendered(
            subject=_("Progress report accepted: %(report)s") % report, body=p.get("comment", "")
        )
    return Rendered(
        subject=_("Progress report returned: %(report)s") % report,
        body=_("Please correct and resubmit it. Comment: %(comment)s") % {"comment": p["comment"]},
    )


# --- reminders of the daily sweep (retrofits.reminders) ----------------------------------------


def node_reminder(reminder: Reminder, *, today: datetime.date) -> Message:
    """Due, missed or escalated: what one reminder of the sweep says about its node."""
    node: MilestoneNode = reminder.item.obj
    params = {**_node(node), "days": reminder.days, "planned": _iso(node.planned_date)}
    url = node.get_absolute_url()
    if reminder.stage == Stage.DUE:
        return Message(kind="retrofit.due", params=params, url=url)
    params["committed"] = _iso(node.committed_date)
    params["delay"] = node.delay_days(today) or 0
    if reminder.stage == Stage.OVERDUE:
        return Message(kind="retrofit.missed", params=params, url=url, urgent=True)
    params["after"] = reminder.rung.after_days
    params["city"] = Audience.CITY in reminder.rung.audiences
    return Message(kind="retrofit.escalated", params=params, url=url, urgent=True)


@renders("retrofit.due")
def _due(p: P) -> Rendered:
    node = _node_label(p)
    subject = (
        _("Due today: %(node)s") % {"node": node}
        if p["days"] == 0
        else _("Due in %(days)d days: %(node)s") % {"days": p["days"], "node": node}
    )
    return Rendered(subject=subject, body=_("Planned date %(date)s.") % {"date": p["planned"]})


@renders("retrofit.missed")
def _missed(p: P) -> Rendered:
    return Rendered(
        subject=_("Missed by %(days)d days: %(node)s")
        % {"days": p["days"], "node": _node_label(p)},
        body=_("The planned date %(date)s has passed without an actual date.")
        % {"date": p["planned"]}
        + _delay(p),
    )


@renders("retrofit.escalated")
def _escalated(p: P) -> Rendered:
    values = {"days": p["days"], "node": _node_label(p)}
    if p["city"]:
        subject = _("Escalation to the city (missed %(days)d days): %(node)s") % values
        body = _(
            "Missed for more than %(n)d days; for the attention of the municipal bureau and the "
            "leaders."
        )
    else:
        subject = _("Escalation (missed %(days)d days): %(node)s") % values
        body = _(
            "Missed for more than %(n)d days; the county sub-bureau's lead is asked to follow up."
        )
    return Rendered(subject=subject, body=body % {"n": p["after"]} + _delay(p))
