"""Findings and the "one factory, one policy" rectification: plans, answers and their
verification."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import plausible_date_constraint

from .checklists import Category, ChecklistItem, LawArticle
from .inspections import Inspection


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor")
    GENERAL = "general", _("General")
    SERIOUS = "serious", _("Serious")


class FindingStatus(models.TextChoices):
    OPEN = "open", _("Awaiting the enterprise")
    RESPONDED = "responded", _("Awaiting verification")
    CLOSED = "closed", _("Closed")


class RectificationPlan(models.Model):
    """The enterprise's "one factory, one policy" rectification plan: it gathers the
    enterprise's open findings; at most one plan per enterprise is open at a time."""

    class Status(models.TextChoices):
        OPEN = "open", _("In progress")
        CLOSED = "closed", _("Completed")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="rectification_plans",
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("completed"), null=True, blank=True)

    class Meta:
        verbose_name = _("rectification plan")
        verbose_name_plural = _("rectification plans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"],
                condition=Q(status="open"),
                name="one_open_plan_per_enterprise",
            )
        ]

    def __str__(self) -> str:
        return _("Rectification plan %(ref)s, %(enterprise)s") % {
            "ref": self.reference,
            "enterprise": self.enterprise,
        }

    def get_absolute_url(self) -> str:
        return reverse("inspections:plan_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"ZG{timezone.localtime(self.created_at):%Y}-{self.pk:04d}"


class Finding(models.Model):
    """A problem found at an enterprise and its rectification measure (deadline and
    responsible person). It closes only when an inspector accepts the enterprise's response."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("inspection"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    item = models.ForeignKey(
        ChecklistItem,
        verbose_name=_("check item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    plan = models.ForeignKey(
        RectificationPlan,
        verbose_name=_("rectification plan"),
        on_delete=models.PROTECT,
        related_name="findings",
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    severity = models.CharField(
        _("severity"), max_length=8, choices=Severity.choices, default=Severity.GENERAL
    )
    description = models.TextField(_("description"))
    emission_point = models.ForeignKey(
        "enterprises.EmissionPoint",
        verbose_name=_("emission point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="findings",
    )
    area = models.CharField(_("area"), max_length=200, blank=True)
    legal_basis = models.ForeignKey(
        LawArticle,
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="findings",
    )
    order_to_correct = models.BooleanField(_("order to correct"), default=True)
    fine_amount = models.DecimalField(
        _("fine (¥)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    restrict_production = models.BooleanField(_("restrict production"), default=False)
    stop_production = models.BooleanField(_("stop production"), default=False)
    case_filed = models.BooleanField(_("case filed"), default=False)
    requirement = models.TextField(_("rectification required"))
    deadline = models.DateField(_("deadline"), db_index=True)
    responsible_person = models.CharField(
        pgettext_lazy("rectification", "responsible person"), max_length=100
    )
    status = models.CharField(
        _("status"), max_length=10, choices=FindingStatus.choices, default=FindingStatus.OPEN
    )
    created_at = models.DateTimeField(_("recorded"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["deadline", "id"]
        indexes = [models.Index(fields=["status", "deadline"])]
        constraints = [
            plausible_date_constraint("deadline", "finding_deadline_plausible"),
            models.CheckConstraint(
                name="fine_not_negative",
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
            ),
            models.CheckConstraint(
                name="closed_finding_has_closing_time",
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["inspection", "item"],
                condition=Q(item__isnull=False),
                name="one_finding_per_inspection_item",
            ),
        ]

    def __str__(self) -> str:
        return _("Finding %(ref)s") % {"ref": self.reference}

    def get_absolute_url(self) -> str:
        return reverse("inspections:finding_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"WT-{self.pk:05d}"

    @property
    def is_closed(self) -> bool:
        return self.status == FindingStatus.CLOSED

    def days_overdue(self, today=None) -> int:
        if self.is_closed:
            return 0
        today = today or timezone.localdate()
        return max(0, (today - self.deadline).days)


class FindingResponse(models.Model):
    """The enterprise's answer to a finding, with evidence."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="responses"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("author", "by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    text = models.TextField(_("what was done"))

    class Meta:
        verbose_name = _("rectification response")
        verbose_name_plural = _("rectification responses")
        ordering = ["finding", "at", "id"]

    def __str__(self) -> str:
        return f"{self.finding}: {self.at:%Y-%m-%d}"


class FindingReview(models.Model):
    """An inspector's verification of a response: accepted (the finding closes) or rejected
    with a reason (back to the enterprise)."""

    finding = models.ForeignKey(
        Finding, verbose_name=_("finding"), on_delete=models.CASCADE, related_name="reviews"
    )
    response = models.OneToOneField(
        FindingResponse,
        verbose_name=_("response"),
        on_delete=models.CASCADE,
        related_name="review",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    accepted = models.BooleanField(_("accepted"))
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("verification")
        verbose_name_plural = _("verifications")
        ordering = ["finding", "at", "id"]
        constraints = [
            models.CheckConstraint(
                name="rejection_has_a_reason", condition=Q(accepted=True) | ~Q(reason="")
            )
        ]

    def __str__(self) -> str:
        return f"{self.finding}: {'✓' if self.accepted else '✗'}"
