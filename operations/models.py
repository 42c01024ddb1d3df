"""Plant operation (../shared/domain.md section 11): the running-status history of each
production unit as intervals reported by the enterprise and verified by county staff,
peak-shifting campaigns as data (window, lines, swap rule for lines serving residential
heating or co-processing waste, days to make up), and published provincial weekly kiln
opening rates kept for comparison (third-party market data)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.dates import plausible_date_constraint
from enterprises.models import Industry


class Status(models.TextChoices):
    RUNNING = "running", _("Running")
    MAINTENANCE = "maintenance", _("Maintenance")
    PEAK_SHIFTING = "peak_shifting", _("Peak-shifting stop")
    MARKET_STOP = "market_stop", _("Market stop")
    FAULT = "fault", _("Fault")
    ALERT = "alert", _("Pollution-alert stop")


class StatusInterval(models.Model):
    """A unit's status from ``start`` to ``end`` (both included; ``end`` empty while it
    lasts)."""

    unit = models.ForeignKey(
        "enterprises.ProductionUnit",
        verbose_name=_("production unit"),
        on_delete=models.CASCADE,
        related_name="status_intervals",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    start = models.DateField(pgettext_lazy("status period", "from"))
    end = models.DateField(
        pgettext_lazy("status period", "until"),
        null=True,
        blank=True,
        help_text=_("Leave empty while it lasts."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)

    class Meta:
        verbose_name = _("status interval")
        verbose_name_plural = _("status intervals")
        ordering = ["unit", "-start"]
        indexes = [models.Index(fields=["unit", "start"])]
        constraints = [
            models.CheckConstraint(
                name="interval_end_after_start",
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
            ),
            plausible_date_constraint("start", "interval_start_plausible"),
            plausible_date_constraint("end", "interval_end_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.get_status_display()} {self.start}–{self.end or ''}"

    def covers(self, day) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


class Campaign(models.Model):
    """A peak-shifting campaign: the lines that must stand still in the window; lines that
    supply residential heating or co-process waste may run, and then stop ``make_up_days``
    days at another time."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    season = models.CharField(_("season"), max_length=20, help_text=_("e.g. 2025-2026"))
    document = models.CharField(_("document"), max_length=300)
    industry = models.CharField(
        _("industry"), max_length=20, choices=Industry.choices, default=Industry.CEMENT_CLINKER
    )
    start = models.DateField(_("window from"))
    end = models.DateField(_("window until"))
    make_up_days = models.PositiveSmallIntegerField(
        _("days to make up"),
        default=0,
        help_text=_("Stop days a heating or co-processing line must make up outside the window."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("peak-shifting campaign")
        verbose_name_plural = _("peak-shifting campaigns")
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                name="campaign_end_after_start", condition=Q(end__gte=F("start"))
            ),
            plausible_date_constraint("start", "campaign_start_plausible"),
            plausible_date_constraint("end", "campaign_end_plausible"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("operations:campaign", args=[self.pk])

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class Exemption(models.TextChoices):
    NONE = "", _("Must stop")
    HEATING = "heating", _("Supplies residential heating")
    CO_PROCESSING = "co_processing", _("Co-processes waste")


class CampaignLine(models.Model):
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="lines")
    unit = models.ForeignKey(
        "enterprises.ProductionUnit",
        verbose_name=_("production unit"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    exemption = models.CharField(
        _("swap rule"), max_length=16, choices=Exemption.choices, blank=True, default=Exemption.NONE
    )

    class Meta:
        verbose_name = _("campaign line")
        verbose_name_plural = _("campaign lines")
        constraints = [
            models.UniqueConstraint(fields=["campaign", "unit"], name="one_line_per_campaign")
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.unit}"

    @property
    def must_stop(self) -> bool:
        return self.exemption == Exemption.NONE


class ProvincialRate(models.Model):
    """A published weekly kiln opening rate of a province: third-party market data, shown
    beside the city's own figures for comparison only."""

    week_start = models.DateField(_("week from"))
    week_end = models.DateField(_("week until"))
    province_zh = models.CharField(_("province (Chinese)"), max_length=40)
    province_en = models.CharField(_("province (English)"), max_length=60, blank=True)
    rate = models.DecimalField(_("opening rate (%)"), max_digits=5, decimal_places=2)
    source = models.CharField(_("source"), max_length=300)
    is_sample = models.BooleanField(
        _("sample data"),
        default=False,
        help_text=_("Figures quoted from the seed page as an example."),
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("provincial weekly opening rate")
        verbose_name_plural = _("provincial weekly opening rates")
        ordering = ["-week_start", "-rate"]
        constraints = [
            models.UniqueConstraint(
                fields=["week_start", "province_zh"], name="one_rate_per_province_week"
            ),
            models.CheckConstraint(
                name="rate_is_a_share", condition=Q(rate__gte=0) & Q(rate__lte=100)
            ),
            models.CheckConstraint(
                name="rate_week_ordered", condition=Q(week_end__gte=F("week_start"))
            ),
            plausible_date_constraint("week_start", "rate_week_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.week_start}: {self.rate}%"

    @property
    def province(self) -> str:
        if (get_language() or "").startswith("en") and self.province_en:
            return self.province_en
        return self.province_zh
