"""Double-random draws ("two databases"): declared conflicts, draws and their targets."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.dates import plausible_date_constraint


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
    re-run it and get the same result (see inspections.draws.draw_compute)."""

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
            plausible_date_constraint("period_start", "draw_period_start_plausible"),
            plausible_date_constraint("period_end", "draw_period_end_plausible"),
            models.CheckConstraint(
                name="draw_period_ordered", condition=Q(period_start__lte=models.F("period_end"))
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("inspections:draw_detail", args=[self.pk])

    @property
    def is_superseded(self) -> bool:
        return hasattr(self, "supersession")


class DrawSupersession(models.Model):
    """A draw replaced by a later draw for the same period and scope, with who decided it,
    when and why. Draws are history (never changed: a database trigger refuses it), so the
    supersession is a row of its own, append-only too. A superseded draw stays visible,
    marked, and counts no more (disclosure, inspectors' tasks)."""

    draw = models.OneToOneField(
        Draw,
        verbose_name=_("superseded draw"),
        on_delete=models.PROTECT,
        related_name="supersession",
    )
    superseded_by = models.ForeignKey(
        Draw, verbose_name=_("superseded by"), on_delete=models.PROTECT, related_name="supersedes"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField(_("reason for superseding"), max_length=500)

    class Meta:
        verbose_name = _("superseded draw")
        verbose_name_plural = _("superseded draws")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(name="supersession_has_reason", condition=~Q(reason="")),
            models.CheckConstraint(
                name="draw_not_superseded_by_itself",
                condition=~Q(draw=models.F("superseded_by")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.draw} → {self.superseded_by}"


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
            models.UniqueConstraint(fields=["draw", "enterprise"], name="one_target_per_draw"),
            plausible_date_constraint("inspection_date", "draw_target_date_plausible"),
        ]

    def __str__(self) -> str:
        return f"{self.draw}: {self.enterprise}"
