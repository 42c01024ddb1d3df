"""Everything an inspection event says, rendered in each reader's language when the inbox
shows it or the mail is sent (see ``notifications.messages``).

One renderer per kind (``inspection.<event>``) and next to it the factory that builds the
``Message`` from the records. Parameters are JSON values only: ISO dates, numbers, the
finding's reference, names in both languages (``bilingual``), codes of choices (rendered with
their label in the reader's language) and texts typed by people, stored as they were typed.
``InspectionsConfig.ready()`` imports this module so that the renderers are registered.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.messages import Message, Rendered, bilingual, local, renders
from notifications.reminders import Reminder, Stage

from .models import Category

if TYPE_CHECKING:
    from .models import Finding, FindingResponse, FindingReview, VerificationTask

FINDING_ISSUED = "inspection.finding_issued"
FINDING_RESPONDED = "inspection.finding_responded"
FINDING_REVIEWED = "inspection.finding_reviewed"
FINDING_DUE = "inspection.finding_due"
FINDING_OVERDUE = "inspection.finding_overdue"
FINDING_ESCALATED = "inspection.finding_escalated"
VERIFICATION_PROPOSED = "inspection.verification_proposed"

P = Mapping[str, Any]


def _finding(finding: Finding) -> dict[str, Any]:
    """What every finding event carries: reference, enterprise, deadline, requirement."""
    return {
        "ref": finding.reference,
        "enterprise": bilingual(finding.enterprise),
        "deadline": finding.deadline.isoformat(),
        "requirement": finding.requirement,
    }


def _named(p: P) -> dict[str, Any]:
    return {"ref": p["ref"], "enterprise": local(p["enterprise"])}


# Findings ---------------------------------------------------------------------------------


def finding_issued(finding: Finding) -> Message:
    """A finding recorded: the enterprise must rectify by the deadline."""
    return Message(
        FINDING_ISSUED,
        {
            **_finding(finding),
            "category": finding.category,
            "description": finding.description,
        },
        url=finding.get_absolute_url(),
        urgent=True,
    )


@renders(FINDING_ISSUED)
def _issued(p: P) -> Rendered:
    category = dict(Category.choices).get(p["category"], p["category"])
    return Rendered(
        subject=_("Rectification required by %(deadline)s: %(enterprise)s")
        % {"deadline": p["deadline"], "enterprise": local(p["enterprise"])},
        body=_("%(ref)s %(category)s: %(description)s\nRequired: %(requirement)s")
        % {
            "ref": p["ref"],
            "category": category,
            "description": p["description"],
            "requirement": p["requirement"],
        },
    )


def finding_responded(finding: Finding, response: FindingResponse) -> Message:
    """The enterprise answered a finding: an inspector must verify."""
    return Message(
        FINDING_RESPONDED,
        {**_finding(finding), "text": response.text},
        url=finding.get_absolute_url(),
        urgent=False,
    )


@renders(FINDING_RESPONDED)
def _responded(p: P) -> Rendered:
    return Rendered(
        subject=_("Rectification answered, please verify: %(enterprise)s %(ref)s") % _named(p),
        body=p["text"],
    )


def finding_reviewed(finding: Finding, review: FindingReview) -> Message:
    """The answer was accepted (the finding closes) or returned with a reason (urgent)."""
    return Message(
        FINDING_REVIEWED,
        {**_finding(finding), "accepted": review.accepted, "reason": review.reason},
        url=finding.get_absolute_url(),
        urgent=not review.accepted,
    )


@renders(FINDING_REVIEWED)
def _reviewed(p: P) -> Rendered:
    subject = (
        _("Rectification accepted, finding closed: %(ref)s")
        if p["accepted"]
        else _("Rectification returned, please answer again: %(ref)s")
    )
    return Rendered(subject=subject % {"ref": p["ref"]}, body=p["reason"])


# Deadline reminders (the ``finding`` reminder policy) -----------------------------------------

STAGE_KINDS = {
    Stage.DUE: FINDING_DUE,
    Stage.OVERDUE: FINDING_OVERDUE,
    Stage.ESCALATED: FINDING_ESCALATED,
}


def finding_reminder(reminder: Reminder) -> Message:
    """A deadline coming (urgent from one day before), passed, or escalated."""
    finding: Finding = reminder.item.obj
    params = {**_finding(finding), "days": reminder.days}
    if reminder.rung is not None:
        params["after_days"] = reminder.rung.after_days
    return Message(
        STAGE_KINDS[reminder.stage],
        params,
        url=finding.get_absolute_url(),
        urgent=reminder.stage != Stage.DUE or reminder.days <= 1,
    )


def _deadline_body(p: P) -> str:
    return _("Deadline %(deadline)s. %(requirement)s") % {
        "deadline": p["deadline"],
        "requirement": p["requirement"],
    }


@renders(FINDING_DUE)
def _due(p: P) -> Rendered:
    subject = (
        _("Rectification due today: %(enterprise)s %(ref)s")
        if p["days"] == 0
        else _("Rectification due in %(n)d days: %(enterprise)s %(ref)s")
    )
    return Rendered(subject=subject % {"n": p["days"], **_named(p)}, body=p["requirement"])


@renders(FINDING_OVERDUE)
def _overdue(p: P) -> Rendered:
    return Rendered(
        subject=_("Rectification overdue by %(n)d days: %(enterprise)s %(ref)s")
        % {"n": p["days"], **_named(p)},
        body=_deadline_body(p),
    )


@renders(FINDING_ESCALATED)
def _escalated(p: P) -> Rendered:
    return Rendered(
        subject=_(
            "Escalation: rectification overdue by more than %(t)d days: %(enterprise)s %(ref)s"
        )
        % {"t": p["after_days"], **_named(p)},
        body=_deadline_body(p),
    )


# Verification of completed retrofit milestones ---------------------------------------------


def verification_proposed(task: VerificationTask, *, week: int) -> Message:
    """A verification inspection proposed to the county staff (week 0), then a weekly
    reminder while it is not done."""
    node = task.node
    return Message(
        VERIFICATION_PROPOSED,
        {
            "enterprise": bilingual(task.enterprise),
            "node": bilingual(node),
            "project": node.project.name,
            "date": node.actual_date.isoformat() if node.actual_date else "",
            "week": week,
        },
        url=f"{reverse('inspections:tasks')}#verification-{task.pk}",
        urgent=False,
    )


@renders(VERIFICATION_PROPOSED)
def _verification(p: P) -> Rendered:
    subject = (
        _("Verification inspection proposed: %(enterprise)s, %(node)s")
        if p["week"] == 0
        else _("Reminder: verification inspection still to do: %(enterprise)s, %(node)s")
    )
    return Rendered(
        subject=subject % {"enterprise": local(p["enterprise"]), "node": local(p["node"])},
        body=_("Milestone completed on %(date)s (project: %(project)s).")
        % {"date": p["date"], "project": p["project"]},
    )
