"""Writes of the retrofits app. Each service checks access, validates, runs in its own
transaction, records an audit entry and writes notifications in the same transaction (the
outbox of ../shared/style.md); delivery is enqueued only after commit."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import access, audit
from accounts.models import AuditEntry, Role, User
from enterprises.models import Enterprise, UleStage
from notifications.services import Message, notify, notify_many

from .models import (
    STAGE_ORDER,
    DateChange,
    Evidence,
    FourTruthsAssessment,
    MilestoneNode,
    NodeTemplate,
    ProgressReport,
    ProjectStatus,
    RetrofitProject,
)

log = logging.getLogger(__name__)

REMINDER_DAYS = (7, 3, 1)
ESCALATE_COUNTY_AFTER = 7
ESCALATE_CITY_AFTER = 30

# ---------------------------------------------------------------------------------------------
# Evidence files


IMAGE_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


def evidence_content_type(upload: UploadedFile) -> str:
    """Check an uploaded file's size and real content (not its name); return its MIME type.
    Accepts PDF and common images. Raises ValidationError with a message for the user."""
    max_bytes = settings.UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > max_bytes:
        raise ValidationError(
            _("“%(name)s” is %(size)s; files may be at most %(max)s.")
            % {
                "name": upload.name,
                "size": filesizeformat(upload.size),
                "max": filesizeformat(max_bytes),
            },
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    try:
        from PIL import Image

        with Image.open(upload) as img:
            fmt = img.format
            img.verify()
    except Exception:
        fmt = None
    finally:
        upload.seek(0)
    if fmt in IMAGE_FORMATS:
        return IMAGE_FORMATS[fmt]
    raise ValidationError(
        _("“%(name)s” is not a PDF or an image (JPEG, PNG, GIF, WebP).") % {"name": upload.name},
        code="bad_type",
    )


def _check_files(files: Sequence[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    checked, errors = [], []
    for f in files:
        try:
            checked.append((f, evidence_content_type(f)))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"files": errors})
    return checked


def _attach(
    checked: Iterable[tuple[UploadedFile, str]],
    *,
    actor: User | None,
    enterprise_id: int,
    **target: Any,
) -> list[Evidence]:
    saved = []
    for upload, content_type in checked:
        ev = Evidence(
            enterprise_id=enterprise_id,
            original_name=upload.name[:200],
            content_type=content_type,
            size=upload.size or 0,
            uploaded_by=actor,
            **target,
        )
        ev.file.save(upload.name, upload, save=False)
        _written = _WRITTEN.get()
        if _written is not None:
            _written.append((ev.file.storage, ev.file.name))
        ev.save()
        saved.append(ev)
    return saved


_WRITTEN: ContextVar[list | None] = ContextVar("retrofit_files_written", default=None)


@contextmanager
def _atomic():
    """``transaction.atomic`` that also removes evidence files written inside it when it fails,
    so a refused change leaves no orphan file in the private storage."""
    written: list = []
    token = _WRITTEN.set(written)
    try:
        with transaction.atomic():
            yield
    except BaseException:
        for storage, name in written:
            try:
                storage.delete(name)
            except OSError:  # pragma: no cover - best effort
                log.warning("Could not remove evidence file %s", name)
        raise
    finally:
        _WRITTEN.reset(token)


# ---------------------------------------------------------------------------------------------
# Recipients and messages


def _active(qs):
    return qs.filter(is_active=True)


def contacts_of(enterprise_id: int) -> list[User]:
    return list(_active(User.objects.filter(role=Role.CONTACT, enterprise_id=enterprise_id)))


def county_staff_of(county_id: int) -> list[User]:
    return list(_active(User.objects.filter(role=Role.COUNTY, county_id=county_id)))


def reviewers() -> list[User]:
    """Who decides postponements and accepts reports: the office and the municipal bureau."""
    return list(_active(User.objects.filter(role__in=[Role.OFFICE, Role.BUREAU])))


def _message(kind: str, subject: str, body: str, url: str, *, urgent: bool) -> Message:
    return Message(kind=kind, subject=subject, body=body, url=url, urgent=urgent)


def _in_portal_language():
    return translation.override(settings.LANGUAGE_CODE)


def _node_label(node: MilestoneNode) -> str:
    return f"{node.project.enterprise.name} · {node.project.name} · {node.name}"


# ---------------------------------------------------------------------------------------------
# Projects and plans


def _save(instance, *, actor: User, before: dict | None, enterprise_id: int) -> None:
    creating = before is None
    instance.full_clean()
    instance.save()
    audit.record(
        actor=actor,
        instance=instance,
        action=AuditEntry.Action.CREATE if creating else AuditEntry.Action.UPDATE,
        before=before,
        enterprise_id=enterprise_id,
    )


M2M_FIELDS = ("units", "emission_points")


def project_create(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
    start_date: datetime.date,
) -> RetrofitProject:
    """A new project with its nodes copied from the category's template; planned dates are
    proposed from ``start_date`` and editable until the bureau approves the plan."""
    if not access.can_create_project(actor, enterprise):
        raise PermissionDenied
    data = dict(data)
    m2m = {k: data.pop(k) for k in M2M_FIELDS if k in data}
    project = RetrofitProject(enterprise=enterprise, **data)
    project.status = ProjectStatus.PLANNING
    templates = list(NodeTemplate.objects.filter(category=project.category, active=True))
    if not templates:
        raise ValidationError(
            {"category": _("There is no node template for this category; ask the office.")}
        )
    with transaction.atomic():
        _save(project, actor=actor, before=None, enterprise_id=enterprise.pk)
        for key, values in m2m.items():
            getattr(project, key).set(values)
        MilestoneNode.objects.bulk_create(
            MilestoneNode(
                project=project,
                template=t,
                code=t.code,
                order=t.order,
                name_zh=t.name_zh,
                name_en=t.name_en,
                stage_on_completion=t.stage_on_completion,
                min_days_after_previous=t.min_days_after_previous,
                planned_date=start_date + datetime.timedelta(days=t.default_offset_days),
            )
            for t in templates
        )
        enterprise_stage_recompute(enterprise=enterprise, actor=actor)
    return project


def project_update(
    *, actor: User, project: RetrofitProject, data: dict[str, Any]
) -> RetrofitProject:
    if not access.can_edit_project(actor, project):
        raise PermissionDenied
    data = dict(data)
    new_status = data.pop("status", project.status)
    if new_status != project.status:
        if not access.can_suspend_project(actor, project) or {project.status, new_status} != {
            ProjectStatus.UNDERWAY,
            ProjectStatus.SUSPENDED,
        }:
            raise ValidationError(
                {
                    "status": _(
                        "Only the bureau can suspend or resume an approved project; every other "
                        "status follows from the plan and its nodes."
                    )
                }
            )
        data["status"] = new_status
    m2m = {k: data.pop(k) for k in M2M_FIELDS if k in data}
    before = audit.snapshot(RetrofitProject.objects.get(pk=project.pk))
    for k, v in data.items():
        setattr(project, k, v)
    with transaction.atomic():
        _save(project, actor=actor, before=before, enterprise_id=project.enterprise_id)
        for key, values in m2m.items():
            getattr(project, key).set(values)
    return project


def plan_dates_update(
    *, actor: User, project: RetrofitProject, dates: dict[int, datetime.date]
) -> RetrofitProject:
    """Set the planned dates of a plan not yet approved. Once approved, committed dates are
    fixed and planned dates change only by moving a node forward or by a postponement."""
    if not access.can_edit_project(actor, project):
        raise PermissionDenied
    if project.plan_approved:
        raise ValidationError(
            _(
                "The plan is approved: its committed dates can no longer be edited. Move a node "
                "forward or request a postponement instead."
            ),
            code="plan_approved",
        )
    with transaction.atomic():
        nodes = list(project.nodes.select_for_update().order_by("order"))
        errors: dict[str, list[str]] = {}
        previous: MilestoneNode | None = None
        for node in nodes:
            new = dates.get(node.pk, node.planned_date)
            if previous is not None and new < dates.get(previous.pk, previous.planned_date):
                errors.setdefault(f"node_{node.pk}", []).append(
                    _("This date is before the previous node (%(name)s).") % {"name": previous}
                )
            previous = node
        if errors:
            raise ValidationError(errors)
        for node in nodes:
            new = dates.get(node.pk)
            if new and new != node.planned_date:
                before = audit.snapshot(node)
                node.planned_date = new
                node.save(update_fields=["planned_date"])
                audit.record(
                    actor=actor,
                    instance=node,
                    action=AuditEntry.Action.UPDATE,
                    before=before,
                    enterprise_id=project.enterprise_id,
                )
    return project


def plan_approve(*, actor: User, project: RetrofitProject) -> RetrofitProject:
    """The bureau approves the plan: every node's committed date is fixed to its planned date."""
    if not access.can_approve_plan(actor, project):
        raise PermissionDenied
    with transaction.atomic():
        project = RetrofitProject.objects.select_for_update().get(pk=project.pk)
        if project.plan_approved:
            raise ValidationError(_("This plan has already been approved."))
        before = audit.snapshot(project)
        project.plan_approved_at = timezone.now()
        project.plan_approved_by = actor
        if project.status == ProjectStatus.PLANNING:
            project.status = ProjectStatus.UNDERWAY
        _save(project, actor=actor, before=before, enterprise_id=project.enterprise_id)
        for node in project.nodes.all():
            node.committed_date = node.planned_date
            node.save(update_fields=["committed_date"])
        enterprise = project.enterprise
        with _in_portal_language():
            msg = _message(
                "retrofit.plan_approved",
                _("Plan approved: %(project)s") % {"project": project.name},
                _(
                    "The bureau approved the plan of %(enterprise)s. Its node dates are now "
                    "committed; delays are measured against them."
                )
                % {"enterprise": enterprise.name},
                project.get_absolute_url(),
                urgent=False,
            )
        notify(
            recipients=contacts_of(enterprise.pk) + county_staff_of(enterprise.county_id),
            key=f"project:{project.pk}:plan_approved",
            message=msg,
            enterprise_id=enterprise.pk,
        )
    return project


