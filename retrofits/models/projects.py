"""Retrofit projects, the node templates they copy, their milestone nodes and date changes
(../shared/domain.md sections 1 and 8)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import plausible_date_constraint
from core.models import Decided
from enterprises.models import BilingualNameMixin, UleStage


class Category(models.TextChoices):
    ORGANIZED = "organized", _("Organized emissions")
    FUGITIVE = "fugitive", _("Fugitive emissions")
    TRANSPORT = "transport", _("Clean transportation")
    MONITORING = "monitoring", _("Monitoring systems")


class ProjectStatus(models.TextChoices):
    PLANNING = "planning", _("Plan awaiting approval")
    UNDERWAY = "underway", _("Underway (plan approved)")
    COMPLETED = "completed", _("All nodes completed")
    SUSPENDED = "suspended", _("Suspended")


class FundStatus(models.TextChoices):
    NOT_APPLIED = "not_applied", _("Not applied")
    PREPARING = "preparing", _("Application in preparation")
    APPLIED = "applied", _("Applied, awaiting decision")
    GRANTED = "granted", _("Granted")
    REFUSED = "refused", _("Not granted")


# The order in which an enterprise passes through the ULE stages; "removed" is a decision
# of the bureau, never derived from projects.
STAGE_ORDER = [
    UleStage.NOT_STARTED,
    UleStage.RETROFITTING,
    UleStage.COMPLETED,
    UleStage.STABLE,
    UleStage.EVALUATED,
    UleStage.PUBLICIZED,
]


class NodeTemplate(BilingualNameMixin):
    """One standard node of a category's template (editable by the office; seeded by a data
    migration from ../shared/domain.md section 8). New projects copy the template."""

    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    default_offset_days = models.PositiveSmallIntegerField(
        _("default planned day"),
        default=0,
        help_text=_("Proposed planned date: days after the project's start date."),
    )
    min_days_after_previous = models.PositiveSmallIntegerField(
        _("minimum days after the previous node"),
        default=0,
        help_text=_("e.g. 30 for stable operation of at least one month (0 = no minimum)."),
    )
    stage_on_completion = models.CharField(
        _("ULE stage reached when completed"),
        max_length=16,
        choices=UleStage.choices,
        blank=True,
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unconfirmed rules were not found in an official text for this industry."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    active = models.BooleanField(_("used for new projects"), default=True)

    class Meta:
        verbose_name = _("node template")
        verbose_name_plural = _("node templates")
        ordering = ["category", "order"]
        constraints = [
            models.UniqueConstraint(fields=["category", "code"], name="node_template_code_unique"),
            models.UniqueConstraint(
                fields=["category", "order"], name="node_template_order_unique"
            ),
        ]


def _default_today() -> datetime.date:
    return timezone.localdate()


class RetrofitProject(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="retrofit_projects",
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    name = models.CharField(_("project name"), max_length=200)
    units = models.ManyToManyField(
        "enterprises.ProductionUnit",
        verbose_name=_("production units covered"),
        blank=True,
        related_name="retrofit_projects",
    )
    emission_points = models.ManyToManyField(
        "enterprises.EmissionPoint",
        verbose_name=_("emission points covered"),
        blank=True,
        related_name="retrofit_projects",
    )
    technical_route = models.TextField(_("technical route"), blank=True)
    budget_wan = models.DecimalField(
        _("budget (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    invested_wan = models.DecimalField(
        _("funds invested to date (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    fund_status = models.CharField(
        _("central air-pollution fund"),
        max_length=16,
        choices=FundStatus.choices,
        default=FundStatus.NOT_APPLIED,
    )
    fund_requested_wan = models.DecimalField(
        _("fund requested (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    fund_granted_wan = models.DecimalField(
        _("fund granted (10,000 yuan)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    design_firm = models.CharField(_("design firm"), max_length=200, blank=True)
    construction_firm = models.CharField(_("construction firm"), max_length=200, blank=True)
    responsible_person = models.CharField(_("responsible person"), max_length=100)
    responsible_phone = models.CharField(_("responsible person's phone"), max_length=32, blank=True)
    safety_notes = models.TextField(
        _("safety management during construction"),
        blank=True,
        help_text=_("Hot work, work at height, confined spaces: who supervises and how."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=ProjectStatus.choices, default=ProjectStatus.PLANNING
    )
    plan_approved_at = models.DateTimeField(_("plan approved"), null=True, blank=True)
    plan_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("plan approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("retrofit project")
        verbose_name_plural = _("retrofit projects")
        ordering = ["enterprise__county__code", "enterprise__name_zh", "category", "id"]
        indexes = [models.Index(fields=["status", "category"])]
        constraints = [
            models.CheckConstraint(
                name="granted_not_above_requested",
                condition=Q(fund_granted_wan__isnull=True)
                | Q(fund_requested_wan__isnull=True)
                | Q(fund_granted_wan__lte=models.F("fund_requested_wan")),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("retrofits:project_detail", args=[self.pk])

    @property
    def plan_approved(self) -> bool:
        return self.plan_approved_at is not None


class MilestoneNode(BilingualNameMixin):
    """One node of a project. ``committed_date`` is fixed when the bureau approves the plan and
    never changes afterwards; ``planned_date`` moves (earlier at once, later only through an
    approved postponement); ``actual_date`` is set when the node is done. Delay is always
    measured against the committed date."""

    project = models.ForeignKey(
        RetrofitProject,
        verbose_name=_("project"),
        on_delete=models.CASCADE,
        related_name="nodes",
    )
    template = models.ForeignKey(
        NodeTemplate,
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    code = models.SlugField(_("code"), max_length=40)
    order = models.PositiveSmallIntegerField(_("order"))
    stage_on_completion = models.CharField(
        _("ULE stage reached when completed"),
        max_length=16,
        choices=UleStage.choices,
        blank=True,
    )
    min_days_after_previous = models.PositiveSmallIntegerField(
        _("minimum days after the previous node"), default=0
    )
    committed_date = models.DateField(_("committed date"), null=True, blank=True)
    planned_date = models.DateField(_("current planned date"))
    actual_date = models.DateField(_("actual date"), null=True, blank=True)
    completion_note = models.TextField(_("completion note"), blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("completion recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("milestone node")
        verbose_name_plural = _("milestone nodes")
        ordering = ["project", "order"]
        constraints = [
            models.UniqueConstraint(fields=["project", "order"], name="node_order_unique"),
            plausible_date_constraint("committed_date", "node_committed_date_plausible"),
            plausible_date_constraint("planned_date", "node_planned_date_plausible"),
            plausible_date_constraint("actual_date", "node_actual_date_plausible"),
        ]
        indexes = [
            # The daily sweep: open nodes by planned date.
            models.Index(
                fields=["planned_date"],
                name="open_node_planned_idx",
                condition=Q(actual_date__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("retrofits:node_detail", args=[self.pk])

    @property
    def is_done(self) -> bool:
        return self.actual_date is not None

    def delay_days(self, today: datetime.date | None = None) -> int | None:
        """Days late against the committed date (negative = ahead, None = no committed date).
        For an open node, today counts once the committed date has passed."""
        if self.committed_date is None:
            return None
        if self.actual_date is not None:
            return (self.actual_date - self.committed_date).days
        today = today or timezone.localdate()
        return max(0, (today - self.committed_date).days)

    def days_missed(self, today: datetime.date | None = None) -> int:
        """Days since the current planned date passed without an actual date (0 if not)."""
        if self.actual_date is not None:
            return 0
        today = today or timezone.localdate()
        return max(0, (today - self.planned_date).days)

    def state(self, today: datetime.date | None = None) -> str:
        """A one-word state for badges: done, late, missed, due, open."""
        today = today or timezone.localdate()
        if self.actual_date is not None:
            if self.committed_date and self.actual_date > self.committed_date:
                return "done_late"
            return "done"
        if self.planned_date < today:
            return "missed"
        if (self.planned_date - today).days <= 7:
            return "due"
        return "open"


class DateChange(Decided):
    """A change of a node's planned date, kept as a record: moving earlier is applied at once;
    moving later is a postponement request the bureau approves or rejects."""

    class Kind(models.TextChoices):
        FORWARD = "forward", _("Moved forward")
        POSTPONEMENT = "postponement", _("Postponement")

    class Status(models.TextChoices):
        APPLIED = "applied", _("Applied")
        PENDING = "pending", _("Awaiting the bureau's decision")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    node = models.ForeignKey(
        MilestoneNode,
        verbose_name=_("node"),
        on_delete=models.CASCADE,
        related_name="date_changes",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    old_date = models.DateField(_("old date"))
    new_date = models.DateField(_("new date"))
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("when"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("date change")
        verbose_name_plural = _("date changes")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node"],
                condition=Q(status="pending"),
                name="one_pending_postponement_per_node",
            ),
            plausible_date_constraint("old_date", "date_change_old_date_plausible"),
            plausible_date_constraint("new_date", "date_change_new_date_plausible"),
            models.CheckConstraint(
                name="forward_is_earlier_postponement_is_later",
                condition=(Q(kind="forward") & Q(new_date__lt=models.F("old_date")))
                | (Q(kind="postponement") & Q(new_date__gt=models.F("old_date"))),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.node}: {self.old_date} → {self.new_date}"

    def get_absolute_url(self) -> str:
        return reverse("retrofits:node_detail", args=[self.node_id]) + f"#change-{self.pk}"

    @property
    def shift_days(self) -> int:
        return (self.new_date - self.old_date).days
