"""Checklists ("one list", versioned) and the law articles a finding may cite (domain
section 10)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from enterprises.models import Industry


def _english() -> bool:
    return (get_language() or "").startswith("en")


class Category(models.TextChoices):
    """What a checklist (and a finding) is about: the ULE categories of retrofits
    (``retrofits.models.Category``) plus the safety of environmental works."""

    ORGANIZED = "organized", _("Organized emissions")
    FUGITIVE = "fugitive", _("Fugitive emissions")
    TRANSPORT = "transport", _("Clean transportation")
    MONITORING = "monitoring", _("Monitoring systems")
    SAFETY = "safety", _("Safety of environmental works")


# ----------------------------------------------------------------------------------------
# Checklists ("one list")


class ChecklistTemplate(models.Model):
    """A checklist for one category, optionally for one industry. Its items live in versions:
    revising a template creates a new version, so an old inspection keeps the items it was
    done with."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
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
