"""Files: photos and evidence, stored outside the web root (default storage) and served only
after an access check (``core.http.private_file_response``)."""

from __future__ import annotations

import uuid
from pathlib import PurePosixPath

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.models import StoredFile, private_path

from .checklists import ChecklistItem
from .findings import Finding, FindingResponse
from .inspections import Inspection


def attachment_path(instance: Attachment, filename: str) -> str:
    """The former ``upload_to`` (kept importable for migration 0001); new files go through
    ``core.models.private_path`` with the same layout."""
    ext = PurePosixPath(filename).suffix.lower()[:8]
    now = timezone.localtime()
    return f"inspections/{now:%Y/%m}/{uuid.uuid4().hex}{ext}"


class Attachment(StoredFile):
    """A photo or PDF attached to an inspection (optionally to one check item), a finding or
    a rectification response. Checked by ``core.uploads`` and stored by
    ``core.files.store_upload`` (sniffed type, SHA-256, EXIF time and position)."""

    storage_prefix = "inspections"

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
    file = models.FileField(_("file"), upload_to=private_path, max_length=200)

    class Meta(StoredFile.Meta):
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                name="attachment_has_an_owner",
                condition=Q(inspection__isnull=False)
                | Q(finding__isnull=False)
                | Q(response__isnull=False),
            )
        ]

    def get_absolute_url(self) -> str:
        return reverse("inspections:attachment", args=[self.pk])
