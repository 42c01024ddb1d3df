"""The ULE scope of an enterprise, the publicity of its ULE status and the dynamic ULE list
(../shared/domain.md sections 3 and 8; issue 13).

- ``PillarScope``: which of the three pillars (organized, fugitive, clean transport) an
  enterprise must complete, and for which production units. No row for a pillar means the
  pillar is in scope for the whole plant: both the cement and the coking opinions cover all three.
- ``Publicity``: the public notice of an accepted evaluation: platform, address, dates, the
  objections received and how they were handled. When it ends, the enterprise enters the list.
- ``ListEntry``: the enterprise's place on the dynamic ULE list (listed, under review,
  suspended, revoked), and ``ListChange``: every change of it with the reason and who decided.
  Capacity counts towards the targets only while the entry is "listed".
- ``RevocationReason``: the reasons for revocation with the relisting bar each carries, as data
  with their source (``acceptance.reference``)."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import plausible_date_constraint
from enterprises.models import BilingualNameMixin

from .evaluations import PILLARS


class Pillar(models.TextChoices):
    ORGANIZED = "organized", _("Organized emissions")
    FUGITIVE = "fugitive", _("Fugitive emissions")
    TRANSPORT = "transport", _("Clean transportation")


assert tuple(Pillar.values) == PILLARS


class PillarScope(models.Model):
    """One pillar of one enterprise's ULE scope, set by the bureau."""

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="pillar_scopes",
    )
    pillar = models.CharField(_("pillar"), max_length=16, choices=Pillar.choices)
    in_scope = models.BooleanField(_("in the ULE scope"), default=True)
    units = models.ManyToManyField(
        "enterprises.ProductionUnit",
        verbose_name=_("production units"),
        blank=True,
        related_name="+",
        help_text=_("Kiln lines or coke-oven batteries this pillar covers; none means all."),
    )
    note = models.CharField(
        _("note"),
        max_length=300,
        blank=True,
        help_text=_("Why a pillar is out of scope, or which sources it covers."),
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("set by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    set_at = models.DateTimeField(_("set"), default=timezone.now)

    class Meta:
        verbose_name = _("ULE scope (pillar)")
        verbose_name_plural = _("ULE scope (pillars)")
        ordering = ["enterprise", "pillar"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "pillar"], name="one_scope_per_pillar"),
            models.CheckConstraint(
                name="out_of_scope_pillars_say_why", condition=Q(in_scope=True) | ~Q(note="")
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} · {self.get_pillar_display()}"


class RevocationReason(BilingualNameMixin):
    """A reason for removing an enterprise from the ULE list and the months before it may be
    listed again (reference data with its source; the office corrects it when a document
    changes)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    bar_months = models.PositiveSmallIntegerField(
        _("relisting barred for (months)"),
        help_text=_("Months from the revocation before the enterprise may be listed again."),
    )
    source_document = models.CharField(_("source"), max_length=300)
    confirmed = models.BooleanField(
        _("confirmed for cement and coking"),
        default=False,
        help_text=_(
            "Unconfirmed: taken from a precedent (steel) until a document for cement "
            "and coking is found."
        ),
    )
    active = models.BooleanField(_("in use"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("revocation reason")
        verbose_name_plural = _("revocation reasons")
        ordering = ["order", "code"]


class Publicity(models.Model):
    """The public notice (公示) of an enterprise's ULE status, based on an accepted evaluation."""

    class Status(models.TextChoices):
        OPEN = "open", _("In publicity")
        ENDED = "ended", _("Ended: the enterprise entered the ULE list")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="publicities",
    )
    evaluation = models.ForeignKey(
        "acceptance.Evaluation",
        verbose_name=_("evaluation"),
        on_delete=models.PROTECT,
        related_name="publicities",
    )
    platform = models.CharField(
        _("platform"), max_length=200, help_text=_("e.g. the city bureau's website.")
    )
    url = models.URLField(_("address"), max_length=500)
    start = models.DateField(_("publicity from"))
    end = models.DateField(_("publicity until"))
    objections = models.PositiveSmallIntegerField(_("objections received"), default=0)
    objections_handling = models.TextField(
        _("how the objections were handled"),
        blank=True,
        help_text=_("Required, when objections were received, before the publicity can end."),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("publicity")
        verbose_name_plural = _("publicities")
        ordering = ["-start", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise"], condition=Q(status="open"), name="one_open_publicity"
            ),
            models.CheckConstraint(
                name="publicity_in_order", condition=Q(end__gte=models.F("start"))
            ),
            models.CheckConstraint(
                name="ended_publicity_says_how_objections_were_handled",
                condition=~Q(status="ended") | Q(objections=0) | ~Q(objections_handling=""),
            ),
            plausible_date_constraint("start", "publicity_start_plausible"),
            plausible_date_constraint("end", "publicity_end_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.start}–{self.end}"

    def get_absolute_url(self) -> str:
        return reverse("acceptance:publicity_detail", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class ListStatus(models.TextChoices):
    LISTED = "listed", _("Listed")
    UNDER_REVIEW = "under_review", _("Under review")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


class ListEntry(models.Model):
    """An enterprise's place on the dynamic ULE list. Written only by
    ``acceptance.services.listing``; every change leaves a ``ListChange``."""

    enterprise = models.OneToOneField(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="ule_listing",
    )
    status = models.CharField(_("status"), max_length=16, choices=ListStatus.choices)
    listed_on = models.DateField(_("listed on"))
    publicity = models.ForeignKey(
        Publicity,
        verbose_name=_("publicity"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True)
    revocation_reason = models.ForeignKey(
        RevocationReason,
        verbose_name=_("revocation reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    barred_until = models.DateField(_("relisting barred until"), null=True, blank=True)
    bar_reminded = models.BooleanField(_("told that the bar ended"), default=False)
    changed_at = models.DateTimeField(_("last changed"), default=timezone.now)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("ULE list entry")
        verbose_name_plural = _("ULE list entries")
        ordering = ["-listed_on", "id"]
        indexes = [models.Index(fields=["status", "listed_on"])]
        constraints = [
            models.CheckConstraint(
                name="revoked_entries_have_a_reason",
                condition=~Q(status="revoked")
                | (Q(revocation_reason__isnull=False) & Q(revoked_on__isnull=False)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.get_status_display()}"

    def get_absolute_url(self) -> str:
        return reverse("acceptance:listing_detail", args=[self.pk])

    def barred_on(self, day: datetime.date) -> bool:
        return self.barred_until is not None and day < self.barred_until


class ListChange(models.Model):
    """One change of a list entry: from, to, why, decided by whom; append-only."""

    entry = models.ForeignKey(
        ListEntry, verbose_name=_("list entry"), on_delete=models.CASCADE, related_name="changes"
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    from_status = models.CharField(_("from"), max_length=16, choices=ListStatus.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=ListStatus.choices)
    reason = models.TextField(_("reason"))
    revocation_reason = models.ForeignKey(
        RevocationReason,
        verbose_name=_("revocation reason"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    finding = models.ForeignKey(
        "inspections.Finding",
        verbose_name=_("finding"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    publicity = models.ForeignKey(
        Publicity,
        verbose_name=_("publicity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField(_("date"))
    decided_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        verbose_name = _("ULE list change")
        verbose_name_plural = _("ULE list changes")
        ordering = ["-decided_at", "-id"]
        indexes = [models.Index(fields=["-decided_at"])]
        constraints = [
            models.CheckConstraint(name="list_changes_say_why", condition=~Q(reason="")),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.from_status or '—'} → {self.to_status}"