# ---------------------------------------------------------------------------------------------
# Nodes


def node_complete(
    *,
    actor: User,
    node: MilestoneNode,
    actual_date: datetime.date,
    note: str = "",
    files: Sequence[UploadedFile] = (),
) -> MilestoneNode:
    """Record that a node is done. Earlier nodes must be done first; a node with a minimum
    duration (e.g. one month of stable operation) cannot be done earlier than that."""
    if not access.can_update_node(actor, node):
        raise PermissionDenied
    today = timezone.localdate()
    if actual_date > today:
        raise ValidationError({"actual_date": _("The actual date cannot be in the future.")})
    checked = _check_files(files)
    with _atomic():
        node = MilestoneNode.objects.select_for_update().get(pk=node.pk)
        project = RetrofitProject.objects.select_related("enterprise").get(pk=node.project_id)
        if node.actual_date is not None:
            raise ValidationError(_("This node is already recorded as done."))
        previous = project.nodes.filter(order__lt=node.order).order_by("-order")
        open_before = [n for n in previous if n.actual_date is None]
        if open_before:
            raise ValidationError(
                _("Record the earlier nodes first: %(names)s.")
                % {"names": "、".join(n.name for n in reversed(open_before))}
            )
        last = previous.first()
        if last is not None and actual_date < last.actual_date:
            raise ValidationError(
                {
                    "actual_date": _(
                        "The actual date cannot be before that of the previous node (%(date)s)."
                    )
                    % {"date": last.actual_date}
                }
            )
        if last is not None and node.min_days_after_previous:
            earliest = last.actual_date + datetime.timedelta(days=node.min_days_after_previous)
            if actual_date < earliest:
                raise ValidationError(
                    {
                        "actual_date": _(
                            "This node needs at least %(days)d days after “%(previous)s” "
                            "(%(date)s): not before %(earliest)s."
                        )
                        % {
                            "days": node.min_days_after_previous,
                            "previous": last.name,
                            "date": last.actual_date,
                            "earliest": earliest,
                        }
                    }
                )
        before = audit.snapshot(node)
        node.actual_date = actual_date
        node.completion_note = note
        node.completed_by = actor
        node.full_clean()
        node.save(update_fields=["actual_date", "completion_note", "completed_by"])
        audit.record(
            actor=actor,
            instance=node,
            action=AuditEntry.Action.UPDATE,
            before=before,
            enterprise_id=project.enterprise_id,
        )
        _attach(checked, actor=actor, enterprise_id=project.enterprise_id, node=node)
        if not project.nodes.filter(actual_date__isnull=True).exists():
            before_p = audit.snapshot(project)
            project.status = ProjectStatus.COMPLETED
            project.save(update_fields=["status", "updated_at"])
            audit.record(
                actor=actor,
                instance=project,
                action=AuditEntry.Action.UPDATE,
                before=before_p,
                enterprise_id=project.enterprise_id,
            )
        enterprise_stage_recompute(enterprise=project.enterprise, actor=actor)
        node.project = project
        with _in_portal_language():
            msg = _message(
                "retrofit.node_completed",
                _("Node done: %(node)s") % {"node": _node_label(node)},
                _("Recorded as done on %(date)s by %(who)s.") % {"date": actual_date, "who": actor},
                node.get_absolute_url(),
                urgent=False,
            )
        notify(
            recipients=county_staff_of(project.enterprise.county_id),
            key=f"node:{node.pk}:completed",
            message=msg,
            enterprise_id=project.enterprise_id,
        )
    return node


