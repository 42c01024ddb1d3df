"""Abstract models shared by the apps, and the one kernel table: ``FormSubmission`` (the
tokens of forms already acted on, ``core.forms.OnceFormMixin``)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class StoredFile(models.Model):
    """A checked photo or PDF kept in the private storage and served only through
    ``core.http.private_file_response`` after an access check. Subclasses add the owner (an
    enterprise and the record the file belongs to) and ``file`` with their own ``upload_to``."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=60)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
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
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class Decided(models.Model):
    """A request someone decides (a postponement, a stage claim): who, when, and why."""

    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_comment = models.TextField(_("decision comment"), blank=True)

    class Meta:
        abstract = True


class SubmittedForReview(models.Model):
    """A document submitted for review (a progress report, an evaluation): who submitted it
    and when, who reviewed it, when, and the comment (required when it is returned)."""

    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)

    class Meta:
        abstract = True


def private_path(instance: StoredFile, filename: str) -> str:
    """Where a stored file goes: the subclass's ``storage_prefix``, the month, a random name,
    and the extension of the checked type (``store_upload`` names the file after it)."""
    import uuid
    from pathlib import PurePosixPath

    ext = PurePosixPath(filename).suffix.lower()[:8]
    now = timezone.localtime()
    prefix = getattr(instance, "storage_prefix", "files")
    return f"{prefix}/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"


class FormSubmission(models.Model):
    """A form acted on once: the random token issued with the rendered form
    (``core.forms.OnceFormMixin``) and the record the submission made. Posting the same token
    again leads to that record instead of acting twice."""

    token = models.CharField(_("token"), max_length=64, unique=True)
    content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE
    )
    object_id = models.CharField(_("record"), max_length=64, blank=True)
    url = models.CharField(_("address"), max_length=500, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), default=timezone.now)

    class Meta:
        verbose_name = _("form submission")
        verbose_name_plural = _("form submissions")

    def __str__(self) -> str:
        return self.token

    def result(self) -> models.Model | None:
        """The record the first submission made, if it still exists."""
        if self.content_type is None:
            return None
        return self.content_type.model_class()._default_manager.filter(pk=self.object_id).first()


class CalendarDay(models.Model):
    """A day that the official calendar makes an exception of: a public holiday on a weekday,
    or a weekend day worked in lieu (调休上班). Every other day is a working day from Monday to
    Friday. Rows come from the State Council's yearly notice (``core/holidays.py``, loaded by a
    data migration); the office adds the next year's in the admin when it is published."""

    day = models.DateField(_("day"), unique=True)
    is_working = models.BooleanField(
        _("working day"), help_text=_("Ticked for a weekend day worked in lieu.")
    )
    name = models.CharField(_("name"), max_length=60, blank=True)
    source = models.CharField(_("source"), max_length=300)

    class Meta:
        verbose_name = _("calendar exception")
        verbose_name_plural = _("calendar exceptions")
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.name}"
