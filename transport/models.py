"""Clean transport (../shared/domain.md section 6): the registers of each enterprise (gates,
in-plant vehicles, non-road mobile machinery, full-time transport staff), the gate e-ledger
(vehicle passes imported from gate-system exports), clean-mode tonnage with evidence, the
thresholds the shares are measured against (data with their source) and the findings raised
from the vehicle exhaust staff's queue."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import plausible_date_constraint
from core.models import StoredFile, private_path
from enterprises.models import Industry


class Fuel(models.TextChoices):
    DIESEL = "diesel", _("Diesel")
    GASOLINE = "gasoline", _("Gasoline")
    GAS = "gas", _("Natural gas")
    ELECTRIC = "electric", _("Electric")
    HYDROGEN = "hydrogen", _("Hydrogen")
    HYBRID = "hybrid", _("Hybrid")
    OTHER = "other", pgettext_lazy("fuel", "Other")


class Stage(models.TextChoices):
    """Emission stage of a vehicle or machine (China III..VI, or new energy)."""

    CHINA_3 = "china_3", _("China III")
    CHINA_4 = "china_4", _("China IV")
    CHINA_5 = "china_5", _("China V")
    CHINA_6 = "china_6", _("China VI")
    NEV = "nev", _("New energy")
    UNKNOWN = "unknown", _("Unknown")


# Stages ordered from dirtiest to cleanest; the rules compare positions in this list.
STAGE_ORDER = [
    Stage.UNKNOWN,
    Stage.CHINA_3,
    Stage.CHINA_4,
    Stage.CHINA_5,
    Stage.CHINA_6,
    Stage.NEV,
]


class Direction(models.TextChoices):
    IN = "in", _("In")
    OUT = "out", _("Out")


class CargoClass(models.TextChoices):
    RAW_FUEL = "raw_fuel", _("Raw material or fuel")
    PRODUCT = "product", _("Product")
    OTHER = "other", pgettext_lazy("cargo", "Other")


class CleanMode(models.TextChoices):
    RAIL = "rail", _("Rail")
    WATERWAY = "waterway", _("Waterway")
    PIPELINE = "pipeline", _("Pipeline")
    TUBULAR_BELT = "tubular_belt", _("Tubular belt")
    BELT_CORRIDOR = "belt_corridor", _("Belt corridor")


class PlateColour(models.TextChoices):
    BLUE = "blue", _("Blue")
    YELLOW = "yellow", _("Yellow")
    GREEN = "green", _("Green (new energy)")
    YELLOW_GREEN = "yellow_green", _("Yellow-green (new energy)")
    OTHER = "other", pgettext_lazy("plate", "Other")


class EnterpriseRecord(models.Model):
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", verbose_name=_("enterprise"), on_delete=models.CASCADE
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)

    class Meta:
        abstract = True


class Gate(EnterpriseRecord):
    name = models.CharField(_("name"), max_length=100)
    is_cargo = models.BooleanField(_("used by cargo vehicles"), default=True)
    has_camera = models.BooleanField(_("video camera"), default=False)
    networked = models.BooleanField(_("networked with the authorities"), default=False)
    live_from = models.DateField(_("in service since"), null=True, blank=True)

    class Meta:
        verbose_name = _("gate")
        verbose_name_plural = _("gates")
        ordering = ["enterprise", "name"]
        default_related_name = "transport_gates"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "name"], name="gate_name_unique"),
            plausible_date_constraint("live_from", "gate_live_from_plausible"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def compliant(self) -> bool:
        """A cargo gate needs gate access control with video, networked (HJ 1321-2023)."""
        return not self.is_cargo or (self.has_camera and self.networked)


class InPlantVehicle(EnterpriseRecord):
    plate = models.CharField(_("plate or in-plant number"), max_length=20)
    vehicle_type = models.CharField(_("vehicle type"), max_length=60)
    fuel = models.CharField(_("fuel"), max_length=10, choices=Fuel.choices)
    stage = models.CharField(_("emission stage"), max_length=10, choices=Stage.choices)

    class Meta:
        verbose_name = _("in-plant vehicle")
        verbose_name_plural = _("in-plant vehicles")
        ordering = ["enterprise", "plate"]
        default_related_name = "inplant_vehicles"
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "plate"], name="inplant_plate_unique")
        ]

    def __str__(self) -> str:
        return self.plate


class Machine(EnterpriseRecord):
    """A non-road mobile machine (loader, forklift, excavator...)."""

    registration_code = models.CharField(
        _("registration code"),
        max_length=40,
        blank=True,
        help_text=_("Leave empty when the machine is not registered yet."),
    )
    machine_type = models.CharField(_("machine type"), max_length=60)
    engine_number = models.CharField(_("engine number"), max_length=60, blank=True)
    stage = models.CharField(_("emission stage"), max_length=10, choices=Stage.choices)
    owner = models.CharField(_("owner"), max_length=200)

    class Meta:
        verbose_name = _("non-road mobile machine")
        verbose_name_plural = _("non-road mobile machinery")
        ordering = ["enterprise", "machine_type", "registration_code"]
        default_related_name = "machines"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "registration_code"],
                condition=~Q(registration_code=""),
                name="machine_code_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.machine_type} {self.registration_code or '—'}"


class TransportStaff(EnterpriseRecord):
    name = models.CharField(_("name"), max_length=100)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    appointed_on = models.DateField(_("appointed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("full-time transport staff member")
        verbose_name_plural = _("full-time transport staff")
        ordering = ["enterprise", "name"]
        default_related_name = "transport_staff"
        constraints = [
            plausible_date_constraint("appointed_on", "staff_appointed_plausible"),
        ]

    def __str__(self) -> str:
        return self.name


class CleanTonnage(EnterpriseRecord):
    """Tonnes of a material moved by a clean mode in one month (incoming raw materials and
    fuels, or products going out)."""

    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    cargo_class = models.CharField(
        _("cargo class"), max_length=10, choices=CargoClass.choices, default=CargoClass.RAW_FUEL
    )
    material = models.CharField(_("material"), max_length=100)
    mode = models.CharField(_("clean mode"), max_length=16, choices=CleanMode.choices)
    tonnes = models.DecimalField(_("tonnes"), max_digits=12, decimal_places=2)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("clean-mode tonnage")
        verbose_name_plural = _("clean-mode tonnages")
        ordering = ["enterprise", "-month", "material"]
        default_related_name = "clean_tonnages"
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "month", "cargo_class", "material", "mode"],
                name="one_tonnage_per_month_material_mode",
            ),
            models.CheckConstraint(name="tonnes_positive", condition=Q(tonnes__gt=0)),
            plausible_date_constraint("month", "tonnage_month_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.material} {self.get_mode_display()}"


class TonnageEvidence(StoredFile):
    storage_prefix = "transport"
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    tonnage = models.ForeignKey(CleanTonnage, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=private_path)

    class Meta(StoredFile.Meta):
        verbose_name = _("tonnage evidence")
        verbose_name_plural = _("tonnage evidence")

    def get_absolute_url(self) -> str:
        return reverse("transport:evidence", args=[self.pk])


class Rule(models.TextChoices):
    CLEAN_SHARE = "clean_share", _("Clean share of incoming raw materials and fuels")
    NEV_SHARE = "nev_share", _("New-energy share of the remaining incoming trucks")
    TRUCK_MIN_STAGE = "truck_min_stage", _("Trucks when the clean share is missed")
    PRODUCT_MIN_STAGE = "product_min_stage", _("Trucks carrying products")
    INPLANT_MIN_STAGE = "inplant_min_stage", _("In-plant vehicles")
    MACHINE_MIN_STAGE = "machine_min_stage", _("Non-road mobile machinery")
    GATE_COMPLETENESS = "gate_completeness", _("Gate data completeness")


class Threshold(models.Model):
    """A number or a minimum stage the shares are measured against, valid for a period, with
    its source (../shared/domain.md section 6). Unconfirmed rows were not found in an official
    text: editable defaults, to check before citing."""

    rule = models.CharField(_("rule"), max_length=20, choices=Rule.choices)
    industry = models.CharField(
        _("industry"),
        max_length=20,
        choices=Industry.choices,
        blank=True,
        help_text=_("Leave empty when the row applies to every industry."),
    )
    key_region_only = models.BooleanField(_("key regions only"), default=False)
    percent = models.DecimalField(
        _("share (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    min_stage = models.CharField(
        _("minimum stage"), max_length=10, choices=Stage.choices, blank=True
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Unconfirmed values were not found in an official text; check before citing."),
    )
    note_zh = models.CharField(_("note (Chinese)"), max_length=300, blank=True)
    note_en = models.CharField(_("note (English)"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("clean-transport threshold")
        verbose_name_plural = _("clean-transport thresholds")
        ordering = ["rule", "industry", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "industry", "valid_from"], name="one_threshold_per_rule_period"
            )
        ]

    def __str__(self) -> str:
        value = f"{self.percent}%" if self.percent is not None else self.get_min_stage_display()
        return f"{self.get_rule_display()}: {value}"


class LedgerMapping(models.Model):
    """How an enterprise's gate system names its columns: ``columns`` maps each ledger field
    to the header of the column holding it. Remembered for the next upload."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="ledger_mapping"
    )
    columns = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("ledger column mapping")
        verbose_name_plural = _("ledger column mappings")

    def __str__(self) -> str:
        return str(self.enterprise)