def node_change_date(
    *,
    actor: User,
    node: MilestoneNode,
    new_date: datetime.date,
    reason: str = "",
    files: Sequence[UploadedFile] = (),
) -> DateChange:
    """Change a node's planned date after the plan is approved. Earlier: applied at once and
    the enterprise's contacts and the county staff are told at once. Later: a postponement
    request that needs a reason and the bureau's decision; the planned date stays until then.
    The committed date never changes."""
    if not access.can_update_node(actor, node):
        raise PermissionDenied
    reason = (reason or "").strip()
    with _atomic():
        node = (
            MilestoneNode.objects.select_for_update()
            .select_related("project__enterprise__county")
            .get(pk=node.pk)
        )
        project = node.project
        enterprise = project.enterprise
        if not project.plan_approved:
            raise ValidationError(
                _("The plan is not approved yet: edit the planned dates of the plan instead."),
                code="plan_not_approved",
            )
        if node.actual_date is not None:
            raise ValidationError(_("This node is already done; its dates can no longer change."))
        if new_date == node.planned_date:
            raise ValidationError(
                {"new_date": _("This is already the planned date; choose another date.")}
            )
        if new_date < node.planned_date:
            if new_date < timezone.localdate():
                raise ValidationError(
                    {
                        "new_date": _(
                            "A planned date cannot be in the past. If the node is done, record "
                            "its actual date instead."
                        )
                    }
                )
            checked = _check_files(files)
            change = DateChange(
                node=node,
                kind=DateChange.Kind.FORWARD,
                old_date=node.planned_date,
                new_date=new_date,
                reason=reason,
                requested_by=actor,
                status=DateChange.Status.APPLIED,
            )
            change.full_clean()
            change.save()
            before = audit.snapshot(node)
            node.planned_date = new_date
            node.save(update_fields=["planned_date"])
            audit.record(
                actor=actor,
                instance=change,
                action=AuditEntry.Action.CREATE,
                enterprise_id=enterprise.pk,
            )
            audit.record(
                actor=actor,
                instance=node,
                action=AuditEntry.Action.UPDATE,
                before=before,
                enterprise_id=enterprise.pk,
            )
            _attach(checked, actor=actor, enterprise_id=enterprise.pk, date_change=change)
            with _in_portal_language():
                msg = _message(
                    "retrofit.moved_forward",
                    _("Moved forward: %(node)s") % {"node": _node_label(node)},
                    _(
                        "%(who)s moved the planned date forward from %(old)s to %(new)s "
                        "(%(days)d days earlier; committed date %(committed)s)."
                    )
                    % {
                        "who": actor,
                        "old": change.old_date,
                        "new": change.new_date,
                        "days": -change.shift_days,
                        "committed": node.committed_date,
                    }
                    + (f"\n{reason}" if reason else ""),
                    node.get_absolute_url(),
                    urgent=True,
                )
            notify(
                recipients=contacts_of(enterprise.pk) + county_staff_of(enterprise.county_id),
                key=f"node:{node.pk}:moved_forward:{change.pk}",
                message=msg,
                enterprise_id=enterprise.pk,
            )
            return change

        # Later: a postponement request.
        if not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "A later date is a postponement: give the reason, so that the bureau "
                        "can decide."
                    )
                }
            )
        if node.date_changes.filter(status=DateChange.Status.PENDING).exists():
            raise ValidationError(
                _(
                    "A postponement of this node is already awaiting the bureau's decision; "
                    "wait for it before requesting another."
                )
            )
        checked = _check_files(files)
        change = DateChange(
            node=node,
            kind=DateChange.Kind.POSTPONEMENT,
            old_date=node.planned_date,
            new_date=new_date,
            reason=reason,
            requested_by=actor,
            status=DateChange.Status.PENDING,
        )
        change.full_clean()
        change.save()
        audit.record(
            actor=actor,
            instance=change,
            action=AuditEntry.Action.CREATE,
            enterprise_id=enterprise.pk,
        )
        _attach(checked, actor=actor, enterprise_id=enterprise.pk, date_change=change)
        with _in_portal_language():
            msg = _message(
                "retrofit.postponement_requested",
                _("Postponement requested: %(node)s") % {"node": _node_label(node)},
                _(
                    "%(who)s asks to move the planned date from %(old)s to %(new)s (%(days)d days later). Reason: %(reason)s"
                )
                % {
                    "who": actor,
                    "old": change.old_date,
                    "new": change.new_date,
                    "days": change.shift_days,
                    "reason": reason,
                },
                change.get_absolute_url(),
                urgent=True,
            )
        notify(
            recipients=reviewers(),
            key=f"datechange:{change.pk}:requested",
            message=msg,
            enterprise_id=enterprise.pk,
        )
        return change


