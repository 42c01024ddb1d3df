"""Writes of the inspections app: checklists, inspections, amendments, files, findings,
rectification responses and verification. Each service checks access (``accounts.access``),
validates, writes in its own transaction and notifies through the outbox in that transaction.

Draws live in ``inspections.draws``; the daily reminder sweep in ``inspections.reminders``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import AuditEntry, Role, User
from enterprises.models import Enterprise
from notifications.services import Message, notify

from .models import (
    Amendment,
    Answer,
    AnswerResult,
    Attachment,
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    ConflictDeclaration,
    DrawTarget,
    Finding,
    FindingResponse,
    FindingReview,
    FindingStatus,
    Inspection,
    InspectionStatus,
    LawArticle,
    Origin,
    RectificationPlan,
)
from .uploads import CheckedUpload

# ------------------------------------------------------------------------------------------
# Files written during a service: removed again if the service fails

_stored_files: ContextVar[list | None] = ContextVar("inspections_stored_files", default=None)


@contextmanager
def _files_removed_on_error() -> Iterator[None]:
    """Files are written to storage before the rows that point at them; if the service then
    fails (and its transaction rolls back), delete them so no orphan is left behind."""
    stored: list = []
    token = _stored_files.set(stored)
    try:
        yield
    except BaseException:
        for storage, name in stored:
            storage.delete(name)
        raise
    finally:
        _stored_files.reset(token)


# ------------------------------------------------------------------------------------------
# People to tell


def contacts_of(enterprise_ids: Iterable[int]) -> dict[int, list[User]]:
    """Active enterprise-contact accounts per enterprise (one query)."""
    result: dict[int, list[User]] = {}
    for user in User.objects.filter(
        role=Role.CONTACT, enterprise_id__in=set(enterprise_ids), is_active=True
    ):
        result.setdefault(user.enterprise_id, []).append(user)
    return result


def county_staff_of(
    county_ids: Iterable[int], *, leads_only: bool = False
) -> dict[int, list[User]]:
    qs = User.objects.filter(role=Role.COUNTY, county_id__in=set(county_ids), is_active=True)
    if leads_only:
        qs = qs.filter(is_county_lead=True)
    result: dict[int, list[User]] = {}
    for user in qs:
        result.setdefault(user.county_id, []).append(user)
    return result


def _message(kind: str, subject: str, body: str, url: str, *, urgent: bool) -> Message:
    return Message(kind=kind, subject=subject, body=body, url=url, urgent=urgent)


# ------------------------------------------------------------------------------------------
# Checklists


def checklists_for(enterprise: Enterprise) -> QuerySet[ChecklistTemplate]:
    """The active checklists that apply to the enterprise's industry."""
    return ChecklistTemplate.objects.filter(
        is_active=True, industry__in=["", enterprise.industry]
    ).order_by("order", "code")


def current_versions(templates: Iterable[ChecklistTemplate]) -> list[ChecklistVersion]:
    ids = [t.pk for t in templates]
    latest = (
        ChecklistVersion.objects.filter(template_id__in=ids)
        .values("template_id")
        .annotate(n=Max("number"))
    )
    wanted = {(row["template_id"], row["n"]) for row in latest}
    versions = ChecklistVersion.objects.filter(template_id__in=ids).select_related("template")
    return sorted(
        (v for v in versions if (v.template_id, v.number) in wanted),
        key=lambda v: (v.template.order, v.template.code),
    )


