"""Publicity and the dynamic ULE list (issue 13, items 5 and 6).

The bureau records the publicity of an accepted evaluation; when it ends with every objection
handled, the enterprise enters the ULE list (by the bureau, or by the daily sweep). The bureau
then puts a listed enterprise under review, suspends it, restores it or revokes it with one of
the reasons of ``RevocationReason``; a revocation bars relisting for the months the reason
carries. Every change leaves a ``ListChange`` and derives the ULE stage again."""

from __future__ import annotations

import calendar
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import Audience
from accounts.models import User
from core.audit import save_audited, snapshot
from core.concurrency import lock_current
from core.dates import check_plausible
from enterprises.models import Enterprise, UleStage
from notifications.services import notify

from .. import messages
from ..models import ListChange, ListEntry, ListStatus, Publicity, RevocationReason
from .status import stage_recompute, status_of

# Changes the bureau may make to an entry; relisting a revoked enterprise goes through a new
# evaluation and publicity.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    ListStatus.LISTED: (ListStatus.UNDER_REVIEW, ListStatus.SUSPENDED, ListStatus.REVOKED),
    ListStatus.UNDER_REVIEW: (ListStatus.LISTED, ListStatus.SUSPENDED, ListStatus.REVOKED),
    ListStatus.SUSPENDED: (ListStatus.LISTED, ListStatus.REVOKED),
    ListStatus.REVOKED: (),
}


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _people(enterprise: Enterprise) -> list[User]:
    """The enterprise's contacts and the decision makers (each once, one query)."""
    return access.people(Audience.CONTACTS, Audience.DECISION_MAKERS, enterprise_id=enterprise.pk)


def _bar_error(entry: ListEntry | None, day: datetime.date) -> ValidationError | None:
    if entry is not None and entry.status == ListStatus.REVOKED and entry.barred_on(day):
        return ValidationError(
            _(
                "Relisting is barred until %(date)s (revoked on %(revoked)s: %(reason)s). A "
                "publicity may end on that day at the earliest."
            )
            % {
                "date": entry.barred_until,
                "revoked": entry.revoked_on,
                "reason": entry.revocation_reason.name if entry.revocation_reason else "—",
            },
            code="relisting_barred",
        )
    return None


# --- publicity ------------------------------------------------------------------------------


def publicity_start(*, actor: User, enterprise: Enterprise, data: dict[str, Any]) -> Publicity:
    """Record the publicity of the enterprise's accepted evaluation. Refused without an accepted
    evaluation of the whole plant meeting every pillar in scope, while one is open, while the
    enterprise is on the list, and when a relisting bar would still hold on its last day."""
    if not access.can_manage_listing(actor):
        raise PermissionDenied
    check_plausible(start=data["start"], end=data["end"])
    if data["end"] < data["start"]:
        raise ValidationError({"end": _("The publicity cannot end before it starts.")})
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        status = status_of(enterprise)
        entry = status.entry
        if status.evaluation is None or status.facts_stage != UleStage.EVALUATED:
            raise ValidationError(
                _(
                    "No accepted evaluation of the whole plant finds every pillar in scope "
                    "meeting the ULE requirements: there is nothing to publicize yet."
                ),
                code="no_evaluation",
            )
        if entry is not None and entry.status != ListStatus.REVOKED:
            raise ValidationError(
                _("The enterprise is on the ULE list already (%(status)s).")
                % {"status": entry.get_status_display()},
                code="already_listed",
            )
        if entry is not None and (
            status.evaluation.reviewed_at is None
            or status.evaluation.reviewed_at <= entry.changed_at
        ):
            raise ValidationError(
                _(
                    "The enterprise was removed from the list on %(date)s: a new evaluation, "
                    "accepted after that day, is needed before a new publicity."
                )
                % {"date": entry.revoked_on},
                code="evaluation_before_revocation",
            )
        barred = _bar_error(entry, data["end"])
        if barred is not None:
            raise ValidationError({"end": barred.messages})
        if Publicity.objects.filter(enterprise=enterprise, status=Publicity.Status.OPEN).exists():
            raise ValidationError(_("A publicity of this enterprise is open already."))
        publicity = Publicity(
            enterprise=enterprise,
            evaluation=status.evaluation,
            platform=data["platform"],
            url=data["url"],
            start=data["start"],
            end=data["end"],
            recorded_by=actor,
        )
        save_audited(publicity, actor=actor, enterprise_id=enterprise.pk)
        notify(
            recipients=_people(enterprise),
            key=f"publicity:{publicity.pk}:started",
            message=messages.publicity_started(publicity),
            enterprise_id=enterprise.pk,
        )
    return publicity


