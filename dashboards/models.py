"""Weekly snapshots: the state of every enterprise each Monday, kept as history.

A snapshot is written once (``services.snapshot_take``) and never changed: trends on the
dashboard read these rows, so they show what was true that week, not a recomputation."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import plausible_date_constraint
from core.models import private_path


class ImmutableError(Exception):
    """A stored snapshot row was about to be changed."""


class Rating(models.TextChoices):
    RED = "red", pgettext_lazy("rating", "Red")
    YELLOW = "yellow", pgettext_lazy("rating", "Yellow")
    GREEN = "green", pgettext_lazy("rating", "Green")


class WeeklySnapshot(models.Model):
    week_start = models.DateField(_("week (Monday)"), unique=True)
    taken_at = models.DateTimeField(_("taken at"))
    enterprises = models.PositiveIntegerField(_("enterprises"), default=0)
    is_illustrative = models.BooleanField(
        _("illustrative demo data"),
        default=False,
        help_text=_("Demo weeks are reconstructed from the demo records, not observed."),
    )

    class Meta:
        verbose_name = _("weekly snapshot")
        verbose_name_plural = _("weekly snapshots")
        ordering = ["-week_start"]

    def __str__(self) -> str:
        return self.week_start.isoformat()

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableError("weekly snapshots are immutable")
        super().save(*args, **kwargs)


class EnterpriseWeek(models.Model):
    """One enterprise in one weekly snapshot, with every figure the dashboard and the
    bulletin show about it."""

    snapshot = models.ForeignKey(
        WeeklySnapshot,
        verbose_name=_("weekly snapshot"),
        on_delete=models.CASCADE,
        related_name="rows",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="weekly_snapshots",
    )
    county = models.ForeignKey(
        "enterprises.County", verbose_name=_("county"), on_delete=models.PROTECT, related_name="+"
    )
    industry = models.CharField(_("industry"), max_length=20)
    capacity_t = models.PositiveIntegerField(_("annual capacity (t/a)"))
    ule_stage = models.CharField(_("ULE stage"), max_length=16)
    ule_complete = models.BooleanField(_("ULE complete"))
    nodes_total = models.PositiveIntegerField(_("nodes"), default=0)
    nodes_done = models.PositiveIntegerField(_("nodes done"), default=0)
    nodes_due = models.PositiveIntegerField(_("nodes due within 7 days"), default=0)
    nodes_missed = models.PositiveIntegerField(_("nodes missed"), default=0)
    nodes_delayed = models.PositiveIntegerField(_("nodes late against committed date"), default=0)
    longest_missed_days = models.PositiveIntegerField(_("longest missed (days)"), default=0)
    percent_complete = models.PositiveSmallIntegerField(_("percent of nodes done"), default=0)
    committed_finish = models.DateField(_("last committed date"), null=True, blank=True)
    budget_wan = models.DecimalField(
        _("budget (10,000 yuan)"), max_digits=14, decimal_places=2, default=0
    )
    invested_wan = models.DecimalField(
        _("invested (10,000 yuan)"), max_digits=14, decimal_places=2, default=0
    )
    fund_granted_wan = models.DecimalField(
        _("central funds granted (10,000 yuan)"), max_digits=14, decimal_places=2, default=0
    )
    findings_open = models.PositiveIntegerField(_("open findings"), default=0)
    findings_overdue = models.PositiveIntegerField(_("overdue findings"), default=0)
    # online monitoring, the last complete month (from the monthly rollups)
    cems_month = models.DateField(_("monitoring month"), null=True, blank=True)
    cems_series = models.PositiveIntegerField(_("monitored series"), default=0)
    cems_series_meeting = models.PositiveIntegerField(
        _("series meeting the monthly rule"), default=0
    )
    cems_hours_over_baseline = models.PositiveIntegerField(
        _("hours over the emission standard"), default=0
    )
    # clean transport, year to date up to the last complete month
    clean_share_pct = models.DecimalField(
        _("clean transport share (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    transport_rules_missed = models.PositiveSmallIntegerField(
        _("clean transport rules missed"), default=0
    )
    rating = models.CharField(_("rating"), max_length=8, choices=Rating.choices)
    reasons = models.JSONField(_("reasons"), default=list)

    class Meta:
        verbose_name = _("enterprise in a weekly snapshot")
        verbose_name_plural = _("enterprises in weekly snapshots")
        ordering = ["snapshot", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["snapshot", "enterprise"], name="one_row_per_enterprise_and_week"
            )
        ]
        indexes = [models.Index(fields=["snapshot", "county"])]

    def __str__(self) -> str:
        return f"{self.snapshot} {self.enterprise_id}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None and not self._state.adding:
            raise ImmutableError("weekly snapshots are immutable")
        super().save(*args, **kwargs)


class Bulletin(models.Model):
    """The weekly dispatch bulletin (调度通报) of one snapshot: an Excel workbook and a
    print-ready PDF, archived and sent to the office and the city."""

    storage_prefix = "bulletins"

    snapshot = models.OneToOneField(
        WeeklySnapshot,
        verbose_name=_("weekly snapshot"),
        on_delete=models.PROTECT,
        related_name="bulletin",
    )
    number = models.PositiveIntegerField(_("issue number"), unique=True)
    xlsx = models.FileField(_("Excel workbook"), upload_to=private_path, max_length=200)
    pdf = models.FileField(_("PDF"), upload_to=private_path, max_length=200)
    created_at = models.DateTimeField(_("issued"), default=timezone.now)
    red = models.PositiveIntegerField(_("red"), default=0)
    yellow = models.PositiveIntegerField(_("yellow"), default=0)
    green = models.PositiveIntegerField(_("green"), default=0)

    class Meta:
        verbose_name = _("dispatch bulletin")
        verbose_name_plural = _("dispatch bulletins")
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"{self.number}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:bulletins")


class SupervisionOrder(models.Model):
    """A supervision order (督办) to a lagging enterprise: what must be done, by when the
    enterprise must answer; reminded and escalated like every deadline."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the enterprise's answer")
        ANSWERED = "answered", _("Answered, awaiting the bureau")
        CLOSED = "closed", pgettext_lazy("supervision order", "Closed")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="supervision_orders",
    )
    snapshot = models.ForeignKey(
        WeeklySnapshot,
        verbose_name=_("weekly snapshot"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="orders",
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    requirement = models.TextField(_("what must be done"))
    response_deadline = models.DateField(_("answer due by"), db_index=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer = models.TextField(_("the enterprise's answer"), blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("supervision order")
        verbose_name_plural = _("supervision orders")
        ordering = ["status", "response_deadline", "id"]
        constraints = [
            plausible_date_constraint("response_deadline", "order_deadline_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.response_deadline}"

    def get_absolute_url(self) -> str:
        return reverse("dashboards:order_detail", args=[self.pk])


class DisclosureRule(models.Model):
    """How long the results of a double-random inspection may take to be published, and in
    whose name: reference data with its source (``reference.py``), editable by the office."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    working_days = models.PositiveSmallIntegerField(
        _("working days to publish the result"),
        help_text=_(
            "Counted from the inspection date in working days of the official calendar (public "
            "holidays and the weekend days worked in lieu are in the calendar exceptions)."
        ),
    )
    remind_days_before = models.PositiveSmallIntegerField(
        _("remind the office this many working days before"), default=3
    )
    authority_zh = models.CharField(_("inspecting authority (Chinese)"), max_length=200)
    authority_en = models.CharField(_("inspecting authority (English)"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Unconfirmed values were not found in an official text; check before citing."),
    )

    class Meta:
        verbose_name = _("disclosure rule")
        verbose_name_plural = _("disclosure rules")

    def __str__(self) -> str:
        return self.code
