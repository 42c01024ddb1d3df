from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from .validators import validate_credit_code


class BilingualNameMixin(models.Model):
    """Records named in Chinese and English; ``name`` follows the active language."""

    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name_zh


class County(BilingualNameMixin):
    code = models.SlugField(_("code"), max_length=32, unique=True)
    sub_bureau_zh = models.CharField(_("responsible sub-bureau (Chinese)"), max_length=200)
    sub_bureau_en = models.CharField(
        _("responsible sub-bureau (English)"), max_length=200, blank=True
    )

    class Meta:
        verbose_name = _("county")
        verbose_name_plural = _("counties")
        ordering = ["code"]

    @property
    def sub_bureau(self) -> str:
        if (get_language() or "").startswith("en") and self.sub_bureau_en:
            return self.sub_bureau_en
        return self.sub_bureau_zh


class Industry(models.TextChoices):
    CEMENT_CLINKER = "cement_clinker", _("Cement clinker")
    CEMENT_GRINDING = "cement_grinding", _("Cement grinding")
    COKING = "coking", _("Coking")
    SEMI_COKE = "semi_coke", _("Semi-coke")


class SupervisionClass(models.TextChoices):
    """The class an enterprise is drawn from in the "double random" spot checks (key
    dischargers, special supervision, general), or kept out of the draw pool (closed, say).
    Set by the office on the draw pool page; each draw records the classes it used."""

    KEY = "key", _("Key discharger")
    SPECIAL = "special", _("Special supervision")
    GENERAL = "general", _("General")
    OUT = "out", _("Not in the pool")


