"""Storing checked uploads so that a failed service leaves no orphan file behind.

Files are written to storage before the rows that point at them. A service opens
``atomic_with_files()`` (a transaction plus a record of the files written inside it) and passes
the ``StoredFiles`` it yields to whatever stores files; if the block fails, the transaction
rolls back and the files are deleted again. No hidden context variable: the record is an
explicit argument.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, TypeVar

from django.core.files.base import File
from django.db import transaction

from core.uploads import CheckedUpload

if TYPE_CHECKING:
    from django.db.models.fields.files import FieldFile

    from accounts.models import User

    from .models import StoredFile

log = logging.getLogger(__name__)

S = TypeVar("S", bound="StoredFile")


class StoredFiles:
    """The files written during one block, to delete should the block fail."""

    def __init__(self) -> None:
        self.written: list[tuple[object, str]] = []

    def save(self, field_file: FieldFile, name: str, content: File) -> None:
        field_file.save(name, content, save=False)
        self.written.append((field_file.storage, field_file.name))

    def remove_all(self) -> None:
        for storage, name in self.written:
            try:
                storage.delete(name)
            except OSError:  # best effort: the row is gone, a stray file is harmless
                log.warning("Could not remove stored file %s", name)
        self.written.clear()


@contextmanager
def files_removed_on_error() -> Iterator[StoredFiles]:
    stored = StoredFiles()
    try:
        yield stored
    except BaseException:
        stored.remove_all()
        raise


@contextmanager
def atomic_with_files() -> Iterator[StoredFiles]:
    """``transaction.atomic()`` that also deletes the files written inside it when it fails."""
    with files_removed_on_error() as stored, transaction.atomic():
        yield stored


def stored_today_bytes(enterprise_id: int) -> int:
    """What an enterprise has stored today (Asia/Shanghai), over every StoredFile model."""
    from django.apps import apps
    from django.db.models import Sum
    from django.utils import timezone

    from .models import StoredFile

    start = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    total = 0
    for model in apps.get_models():
        if issubclass(model, StoredFile) and any(
            f.name == "enterprise" for f in model._meta.fields
        ):
            total += (
                model._default_manager.filter(
                    enterprise_id=enterprise_id, uploaded_at__gte=start
                ).aggregate(n=Sum("size"))["n"]
                or 0
            )
    return total


def check_daily_quota(enterprise_id: int | None, incoming: int) -> None:
    """Refuse files that would take an enterprise past ``UPLOAD_MAX_BYTES_PER_ENTERPRISE_DAY``
    (nothing is stored, nothing already stored is touched)."""
    from django.conf import settings
    from django.core.exceptions import ValidationError
    from django.template.defaultfilters import filesizeformat
    from django.utils.translation import gettext as _

    limit = int(getattr(settings, "UPLOAD_MAX_BYTES_PER_ENTERPRISE_DAY", 500 * 1024 * 1024))
    if enterprise_id is None:
        return
    if stored_today_bytes(enterprise_id) + incoming > limit:
        raise ValidationError(
            _(
                "These files would take this enterprise past its upload allowance of %(limit)s "
                "a day; nothing was stored. Try again tomorrow or ask the office."
            )
            % {"limit": filesizeformat(limit)},
            code="quota",
        )


def store_upload(
    instance: S, upload: CheckedUpload, *, files: StoredFiles, actor: User | None
) -> S:
    """Fill ``instance`` (a StoredFile subclass with its owner fields set) from a checked
    upload, write the bytes under a random name with the extension of the checked type, and
    save the row. Refused past the enterprise's daily allowance (``check_daily_quota``)."""
    check_daily_quota(getattr(instance, "enterprise_id", None), upload.size)
    instance.original_name = (upload.file.name or "file")[:200]
    instance.content_type = upload.content_type
    instance.size = upload.size
    instance.sha256 = upload.sha256
    instance.taken_at = upload.taken_at
    instance.latitude = upload.latitude
    instance.longitude = upload.longitude
    instance.uploaded_by = actor if actor is not None and actor.is_authenticated else None
    upload.file.seek(0)
    files.save(instance.file, f"upload{upload.extension}", File(upload.file))
    instance.save()
    return instance
