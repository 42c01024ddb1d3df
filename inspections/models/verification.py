"""Verification of completed retrofit milestones (link to the retrofits app)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .inspections import Inspection


class VerificationTask(models.Model):
    """A verification inspection proposed to the county staff when a retrofit milestone node
    is completed, or when an online-monitoring anomaly flag is sent for verification (exactly
    one of ``node`` and ``flag``). Done when a verification inspection is submitted."""

    node = models.OneToOneField(
        "retrofits.MilestoneNode",
        verbose_name=_("milestone node"),
        on_delete=models.CASCADE,
        related_name="verification_task",
        null=True,
        blank=True,
    )
    flag = models.OneToOneField(
        "monitoring.Flag",
        verbose_name=_("anomaly flag"),
        on_delete=models.CASCADE,
        related_name="verification_task",
        null=True,
        blank=True,
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
        constraints = [
            models.CheckConstraint(
                name="verification_task_node_xor_flag",
                condition=models.Q(node__isnull=False, flag__isnull=True)
                | models.Q(node__isnull=True, flag__isnull=False),
            )
        ]

    def __str__(self) -> str:
        return _("Verify %(node)s") % {"node": self.node or self.flag}