class ImportStatus(models.TextChoices):
    MAPPING = "mapping", _("Waiting for the column mapping")
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class LedgerImport(models.Model):
    """One uploaded gate-ledger file and its import. Its passes count only once it is done:
    a failed import removes what it wrote, so nothing is ever half-imported."""

    storage_prefix = "ledgers"
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="ledger_imports",
    )
    file = models.FileField(upload_to=private_path)
    original_name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    headers = models.JSONField(default=list)
    columns = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.MAPPING
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    rows_total = models.PositiveIntegerField(_("rows (estimate)"), null=True, blank=True)
    rows_imported = models.PositiveIntegerField(_("rows imported"), default=0)
    rows_duplicate = models.PositiveIntegerField(_("duplicates skipped"), default=0)
    rows_rejected = models.PositiveIntegerField(_("rows rejected"), default=0)
    error = models.TextField(_("error"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # when the import was last queued or moved forward: a run that stops moving is taken over
    # by the sweep, and two deliveries of its task never run it at the same time
    progress_at = models.DateTimeField(_("last progress"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)

    class Meta:
        verbose_name = _("ledger import")
        verbose_name_plural = _("ledger imports")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("transport:import_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == ImportStatus.DONE:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(self.rows_read * 100 / self.rows_total))

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.DONE, ImportStatus.FAILED)


class RejectedRow(models.Model):
    ledger = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField(_("line"))
    reason = models.CharField(_("reason"), max_length=300)
    params = models.JSONField(default=dict)
    content = models.CharField(_("content"), max_length=300, blank=True)

    class Meta:
        ordering = ["ledger", "line"]

    def __str__(self) -> str:
        return f"{self.ledger_id}:{self.line}"

    @property
    def reason_text(self) -> str:
        """The reason in the reader's language (stored untranslated with its values)."""
        from django.utils.translation import gettext

        try:
            return gettext(self.reason) % self.params if self.params else gettext(self.reason)
        except (KeyError, TypeError, ValueError):
            return self.reason


class GatePass(models.Model):
    """A vehicle passing a gate, from the gate system's e-ledger. The natural key (enterprise,
    plate, direction, time) makes re-importing a file add nothing."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="gate_passes"
    )
    ledger = models.ForeignKey(LedgerImport, on_delete=models.CASCADE, related_name="passes")
    gate = models.CharField(_("gate"), max_length=100, blank=True)
    plate = models.CharField(_("plate"), max_length=20)
    plate_colour = models.CharField(
        _("plate colour"), max_length=12, choices=PlateColour.choices, blank=True
    )
    vin = models.CharField(_("VIN"), max_length=17, blank=True)
    vehicle_type = models.CharField(_("vehicle type"), max_length=60, blank=True)
    fuel = models.CharField(_("fuel"), max_length=10, choices=Fuel.choices, blank=True)
    stage = models.CharField(
        _("emission stage"), max_length=10, choices=Stage.choices, default=Stage.UNKNOWN
    )
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    passed_at = models.DateTimeField(_("time"))
    cargo = models.CharField(_("cargo"), max_length=100, blank=True)
    cargo_class = models.CharField(
        _("cargo class"), max_length=10, choices=CargoClass.choices, default=CargoClass.OTHER
    )
    tonnage = models.DecimalField(
        _("tonnes"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("gate pass")
        verbose_name_plural = _("gate passes")
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "plate", "direction", "passed_at"],
                name="one_pass_per_plate_direction_time",
            )
        ]
        indexes = [models.Index(fields=["enterprise", "passed_at"])]

    def __str__(self) -> str:
        return f"{self.plate} {self.passed_at:%Y-%m-%d %H:%M}"


class QueueFinding(models.Model):
    """A finding raised from the vehicle exhaust staff's queue: ``key`` names the queue item
    (e.g. ``machine:12``, ``share:3:2025-10:clean``), so one item makes one finding."""

    key = models.CharField(max_length=120, unique=True)
    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    finding = models.ForeignKey("inspections.Finding", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key


class ShareMiss(models.Model):
    """A share rule an enterprise's month missed, kept by ``transport.misses`` when the month's
    figures change (a ledger import finishes, clean tonnage is recorded) and every night (new
    thresholds), so the vehicle queue pages through misses in SQL instead of judging every
    enterprise of the city on each request."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    month = models.DateField()
    rule = models.CharField(max_length=24, choices=Rule.choices)
    value = models.CharField(max_length=40)  # the month's figure, as checked
    # the threshold as it was when judged (a row edited later is judged again at night)
    threshold = models.ForeignKey(Threshold, null=True, on_delete=models.SET_NULL, related_name="+")
    percent = models.DecimalField(max_digits=5, decimal_places=2, null=True)
    min_stage = models.CharField(max_length=10, blank=True)
    key = models.CharField(max_length=120, unique=True)  # the queue item's key

    class Meta:
        indexes = [models.Index(fields=["month", "enterprise"])]

    def __str__(self) -> str:
        return self.key
