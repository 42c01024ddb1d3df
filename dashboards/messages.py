"""Everything a dashboards event says, rendered when it is read or mailed, in the reader's
language (see docs/architecture.md, "Notifications")."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.messages import Message, Rendered, bilingual, local, renders
from notifications.reminders import Reminder

if TYPE_CHECKING:
    from .models import Bulletin, SupervisionOrder

P = Mapping[str, Any]


def bulletin_issued(bulletin: Bulletin) -> Message:
    return Message(
        kind="dashboards.bulletin_issued",
        params={
            "number": bulletin.number,
            "week": bulletin.snapshot.week_start.isoformat(),
            "red": bulletin.red,
            "yellow": bulletin.yellow,
            "green": bulletin.green,
        },
        url=reverse("dashboards:bulletins"),
    )


@renders("dashboards.bulletin_issued")
def _bulletin_issued(p: P) -> Rendered:
    return Rendered(
        subject=_("Weekly dispatch bulletin No. %(number)s (week of %(week)s)") % p,
        body=_(
            "This week: %(red)s red, %(yellow)s yellow, %(green)s green. The Excel workbook "
            "and the PDF are in the bulletin archive."
        )
        % p,
    )


def _order(order: SupervisionOrder) -> dict[str, Any]:
    return {
        "enterprise": bilingual(order.enterprise),
        "deadline": order.response_deadline.isoformat(),
        "requirement": order.requirement[:300],
    }


def order_issued(order: SupervisionOrder) -> Message:
    return Message(
        kind="dashboards.order_issued",
        params=_order(order),
        url=order.get_absolute_url(),
        urgent=True,
    )


@renders("dashboards.order_issued")
def _order_issued(p: P) -> Rendered:
    return Rendered(
        subject=_("Supervision order: %(enterprise)s, answer due by %(deadline)s")
        % {"enterprise": local(p["enterprise"]), "deadline": p["deadline"]},
        body=_("What must be done: %(requirement)s") % {"requirement": p["requirement"]},
    )


def order_answered(order: SupervisionOrder) -> Message:
    return Message(
        kind="dashboards.order_answered", params=_order(order), url=order.get_absolute_url()
    )


@renders("dashboards.order_answered")
def _order_answered(p: P) -> Rendered:
    return Rendered(
        subject=_("Supervision order answered: %(enterprise)s")
        % {"enterprise": local(p["enterprise"])},
        body=_("The enterprise answered the supervision order; please review and close it."),
    )


def order_reminder(reminder: Reminder) -> Message:
    order = reminder.item.obj
    return Message(
        kind="dashboards.order_reminder",
        params={**_order(order), "stage": reminder.stage, "days": reminder.days},
        url=order.get_absolute_url(),
    )


@renders("dashboards.order_reminder")
def _order_reminder(p: P) -> Rendered:
    name = local(p["enterprise"])
    if p.get("stage") == "due":
        subject = _("Supervision order due in %(days)s days: %(enterprise)s")
    else:
        subject = _("Supervision order overdue by %(days)s days: %(enterprise)s")
    return Rendered(
        subject=subject % {"days": p.get("days", 0), "enterprise": name},
        body=_("Answer due by %(deadline)s. What must be done: %(requirement)s")
        % {"deadline": p["deadline"], "requirement": p["requirement"]},
    )


def disclosure_reminder(row, stage: str) -> Message:
    target = row.target
    return Message(
        kind="dashboards.disclosure_reminder",
        params={
            "enterprise": bilingual(target.enterprise),
            "date": target.inspection_date.isoformat(),
            "due": row.due.isoformat(),
            "stage": stage,
        },
        url=reverse("public_inspections:list"),
        urgent=stage == "late",
    )


@renders("dashboards.disclosure_reminder")
def _disclosure_reminder(p: P) -> Rendered:
    values = {"enterprise": local(p["enterprise"]), "date": p["date"], "due": p["due"]}
    if p.get("stage") == "late":
        subject = _("Spot-check result not published in time: %(enterprise)s") % values
    else:
        subject = _("Spot-check result to publish by %(due)s: %(enterprise)s") % values
    return Rendered(
        subject=subject,
        body=_(
            "The double-random inspection of %(enterprise)s on %(date)s has no completed "
            "record yet; its result is due on the public page by %(due)s."
        )
        % values,
    )
