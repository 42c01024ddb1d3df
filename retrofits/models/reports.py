"""Progress reports, the evidence files of nodes, date changes and reports, and the "four
truths" assessments (../shared/domain.md section 1)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.dates import plausible_month_constraint, validate_plausible_month
from core.models import StoredFile, SubmittedForReview, private_path

from .projects import DateChange, MilestoneNode, RetrofitProject

MONTH_RE = RegexValidator(r"^\d{4}-(0[1-9]|1[0-2])$", _("Enter a month as YYYY-MM."))
QUARTER_RE = RegexValidator(r"^\d{4}-Q[1-4]$", _("Enter a quarter as YYYY-Qn, e.g. 2025-Q3."))


class ProgressReport(SubmittedForReview):
    """A contact's report on a project for a period. Bureau staff accept it; bureau or county
    staff may return it with a comment; the contact then corrects and resubmits it."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Returned for correction")

    project = models.ForeignKey(
        RetrofitProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    period = models.CharField(
        _("reporting month"),
        max_length=7,
        validators=[MONTH_RE, validate_plausible_month],
        help_text=_("YYYY-MM"),
    )
    text = models.TextField(_("progress this period"))
    percent_complete = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)]
    )
    funds_invested_wan = models.DecimalField(
        _("funds invested to date (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["-period", "-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["project", "period"], name="one_report_per_period"),
            plausible_month_constraint("period", "report_period_plausible"),
            models.CheckConstraint(
                name="returned_reports_have_a_comment",
                condition=~Q(status="returned") | ~Q(review_comment=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project} · {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("retrofits:report_detail", args=[self.pk])


def evidence_path(instance: Evidence, filename: str) -> str:
    """Where evidence files went before they were stored by ``core.files`` (``private_path``
    now); migration 0001 still refers to it."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"retrofits/{instance.enterprise_id}/{uuid.uuid4().hex}{suffix}"


class Evidence(StoredFile):
    """An uploaded photo or PDF supporting a node's completion, a date change or a progress
    report. Stored by ``core.files`` outside the web root and served only by
    ``retrofits:evidence`` after an access check."""

    storage_prefix = "retrofits"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    node = models.ForeignKey(
        MilestoneNode, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    date_change = models.ForeignKey(
        DateChange, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField(_("file"), upload_to=private_path, max_length=200)

    class Meta:
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="evidence_belongs_to_one_record",
                condition=Q(node__isnull=False, date_change__isnull=True, report__isnull=True)
                | Q(node__isnull=True, date_change__isnull=False, report__isnull=True)
                | Q(node__isnull=True, date_change__isnull=True, report__isnull=False),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("retrofits:evidence", args=[self.pk])


class FourTruthsAssessment(models.Model):
    """The bureau's assessment of an enterprise's "four truths" for a quarter: leaders' real
    attention, real investment of funds, real projects, real improvement of management."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="four_truths",
    )
    period = models.CharField(_("quarter"), max_length=7, validators=[QUARTER_RE])
    leadership_score = models.PositiveSmallIntegerField(
        _("leaders' attention (0-25)"), validators=[MaxValueValidator(25)]
    )
    leadership_note = models.TextField(_("leaders' attention: note"), blank=True)
    funds_score = models.PositiveSmallIntegerField(
        _("funds invested (0-25)"), validators=[MaxValueValidator(25)]
    )
    funds_note = models.TextField(_("funds invested: note"), blank=True)
    projects_score = models.PositiveSmallIntegerField(
        _("real projects (0-25)"), validators=[MaxValueValidator(25)]
    )
    projects_note = models.TextField(_("real projects: note"), blank=True)
    management_score = models.PositiveSmallIntegerField(
        _("management improvement (0-25)"), validators=[MaxValueValidator(25)]
    )
    management_note = models.TextField(_("management improvement: note"), blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assessed_at = models.DateTimeField(_("assessed"), auto_now=True)

    class Meta:
        verbose_name = _("four truths assessment")
        verbose_name_plural = _("four truths assessments")
        ordering = ["enterprise", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "period"], name="one_assessment_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.period}"

    def get_absolute_url(self) -> str:
        return reverse("retrofits:assessments", args=[self.enterprise_id])

    @property
    def total(self) -> int:
        return (
            self.leadership_score + self.funds_score + self.projects_score + self.management_score
        )