def publicity_objections(
    *, actor: User, publicity: Publicity, data: dict[str, Any], expected_version: int | None = None
) -> Publicity:
    """Record the objections received so far and how they were handled (the handling may
    follow; the publicity cannot end without it)."""
    if not access.can_manage_listing(actor):
        raise PermissionDenied
    objections = int(data.get("objections") or 0)
    handling = (data.get("objections_handling") or "").strip()
    with transaction.atomic():
        publicity = lock_current(publicity, expected_version=expected_version)
        if publicity.status != Publicity.Status.OPEN:
            raise ValidationError(_("This publicity is closed."))
        before = snapshot(publicity)
        publicity.objections = objections
        publicity.objections_handling = handling
        publicity.version += 1
        save_audited(publicity, actor=actor, before=before, enterprise_id=publicity.enterprise_id)
    return publicity


def publicity_close(
    *, actor: User | None, publicity: Publicity, today: datetime.date | None = None
) -> ListEntry:
    """End the publicity and list the enterprise (the bureau, or the daily sweep with
    ``actor=None``). Refused before the last day has passed, with objections not handled, and
    while a relisting bar holds."""
    if actor is not None and not access.can_manage_listing(actor):
        raise PermissionDenied
    today = today or timezone.localdate()
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
        enterprise = Enterprise.objects.select_for_update().get(pk=publicity.enterprise_id)
        if publicity.status != Publicity.Status.OPEN:
            raise ValidationError(_("This publicity is closed."))
        if today <= publicity.end:
            raise ValidationError(
                _("The publicity runs until %(date)s: the enterprise is listed after that day.")
                % {"date": publicity.end},
                code="publicity_running",
            )
        if publicity.objections and not publicity.objections_handling:
            raise ValidationError(_("Say how the objections received were handled first."))
        entry = ListEntry.objects.select_for_update().filter(enterprise=enterprise).first()
        barred = _bar_error(entry, today)
        if barred is not None:
            raise barred
        before_p = snapshot(publicity)
        publicity.status = Publicity.Status.ENDED
        publicity.closed_by = actor
        publicity.closed_at = timezone.now()
        publicity.version += 1
        save_audited(publicity, actor=actor, before=before_p, enterprise_id=enterprise.pk)
        reason = _(
            "Publicity on %(platform)s from %(start)s to %(end)s ended; objections received: %(n)d."
        ) % {
            "platform": publicity.platform,
            "start": publicity.start,
            "end": publicity.end,
            "n": publicity.objections,
        }
        entry = _set_status(
            entry,
            enterprise=enterprise,
            to=ListStatus.LISTED,
            actor=actor,
            reason=reason,
            day=today,
            publicity=publicity,
        )
        _record_nodes_from_listing(enterprise, actor=actor, day=publicity.end)
        stage_recompute(enterprise=enterprise, actor=actor)
        notify(
            recipients=_people(enterprise),
            key=f"listing:{entry.pk}:listed:{publicity.pk}",
            message=messages.listing_changed(entry, reason=reason),
            enterprise_id=enterprise.pk,
        )
    return entry


