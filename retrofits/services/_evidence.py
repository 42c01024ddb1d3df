"""Evidence files of the services: uploads checked once, stored with their owner record."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from django.core.files.uploadedfile import UploadedFile

from core.files import StoredFiles, store_upload
from core.uploads import CheckedUpload, check_uploads

from ..models import Evidence

if TYPE_CHECKING:
    from accounts.models import User


def checked_files(files: Sequence[CheckedUpload | UploadedFile]) -> list[CheckedUpload]:
    """The files as forms give them (``core.forms.MultipleFileField``: already checked) or, for
    callers holding raw uploads (tests, the demo), checked now: call before the transaction.
    Every refused file is named under ``files``."""
    if all(isinstance(f, CheckedUpload) for f in files):
        return list(files)
    return check_uploads(files, field="files")


def store_evidence(
    uploads: Sequence[CheckedUpload],
    *,
    stored: StoredFiles,
    actor: User | None,
    enterprise_id: int,
    **owner: Any,
) -> list[Evidence]:
    """Store each upload as evidence of ``owner`` (``node=``, ``date_change=`` or ``report=``)
    inside the caller's ``atomic_with_files()`` block."""
    return [
        store_upload(
            Evidence(enterprise_id=enterprise_id, **owner), upload, files=stored, actor=actor
        )
        for upload in uploads
    ]