def postponement_decide(
    *, actor: User, change: DateChange, approve: bool, comment: str = ""
) -> DateChange:
    """The bureau approves (the planned date moves; the committed date does not) or rejects
    (a comment is required) a postponement request; the enterprise's contacts are told."""
    if not access.can_decide_postponement(actor):
        raise PermissionDenied
    comment = (comment or "").strip()
    if not approve and not comment:
        raise ValidationError({"comment": _("Say why the postponement is rejected.")})
    with transaction.atomic():
        change = (
            DateChange.objects.select_for_update()
            .select_related("node__project__enterprise")
            .get(pk=change.pk)
        )
        if change.status != DateChange.Status.PENDING:
            raise ValidationError(_("This request has already been decided."))
        node = MilestoneNode.objects.select_for_update().get(pk=change.node_id)
        node.project = change.node.project
        enterprise = node.project.enterprise
        before = audit.snapshot(change)
        change.status = DateChange.Status.APPROVED if approve else DateChange.Status.REJECTED
        change.decided_by = actor
        change.decided_at = timezone.now()
        change.decision_comment = comment
        change.full_clean()
        change.save()
        audit.record(
            actor=actor,
            instance=change,
            action=AuditEntry.Action.UPDATE,
            before=before,
            enterprise_id=enterprise.pk,
        )
        if approve and node.actual_date is None:
            before_n = audit.snapshot(node)
            node.planned_date = change.new_date
            node.save(update_fields=["planned_date"])
            audit.record(
                actor=actor,
                instance=node,
                action=AuditEntry.Action.UPDATE,
                before=before_n,
                enterprise_id=enterprise.pk,
            )
        with _in_portal_language():
            if approve:
                subject = _("Postponement approved: %(node)s") % {"node": _node_label(node)}
                body = _(
                    "New planned date %(new)s. The committed date stays %(committed)s; the "
                    "delay is measured against it."
                ) % {"new": change.new_date, "committed": node.committed_date}
            else:
                subject = _("Postponement rejected: %(node)s") % {"node": _node_label(node)}
                body = _("The planned date stays %(old)s.") % {"old": node.planned_date}
            if comment:
                body += "\n" + _("Comment: %(comment)s") % {"comment": comment}
            msg = _message(
                "retrofit.postponement_decided", subject, body, node.get_absolute_url(), urgent=True
            )
        notify(
            recipients=contacts_of(enterprise.pk)
            + ([change.requested_by] if change.requested_by else []),
            key=f"datechange:{change.pk}:decided",
            message=msg,
            enterprise_id=enterprise.pk,
        )
    return change


