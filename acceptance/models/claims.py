"""Confirmed facts of the ULE status (../shared/domain.md sections 3 and 8).

Every time a milestone node is recorded as done, a ``NodeCompletion`` keeps what was claimed,
by whom and, for a date entered late, why. A milestone of the ULE status (completion and every
node after it: stable operation, evaluation, report, publicity, permit updated) recorded by
someone who may not confirm it is a claim:
it counts towards the enterprise's ULE stage, and so towards every capacity figure, only once
the bureau confirms it. The enterprise's ``ule_stage`` column is a cache of what the confirmed
facts give, written only by ``retrofits.services.enterprise_stage_recompute``."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import Decided
from enterprises.models import UleStage


class NodeCompletion(Decided):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the bureau's confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        RETURNED = "returned", _("Returned for correction")

    node = models.ForeignKey(
        "retrofits.MilestoneNode",
        verbose_name=_("milestone node"),
        on_delete=models.CASCADE,
        related_name="completions",
    )
    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="node_completions",
    )
    stage = models.CharField(
        _("ULE stage claimed"), max_length=16, choices=UleStage.choices, blank=True
    )
    is_claim = models.BooleanField(
        _("needs the bureau's confirmation"),
        default=False,
        help_text=_("A milestone of the ULE status recorded by someone other than the bureau."),
    )
    actual_date = models.DateField(_("actual date"))
    late_reason = models.TextField(_("reason for the late entry"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)

    class Meta:
        verbose_name = _("node completion")
        verbose_name_plural = _("node completions")
        ordering = ["-recorded_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["node"],
                condition=Q(status="pending"),
                name="one_pending_claim_per_node",
            ),
            models.CheckConstraint(
                name="returned_claims_have_a_comment",
                condition=~Q(status="returned") | ~Q(decision_comment=""),
            ),
        ]
        indexes = [models.Index(fields=["is_claim", "status", "enterprise"])]

    def __str__(self) -> str:
        return f"{self.node} · {self.actual_date}"

    def get_absolute_url(self) -> str:
        return reverse("acceptance:claim_detail", args=[self.pk])