class UleStage(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    RETROFITTING = "retrofitting", _("Retrofitting")
    COMPLETED = "completed", _("Retrofit completed")
    STABLE = "stable", _("Stable operation")
    EVALUATED = "evaluated", _("Evaluation monitoring done")
    PUBLICIZED = "publicized", _("Publicized (on the ULE list)")
    UNDER_REVIEW = "under_review", _("On the ULE list, under review")
    SUSPENDED = "suspended", _("Suspended from the ULE list")
    REMOVED = "removed", _("Removed from the ULE list")


# Stages in which the enterprise's capacity counts as "ULE complete" for the targets
# (../shared/domain.md section 3: evaluated and publicized): "publicized" is the stage of an
# enterprise listed on the dynamic ULE list (acceptance.ListEntry "listed"); under review,
# suspended or removed, it does not count.
ULE_COMPLETE_STAGES = (UleStage.PUBLICIZED,)


class Enterprise(BilingualNameMixin):
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        unique=True,
        validators=[validate_credit_code],
    )
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    county = models.ForeignKey(
        County, verbose_name=_("county"), on_delete=models.PROTECT, related_name="enterprises"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-90")), MaxValueValidator(Decimal("90"))],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("-180")), MaxValueValidator(Decimal("180"))],
    )
    annual_capacity_t = models.PositiveIntegerField(
        _("annual capacity (t/a)"),
        help_text=_("Clinker for cement plants, coke for coking plants."),
    )
    key_region = models.BooleanField(_("in a key region"), default=True)
    ule_stage = models.CharField(
        _("ULE stage"), max_length=16, choices=UleStage.choices, default=UleStage.NOT_STARTED
    )
    ule_partial_capacity_t = models.PositiveIntegerField(
        _("capacity of the units with ULE complete (t/a)"),
        default=0,
        editable=False,
        help_text=_(
            "Kiln lines or coke-oven batteries covered by an accepted partial evaluation while "
            "the whole plant is not listed: shown and counted apart, never as ULE capacity."
        ),
    )
    supervision_class = models.CharField(
        _("supervision class"),
        max_length=8,
        choices=SupervisionClass.choices,
        default=SupervisionClass.GENERAL,
        help_text=_('The class the "double random" draw picks this enterprise from.'),
    )
    is_illustrative = models.BooleanField(
        _("illustrative demo data"),
        default=False,
        help_text=_("Capacities, codes and dates of demo records are illustrative, not official."),
    )
    updated_at = models.DateTimeField(_("last changed"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["county__code", "name_zh"]
        indexes = [models.Index(fields=["industry", "ule_stage"])]

    def get_absolute_url(self) -> str:
        return reverse("enterprises:detail", args=[self.pk])

    @property
    def enterprise_id(self) -> int | None:
        """The enterprise a record belongs to (for the audit trail): itself."""
        return self.pk


class Contact(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("portal account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contact_record",
    )
    name = models.CharField(_("name"), max_length=100)
    position = models.CharField(_("position"), max_length=100, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_primary = models.BooleanField(_("primary contact"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["-is_primary", "name"]

    def __str__(self) -> str:
        return self.name


class UnitKind(models.TextChoices):
    KILN_LINE = "kiln_line", _("Clinker kiln line")
    COKE_OVEN = "coke_oven", _("Coke-oven battery")


class UnitStatus(models.TextChoices):
    RUNNING = "running", _("Running")
    MAINTENANCE = "maintenance", _("Maintenance")
    PEAK_SHIFTING = "peak_shifting", _("Peak-shifting stop")


class ProductionUnit(models.Model):
    enterprise = models.ForeignKey(
        Enterprise, verbose_name=_("enterprise"), on_delete=models.CASCADE, related_name="units"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=UnitKind.choices)
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(
        _("capacity"), help_text=_("t/d clinker for a kiln line; t/a coke for a coke-oven battery.")
    )
    status = models.CharField(
        _("running status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.RUNNING
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("production unit")
        verbose_name_plural = _("production units")
        ordering = ["enterprise", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "name"], name="unit_name_unique_per_enterprise"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def capacity_unit(self) -> str:
        return gettext("t/d") if self.kind == UnitKind.KILN_LINE else gettext("t/a")


class SourceKind(models.TextChoices):
    KILN_TAIL = "kiln_tail", _("Cement kiln tail (incl. waste-heat system)")
    KILN_HEAD = "kiln_head", _("Cement kiln head")
    COAL_MILL = "coal_mill", _("Coal mill")
    COKE_OVEN_CHIMNEY = "coke_oven_chimney", _("Coke-oven chimney")
    COAL_CHARGING = "coal_charging", _("Coal charging")
    COKE_PUSHING = "coke_pushing", _("Coke pushing")
    DRY_QUENCHING = "dry_quenching", _("Dry quenching")
    CRUSHING = "crushing", _("Crushing, screening, transfer")
    TAR_TANKS = "tar_tanks", _("Cold drum, tar and benzene tanks")
    INDEPENDENT_DRYER = "independent_dryer", _("Dryer with an independent heat source")
    MILL_PACKING = "mill_packing", _("Mills, packing machines, silos")
    BYPASS = "bypass", _("Kiln bypass stack")
    TUBE_FURNACE = "tube_furnace", _("Tube furnace (coke-oven gas fired)")
    SEMI_COKE_FURNACE = "semi_coke_furnace", _("Semi-coke carbonization furnace")
    AMMONIUM_SULFATE_DRYER = "ammonium_sulfate_dryer", _("Ammonium sulfate dryer")
    DESULFURIZATION_REGENERATION = "desulf_regeneration", _("Desulfurization regeneration tower")
    OTHER = "other", _("Other")


class EmissionPoint(models.Model):
    enterprise = models.ForeignKey(
        Enterprise,
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="emission_points",
    )
    unit = models.ForeignKey(
        ProductionUnit,
        verbose_name=_("production unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="emission_points",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=SourceKind.choices)
    name = models.CharField(_("name"), max_length=100)
    permit_outlet_id = models.CharField(_("permit outlet ID"), max_length=32, blank=True)
    cems_installed = models.BooleanField(_("CEMS installed"), default=False)
    cems_networked = models.BooleanField(_("CEMS networked with the authorities"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("emission point")
        verbose_name_plural = _("emission points")
        ordering = ["enterprise", "kind", "name"]

    def __str__(self) -> str:
        return self.name


class Pollutant(models.TextChoices):
    PM = "pm", _("Particulate matter")
    SO2 = "so2", "SO₂"
    NOX = "nox", "NOₓ"
    NH3 = "nh3", _("Ammonia slip (NH₃)")
    NMHC = "nmhc", _("Non-methane hydrocarbons (NMHC)")
    H2S = "h2s", "H₂S"


class Jurisdiction(models.TextChoices):
    NATIONAL = "national", _("National")
    SHANDONG = "shandong", _("Shandong Province")


class Averaging(models.TextChoices):
    HOURLY = "hourly", _("hourly mean")
    DAILY = "daily", _("daily mean")


class LegalForce(models.TextChoices):
    """What missing the value means: a standard or permit value is law (a violation, Air
    Pollution Prevention and Control Law art. 99(2)); a ULE value is policy (a matter for the ULE
    list, not a penalty, unless it is written into the permit)."""

    NATIONAL_STANDARD = "national_standard", _("National emission standard")
    LOCAL_STANDARD = "local_standard", _("Local emission standard")
    PERMIT = "permit", _("Discharge-permit condition")
    ULE_POLICY = "ule_policy", _("ULE policy requirement")


BINDING_FORCES = (LegalForce.NATIONAL_STANDARD, LegalForce.LOCAL_STANDARD, LegalForce.PERMIT)


class O2Basis(models.TextChoices):
    CONVERTED = "converted", _("converted to the reference O₂")
    AS_MEASURED = "as_measured", _("as measured")


class EmissionLimit(models.Model):
    """A limit as data with its source (../shared/domain.md section 4): per industry and source
    kind, with its legal force, the standard and clause it comes from and the dates it is in
    force. Where several rows apply the stricter one applies (see selectors); ULE rows and the
    baseline standard rows are kept side by side, so hours outside ULE are still checked."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    source_kind = models.CharField(_("source kind"), max_length=24, choices=SourceKind.choices)
    pollutant = models.CharField(_("pollutant"), max_length=8, choices=Pollutant.choices)
    value = models.DecimalField(_("limit"), max_digits=8, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, default="mg/m³")
    o2_basis = models.CharField(
        _("O₂ basis"), max_length=12, choices=O2Basis.choices, default=O2Basis.AS_MEASURED
    )
    o2_reference_percent = models.DecimalField(
        _("reference O₂ (%)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    o2_basis_confirmed = models.BooleanField(
        _("O₂ basis confirmed"),
        default=False,
        help_text=_("A row whose O₂ basis is not confirmed cannot be marked confirmed."),
    )
    averaging = models.CharField(
        _("averaging basis"), max_length=16, choices=Averaging.choices, default=Averaging.HOURLY
    )
    legal_force = models.CharField(_("legal force"), max_length=20, choices=LegalForce.choices)
    jurisdiction = models.CharField(_("jurisdiction"), max_length=16, choices=Jurisdiction.choices)
    standard_code = models.CharField(_("standard or document"), max_length=80)
    clause = models.CharField(_("clause"), max_length=200, blank=True)
    source_document = models.CharField(_("source document"), max_length=300)
    effective_date = models.DateField(_("effective from"), null=True, blank=True)
    superseded_date = models.DateField(_("superseded from"), null=True, blank=True)
    confirmed = models.BooleanField(
        _("confirmed"),
        default=False,
        help_text=_("Unconfirmed values were not found in an official text; check before citing."),
    )
    note = models.TextField(_("note (Chinese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    class Meta:
        verbose_name = _("emission limit")
        verbose_name_plural = _("emission limits")
        ordering = ["industry", "source_kind", "pollutant", "legal_force", "jurisdiction"]
        indexes = [models.Index(fields=["industry", "source_kind"])]
        constraints = [
            models.CheckConstraint(name="limit_value_positive", condition=models.Q(value__gt=0)),
            models.CheckConstraint(
                name="limit_confirmed_needs_confirmed_o2_basis",
                condition=models.Q(confirmed=False) | models.Q(o2_basis_confirmed=True),
            ),
            models.CheckConstraint(
                name="limit_converted_needs_reference_o2",
                condition=~models.Q(o2_basis="converted")
                | models.Q(o2_reference_percent__isnull=False),
            ),
            models.CheckConstraint(
                name="limit_superseded_after_effective",
                condition=models.Q(effective_date__isnull=True)
                | models.Q(superseded_date__isnull=True)
                | models.Q(superseded_date__gt=models.F("effective_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_source_kind_display()} {self.get_pollutant_display()} {self.value} {self.unit}"

    @property
    def note_text(self) -> str:
        if (get_language() or "").startswith("en") and self.note_en:
            return self.note_en
        return self.note

    @property
    def is_binding(self) -> bool:
        """Exceeding it is a violation (standard or permit), not only a ULE-list matter."""
        return self.legal_force in BINDING_FORCES

    @property
    def o2_reference(self) -> str:
        """Short display of the O₂ basis: "10%" when converted, empty when as measured."""
        if self.o2_basis == O2Basis.CONVERTED and self.o2_reference_percent is not None:
            return f"{self.o2_reference_percent.normalize():f}%"
        return ""

    def in_force_on(self, day) -> bool:
        if self.effective_date and day < self.effective_date:
            return False
        return not (self.superseded_date and day >= self.superseded_date)


class RuleStatistic(models.TextChoices):
    SHARE_OF_HOURS = "share_of_hours", _("share of hours meeting the limit")


class RulePeriod(models.TextChoices):
    MONTH = "month", _("calendar month")


class HoursCounted(models.TextChoices):
    PRODUCTION_HOURS = "production_hours", _("valid hours while producing")


class LimitRule(models.Model):
    """A rule about how limits are met over a period, as data (the 95%-of-hours monthly rule):
    the statistic, its threshold, the period and which hours count."""

    code = models.SlugField(_("code"), max_length=80, unique=True)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    legal_force = models.CharField(
        _("applies to limits of"), max_length=20, choices=LegalForce.choices
    )
    statistic = models.CharField(_("statistic"), max_length=20, choices=RuleStatistic.choices)
    threshold_percent = models.DecimalField(_("threshold (%)"), max_digits=5, decimal_places=2)
    period = models.CharField(_("period"), max_length=10, choices=RulePeriod.choices)
    hours_counted = models.CharField(
        _("hours counted"), max_length=20, choices=HoursCounted.choices
    )
    source_document = models.CharField(_("source document"), max_length=300)
    confirmed = models.BooleanField(_("confirmed"), default=False)
    note = models.TextField(_("note (Chinese)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    class Meta:
        verbose_name = _("limit rule")
        verbose_name_plural = _("limit rules")
        ordering = ["industry", "code"]
        constraints = [
            models.CheckConstraint(
                name="limit_rule_threshold_0_100",
                condition=models.Q(threshold_percent__gt=0, threshold_percent__lte=100),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_industry_display()}: {self.threshold_percent}% {self.get_statistic_display()}"

    @property
    def note_text(self) -> str:
        if (get_language() or "").startswith("en") and self.note_en:
            return self.note_en
        return self.note


class Target(models.Model):
    """A ULE target: the share of an industry's capacity that must be ULE-complete by a date
    (../shared/domain.md section 3)."""

    class Scope(models.TextChoices):
        NATIONAL = "national", _("National (key regions)")
        CITY = "city", _("Jining")

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    industry = models.CharField(_("industry"), max_length=20, choices=Industry.choices)
    year = models.PositiveSmallIntegerField(_("by the end of"))
    share_percent = models.DecimalField(_("share of capacity (%)"), max_digits=5, decimal_places=2)
    source_document = models.CharField(_("source document"), max_length=300)

    class Meta:
        verbose_name = _("ULE target")
        verbose_name_plural = _("ULE targets")
        ordering = ["scope", "year", "industry"]
        constraints = [
            models.UniqueConstraint(
                fields=["scope", "industry", "year"], name="one_target_per_scope"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_scope_display()} {self.get_industry_display()} {self.year}: {self.share_percent}%"
