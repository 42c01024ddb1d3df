"""Evaluation monitoring records (../shared/domain.md section 8) and their files."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile, SubmittedForReview, private_path


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
