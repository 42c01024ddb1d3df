"""Online monitoring (issue 9): devices (MN) mapped to emission points, hourly values in a table
partitioned by month on PostgreSQL, daily and monthly rollups kept incrementally, rejected
packets, declared stops, anomaly-flag rules (thresholds as data) and the flags they raise."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from enterprises.models import EmissionPoint, Enterprise, Pollutant

from .hj212 import CrcVariant


class Parameter(models.Model):
    """A monitored parameter and its HJ 212-2017 code (reference data): the pollutants the
    limits speak of, and O₂, flow and temperature the flags need."""

    key = models.SlugField(_("key"), max_length=8, unique=True)
    hj212_code = models.CharField(_("HJ 212 code"), max_length=8, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=60)
    unit = models.CharField(_("unit"), max_length=16)
    pollutant = models.CharField(
        _("pollutant"), max_length=8, choices=Pollutant.choices, blank=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("monitored parameter")
        verbose_name_plural = _("monitored parameters")
        ordering = ["order", "key"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.name_zh


class Device(models.Model):
    """A data-acquisition unit identified by its MN, sending for one emission point."""

    class Crc(models.TextChoices):
        HJ212_2017 = CrcVariant.HJ212_2017, _("HJ 212-2017")
        MODBUS = CrcVariant.MODBUS, _("CRC-16/MODBUS (legacy equipment)")

    mn = models.CharField(_("MN (device number)"), max_length=24, unique=True)
    point = models.ForeignKey(
        EmissionPoint,
        verbose_name=_("emission point"),
        on_delete=models.CASCADE,
        related_name="monitoring_devices",
    )
    crc_variant = models.CharField(
        _("CRC variant"), max_length=12, choices=Crc.choices, default=Crc.HJ212_2017
    )
    password = models.CharField(_("access password (PW)"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    legacy_packets = models.PositiveIntegerField(
        _("packets accepted with the legacy CRC"), default=0, editable=False
    )
    last_seen = models.DateTimeField(_("last packet"), null=True, blank=True)

    class Meta:
        verbose_name = _("monitoring device")
        verbose_name_plural = _("monitoring devices")
        ordering = ["mn"]

    def __str__(self) -> str:
        return self.mn


class HourlyValue(models.Model):
    """One parameter's hourly mean at one point (HJ 212 CN 2061). On PostgreSQL the table is
    partitioned by month on ``hour`` (migration 0001, raw SQL); ``value`` is as measured,
    ``converted`` the value converted to the reference O₂ (ZsAvg) where sent."""

    pk = models.CompositePrimaryKey("point_id", "parameter", "hour")
    # no database foreign key: a per-row check would double the ingest time, and every row
    # comes through a device of an existing point; Django still deletes a point's hours. No
    # index of its own either: the primary key starts with the point, and a second index on
    # the same column cost a third of the ingest time
    point = models.ForeignKey(
        EmissionPoint,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    parameter = models.CharField(_("parameter"), max_length=8)
    hour = models.DateTimeField(_("hour"))
    value = models.FloatField(_("hourly mean"))
    converted = models.FloatField(_("converted mean"), null=True)
    minimum = models.FloatField(_("minimum"), null=True)
    maximum = models.FloatField(_("maximum"), null=True)
    flag = models.CharField(_("data flag"), max_length=1, default="N")

    class Meta:
        verbose_name = _("hourly value")
        verbose_name_plural = _("hourly values")

    def __str__(self) -> str:
        return f"{self.parameter} {self.hour:%Y-%m-%d %H:00} {self.value}"


class RollupFields(models.Model):
    """What a rollup keeps per point, parameter and period: counts for compliance against the
    ULE value and the baseline in force, and the sum/min/max of the compared value."""

    point = models.ForeignKey(EmissionPoint, on_delete=models.CASCADE, related_name="+")
    parameter = models.CharField(_("parameter"), max_length=8)
    hours = models.PositiveIntegerField(_("hours received"), default=0)
    valid_hours = models.PositiveIntegerField(_("valid hours"), default=0)
    ule_ok_hours = models.PositiveIntegerField(_("hours meeting the ULE value"), default=0)
    over_baseline_hours = models.PositiveIntegerField(_("hours over the baseline"), default=0)
    value_sum = models.FloatField(default=0)
    value_min = models.FloatField(null=True)
    value_max = models.FloatField(null=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.parameter} {self.valid_hours}/{self.hours}"

    @property
    def mean(self) -> float | None:
        return self.value_sum / self.valid_hours if self.valid_hours else None


class DailyRollup(RollupFields):
    day = models.DateField(_("day"))

    class Meta:
        verbose_name = _("daily rollup")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "parameter", "day"], name="one_daily_rollup_per_point_parameter"
            )
        ]


class MonthlyRollup(RollupFields):
    month = models.DateField(_("month"), help_text=_("First day of the month."))

    class Meta:
        verbose_name = _("monthly rollup")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "parameter", "month"],
                name="one_monthly_rollup_per_point_parameter",
            )
        ]
        indexes = [models.Index(fields=["month", "parameter"])]

    def __str__(self) -> str:
        return f"{self.parameter} {self.month:%Y-%m}"


class ReportedDaily(models.Model):
    """A daily mean as the device reported it (HJ 212 CN 2031), kept beside the rollups the
    portal computes from the hours, so the two can be compared."""

    point = models.ForeignKey(EmissionPoint, on_delete=models.CASCADE, related_name="+")
    parameter = models.CharField(_("parameter"), max_length=8)
    day = models.DateField(_("day"))
    value = models.FloatField(_("daily mean"))
    converted = models.FloatField(_("converted mean"), null=True)
    flag = models.CharField(_("data flag"), max_length=1, default="N")

    class Meta:
        verbose_name = _("reported daily mean")
        verbose_name_plural = _("reported daily means")
        constraints = [
            models.UniqueConstraint(
                fields=["point", "parameter", "day"], name="one_reported_daily_per_parameter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.parameter} {self.day}"


class RejectedPacket(models.Model):
    """A packet or file line refused: never a crash, never a partial row; the office sees
    them counted by reason."""

    class Source(models.TextChoices):
        TCP = "tcp", _("live link (TCP)")
        FILE = "file", _("file import")

    received_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    source = models.CharField(
        pgettext_lazy("monitoring", "source"), max_length=4, choices=Source.choices
    )
    origin = models.CharField(_("peer or file"), max_length=200, blank=True)
    line_no = models.PositiveIntegerField(_("line"), null=True, blank=True)
    reason = models.CharField(pgettext_lazy("monitoring", "reason"), max_length=16)
    mn = models.CharField(_("MN"), max_length=24, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)
    excerpt = models.CharField(_("excerpt"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rejected packet")
        verbose_name_plural = _("rejected packets")
        ordering = ["-received_at", "-id"]

    def __str__(self) -> str:
        return f"{self.reason} {self.mn}"


class ImportRun(models.Model):
    """One file import: what was stored and how many lines were refused."""

    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), null=True, on_delete=models.SET_NULL
    )
    file_name = models.CharField(_("file"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8)
    started_at = models.DateTimeField(_("imported"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("monitoring", "by"),
        null=True,
        on_delete=models.SET_NULL,
    )
    stored = models.PositiveIntegerField(_("values stored"), default=0)
    refused = models.PositiveIntegerField(_("lines refused"), default=0)

    class Meta:
        verbose_name = _("import")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.file_name


class StopPeriod(models.Model):
    """A declared stop of the unit behind a point (peak-shifting, maintenance): data arriving
    while declared stopped raises a flag; these hours are not production hours."""

    class Reason(models.TextChoices):
        PEAK_SHIFTING = "peak_shifting", _("Peak-shifting stop")
        MAINTENANCE = "maintenance", _("Maintenance")

    point = models.ForeignKey(
        EmissionPoint, verbose_name=_("emission point"), on_delete=models.CASCADE,
        related_name="stop_periods",
    )  # fmt: skip
    start = models.DateTimeField(pgettext_lazy("monitoring", "from"))
    end = models.DateTimeField(pgettext_lazy("monitoring", "until"))
    reason = models.CharField(
        pgettext_lazy("monitoring", "reason"), max_length=16, choices=Reason.choices
    )

    class Meta:
        verbose_name = _("declared stop")
        verbose_name_plural = _("declared stops")
        ordering = ["point", "start"]
        constraints = [
            models.CheckConstraint(
                name="stop_ends_after_start", condition=models.Q(end__gt=models.F("start"))
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_reason_display()} {self.start:%Y-%m-%d}"


class FlagRule(models.Model):
    """An anomaly rule with its thresholds as data; the office edits them in the admin."""

    class Kind(models.TextChoices):
        FLAT_LINE = "flat_line", _("Flat line")
        PARKED = "parked", _("Parked just under the limit")
        GAP = "gap", _("Missing data")
        O2_RANGE = "o2_range", _("O₂ out of physical range")
        FLOW_RANGE = "flow_range", _("Flow out of physical range")
        WHILE_STOPPED = "while_stopped", _("Data while declared stopped")
        CONVERSION = "conversion", _("Converted value does not follow from measured value and O₂")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, unique=True)
    params = models.JSONField(_("thresholds"), default=dict)
    enabled = models.BooleanField(_("enabled"), default=True)
    explanation_zh = models.TextField(_("what it means (Chinese)"))
    explanation_en = models.TextField(_("what it means (English)"))
    source = models.CharField(pgettext_lazy("monitoring", "source"), max_length=200)
    confirmed = models.BooleanField(_("confirmed"), default=False)

    class Meta:
        verbose_name = _("flag rule")
        verbose_name_plural = _("flag rules")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def explanation(self) -> str:
        return (
            self.explanation_en if (get_language() or "").startswith("en") else self.explanation_zh
        )


class Flag(models.Model):
    """Hours an inspector would want to look at, with the rule that raised them: never a
    verdict. It may become a verification task for the county staff; its outcome is kept."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("flag", "Open")
        VERIFYING = "verifying", _("Verification task created")
        EXPLAINED = "explained", pgettext_lazy("flag", "Explained")
        FINDING = "finding", _("Finding raised")

    point = models.ForeignKey(
        EmissionPoint, verbose_name=_("emission point"), on_delete=models.CASCADE,
        related_name="monitoring_flags",
    )  # fmt: skip
    rule = models.ForeignKey(FlagRule, verbose_name=_("rule"), on_delete=models.PROTECT)
    parameter = models.CharField(_("parameter"), max_length=8)
    start = models.DateTimeField(pgettext_lazy("monitoring", "from"))
    end = models.DateTimeField(pgettext_lazy("monitoring", "until"))
    hours = models.PositiveIntegerField(_("hours"))
    evidence = models.JSONField(pgettext_lazy("monitoring", "evidence"), default=dict)
    raised_at = models.DateTimeField(_("raised"), default=timezone.now)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    outcome_note = models.TextField(_("outcome"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=pgettext_lazy("monitoring", "decided by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    decided_at = models.DateTimeField(pgettext_lazy("flag", "decided"), null=True, blank=True)

    class Meta:
        verbose_name = _("anomaly flag")
        verbose_name_plural = _("anomaly flags")
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["point", "rule", "parameter", "start"], name="one_flag_per_rule_and_start"
            ),
            models.CheckConstraint(
                name="flag_ends_after_start", condition=models.Q(end__gte=models.F("start"))
            ),
        ]
        indexes = [models.Index(fields=["status", "-start"])]

    def __str__(self) -> str:
        return f"{self.rule} {self.parameter} {self.start:%Y-%m-%d %H:%M}"
