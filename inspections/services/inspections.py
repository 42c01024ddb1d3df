"""Inspections: opening one with the current checklists, logging a draft, submitting (which
locks the record) and amending a submitted record; the files attached along the way."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited, snapshot
from core.concurrency import StaleEdit
from core.dates import check_plausible
from core.files import StoredFiles, atomic_with_files, store_upload
from core.uploads import CheckedUpload
from enterprises.models import Enterprise

from ..models import (
    Amendment,
    Answer,
    AnswerResult,
    Attachment,
    ChecklistItem,
    ChecklistTemplate,
    ConflictDeclaration,
    DrawTarget,
    Finding,
    FindingResponse,
    Inspection,
    InspectionStatus,
    Origin,
    VerificationTask,
)
from .checklists import current_versions

# ------------------------------------------------------------------------------------------
# Files


def attachment_add(
    *,
    actor: User | None,
    upload: CheckedUpload,
    files: StoredFiles,
    enterprise: Enterprise,
    inspection: Inspection | None = None,
    item_id: int | None = None,
    finding: Finding | None = None,
    response: FindingResponse | None = None,
) -> Attachment:
    """Store a checked file (private storage, random name) for what it belongs to; ``files``
    is the ``atomic_with_files()`` record of the calling service."""
    owner = Attachment(
        enterprise=enterprise,
        inspection=inspection,
        item_id=item_id,
        finding=finding,
        response=response,
    )
    return store_upload(owner, upload, files=files, actor=actor)


# ------------------------------------------------------------------------------------------
# Inspections


def _check_team(enterprise: Enterprise, inspectors: Sequence[User]) -> list[User]:
    team = list({u.pk: u for u in inspectors}.values())
    if len(team) < 2:
        raise ValidationError(
            {"inspectors": _("At least two inspectors must take part in an on-site inspection.")}
        )
    errors = []
    for user in team:
        if not access.can_inspect_enterprise(user, enterprise):
            errors.append(_("%(name)s may not inspect this enterprise.") % {"name": user})
    conflicted = ConflictDeclaration.objects.filter(
        enterprise=enterprise, inspector__in=team
    ).select_related("inspector")
    for c in conflicted:
        errors.append(
            _("%(name)s declared a conflict of interest with this enterprise and must recuse.")
            % {"name": c.inspector}
        )
    if errors:
        raise ValidationError({"inspectors": errors})
    return team


def inspection_create(
    *,
    actor: User,
    enterprise: Enterprise,
    started_at: datetime,
    origin: str,
    inspectors: Sequence[User],
    templates: Sequence[ChecklistTemplate],
    draw_target: DrawTarget | None = None,
    follow_up_of: Finding | None = None,
    verification_task: VerificationTask | None = None,
    enterprise_present: str = "",
) -> Inspection:
    """Open a draft inspection with the current version of each chosen checklist."""
    if not access.can_inspect_enterprise(actor, enterprise):
        raise PermissionDenied
    check_plausible(started_at=started_at)
    team = _check_team(enterprise, inspectors)
    if not templates:
        raise ValidationError({"templates": _("Choose at least one checklist.")})
    if origin not in Origin.values:
        raise ValidationError({"origin": _("Choose where this inspection comes from.")})
    if draw_target is not None and draw_target.enterprise_id != enterprise.pk:
        raise ValidationError(_("The drawn target is another enterprise."))
    if draw_target is not None and draw_target.inspection_date > timezone.localdate():
        # an inspection is visible to every inspector in scope: opening it early would
        # disclose a target that stays confidential until its date
        raise ValidationError(
            _(
                "A drawn target stays confidential until its inspection date (%(date)s); "
                "open the inspection on that day."
            )
            % {"date": draw_target.inspection_date.isoformat()}
        )
    if follow_up_of is not None and follow_up_of.enterprise_id != enterprise.pk:
        raise ValidationError(_("The finding followed up belongs to another enterprise."))
    if verification_task is not None and verification_task.enterprise_id != enterprise.pk:
        raise ValidationError(_("The verification task belongs to another enterprise."))
    versions = current_versions(templates)
    with transaction.atomic():
        inspection = save_audited(
            Inspection(
                enterprise=enterprise,
                started_at=started_at,
                origin=origin,
                draw_target=draw_target,
                follow_up_of=follow_up_of,
                enterprise_present=enterprise_present,
                created_by=actor,
            ),
            actor=actor,
            enterprise_id=enterprise.pk,
        )
        inspection.inspectors.set(team)
        inspection.checklists.set(versions)
        items = ChecklistItem.objects.filter(version__in=versions)
        Answer.objects.bulk_create([Answer(inspection=inspection, item=i) for i in items])
        if verification_task is not None:
            VerificationTask.objects.filter(pk=verification_task.pk).update(inspection=inspection)
    return inspection


@dataclass(frozen=True)
class AnswerInput:
    item_id: int
    result: str
    note: str = ""


class LockedError(ValidationError):
    pass


def _refuse_if_locked(inspection: Inspection) -> None:
    if inspection.is_locked:
        raise LockedError(
            _(
                "This inspection record was submitted and is locked. "
                "Corrections are recorded as amendments."
            ),
            code="locked",
        )


def inspection_save_draft(
    *,
    actor: User,
    inspection: Inspection,
    answers: Sequence[AnswerInput],
    data: dict[str, Any] | None = None,
    inspectors: Sequence[User] | None = None,
    uploads: Sequence[tuple[int | None, CheckedUpload]] = (),
    expected_version: int | None = None,
) -> Inspection:
    """Save what has been logged so far. Only a draft can change. ``expected_version`` is the
    draft's version the form was opened on: a save over another inspector's newer save is
    refused (``core.concurrency.StaleEdit``)."""
    check_plausible(started_at=(data or {}).get("started_at"))
    with atomic_with_files() as files:
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        _refuse_if_locked(inspection)
        if not access.can_edit_inspection(actor, inspection):
            raise PermissionDenied
        if expected_version is not None and inspection.version != expected_version:
            raise StaleEdit(inspection)
        inspection.version += 1
        if inspectors is not None:
            inspection.inspectors.set(_check_team(inspection.enterprise, inspectors))
        for field, value in (data or {}).items():
            if field in ("started_at", "summary", "enterprise_present"):
                setattr(inspection, field, value)
        inspection.full_clean(exclude=["inspectors", "checklists"])
        inspection.save()
        by_item = {a.item_id: a for a in inspection.answers.all()}
        changed = []
        for a in answers:
            row = by_item.get(a.item_id)
            if row is None:
                continue
            if a.result not in ("", *AnswerResult.values):
                raise ValidationError(_("Unknown answer."))
            if (row.result, row.note) != (a.result, a.note.strip()):
                row.result, row.note = a.result, a.note.strip()
                changed.append(row)
        Answer.objects.bulk_update(changed, ["result", "note"])
        for item_id, upload in uploads:
            attachment_add(
                actor=actor,
                upload=upload,
                files=files,
                enterprise=inspection.enterprise,
                inspection=inspection,
                item_id=item_id if item_id in by_item else None,
            )
    return inspection


AUTOSAVE_FIELDS = ("summary", "enterprise_present")


def inspection_autosave(
    *,
    actor: User,
    inspection: Inspection,
    answers: Sequence[AnswerInput],
    data: dict[str, Any],
    expected_version: int,
) -> Inspection:
    """Keep what is logged so far on the draft while the inspector works (the page's
    autosave): the answers, their notes, the summary and the staff present. It never submits
    (the record stays an open draft), never touches the team, the date or the files, and is
    refused like any save over another inspector's newer save (``StaleEdit``) or on a
    submitted record (``LockedError``). Returns the draft with its new version."""
    return inspection_save_draft(
        actor=actor,
        inspection=inspection,
        answers=answers,
        data={k: v for k, v in data.items() if k in AUTOSAVE_FIELDS},
        expected_version=expected_version,
    )


def inspection_submit(*, actor: User, inspection: Inspection) -> Inspection:
    """Lock the record. Every item must be answered and every non-compliant item explained."""
    with transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        _refuse_if_locked(inspection)
        if not access.can_edit_inspection(actor, inspection):
            raise PermissionDenied
        if inspection.inspectors.count() < 2:
            raise ValidationError(
                _("At least two inspectors must take part in an on-site inspection.")
            )
        answers = list(inspection.answers.select_related("item"))
        unanswered = [a for a in answers if not a.result]
        unexplained = [
            a for a in answers if a.result == AnswerResult.NON_COMPLIANT and not a.note.strip()
        ]
        errors = []
        if unanswered:
            errors.append(_("%(n)d check items are not answered yet.") % {"n": len(unanswered)})
        if unexplained:
            errors.append(
                _("Describe what was found for each non-compliant item (%(n)d without a note).")
                % {"n": len(unexplained)}
            )
        if errors:
            raise ValidationError(errors)
        before = snapshot(inspection)
        inspection.status = InspectionStatus.SUBMITTED
        inspection.submitted_at = timezone.now()
        inspection.submitted_by = actor
        save_audited(
            inspection,
            actor=actor,
            before=before,
            enterprise_id=inspection.enterprise_id,
            update_fields=["status", "submitted_at", "submitted_by", "updated_at"],
            validate=False,
        )
        VerificationTask.objects.filter(inspection=inspection, done_at__isnull=True).update(
            done_at=inspection.submitted_at
        )
    return inspection


def inspection_amend(
    *,
    actor: User,
    inspection: Inspection,
    reason: str,
    text: str = "",
    item: ChecklistItem | None = None,
    new_result: str = "",
) -> Amendment:
    """Record a correction to a submitted inspection: who, when, why and what changed."""
    if not inspection.is_locked:
        raise ValidationError(_("A draft is corrected by editing it, not by an amendment."))
    if not access.can_amend_inspection(actor, inspection):
        raise PermissionDenied
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the correction.")})
    if not text.strip() and item is None:
        raise ValidationError(_("Describe the correction or choose a check item to correct."))
    with transaction.atomic():
        amendment = Amendment(
            inspection=inspection, author=actor, reason=reason.strip(), text=text.strip()
        )
        if item is not None:
            answer = (
                Answer.objects.select_for_update().filter(inspection=inspection, item=item).first()
            )
            if answer is None:
                raise ValidationError({"item": _("This item is not part of the inspection.")})
            if new_result not in AnswerResult.values:
                raise ValidationError({"new_result": _("Choose the corrected result.")})
            amendment.item = item
            amendment.old_result = answer.result
            amendment.new_result = new_result
            answer.result = new_result
            answer.save(update_fields=["result"])
        save_audited(amendment, actor=actor, enterprise_id=inspection.enterprise_id)
    return amendment