# ---------------------------------------------------------------------------------------------
# The enterprise's overall ULE stage


def project_stage(nodes: Iterable[MilestoneNode]) -> str:
    """The ULE stage a project has reached: that of its last done node carrying a stage;
    retrofitting once any node is done; not started otherwise."""
    stage = UleStage.NOT_STARTED
    for node in sorted(nodes, key=lambda n: n.order):
        if node.actual_date is None:
            break
        stage = max(
            stage,
            node.stage_on_completion or UleStage.RETROFITTING,
            key=STAGE_ORDER.index,
        )
    return stage


def enterprise_stage_recompute(*, enterprise: Enterprise, actor: User | None) -> str:
    """An enterprise's ULE stage follows from its projects: the least advanced of them, and
    "retrofitting" as soon as any project has started. An enterprise removed from the ULE list
    stays removed (a bureau decision), and one without projects keeps its recorded stage."""
    if enterprise.ule_stage == UleStage.REMOVED:
        return enterprise.ule_stage
    projects = list(
        RetrofitProject.objects.filter(enterprise=enterprise)
        .exclude(status=ProjectStatus.SUSPENDED)
        .prefetch_related("nodes")
    )
    if not projects:
        return enterprise.ule_stage
    stages = [project_stage(p.nodes.all()) for p in projects]
    stage = min(stages, key=STAGE_ORDER.index)
    if stage == UleStage.NOT_STARTED and any(s != UleStage.NOT_STARTED for s in stages):
        stage = UleStage.RETROFITTING
    if stage != enterprise.ule_stage:
        with transaction.atomic():
            fresh = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
            before = audit.snapshot(fresh)
            fresh.ule_stage = stage
            fresh.save(update_fields=["ule_stage", "updated_at"])
            audit.record(
                actor=actor,
                instance=fresh,
                action=AuditEntry.Action.UPDATE,
                before=before,
                enterprise_id=fresh.pk,
            )
        enterprise.ule_stage = stage
    return stage


