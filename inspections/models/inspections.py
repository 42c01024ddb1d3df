"""On-site inspections, their answers per check item and the amendments of a submitted
record."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import plausible_date_constraint

from .checklists import ChecklistItem, ChecklistVersion
from .draws import DrawTarget


class Origin(models.TextChoices):
    DRAW = "draw", _("Double-random draw")
    CAMPAIGN = "campaign", _("Special campaign")
    COMPLAINT = "complaint", _("Complaint")
    FOLLOW_UP_FINDING = "follow_up_finding", _("Follow-up of a finding")
    FOLLOW_UP_MILESTONE = "follow_up_milestone", _("Verification of a completed milestone")


class InspectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", pgettext_lazy("inspection status", "Submitted")


class Inspection(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    started_at = models.DateTimeField(_("date and time"))
    origin = models.CharField(_("origin"), max_length=24, choices=Origin.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=InspectionStatus.choices, default=InspectionStatus.DRAFT
    )
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="inspections"
    )
    checklists = models.ManyToManyField(
        ChecklistVersion, verbose_name=_("checklists"), related_name="inspections"
    )
    draw_target = models.ForeignKey(
        DrawTarget,
        verbose_name=_("drawn target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    follow_up_of = models.ForeignKey(
        "Finding",
        verbose_name=_("follow-up of finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="follow_up_inspections",
    )
    enterprise_present = models.CharField(_("enterprise staff present"), max_length=200, blank=True)
    summary = models.TextField(pgettext_lazy("inspection", "summary"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("last saved"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["status", "started_at"])]
        constraints = [
            plausible_date_constraint(
                "started_at", "inspection_started_at_plausible", datetime_field=True
            ),
            models.CheckConstraint(
                name="submitted_inspection_has_time",
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.started_at)
        return f"{self.enterprise} {local:%Y-%m-%d %H:%M}"

    def get_absolute_url(self) -> str:
        return reverse("inspections:detail", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        return self.status == InspectionStatus.SUBMITTED

    @property
    def reference(self) -> str:
        """The record number printed on documents."""
        local = timezone.localtime(self.started_at)
        return f"XC{local:%Y%m%d}-{self.pk:05d}"


class AnswerResult(models.TextChoices):
    COMPLIANT = "compliant", _("Compliant")
    NON_COMPLIANT = "non_compliant", _("Non-compliant")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Answer(models.Model):
    inspection = models.ForeignKey(
        Inspection, verbose_name=_("inspection"), on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        ChecklistItem, verbose_name=_("check item"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=16, choices=AnswerResult.choices, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["inspection", "item__version__template__order", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="one_answer_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.get_result_display()}"


class Amendment(models.Model):
    """A correction to a submitted (locked) inspection record. The record keeps what it
    said; the amendment says what was corrected, by whom, when and why."""

    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        on_delete=models.CASCADE,
        related_name="amendments",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("author", "by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    reason = models.CharField(_("reason for the correction"), max_length=300)
    text = models.TextField(_("correction"), blank=True)
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("corrected check item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    old_result = models.CharField(
        _("result before"), max_length=16, choices=AnswerResult.choices, blank=True
    )
    new_result = models.CharField(
        _("result after"), max_length=16, choices=AnswerResult.choices, blank=True
    )

    class Meta:
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        ordering = ["inspection", "at", "id"]

    def __str__(self) -> str:
        return f"{self.inspection}: {self.reason}"
