"""On-site inspections, findings, "one factory, one policy" rectification and double-random
draws (issue 4; ../shared/domain.md sections 5, 7, 9, 10).

Business rules live in ``services``; models hold fields, constraints and trivial properties.
"""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from enterprises.models import Industry


def _english() -> bool:
    return (get_language() or "").startswith("en")


class Scope(models.TextChoices):
    """What a checklist (and a finding) is about."""

    ORGANIZED = "organized", _("Organized emissions")
    FUGITIVE = "fugitive", _("Fugitive emissions")
    TRANSPORT = "transport", _("Clean transportation")
    MONITORING = "monitoring", _("Monitoring systems")
    SAFETY = "safety", _("Safety of environmental works")


# ----------------------------------------------------------------------------------------
# Checklists ("one list")


class ChecklistTemplate(models.Model):
    """A checklist for one scope, optionally for one industry. Its items live in versions:
    revising a template creates a new version, so an old inspection keeps the items it was
    done with."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    industry = models.CharField(
        _("industry"),
        max_length=20,
        blank=True,
        choices=Industry.choices,
        help_text=_("Leave empty when the checklist applies to every industry."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("inspections:checklist_detail", args=[self.pk])

    @property
    def name(self) -> str:
        return self.name_en if _english() and self.name_en else self.name_zh


class ChecklistVersion(models.Model):
    template = models.ForeignKey(
        ChecklistTemplate,
        verbose_name=_("checklist"),
        on_delete=models.PROTECT,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("version"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.CharField(_("what changed"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["template", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="one_number_per_checklist")
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"


class ChecklistItem(models.Model):
    version = models.ForeignKey(
        ChecklistVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="items"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    text_zh = models.CharField(_("check item (Chinese)"), max_length=400)
    text_en = models.CharField(_("check item (English)"), max_length=400, blank=True)
    source = models.CharField(
        _("source"),
        max_length=300,
        help_text=_("Where the requirement comes from (document and article, or practice)."),
    )
    confirmed = models.BooleanField(
        _("confirmed"),
        default=True,
        help_text=_("Unconfirmed values were not found in an official text."),
    )

    class Meta:
        verbose_name = _("check item")
        verbose_name_plural = _("check items")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "order"], name="one_item_per_position")
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        return self.text_en if _english() and self.text_en else self.text_zh


# ----------------------------------------------------------------------------------------
# Law articles a finding may cite (domain section 10)


class LawArticle(models.Model):
    law_zh = models.CharField(_("law (Chinese)"), max_length=200)
    law_en = models.CharField(_("law (English)"), max_length=200, blank=True)
    article = models.CharField(_("article"), max_length=20)
    conduct_zh = models.CharField(_("conduct (Chinese)"), max_length=400)
    conduct_en = models.CharField(_("conduct (English)"), max_length=400, blank=True)
    measure_zh = models.CharField(_("measure (Chinese)"), max_length=400)
    measure_en = models.CharField(_("measure (English)"), max_length=400, blank=True)
    fine_min = models.DecimalField(
        _("minimum fine (¥)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    fine_max = models.DecimalField(
        _("maximum fine (¥)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    daily_fine = models.BooleanField(
        _("daily continuous fine"),
        default=False,
        help_text=_("The fine may be imposed for each day the violation continues."),
    )
    allows_restriction = models.BooleanField(
        _("allows restricting or stopping production"), default=False
    )
    source = models.CharField(_("source"), max_length=300)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("law article")
        verbose_name_plural = _("law articles")
        ordering = ["law_zh", "article"]
        constraints = [
            models.UniqueConstraint(fields=["law_zh", "article"], name="one_row_per_article"),
            models.CheckConstraint(
                name="fine_range_ordered",
                condition=Q(fine_min__isnull=True)
                | Q(fine_max__isnull=True)
                | Q(fine_min__lte=models.F("fine_max")),
            ),
        ]

    def __str__(self) -> str:
        return _("%(law)s art. %(article)s") % {"law": self.law, "article": self.article}

    @property
    def law(self) -> str:
        return self.law_en if _english() and self.law_en else self.law_zh

    @property
    def conduct(self) -> str:
        return self.conduct_en if _english() and self.conduct_en else self.conduct_zh

    @property
    def measure(self) -> str:
        return self.measure_en if _english() and self.measure_en else self.measure_zh

    @property
    def has_fine_range(self) -> bool:
        return self.fine_min is not None and self.fine_max is not None


# ----------------------------------------------------------------------------------------
# Double-random draws ("two databases"): declared conflicts, draws and their targets


class TargetClass(models.TextChoices):
    KEY = "key", _("Key discharger")
    SPECIAL = "special", _("Special supervision")
    GENERAL = "general", _("General")


class ConflictDeclaration(models.Model):
    """An inspector's declared conflict of interest with an enterprise: the draw never
    assigns them to it."""

    inspector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("inspector"),
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    reason = models.CharField(_("reason"), max_length=300)
    declared_at = models.DateTimeField(_("declared"), default=timezone.now)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        ordering = ["inspector", "enterprise"]
        constraints = [
            models.UniqueConstraint(
                fields=["inspector", "enterprise"], name="one_declaration_per_pair"
            )
        ]

    def __str__(self) -> str:
        return f"{self.inspector} ↔ {self.enterprise}"


class Draw(models.Model):
    """One double-random draw. ``seed`` and ``inputs`` (the target pool with classes and
    ratios, the inspector pool and the conflicts, all sorted by id) are enough for anyone to
    re-run it and get the same result (see services.draw_compute)."""

    title = models.CharField(_("title"), max_length=200)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    seed = models.BigIntegerField(_("seed"))
    inputs = models.JSONField(_("inputs"))
    result = models.JSONField(_("result"))
    created_at = models.DateTimeField(_("run at"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("run by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("double-random draw")
        verbose_name_plural = _("double-random draws")
        ordering = ["-period_start", "-id"]
        constraints = [
            models.CheckConstraint(
                name="draw_period_ordered", condition=Q(period_start__lte=models.F("period_end"))
            )
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:draw_detail", args=[self.pk])


class DrawTarget(models.Model):
    """An enterprise picked by a draw, its inspection date and the inspectors drawn for it.
    Confidential (office only) until ``inspection_date``; then published."""

    draw = models.ForeignKey(
        Draw, verbose_name=_("draw"), on_delete=models.CASCADE, related_name="targets"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="draw_targets",
    )
    target_class = models.CharField(_("class"), max_length=8, choices=TargetClass.choices)
    inspection_date = models.DateField(_("inspection date"), db_index=True)
    inspectors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("inspectors"), related_name="draw_assignments"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("draw", "position"))

    class Meta:
        verbose_name = _("drawn target")
        verbose_name_plural = _("drawn targets")
        ordering = ["draw", "position"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "enterprise"], name="one_target_per_draw")
        ]

    def __str__(self) -> str:
        return f"{self.draw}: {self.enterprise}"


# ----------------------------------------------------------------------------------------
# Inspections


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
            models.CheckConstraint(
                name="submitted_inspection_has_time",
                condition=~Q(status="submitted") | Q(submitted_at__isnull=False),
            )
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


# ----------------------------------------------------------------------------------------
# Findings and "one factory, one policy" rectification


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
    category = models.CharField(_("category"), max_length=16, choices=Scope.choices)
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
            models.CheckConstraint(
                name="fine_not_negative",
                condition=Q(fine_amount__isnull=True) | Q(fine_amount__gte=0),
            ),
            models.CheckConstraint(
                name="closed_finding_has_closing_time",
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
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


# ----------------------------------------------------------------------------------------
# Files: photos and evidence, stored outside the web root (default storage)


def attachment_path(instance: Attachment, filename: str) -> str:
    ext = PurePosixPath(filename).suffix.lower()[:8]
    now = timezone.localtime()
    return f"inspections/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"


class Attachment(models.Model):
    """A photo or PDF attached to an inspection (optionally to one check item), a finding or
    a rectification response. Content type is sniffed, the SHA-256 of the content is kept,
    and for photos the EXIF capture time and GPS position when present."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.PROTECT,
        related_name="inspection_attachments",
    )
    inspection = models.ForeignKey(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    item = models.ForeignKey(
        ChecklistItem, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    finding = models.ForeignKey(
        Finding, null=True, blank=True, on_delete=models.CASCADE, related_name="attachments"
    )
    response = models.ForeignKey(
        FindingResponse,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    taken_at = models.DateTimeField(_("taken at (EXIF)"), null=True, blank=True)
    latitude = models.DecimalField(
        _("latitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude (EXIF)"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded"), default=timezone.now)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]
        constraints = [
            models.CheckConstraint(
                name="attachment_has_an_owner",
                condition=Q(inspection__isnull=False)
                | Q(finding__isnull=False)
                | Q(response__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("inspections:attachment", args=[self.pk])

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# ----------------------------------------------------------------------------------------
# Verification of completed retrofit milestones (link to the retrofits app)


class VerificationTask(models.Model):
    """A verification inspection proposed to the county staff when a retrofit milestone node
    is completed. Done when a verification inspection is submitted."""

    node = models.OneToOneField(
        "retrofits.MilestoneNode",
        verbose_name=_("milestone node"),
        on_delete=models.CASCADE,
        related_name="verification_task",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="verification_tasks",
    )
    created_at = models.DateTimeField(_("proposed"), default=timezone.now)
    inspection = models.ForeignKey(
        Inspection,
        verbose_name=_("verification inspection"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="verification_tasks",
    )
    done_at = models.DateTimeField(pgettext_lazy("task", "done"), null=True, blank=True)

    class Meta:
        verbose_name = _("verification task")
        verbose_name_plural = _("verification tasks")
        ordering = ["done_at", "created_at", "id"]

    def __str__(self) -> str:
        return _("Verify %(node)s") % {"node": self.node}
