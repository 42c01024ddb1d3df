"""Everything an acceptance event says, rendered when it is read or mailed, in the reader's
language (see docs/architecture.md, "Notifications")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from enterprises.models import UleStage
from notifications.messages import Message, Rendered, bilingual, local, renders
from notifications.reminders import Reminder, Stage

if TYPE_CHECKING:
    from .models import Evaluation, ListEntry, NodeCompletion, Publicity

P = Mapping[str, Any]


def _claim(claim: NodeCompletion) -> dict[str, Any]:
    node = claim.node
    return {
        "enterprise": bilingual(claim.enterprise),
        "project": node.project.name,
        "node": bilingual(node),
        "stage": claim.stage,
        "date": claim.actual_date.isoformat(),
    }


def _label(p: P) -> str:
    return f"{local(p['enterprise'])} · {p['project']} · {local(p['node'])}"


def _stage(p: P) -> str:
    return str(UleStage(p["stage"]).label) if p.get("stage") in UleStage.values else p["stage"]


def claim_submitted(claim: NodeCompletion) -> Message:
    return Message(
        kind="acceptance.claim_submitted",
        params={**_claim(claim), "who": str(claim.recorded_by or "")},
        url=claim.get_absolute_url(),
    )


@renders("acceptance.claim_submitted")
def _claim_submitted(p: P) -> Rendered:
    return Rendered(
        subject=_("To confirm: %(node)s") % {"node": _label(p)},
        body=_(
            "%(who)s recorded this node as done on %(date)s. It would move the enterprise to "
            "“%(stage)s”; it counts only once the bureau confirms it against the evidence."
        )
        % {"who": p["who"], "date": p["date"], "stage": _stage(p)},
    )


def claim_decided(claim: NodeCompletion) -> Message:
    return Message(
        kind="acceptance.claim_decided",
        params={
            **_claim(claim),
            "confirmed": claim.status == "confirmed",
            "comment": claim.decision_comment,
        },
        url=claim.get_absolute_url(),
        urgent=claim.status != "confirmed",
    )


@renders("acceptance.claim_decided")
def _claim_decided(p: P) -> Rendered:
    if p["confirmed"]:
        return Rendered(
            subject=_("Confirmed: %(node)s") % {"node": _label(p)},
            body=_("The bureau confirmed the node done on %(date)s: the enterprise is “%(stage)s”.")
            % {"date": p["date"], "stage": _stage(p)},
        )
    return Rendered(
        subject=_("Returned: %(node)s") % {"node": _label(p)},
        body=_(
            "The bureau returned the completion of this node: %(comment)s The node is open "
            "again; record it once more with the evidence asked for."
        )
        % {"comment": p["comment"]},
    )


# --- evaluations --------------------------------------------------------------------------------


def _evaluation(evaluation: Evaluation) -> dict[str, Any]:
    return {
        "enterprise": bilingual(evaluation.enterprise),
        "start": evaluation.monitoring_start.isoformat(),
        "end": evaluation.monitoring_end.isoformat(),
    }


def evaluation_submitted(evaluation: Evaluation) -> Message:
    return Message(
        kind="acceptance.evaluation_submitted",
        params={**_evaluation(evaluation), "round": evaluation.resubmissions + 1},
        url=evaluation.get_absolute_url(),
    )


@renders("acceptance.evaluation_submitted")
def _evaluation_submitted(p: P) -> Rendered:
    return Rendered(
        subject=_("Evaluation to review: %(enterprise)s") % {"enterprise": local(p["enterprise"])},
        body=_(
            "%(enterprise)s filed its evaluation monitoring (%(start)s to %(end)s, submission "
            "%(round)d) for the bureau's technical review."
        )
        % {
            "enterprise": local(p["enterprise"]),
            "start": p["start"],
            "end": p["end"],
            "round": p["round"],
        },
    )


def evaluation_reviewed(evaluation: Evaluation) -> Message:
    return Message(
        kind="acceptance.evaluation_reviewed",
        params={
            **_evaluation(evaluation),
            "accepted": evaluation.status == "accepted",
            "comment": evaluation.review_comment,
        },
        url=evaluation.get_absolute_url(),
        urgent=evaluation.status != "accepted",
    )


@renders("acceptance.evaluation_reviewed")
def _evaluation_reviewed(p: P) -> Rendered:
    name = local(p["enterprise"])
    if p["accepted"]:
        return Rendered(
            subject=_("Evaluation accepted: %(enterprise)s") % {"enterprise": name},
            body=_("The bureau accepted the evaluation monitoring of %(start)s to %(end)s.")
            % {"start": p["start"], "end": p["end"]},
        )
    return Rendered(
        subject=_("Evaluation returned: %(enterprise)s") % {"enterprise": name},
        body=_("The bureau returned the evaluation for revision: %(comment)s")
        % {"comment": p["comment"]},
    )


# --- publicity and the ULE list ---------------------------------------------------------------


def publicity_started(publicity: Publicity) -> Message:
    return Message(
        kind="acceptance.publicity_started",
        params={
            "enterprise": bilingual(publicity.enterprise),
            "platform": publicity.platform,
            "start": publicity.start.isoformat(),
            "end": publicity.end.isoformat(),
        },
        url=publicity.get_absolute_url(),
    )


@renders("acceptance.publicity_started")
def _publicity_started(p: P) -> Rendered:
    return Rendered(
        subject=_("In publicity: %(enterprise)s") % {"enterprise": local(p["enterprise"])},
        body=_(
            "The ULE status of %(enterprise)s is publicized on %(platform)s from %(start)s to "
            "%(end)s. Once it ends with every objection handled, the enterprise enters the ULE "
            "list."
        )
        % {
            "enterprise": local(p["enterprise"]),
            "platform": p["platform"],
            "start": p["start"],
            "end": p["end"],
        },
    )


def publicity_objections_open(publicity: Publicity) -> Message:
    return Message(
        kind="acceptance.publicity_objections",
        params={
            "enterprise": bilingual(publicity.enterprise),
            "end": publicity.end.isoformat(),
            "n": publicity.objections,
        },
        url=publicity.get_absolute_url(),
        urgent=True,
    )


@renders("acceptance.publicity_objections")
def _publicity_objections(p: P) -> Rendered:
    return Rendered(
        subject=_("Objections to handle: %(enterprise)s") % {"enterprise": local(p["enterprise"])},
        body=_(
            "The publicity ended on %(end)s with %(n)d objections whose handling is not "
            "recorded: the enterprise cannot enter the ULE list until it is."
        )
        % {"end": p["end"], "n": p["n"]},
    )


def listing_changed(entry: ListEntry, *, reason: str) -> Message:
    return Message(
        kind="acceptance.listing_changed",
        params={
            "enterprise": bilingual(entry.enterprise),
            "status": entry.status,
            "reason": reason,
            "revocation": bilingual(entry.revocation_reason) if entry.revocation_reason else None,
            "barred_until": entry.barred_until.isoformat() if entry.barred_until else None,
        },
        url=entry.get_absolute_url(),
        urgent=entry.status in ("suspended", "revoked"),
    )


@renders("acceptance.listing_changed")
def _listing_changed(p: P) -> Rendered:
    from .models import ListStatus

    name = local(p["enterprise"])
    status = str(ListStatus(p["status"]).label)
    body = _("ULE list: %(enterprise)s is now “%(status)s”. Reason: %(reason)s") % {
        "enterprise": name,
        "status": status,
        "reason": p["reason"],
    }
    if p.get("revocation"):
        body += " " + _("Revoked for: %(why)s; relisting barred until %(date)s.") % {
            "why": local(p["revocation"]),
            "date": p.get("barred_until") or "—",
        }
    return Rendered(
        subject=_("ULE list: %(enterprise)s %(status)s") % {"enterprise": name, "status": status},
        body=body,
    )


def listing_bar_ended(entry: ListEntry) -> Message:
    return Message(
        kind="acceptance.listing_bar_ended",
        params={
            "enterprise": bilingual(entry.enterprise),
            "date": entry.barred_until.isoformat() if entry.barred_until else "",
        },
        url=entry.get_absolute_url(),
    )


@renders("acceptance.listing_bar_ended")
def _listing_bar_ended(p: P) -> Rendered:
    return Rendered(
        subject=_("Relisting possible again: %(enterprise)s")
        % {"enterprise": local(p["enterprise"])},
        body=_(
            "The bar on relisting %(enterprise)s ended on %(date)s. After a new evaluation "
            "accepted by the bureau and a new publicity, the enterprise may enter the ULE list "
            "again."
        )
        % {"enterprise": local(p["enterprise"]), "date": p["date"]},
    )


# --- reminders: what waits for the bureau --------------------------------------------------------

REVIEW_KINDS = {
    Stage.DUE: "acceptance.review_due",
    Stage.OVERDUE: "acceptance.review_overdue",
    Stage.ESCALATED: "acceptance.review_escalated",
}


def _review_reminder(reminder: Reminder, what: str, label: str, url: str) -> Message:
    params = {
        "what": what,
        "label": label,
        "enterprise": bilingual(reminder.item.obj.enterprise),
        "deadline": reminder.item.deadline.isoformat(),
        "days": reminder.days,
    }
    return Message(
        REVIEW_KINDS[reminder.stage],
        params,
        url=url,
        urgent=reminder.stage != Stage.DUE or reminder.days == 0,
    )


def evaluation_review_reminder(reminder: Reminder) -> Message:
    evaluation = reminder.item.obj
    return _review_reminder(reminder, "evaluation", "", evaluation.get_absolute_url())


def claim_review_reminder(reminder: Reminder) -> Message:
    claim = reminder.item.obj
    return _review_reminder(reminder, "claim", claim.node.name_zh, claim.get_absolute_url())


def _what(p: P) -> str:
    name = local(p["enterprise"])
    if p["what"] == "evaluation":
        return _("the evaluation of %(enterprise)s") % {"enterprise": name}
    return _("the claim “%(node)s” of %(enterprise)s") % {"node": p["label"], "enterprise": name}


@renders("acceptance.review_due")
def _review_due(p: P) -> Rendered:
    subject = (
        _("Review due today: %(what)s")
        if p["days"] == 0
        else _("Review due in %(n)d days: %(what)s")
    )
    return Rendered(
        subject=subject % {"n": p["days"], "what": _what(p)},
        body=_("To review by %(deadline)s.") % {"deadline": p["deadline"]},
    )


@renders("acceptance.review_overdue")
def _review_overdue(p: P) -> Rendered:
    return Rendered(
        subject=_("Review overdue by %(n)d days: %(what)s") % {"n": p["days"], "what": _what(p)},
        body=_("To review by %(deadline)s.") % {"deadline": p["deadline"]},
    )


@renders("acceptance.review_escalated")
def _review_escalated(p: P) -> Rendered:
    return Rendered(
        subject=_("Escalation: review overdue by %(n)d days: %(what)s")
        % {"n": p["days"], "what": _what(p)},
        body=_("To review by %(deadline)s.") % {"deadline": p["deadline"]},
    )