def publicity_withdraw(*, actor: User, publicity: Publicity, reason: str) -> Publicity:
    """Withdraw an open publicity (e.g. an objection was upheld): the enterprise is not listed."""
    if not access.can_manage_listing(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the publicity is withdrawn.")})
    with transaction.atomic():
        publicity = Publicity.objects.select_for_update().get(pk=publicity.pk)
        if publicity.status != Publicity.Status.OPEN:
            raise ValidationError(_("This publicity is closed."))
        before = snapshot(publicity)
        publicity.status = Publicity.Status.WITHDRAWN
        publicity.objections_handling = (
            f"{publicity.objections_handling}\n{reason}".strip()
            if publicity.objections_handling
            else reason
        )
        publicity.closed_by = actor
        publicity.closed_at = timezone.now()
        publicity.version += 1
        save_audited(publicity, actor=actor, before=before, enterprise_id=publicity.enterprise_id)
    return publicity


def _record_nodes_from_listing(
    enterprise: Enterprise, *, actor: User | None, day: datetime.date
) -> None:
    """Record the "publicized" nodes of the enterprise's projects, the fact the listing is."""
    from .records import record_nodes

    record_nodes(
        enterprise,
        actor=actor,
        stages=(UleStage.PUBLICIZED,),
        follow=False,
        day=day,
        note=_("Recorded from the ULE list: the publicity ended."),
    )


# --- the list -------------------------------------------------------------------------------


def _set_status(
    entry: ListEntry | None,
    *,
    enterprise: Enterprise,
    to: str,
    actor: User | None,
    reason: str,
    day: datetime.date,
    publicity: Publicity | None = None,
    revocation_reason: RevocationReason | None = None,
    finding=None,
) -> ListEntry:
    before = snapshot(entry) if entry is not None else None
    previous = entry.status if entry is not None else ""
    if entry is None:
        entry = ListEntry(enterprise=enterprise, listed_on=day, publicity=publicity)
    entry.status = to
    entry.changed_at = timezone.now()
    if to == ListStatus.LISTED and publicity is not None:
        entry.listed_on, entry.publicity = day, publicity
        entry.revoked_on = entry.revocation_reason = entry.barred_until = None
        entry.bar_reminded = False
    if to == ListStatus.REVOKED:
        entry.revoked_on = day
        entry.revocation_reason = revocation_reason
        entry.barred_until = (
            add_months(day, revocation_reason.bar_months) if revocation_reason else None
        )
        entry.bar_reminded = not (revocation_reason and revocation_reason.bar_months)
    if before is not None:
        entry.version += 1
    save_audited(entry, actor=actor, before=before, enterprise_id=enterprise.pk, validate=False)
    ListChange.objects.create(
        entry=entry,
        enterprise=enterprise,
        from_status=previous,
        to_status=to,
        reason=reason,
        revocation_reason=revocation_reason,
        finding=finding,
        publicity=publicity,
        decided_by=actor,
        decided_on=day,
    )
    return entry


def listing_change(
    *,
    actor: User,
    entry: ListEntry,
    to: str,
    reason: str,
    revocation_reason: RevocationReason | None = None,
    finding=None,
    expected_version: int | None = None,
    day: datetime.date | None = None,
) -> ListEntry:
    """The bureau puts a listed enterprise under review, suspends, restores or revokes it.
    A revocation names one of the reasons (its relisting bar starts on the day of the
    decision, ``day``: today unless a decision taken earlier is recorded now)."""
    if not access.can_manage_listing(actor):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the listing changes.")})
    if to == ListStatus.REVOKED and revocation_reason is None:
        raise ValidationError({"revocation_reason": _("Choose the reason for the revocation.")})
    if finding is not None and finding.enterprise_id != entry.enterprise_id:
        raise ValidationError({"finding": _("Choose a finding of this enterprise.")})
    today = day or timezone.localdate()
    check_plausible(day=today)
    if today > timezone.localdate():
        raise ValidationError({"day": _("A decision cannot be dated in the future.")})
    with transaction.atomic():
        entry = lock_current(entry, expected_version=expected_version)
        last = entry.changes.order_by("-decided_on").values_list("decided_on", flat=True).first()
        if last is not None and today < last:
            raise ValidationError(
                {
                    "day": _(
                        "A decision cannot be dated before the last change of the listing "
                        "(%(date)s)."
                    )
                    % {"date": last}
                }
            )
        if to not in TRANSITIONS[entry.status]:
            raise ValidationError(
                _("A listing that is “%(from)s” cannot become “%(to)s”.")
                % {
                    "from": entry.get_status_display(),
                    "to": ListStatus(to).label,
                },
                code="transition",
            )
        enterprise = Enterprise.objects.select_for_update().get(pk=entry.enterprise_id)
        entry = _set_status(
            entry,
            enterprise=enterprise,
            to=to,
            actor=actor,
            reason=reason,
            day=today,
            revocation_reason=revocation_reason if to == ListStatus.REVOKED else None,
            finding=finding,
        )
        stage_recompute(enterprise=enterprise, actor=actor)
        notify(
            recipients=_people(enterprise),
            key=f"listing:{entry.pk}:{to}:{entry.version}",
            message=messages.listing_changed(entry, reason=reason),
            enterprise_id=enterprise.pk,
        )
    return entry


def listing_sweep(*, today: datetime.date | None = None) -> dict[str, int]:
    """Daily: list the enterprises whose publicity ended with every objection handled, remind
    the bureau of ended publicities with objections not handled, and tell the enterprise and
    the bureau when a relisting bar ends (each once)."""
    today = today or timezone.localdate()
    counts = {"listed": 0, "objections": 0, "bars_ended": 0}
    ended = Publicity.objects.filter(status=Publicity.Status.OPEN, end__lt=today).select_related(
        "enterprise"
    )
    for publicity in ended:
        if publicity.objections and not publicity.objections_handling:
            notify(
                recipients=access.people(Audience.DECISION_MAKERS),
                key=f"publicity:{publicity.pk}:objections",
                message=messages.publicity_objections_open(publicity),
                enterprise_id=publicity.enterprise_id,
            )
            counts["objections"] += 1
            continue
        try:
            publicity_close(actor=None, publicity=publicity, today=today)
        except ValidationError:
            continue
        counts["listed"] += 1
    for entry in ListEntry.objects.filter(
        status=ListStatus.REVOKED, bar_reminded=False, barred_until__lte=today
    ).select_related("enterprise", "revocation_reason"):
        with transaction.atomic():
            ListEntry.objects.filter(pk=entry.pk).update(bar_reminded=True)
            notify(
                recipients=_people(entry.enterprise),
                key=f"listing:{entry.pk}:bar_ended:{entry.barred_until}",
                message=messages.listing_bar_ended(entry),
                enterprise_id=entry.enterprise_id,
            )
        counts["bars_ended"] += 1
    return counts
