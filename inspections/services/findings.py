"""Findings and "one factory, one policy" rectification: recording a finding in the
enterprise's open plan, the enterprise's answer with evidence, and the inspector's verification.
Each tells the people concerned through the outbox, in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from difflib import SequenceMatcher
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited
from core.dates import check_plausible
from core.files import atomic_with_files
from core.uploads import CheckedUpload
from enterprises.models import Enterprise
from notifications.services import notify

from .. import messages
from ..models import (
    Answer,
    AnswerResult,
    ChecklistItem,
    Finding,
    FindingResponse,
    FindingReview,
    FindingStatus,
    Inspection,
    LawArticle,
    RectificationPlan,
)
from .inspections import attachment_add

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


def open_plan_for(*, enterprise: Enterprise, actor: User | None) -> RectificationPlan:
    """The enterprise's open "one factory, one policy" plan, created when needed."""
    plan = RectificationPlan.objects.filter(
        enterprise=enterprise, status=RectificationPlan.Status.OPEN
    ).first()
    if plan is None:
        plan = RectificationPlan.objects.create(enterprise=enterprise, created_by=actor)
    return plan


SIMILAR_TEXT = 0.75  # share of matching characters above which two descriptions are "the same"


def _same_text(a: str, b: str) -> bool:
    a, b = "".join(a.split()), "".join(b.split())
    return bool(a and b) and SequenceMatcher(None, a, b).ratio() >= SIMILAR_TEXT


def similar_open_findings(
    *,
    enterprise: Enterprise,
    category: str | None,
    description: str = "",
    item: ChecklistItem | None = None,
) -> list[Finding]:
    """The enterprise's findings not closed yet that a new one would duplicate: the same
    check item (in any version of its checklist, by its text), or the same category with a
    very similar description."""
    rows = (
        Finding.objects.filter(enterprise=enterprise)
        .exclude(status=FindingStatus.CLOSED)
        .select_related("item")
        .order_by("-created_at", "-id")
    )
    found = []
    for f in rows:
        same_item = (
            item is not None
            and f.item_id is not None
            and (f.item_id == item.pk or f.item.text_zh == item.text_zh)
        )
        same_problem = (
            category and f.category == category and _same_text(f.description, description or "")
        )
        if same_item or same_problem:
            found.append(f)
    return found


class DuplicateFinding(ValidationError):
    """A new finding would duplicate open ones (``duplicates``): recorded only once the
    inspector confirms it is a different problem."""

    def __init__(self, duplicates: list[Finding]):
        super().__init__(
            {
                "confirm_duplicate": _(
                    "This enterprise already has an open finding like this one (%(refs)s). "
                    "Follow that one up, or confirm that this is a different problem."
                )
                % {"refs": "、".join(f.reference for f in duplicates)}
            },
            code="duplicate_finding",
        )
        self.duplicates = duplicates


def finding_create(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
    inspection: Inspection | None = None,
    item: ChecklistItem | None = None,
    uploads: Sequence[CheckedUpload] = (),
    today: date | None = None,
    confirm_duplicate: bool = True,
) -> Finding:
    """Record a finding (from a non-compliant item of a submitted inspection, or free-standing)
    and add it to the enterprise's open rectification plan. The contacts are told at once.
    With ``confirm_duplicate`` false (the form), one that duplicates an open finding of the
    enterprise is refused (``DuplicateFinding``) until the inspector confirms."""
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
    point = data.get("emission_point")
    if point is not None and point.enterprise_id != enterprise.pk:
        raise ValidationError({"emission_point": _("Choose a point of this enterprise.")})
    deadline = data.get("deadline")
    check_plausible(deadline=deadline)
    if deadline is not None and deadline < today:
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
    _check_measures(data)
    with atomic_with_files() as files:
        Enterprise.objects.select_for_update().filter(pk=enterprise.pk).first()
        # checked under the enterprise's lock: two quick submissions make one finding
        if item is not None and Finding.objects.filter(inspection=inspection, item=item).exists():
            raise ValidationError(_("This item already has a finding."), code="duplicate")
        if not confirm_duplicate:
            duplicates = similar_open_findings(
                enterprise=enterprise,
                category=data.get("category"),
                description=data.get("description") or "",
                item=item,
            )
            if duplicates:
                raise DuplicateFinding(duplicates)
        plan = open_plan_for(enterprise=enterprise, actor=actor)
        finding = save_audited(
            Finding(
                enterprise=enterprise,
                inspection=inspection,
                item=item,
                plan=plan,
                created_by=actor,
                **{k: v for k, v in data.items() if k in FINDING_FIELDS},
            ),
            actor=actor,
            enterprise_id=enterprise.pk,
        )
        for upload in uploads:
            attachment_add(
                actor=actor, upload=upload, files=files, enterprise=enterprise, finding=finding
            )
        notify(
            recipients=access.people(access.Audience.CONTACTS, enterprise_id=enterprise.pk),
            key=f"finding:{finding.pk}:issued",
            message=messages.finding_issued(finding),
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
    with atomic_with_files() as files:
        finding = (
            Finding.objects.select_for_update(of=("self",))
            .select_related("enterprise__county", "inspection", "created_by")
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
                actor=actor,
                upload=upload,
                files=files,
                enterprise=finding.enterprise,
                response=response,
            )
        finding.status = FindingStatus.RESPONDED
        finding.save(update_fields=["status"])
        recipients = access.people(
            access.Audience.COUNTY_STAFF, county_id=finding.enterprise.county_id
        )
        if finding.inspection_id:
            # the inspectors of the record are the people who found it, not an audience
            recipients += list(finding.inspection.inspectors.filter(is_active=True))
        if finding.created_by is not None:
            recipients.append(finding.created_by)
        notify(
            recipients=recipients,
            key=f"finding:{finding.pk}:response:{response.pk}",
            message=messages.finding_responded(finding, response),
            enterprise_id=finding.enterprise_id,
        )
    return response


def finding_review(
    *, actor: User, finding: Finding, accept: bool, reason: str = ""
) -> FindingReview:
    """An inspector verifies the latest response: accepted closes the finding; returned
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
        review = save_audited(
            FindingReview(
                finding=finding,
                response=response,
                reviewer=actor,
                accepted=accept,
                reason=reason.strip(),
            ),
            actor=actor,
            enterprise_id=finding.enterprise_id,
            validate=False,
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
        notify(
            recipients=access.people(access.Audience.CONTACTS, enterprise_id=finding.enterprise_id),
            key=f"finding:{finding.pk}:review:{review.pk}",
            message=messages.finding_reviewed(finding, review),
            enterprise_id=finding.enterprise_id,
        )
    return review
