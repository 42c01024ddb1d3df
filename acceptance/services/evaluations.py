"""Evaluation monitoring records: the enterprise files (or revises and resubmits) one, the
bureau's technical review accepts it or returns it with reasons. The stable operation it rests
on is checked against the node dates the bureau confirmed."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import Audience
from accounts.models import User
from core.audit import save_audited, snapshot
from core.files import atomic_with_files, store_upload
from core.uploads import CheckedUpload, check_uploads
from enterprises.models import Enterprise, ProductionUnit, UleStage
from notifications.services import notify

from .. import messages
from ..models import PILLARS, Evaluation, EvaluationFile, NodeCompletion
from .records import record_nodes
from .status import stage_recompute

FIELDS = (
    "evaluator",
    "institution_name",
    "accreditation_no",
    "scope",
    "monitoring_start",
    "monitoring_end",
    "stable_start",
    "stable_end",
    "indicators",
    *PILLARS,
)
DEFAULT_STABLE_DAYS = 30


def min_stable_days() -> int:
    """The stable operation an evaluation must rest on, in days: the node templates' rule for
    "stable operation for at least one month" (data the office edits), 30 if none."""
    from retrofits.models import NodeTemplate

    days = NodeTemplate.objects.filter(code="stable_month", active=True).aggregate(
        d=Max("min_days_after_previous")
    )["d"]
    return days or DEFAULT_STABLE_DAYS


def stops_during(
    enterprise: Enterprise,
    units: Sequence[ProductionUnit],
    start: datetime.date,
    end: datetime.date,
) -> list[str]:
    """The recorded stops (any running status but "running", ``operations`` app) of the
    evaluated units (all the enterprise's for a whole-plant evaluation) between ``start`` and
    ``end``, the first five, described."""
    from django.apps import apps

    if not apps.is_installed("operations"):
        return []
    from operations.models import Status, StatusInterval

    qs = (
        StatusInterval.objects.filter(enterprise=enterprise, start__lte=end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .exclude(status=Status.RUNNING)
        .select_related("unit")
        .order_by("start", "id")
    )
    if units:
        qs = qs.filter(unit__in=units)
    return [f"{i.unit.name} {i.get_status_display()} {i.start}–{i.end or '…'}" for i in qs[:5]]


def _checked(files: Sequence[CheckedUpload | UploadedFile]) -> list[CheckedUpload]:
    if all(isinstance(f, CheckedUpload) for f in files):
        return list(files)
    return check_uploads(files, field="files")


def _validate(
    enterprise: Enterprise, data: dict[str, Any], units: Sequence[ProductionUnit]
) -> None:
    errors: dict[str, str] = {}
    if data["evaluator"] == Evaluation.Evaluator.INSTITUTION:
        for field in ("institution_name", "accreditation_no"):
            if not (data.get(field) or "").strip():
                errors[field] = _("Name the entrusted institution and its accreditation number.")
    if data["scope"] == Evaluation.Scope.PARTIAL and not units:
        errors["units"] = _("Choose the production units this partial evaluation covers.")
    if any(u.enterprise_id != enterprise.pk for u in units):
        errors["units"] = _("Choose production units of this enterprise only.")
    today = timezone.localdate()
    if data["monitoring_end"] < data["monitoring_start"]:
        errors["monitoring_end"] = _("The monitoring cannot end before it starts.")
    elif data["monitoring_end"] > today:
        errors["monitoring_end"] = _("The monitoring cannot end in the future.")
    days = min_stable_days()
    length = (data["stable_end"] - data["stable_start"]).days
    if length < days:
        errors["stable_end"] = _(
            "The evaluation must rest on at least %(days)d days of stable operation (this period "
            "has %(length)d)."
        ) % {"days": days, "length": max(length, 0)}
    if data["stable_end"] > data["monitoring_end"]:
        errors["stable_end"] = _("The stable operation it rests on must precede the monitoring.")
    elif "stable_end" not in errors:
        stops = stops_during(enterprise, units, data["stable_start"], data["stable_end"])
        if stops:
            errors["stable_end"] = _(
                "The stable operation must be continuous, but the running status recorded for "
                "this period shows stops: %(stops)s."
            ) % {"stops": "；".join(stops)}
    completed = (
        NodeCompletion.objects.filter(
            enterprise=enterprise, stage="completed", status=NodeCompletion.Status.CONFIRMED
        )
        .order_by("-actual_date")
        .values_list("actual_date", flat=True)
        .first()
    )
    if completed is None:
        errors["stable_start"] = _(
            "No retrofit completion of this enterprise is confirmed by the bureau yet: the "
            "stable operation cannot be counted."
        )
    elif data["stable_start"] < completed:
        errors["stable_start"] = _(
            "Stable operation cannot start before the retrofit completion the bureau "
            "confirmed (%(date)s)."
        ) % {"date": completed}
    if errors:
        raise ValidationError(errors)


def _save(
    evaluation: Evaluation,
    *,
    actor: User,
    before: dict | None,
    data: dict[str, Any],
    units: Sequence[ProductionUnit],
    uploads: Sequence[CheckedUpload],
) -> Evaluation:
    with atomic_with_files() as stored:
        for field in FIELDS:
            setattr(evaluation, field, data.get(field, "") if field in data else "")
        if evaluation.evaluator == Evaluation.Evaluator.SELF:
            evaluation.institution_name = evaluation.accreditation_no = ""
        evaluation.status = Evaluation.Status.SUBMITTED
        evaluation.submitted_by = actor
        evaluation.submitted_at = timezone.now()
        save_audited(evaluation, actor=actor, before=before, enterprise_id=evaluation.enterprise_id)
        scope_units = (
            list(evaluation.enterprise.units.all())
            if evaluation.scope == Evaluation.Scope.FULL
            else list(units)
        )
        evaluation.units.set(scope_units)
        for upload in uploads:
            store_upload(
                EvaluationFile(enterprise_id=evaluation.enterprise_id, evaluation=evaluation),
                upload,
                files=stored,
                actor=actor,
            )
        notify(
            recipients=access.people(Audience.DECISION_MAKERS),
            key=f"evaluation:{evaluation.pk}:submitted:{evaluation.resubmissions}",
            message=messages.evaluation_submitted(evaluation),
            enterprise_id=evaluation.enterprise_id,
        )
    return evaluation


def evaluation_submit(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
    files: Sequence[CheckedUpload | UploadedFile] = (),
) -> Evaluation:
    """File an evaluation monitoring record with its report: the decision makers are told."""
    if not access.can_submit_evaluation(actor, enterprise):
        raise PermissionDenied
    uploads = _checked(files)
    units = list(data.get("units") or ())
    _validate(enterprise, data, units)
    if not uploads:
        raise ValidationError({"files": _("Attach the evaluation report.")})
    return _save(
        Evaluation(enterprise=enterprise),
        actor=actor,
        before=None,
        data=data,
        units=units,
        uploads=uploads,
    )


def evaluation_resubmit(
    *,
    actor: User,
    evaluation: Evaluation,
    data: dict[str, Any],
    files: Sequence[CheckedUpload | UploadedFile] = (),
) -> Evaluation:
    """Revise a returned evaluation and submit it again (more files may be added)."""
    if not access.can_resubmit_evaluation(actor, evaluation):
        raise PermissionDenied
    uploads = _checked(files)
    units = list(data.get("units") or ())
    _validate(evaluation.enterprise, data, units)
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update()
            .select_related("enterprise")
            .get(pk=evaluation.pk)
        )
        if evaluation.status != Evaluation.Status.RETURNED:
            raise ValidationError(_("Only a returned evaluation can be submitted again."))
        before = snapshot(evaluation)
        evaluation.resubmissions += 1
        return _save(
            evaluation, actor=actor, before=before, data=data, units=units, uploads=uploads
        )


def evaluation_review(
    *, actor: User, evaluation: Evaluation, accept: bool, comment: str = ""
) -> Evaluation:
    """The bureau's technical review: accept, or return with reasons (the enterprise revises
    and resubmits). The enterprise's contacts are told."""
    comment = (comment or "").strip()
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what must be corrected before returning it.")})
    with transaction.atomic():
        evaluation = (
            Evaluation.objects.select_for_update()
            .select_related("enterprise")
            .get(pk=evaluation.pk)
        )
        if not access.can_review_evaluation(actor, evaluation):
            if evaluation.status != Evaluation.Status.SUBMITTED and access.is_bureau(actor):
                raise ValidationError(_("This evaluation has already been reviewed."))
            raise PermissionDenied
        before = snapshot(evaluation)
        evaluation.status = Evaluation.Status.ACCEPTED if accept else Evaluation.Status.RETURNED
        evaluation.reviewed_by = actor
        evaluation.reviewed_at = timezone.now()
        evaluation.review_comment = comment
        save_audited(evaluation, actor=actor, before=before, enterprise_id=evaluation.enterprise_id)
        if accept:
            record_nodes(
                evaluation.enterprise,
                actor=actor,
                stages=(UleStage.EVALUATED,),
                day=evaluation.monitoring_end,
                note=_("Recorded from the accepted evaluation."),
                units=None
                if evaluation.scope == Evaluation.Scope.FULL
                else {u.pk for u in evaluation.units.all()},
            )
            stage_recompute(enterprise=evaluation.enterprise, actor=actor)
        notify(
            recipients=access.people(Audience.CONTACTS, enterprise_id=evaluation.enterprise_id),
            key=f"evaluation:{evaluation.pk}:reviewed:{evaluation.resubmissions}",
            message=messages.evaluation_reviewed(evaluation),
            enterprise_id=evaluation.enterprise_id,
        )
    return evaluation
