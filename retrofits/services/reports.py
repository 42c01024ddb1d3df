"""Progress reports: a contact submits (and resubmits once returned); the bureau accepts, the
bureau or the county staff return with a comment."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from access import Audience
from accounts.models import User
from core.audit import save_audited, snapshot
from core.files import atomic_with_files
from core.uploads import CheckedUpload
from notifications.services import notify

from .. import messages
from ..models import ProgressReport, RetrofitProject
from ._evidence import checked_files, store_evidence

REPORT_FIELDS = ("period", "text", "percent_complete", "funds_invested_wan")


def report_submit(
    *,
    actor: User,
    project: RetrofitProject,
    data: dict[str, Any],
    files: Sequence[CheckedUpload | UploadedFile] = (),
) -> ProgressReport:
    if not access.can_submit_report(actor, project):
        raise PermissionDenied
    uploads = checked_files(files)
    report = ProgressReport(
        project=project, submitted_by=actor, **{k: data[k] for k in REPORT_FIELDS}
    )
    with atomic_with_files() as stored:
        # checked under the project's lock: a double submission makes one report
        RetrofitProject.objects.select_for_update().filter(pk=project.pk).first()
        if ProgressReport.objects.filter(project=project, period=report.period).exists():
            raise ValidationError(
                {
                    "period": _(
                        "A report for this month already exists; open it to see its status or "
                        "resubmit it if it was returned."
                    )
                },
                code="duplicate",
            )
        save_audited(report, actor=actor, enterprise_id=project.enterprise_id)
        store_evidence(
            uploads, stored=stored, actor=actor, enterprise_id=project.enterprise_id, report=report
        )
        _notify_submitted(report)
    return report


def report_resubmit(
    *,
    actor: User,
    report: ProgressReport,
    data: dict[str, Any],
    files: Sequence[CheckedUpload | UploadedFile] = (),
) -> ProgressReport:
    if not access.can_resubmit_report(actor, report):
        raise PermissionDenied
    uploads = checked_files(files)
    with atomic_with_files() as stored:
        report = (
            ProgressReport.objects.select_for_update()
            .select_related("project__enterprise")
            .get(pk=report.pk)
        )
        if report.status != ProgressReport.Status.RETURNED:
            raise ValidationError(_("Only a returned report can be resubmitted."))
        before = snapshot(report)
        for k in REPORT_FIELDS:
            if k in data and k != "period":
                setattr(report, k, data[k])
        report.status = ProgressReport.Status.SUBMITTED
        report.revision += 1
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        enterprise_id = report.project.enterprise_id
        save_audited(report, actor=actor, before=before, enterprise_id=enterprise_id)
        store_evidence(
            uploads, stored=stored, actor=actor, enterprise_id=enterprise_id, report=report
        )
        _notify_submitted(report)
    return report


def _notify_submitted(report: ProgressReport) -> None:
    """The decision makers and the county staff review it."""
    enterprise = report.project.enterprise
    notify(
        recipients=access.people(
            Audience.DECISION_MAKERS,
            Audience.COUNTY_STAFF,
            enterprise_id=enterprise.pk,
            county_id=enterprise.county_id,
        ),
        key=f"report:{report.pk}:submitted:{report.revision}",
        message=messages.report_submitted(report),
        enterprise_id=enterprise.pk,
    )


def report_review(
    *, actor: User, report: ProgressReport, accept: bool, comment: str = ""
) -> ProgressReport:
    """Accept (bureau staff only) or return with a comment (bureau or county staff); the
    enterprise's contacts are told."""
    comment = (comment or "").strip()
    allowed = (
        access.can_accept_report(actor, report)
        if accept
        else access.can_return_report(actor, report)
    )
    if not allowed:
        if report.status != ProgressReport.Status.SUBMITTED:
            raise ValidationError(_("This report has already been reviewed."))
        raise PermissionDenied
    if not accept and not comment:
        raise ValidationError({"comment": _("Say what must be corrected before returning it.")})
    with transaction.atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .select_related("project__enterprise")
            .get(pk=report.pk)
        )
        if report.status != ProgressReport.Status.SUBMITTED:
            raise ValidationError(_("This report has already been reviewed."))
        project = report.project
        before = snapshot(report)
        report.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED
        report.reviewed_by = actor
        report.reviewed_at = timezone.now()
        report.review_comment = comment
        save_audited(report, actor=actor, before=before, enterprise_id=project.enterprise_id)
        if accept and report.funds_invested_wan != project.invested_wan:
            before_p = snapshot(project)
            project.invested_wan = report.funds_invested_wan
            save_audited(
                project,
                actor=actor,
                before=before_p,
                enterprise_id=project.enterprise_id,
                update_fields=["invested_wan", "updated_at"],
                validate=False,
            )
        notify(
            recipients=access.people(Audience.CONTACTS, enterprise_id=project.enterprise_id),
            key=f"report:{report.pk}:reviewed:{report.revision}",
            message=messages.report_reviewed(report),
            enterprise_id=project.enterprise_id,
        )
    return report