def checklist_revise(
    *, actor: User, template: ChecklistTemplate, items: Sequence[dict[str, Any]], note: str = ""
) -> ChecklistVersion:
    """Publish a new version of a checklist with ``items`` (text_zh, text_en, source,
    confirmed). Earlier versions, and the inspections done with them, are untouched."""
    if not access.can_edit_checklists(actor):
        raise PermissionDenied
    items = [i for i in items if (i.get("text_zh") or "").strip()]
    if not items:
        raise ValidationError(_("A checklist needs at least one check item."))
    with transaction.atomic():
        template = ChecklistTemplate.objects.select_for_update().get(pk=template.pk)
        number = (template.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ChecklistVersion.objects.create(
            template=template, number=number, created_by=actor, note=note[:300]
        )
        for order, data in enumerate(items, start=1):
            item = ChecklistItem(
                version=version,
                order=order,
                text_zh=data["text_zh"].strip(),
                text_en=(data.get("text_en") or "").strip(),
                source=(data.get("source") or "").strip() or _("practice"),
                confirmed=bool(data.get("confirmed", True)),
            )
            item.full_clean(exclude=["version"])
            item.save()
        audit.record(actor=actor, instance=version, action=AuditEntry.Action.CREATE)
    return version


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
    verification_task: Any = None,
    enterprise_present: str = "",
) -> Inspection:
    """Open a draft inspection with the current version of each chosen checklist."""
    if not access.can_inspect_enterprise(actor, enterprise):
        raise PermissionDenied
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
    inspection = Inspection(
        enterprise=enterprise,
        started_at=started_at,
        origin=origin,
        draw_target=draw_target,
        follow_up_of=follow_up_of,
        enterprise_present=enterprise_present,
        created_by=actor,
    )
    inspection.full_clean(exclude=["inspectors", "checklists"])
    versions = current_versions(templates)
    with transaction.atomic():
        inspection.save()
        inspection.inspectors.set(team)
        inspection.checklists.set(versions)
        items = ChecklistItem.objects.filter(version__in=versions)
        Answer.objects.bulk_create([Answer(inspection=inspection, item=i) for i in items])
        if verification_task is not None:
            type(verification_task).objects.filter(pk=verification_task.pk).update(
                inspection=inspection
            )
        audit.record(
            actor=actor,
            instance=inspection,
            action=AuditEntry.Action.CREATE,
            enterprise_id=enterprise.pk,
        )
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
) -> Inspection:
    """Save what has been logged so far. Only a draft can change."""
    with _files_removed_on_error(), transaction.atomic():
        inspection = Inspection.objects.select_for_update().get(pk=inspection.pk)
        _refuse_if_locked(inspection)
        if not access.can_edit_inspection(actor, inspection):
            raise PermissionDenied
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
                enterprise=inspection.enterprise,
                inspection=inspection,
                item_id=item_id if item_id in by_item else None,
            )
    return inspection


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
        before = audit.snapshot(inspection)
        inspection.status = InspectionStatus.SUBMITTED
        inspection.submitted_at = timezone.now()
        inspection.submitted_by = actor
        inspection.save(update_fields=["status", "submitted_at", "submitted_by", "updated_at"])
        from .models import VerificationTask

        VerificationTask.objects.filter(inspection=inspection, done_at__isnull=True).update(
            done_at=inspection.submitted_at
        )
        audit.record(
            actor=actor,
            instance=inspection,
            action=AuditEntry.Action.UPDATE,
            before=before,
            enterprise_id=inspection.enterprise_id,
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
        amendment.full_clean()
        amendment.save()
        audit.record(
            actor=actor,
            instance=amendment,
            action=AuditEntry.Action.CREATE,
            enterprise_id=inspection.enterprise_id,
        )
    return amendment


# ------------------------------------------------------------------------------------------
# Files


def attachment_add(
    *,
    actor: User,
    upload: CheckedUpload,
    enterprise: Enterprise,
    inspection: Inspection | None = None,
    item_id: int | None = None,
    finding: Finding | None = None,
    response: FindingResponse | None = None,
) -> Attachment:
    """Store a checked file with the default (private) storage under a random name."""
    original = (upload.file.name or "file")[:200]
    attachment = Attachment(
        enterprise=enterprise,
        inspection=inspection,
        item_id=item_id,
        finding=finding,
        response=response,
        original_name=original,
        content_type=upload.content_type,
        size=upload.size,
        sha256=upload.sha256,
        taken_at=upload.taken_at,
        latitude=upload.latitude,
        longitude=upload.longitude,
        uploaded_by=actor,
    )
    upload.file.seek(0)
    attachment.file.save(f"upload{upload.extension}", File(upload.file), save=False)
    tracked = _stored_files.get()
    if tracked is not None:
        tracked.append((attachment.file.storage, attachment.file.name))
    attachment.save()
    return attachment


# ------------------------------------------------------------------------------------------
# Findings and rectification


def _check_measures(data: dict[str, Any]) -> None:
    article: LawArticle | None = data.get("legal_basis")
    fine = data.get("fine_amount")
    errors: dict[str, list[str]] = {}
    if fine is not None:
        if article is None:
            errors.setdefault("legal_basis", []).append(
                _("A fine needs the law article it is based on.")
            )
        elif not article.has_fine_range:
            errors.setdefault("fine_amount", []).append(
                _("%(article)s sets no fine range; leave the amount empty.") % {"article": article}
            )
        elif not (article.fine_min <= fine <= article.fine_max):
            errors.setdefault("fine_amount", []).append(
                _("The fine must be between ¥%(min)s and ¥%(max)s under %(article)s.")
                % {
                    "min": f"{article.fine_min:,.0f}",
                    "max": f"{article.fine_max:,.0f}",
                    "article": article,
                }
            )
    if (data.get("restrict_production") or data.get("stop_production")) and (
        article is None or not article.allows_restriction
    ):
        errors.setdefault("legal_basis", []).append(
            _("Restricting or stopping production needs a law article that provides for it.")
        )
    if errors:
        raise ValidationError(errors)


FINDING_FIELDS = (
    "category",
    "severity",
    "description",
    "emission_point",
    "area",
    "legal_basis",
    "order_to_correct",
    "fine_amount",
    "restrict_production",
    "stop_production",
    "case_filed",
    "requirement",
    "deadline",
    "responsible_person",
)


def open_plan_for(*, enterprise: Enterprise, actor: User | None) -> RectificationPlan:
    """The enterprise's open "one factory, one policy" plan, created when needed."""
    plan = RectificationPlan.objects.filter(
        enterprise=enterprise, status=RectificationPlan.Status.OPEN
    ).first()
    if plan is None:
        plan = RectificationPlan.objects.create(enterprise=enterprise, created_by=actor)
    return plan


def finding_create(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
    inspection: Inspection | None = None,
    item: ChecklistItem | None = None,
    uploads: Sequence[CheckedUpload] = (),
    today: date | None = None,
) -> Finding:
    """Record a finding (from a non-compliant item of a submitted inspection, or free-standing)
    and add it to the enterprise's open rectification plan. The contacts are told at once."""
    if not access.can_record_finding(actor, enterprise):
        raise PermissionDenied
    if not access.can_record_finding(actor, enterprise, data.get("category")):
        raise ValidationError(
            {"category": _("Vehicle exhaust staff record clean-transport findings only.")}
        )
    today = today or timezone.localdate()
    if inspection is not None:
        if inspection.enterprise_id != enterprise.pk:
            raise ValidationError(_("The inspection belongs to another enterprise."))
        if not inspection.is_locked:
            raise ValidationError(_("Submit the inspection record before recording findings."))
    if item is not None:
        if inspection is None:
            raise ValidationError(_("A check item needs its inspection."))
        answer = Answer.objects.filter(inspection=inspection, item=item).first()
        if answer is None or answer.result != AnswerResult.NON_COMPLIANT:
            raise ValidationError(_("Only a non-compliant item becomes a finding."))
        if Finding.objects.filter(inspection=inspection, item=item).exists():
            raise ValidationError(_("This item already has a finding."))
    point = data.get("emission_point")
    if point is not None and point.enterprise_id != enterprise.pk:
        raise ValidationError({"emission_point": _("Choose a point of this enterprise.")})
    deadline = data.get("deadline")
    if deadline is not None and deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    _check_measures(data)
    with _files_removed_on_error(), transaction.atomic():
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        plan = open_plan_for(enterprise=enterprise, actor=actor)
        finding = Finding(
            enterprise=enterprise,
            inspection=inspection,
            item=item,
            plan=plan,
            created_by=actor,
            **{k: v for k, v in data.items() if k in FINDING_FIELDS},
        )
        finding.full_clean()
        finding.save()
        for upload in uploads:
            attachment_add(actor=actor, upload=upload, enterprise=enterprise, finding=finding)
        audit.record(
            actor=actor,
            instance=finding,
            action=AuditEntry.Action.CREATE,
            enterprise_id=enterprise.pk,
        )
        recipients = contacts_of([enterprise.pk]).get(enterprise.pk, [])
        with translation.override(settings.LANGUAGE_CODE):
            msg = _message(
                "finding_issued",
                _("Rectification required by %(deadline)s: %(enterprise)s")
                % {"deadline": finding.deadline.isoformat(), "enterprise": enterprise},
                _("%(ref)s %(category)s: %(description)s\nRequired: %(requirement)s")
                % {
                    "ref": finding.reference,
                    "category": finding.get_category_display(),
                    "description": finding.description,
                    "requirement": finding.requirement,
                },
                finding.get_absolute_url(),
                urgent=True,
            )
        notify(
            recipients=recipients,
            key=f"finding:{finding.pk}:issued",
            message=msg,
            enterprise_id=enterprise.pk,
        )
    return finding


def finding_respond(
    *,
    actor: User,
    finding: Finding,
    text: str,
    uploads: Sequence[CheckedUpload],
) -> FindingResponse:
    """The enterprise contact answers an open finding with evidence; an inspector verifies."""
    with _files_removed_on_error(), transaction.atomic():
        finding = (
            Finding.objects.select_for_update(of=("self",))
            .select_related("enterprise__county", "inspection")
            .get(pk=finding.pk)
        )
        if finding.status != FindingStatus.OPEN:
            raise ValidationError(
                _("This finding is not waiting for an answer (it is %(status)s).")
                % {"status": finding.get_status_display()}
            )
        if not access.can_respond_to_finding(actor, finding):
            raise PermissionDenied
        errors = {}
        if not text.strip():
            errors["text"] = _("Describe what was done to rectify the problem.")
        if not uploads:
            errors["evidence"] = _("Attach at least one photo or document as evidence.")
        if errors:
            raise ValidationError(errors)
        response = FindingResponse.objects.create(finding=finding, author=actor, text=text.strip())
        for upload in uploads:
            attachment_add(
                actor=actor, upload=upload, enterprise=finding.enterprise, response=response
            )
        finding.status = FindingStatus.RESPONDED
        finding.save(update_fields=["status"])
        recipients: list[User] = list(
            county_staff_of([finding.enterprise.county_id]).get(finding.enterprise.county_id, [])
        )
        if finding.inspection_id:
            recipients += list(finding.inspection.inspectors.filter(is_active=True))
        if finding.created_by_id and finding.created_by:
            recipients.append(finding.created_by)
        with translation.override(settings.LANGUAGE_CODE):
            msg = _message(
                "finding_responded",
                _("Rectification answered, please verify: %(enterprise)s %(ref)s")
                % {"enterprise": finding.enterprise, "ref": finding.reference},
                response.text,
                finding.get_absolute_url(),
                urgent=False,
            )
        notify(
            recipients=recipients,
            key=f"finding:{finding.pk}:response:{response.pk}",
            message=msg,
            enterprise_id=finding.enterprise_id,
        )
    return response


def finding_review(
    *, actor: User, finding: Finding, accept: bool, reason: str = ""
) -> FindingReview:
    """An inspector verifies the latest response: accepted closes the finding; rejected
    (with a reason) sends it back to the enterprise."""
    with transaction.atomic():
        finding = (
            Finding.objects.select_for_update(of=("self",))
            .select_related("enterprise__county", "plan")
            .get(pk=finding.pk)
        )
        if finding.status != FindingStatus.RESPONDED:
            raise ValidationError(_("Only a finding the enterprise has answered can be verified."))
        if not access.can_review_finding(actor, finding):
            raise PermissionDenied
        if not accept and not reason.strip():
            raise ValidationError({"reason": _("Give the reason for returning the answer.")})
        response = finding.responses.filter(review__isnull=True).order_by("-at", "-id").first()
        if response is None:
            raise ValidationError(_("There is no answer to verify."))
        review = FindingReview.objects.create(
            finding=finding,
            response=response,
            reviewer=actor,
            accepted=accept,
            reason=reason.strip(),
        )
        if accept:
            finding.status = FindingStatus.CLOSED
            finding.closed_at = review.at
            finding.closed_by = actor
        else:
            finding.status = FindingStatus.OPEN
        finding.save(update_fields=["status", "closed_at", "closed_by"])
        plan = finding.plan
        if (
            accept
            and plan.status == RectificationPlan.Status.OPEN
            and not plan.findings.exclude(status=FindingStatus.CLOSED).exists()
        ):
            plan.status = RectificationPlan.Status.CLOSED
            plan.closed_at = review.at
            plan.save(update_fields=["status", "closed_at"])
        audit.record(
            actor=actor,
            instance=review,
            action=AuditEntry.Action.CREATE,
            enterprise_id=finding.enterprise_id,
        )
        with translation.override(settings.LANGUAGE_CODE):
            if accept:
                subject = _("Rectification accepted, finding closed: %(ref)s") % {
                    "ref": finding.reference
                }
            else:
                subject = _("Rectification returned, please answer again: %(ref)s") % {
                    "ref": finding.reference
                }
            msg = _message(
                "finding_reviewed",
                subject,
                review.reason,
                finding.get_absolute_url(),
                urgent=not accept,
            )
        notify(
            recipients=contacts_of([finding.enterprise_id]).get(finding.enterprise_id, []),
            key=f"finding:{finding.pk}:review:{review.pk}",
            message=msg,
            enterprise_id=finding.enterprise_id,
        )
    return review


# ------------------------------------------------------------------------------------------
# Conflicts of interest


def conflict_declare(
    *, actor: User, inspector: User, enterprise: Enterprise, reason: str
) -> ConflictDeclaration:
    if not access.can_declare_conflicts(actor):
        raise PermissionDenied
    if inspector.pk != actor.pk and not access.can_record_conflicts_for_others(actor):
        raise PermissionDenied
    if not access.is_inspector(inspector):
        raise ValidationError({"inspector": _("Only inspectors declare conflicts of interest.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the conflict of interest.")})
    declaration, _created = ConflictDeclaration.objects.update_or_create(
        inspector=inspector,
        enterprise=enterprise,
        defaults={"reason": reason.strip(), "declared_by": actor, "declared_at": timezone.now()},
    )
    return declaration


def conflict_withdraw(*, actor: User, declaration: ConflictDeclaration) -> None:
    if declaration.inspector_id != actor.pk and not access.can_record_conflicts_for_others(actor):
        raise PermissionDenied
    declaration.delete()
