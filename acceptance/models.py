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

from core.models import Decided, StoredFile, SubmittedForReview, private_path
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


class Conclusion(models.TextChoices):
    MEETS = "meets", _("Meets the ULE requirements")
    FAILS = "fails", _("Does not meet the ULE requirements")
    NOT_COVERED = "not_covered", _("Not covered by this evaluation")


# The three pillars of ULE (../shared/domain.md sections 4-6), named as retrofits' categories.
PILLARS = ("organized", "fugitive", "transport")


class Evaluation(SubmittedForReview):
    """An evaluation-monitoring record an enterprise files after its retrofit and enough
    stable operation (../shared/domain.md section 8), and the bureau's technical review of it:
    accepted, or returned with reasons and resubmitted."""

    class Evaluator(models.TextChoices):
        SELF = "self", _("The enterprise itself")
        INSTITUTION = "institution", _("An entrusted qualified institution")

    class Scope(models.TextChoices):
        FULL = "full", _("Whole plant")
        PARTIAL = "partial", _("Some production units only")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Awaiting the bureau's technical review")
        RETURNED = "returned", _("Returned for revision")
        ACCEPTED = "accepted", _("Accepted")

    enterprise = models.ForeignKey(
        "enterprises.Enterprise",
        verbose_name=_("enterprise"),
        on_delete=models.CASCADE,
        related_name="evaluations",
    )
    evaluator = models.CharField(_("evaluated by"), max_length=16, choices=Evaluator.choices)
    institution_name = models.CharField(_("institution"), max_length=200, blank=True)
    accreditation_no = models.CharField(
        _("accreditation certificate number"), max_length=64, blank=True
    )
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    units = models.ManyToManyField(
        "enterprises.ProductionUnit",
        verbose_name=_("production units evaluated"),
        blank=True,
        related_name="evaluations",
    )
    monitoring_start = models.DateField(_("monitoring from"))
    monitoring_end = models.DateField(_("monitoring until"))
    stable_start = models.DateField(_("stable operation from"))
    stable_end = models.DateField(_("stable operation until"))
    indicators = models.CharField(
        _("indicators covered"),
        max_length=300,
        help_text=_("e.g. PM, SO2, NOx, ammonia slip; fugitive dust; clean-transport share."),
    )
    organized = models.CharField(
        _("organized emissions"), max_length=16, choices=Conclusion.choices
    )
    fugitive = models.CharField(_("fugitive emissions"), max_length=16, choices=Conclusion.choices)
    transport = models.CharField(
        _("clean transportation"), max_length=16, choices=Conclusion.choices
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    resubmissions = models.PositiveSmallIntegerField(_("resubmissions"), default=0)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="institution_named_with_certificate",
                condition=Q(evaluator="self") | (~Q(institution_name="") & ~Q(accreditation_no="")),
            ),
            models.CheckConstraint(
                name="evaluation_periods_in_order",
                condition=Q(monitoring_end__gte=models.F("monitoring_start"))
                & Q(stable_end__gte=models.F("stable_start")),
            ),
            models.CheckConstraint(
                name="returned_evaluations_have_a_comment",
                condition=~Q(status="returned") | ~Q(review_comment=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.monitoring_start}–{self.monitoring_end}"

    def get_absolute_url(self) -> str:
        return reverse("acceptance:evaluation_detail", args=[self.pk])

    @property
    def conclusions(self) -> list[tuple[str, str, str]]:
        """(pillar label, conclusion code, conclusion label) for the three pillars."""
        return [
            (
                str(self._meta.get_field(p).verbose_name),
                getattr(self, p),
                Conclusion(getattr(self, p)).label,
            )
            for p in PILLARS
        ]


class EvaluationFile(StoredFile):
    """The evaluation report and its annexes (PDF or photos), checked by ``core.uploads`` and
    served only after an access check."""

    storage_prefix = "acceptance"

    enterprise = models.ForeignKey(
        "enterprises.Enterprise", on_delete=models.CASCADE, related_name="+"
    )
    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="files", verbose_name=_("evaluation")
    )
    file = models.FileField(_("file"), upload_to=private_path, max_length=200)

    class Meta:
        verbose_name = _("evaluation file")
        verbose_name_plural = _("evaluation files")
        ordering = ["uploaded_at", "id"]

    def get_absolute_url(self) -> str:
        return reverse("acceptance:evaluation_file", args=[self.pk])