# ---------------------------------------------------------------------------------------------
# Progress reports


REPORT_FIELDS = ("period", "text", "percent_complete", "funds_invested_wan")


def report_submit(
    *,
    actor: User,
    project: RetrofitProject,
    data: dict[str, Any],
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    if not access.can_submit_report(actor, project):
        raise PermissionDenied
    checked = _check_files(files)
    report = ProgressReport(
        project=project, submitted_by=actor, **{k: data[k] for k in REPORT_FIELDS}
    )
    if ProgressReport.objects.filter(project=project, period=report.period).exists():
        raise ValidationError(
            {
                "period": _(
                    "A report for this month already exists; open it to see its status or "
                    "resubmit it if it was returned."
                )
            }
        )
    with _atomic():
        _save(report, actor=actor, before=None, enterprise_id=project.enterprise_id)
        _attach(checked, actor=actor, enterprise_id=project.enterprise_id, report=report)
        _notify_report_submitted(report)
    return report


def report_resubmit(
    *,
    actor: User,
    report: ProgressReport,
    data: dict[str, Any],
    files: Sequence[UploadedFile] = (),
) -> ProgressReport:
    if not access.can_resubmit_report(actor, report):
        raise PermissionDenied
    checked = _check_files(files)
    with _atomic():
        report = (
            ProgressReport.objects.select_for_update()
            .select_related("project__enterprise")
            .get(pk=report.pk)
        )
        if report.status != ProgressReport.Status.RETURNED:
            raise ValidationError(_("Only a returned report can be resubmitted."))
        before = audit.snapshot(report)
        for k in REPORT_FIELDS:
            if k in data and k != "period":
                setattr(report, k, data[k])
        report.status = ProgressReport.Status.SUBMITTED
        report.revision += 1
        report.submitted_at = timezone.now()
        report.submitted_by = actor
        _save(report, actor=actor, before=before, enterprise_id=report.project.enterprise_id)
        _attach(checked, actor=actor, enterprise_id=report.project.enterprise_id, report=report)
        _notify_report_submitted(report)
    return report


def _notify_report_submitted(report: ProgressReport) -> None:
    enterprise = report.project.enterprise
    with _in_portal_language():
        msg = _message(
            "retrofit.report_submitted",
            _("Progress report to review: %(report)s") % {"report": report},
            _("%(percent)d%% complete; funds invested to date %(funds)s (10,000 yuan).")
            % {"percent": report.percent_complete, "funds": report.funds_invested_wan},
            report.get_absolute_url(),
            urgent=False,
        )
    notify(
        recipients=reviewers() + county_staff_of(enterprise.county_id),
        key=f"report:{report.pk}:submitted:{report.revision}",
        message=msg,
        enterprise_id=enterprise.pk,
    )


def report_review(
    *, actor: User, report: ProgressReport, accept: bool, comment: str = ""
) -> ProgressReport:
    """Accept (bureau staff only) or return with a comment (bureau or county staff)."""
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
        before = audit.snapshot(report)
        report.status = ProgressReport.Status.ACCEPTED if accept else ProgressReport.Status.RETURNED
        report.reviewed_by = actor
        report.reviewed_at = timezone.now()
        report.review_comment = comment
        _save(report, actor=actor, before=before, enterprise_id=project.enterprise_id)
        if accept and report.funds_invested_wan != project.invested_wan:
            before_p = audit.snapshot(project)
            project.invested_wan = report.funds_invested_wan
            project.save(update_fields=["invested_wan", "updated_at"])
            audit.record(
                actor=actor,
                instance=project,
                action=AuditEntry.Action.UPDATE,
                before=before_p,
                enterprise_id=project.enterprise_id,
            )
        with _in_portal_language():
            if accept:
                subject = _("Progress report accepted: %(report)s") % {"report": report}
                body = comment
            else:
                subject = _("Progress report returned: %(report)s") % {"report": report}
                body = _("Please correct and resubmit it. Comment: %(comment)s") % {
                    "comment": comment
                }
            msg = _message(
                "retrofit.report_reviewed",
                subject,
                body,
                report.get_absolute_url(),
                urgent=not accept,
            )
        notify(
            recipients=contacts_of(project.enterprise_id),
            key=f"report:{report.pk}:reviewed:{report.revision}",
            message=msg,
            enterprise_id=project.enterprise_id,
        )
    return report


# ---------------------------------------------------------------------------------------------
# "Four truths" assessments


ASSESSMENT_FIELDS = (
    "period",
    "leadership_score",
    "leadership_note",
    "funds_score",
    "funds_note",
    "projects_score",
    "projects_note",
    "management_score",
    "management_note",
)


def assessment_save(
    *,
    actor: User,
    enterprise: Enterprise,
    data: dict[str, Any],
) -> FourTruthsAssessment:
    """Create or update the assessment of ``enterprise`` for ``data["period"]``."""
    if not access.can_assess_four_truths(actor, enterprise):
        raise PermissionDenied
    with transaction.atomic():
        existing = (
            FourTruthsAssessment.objects.select_for_update()
            .filter(enterprise=enterprise, period=data.get("period"))
            .first()
        )
        obj = existing or FourTruthsAssessment(enterprise=enterprise)
        before = audit.snapshot(existing) if existing else None
        for k in ASSESSMENT_FIELDS:
            if k in data:
                setattr(obj, k, data[k])
        obj.assessed_by = actor
        _save(obj, actor=actor, before=before, enterprise_id=enterprise.pk)
    return obj


# ---------------------------------------------------------------------------------------------
# The daily sweep


@dataclass
class SweepResult:
    today: datetime.date
    due: int = 0
    missed: int = 0
    escalated_county: int = 0
    escalated_city: int = 0
    rows_attempted: int = 0
    counts: dict[str, int] = field(default_factory=dict)


def daily_sweep(*, today: datetime.date | None = None) -> SweepResult:
    """Reminders for open nodes of approved plans, in a fixed number of queries whatever the
    number of nodes: due in 7, 3 and 1 days (contacts; daily digest); missed, i.e. the day
    after the current planned date passed without an actual date, repeated every 7 days while
    missed (contacts and county staff; at once); escalated once after 7 days missed (the
    county sub-bureau's leads) and once after 30 days (municipal bureau staff and officials).
    Idempotency keys carry the planned date and the week, so re-running sends nothing twice."""
    today = today or timezone.localdate()
    result = SweepResult(today=today)
    open_nodes = MilestoneNode.objects.filter(
        actual_date__isnull=True,
        committed_date__isnull=False,
        project__status=ProjectStatus.UNDERWAY,
    ).select_related("project__enterprise__county")
    due_dates = {today + datetime.timedelta(days=d): d for d in REMINDER_DAYS}
    nodes = list(
        open_nodes.filter(Q(planned_date__in=list(due_dates)) | Q(planned_date__lt=today)).only(
            "id",
            "name_zh",
            "name_en",
            "planned_date",
            "committed_date",
            "actual_date",
            "project__id",
            "project__name",
            "project__enterprise__id",
            "project__enterprise__name_zh",
            "project__enterprise__name_en",
            "project__enterprise__county__id",
        )
    )
    if not nodes:
        return result
    enterprise_ids = {n.project.enterprise_id for n in nodes}
    county_ids = {n.project.enterprise.county_id for n in nodes}
    contacts: dict[int, list[User]] = defaultdict(list)
    staff: dict[int, list[User]] = defaultdict(list)
    leads: dict[int, list[User]] = defaultdict(list)
    city: list[User] = []
    users = User.objects.filter(is_active=True).filter(
        Q(role=Role.CONTACT, enterprise_id__in=enterprise_ids)
        | Q(role=Role.COUNTY, county_id__in=county_ids)
        | Q(role__in=[Role.BUREAU, Role.OFFICIAL])
    )
    for u in users:
        if u.role == Role.CONTACT:
            contacts[u.enterprise_id].append(u)
        elif u.role == Role.COUNTY:
            staff[u.county_id].append(u)
            if u.is_county_lead:
                leads[u.county_id].append(u)
        else:
            city.append(u)

    items: list[tuple[User, str, Message, int]] = []
    with _in_portal_language():
        for node in nodes:
            ent = node.project.enterprise
            label = _node_label(node)
            url = node.get_absolute_url()
            delay = node.delay_days(today)
            delay_text = (
                _("Delay against the committed date (%(date)s): %(days)d days.")
                % {"date": node.committed_date, "days": delay}
                if delay
                else ""
            )
            if node.planned_date >= today:
                days = due_dates[node.planned_date]
                msg = _message(
                    "retrofit.due",
                    _("Due in %(days)d days: %(node)s") % {"days": days, "node": label},
                    _("Planned date %(date)s.") % {"date": node.planned_date},
                    url,
                    urgent=False,
                )
                key = f"node:{node.pk}:due{days}:{node.planned_date}"
                items += [(u, key, msg, ent.pk) for u in contacts[ent.pk]]
                result.due += 1
                continue
            missed = node.days_missed(today)
            week = (missed - 1) // 7
            msg = _message(
                "retrofit.missed",
                _("Missed by %(days)d days: %(node)s") % {"days": missed, "node": label},
                _("The planned date %(date)s has passed without an actual date.")
                % {"date": node.planned_date}
                + (" " + delay_text if delay_text else ""),
                url,
                urgent=True,
            )
            key = f"node:{node.pk}:missed:{node.planned_date}:w{week}"
            items += [(u, key, msg, ent.pk) for u in contacts[ent.pk] + staff[ent.county_id]]
            result.missed += 1
            if missed >= ESCALATE_COUNTY_AFTER:
                msg = _message(
                    "retrofit.escalated",
                    _("Escalation (missed %(days)d days): %(node)s")
                    % {"days": missed, "node": label},
                    _(
                        "Missed for more than %(n)d days; the county sub-bureau's lead is asked "
                        "to follow up."
                    )
                    % {"n": ESCALATE_COUNTY_AFTER}
                    + (" " + delay_text if delay_text else ""),
                    url,
                    urgent=True,
                )
                key = f"node:{node.pk}:escalated{ESCALATE_COUNTY_AFTER}:{node.planned_date}"
                items += [(u, key, msg, ent.pk) for u in leads[ent.county_id]]
                result.escalated_county += 1
            if missed >= ESCALATE_CITY_AFTER:
                msg = _message(
                    "retrofit.escalated",
                    _("Escalation to the city (missed %(days)d days): %(node)s")
                    % {"days": missed, "node": label},
                    _(
                        "Missed for more than %(n)d days; for the attention of the municipal "
                        "bureau and the leaders."
                    )
                    % {"n": ESCALATE_CITY_AFTER}
                    + (" " + delay_text if delay_text else ""),
                    url,
                    urgent=True,
                )
                key = f"node:{node.pk}:escalated{ESCALATE_CITY_AFTER}:{node.planned_date}"
                items += [(u, key, msg, ent.pk) for u in city]
                result.escalated_city += 1
    with transaction.atomic():
        result.rows_attempted = notify_many(items)
    return result
