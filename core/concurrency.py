"""Optimistic locking of edit forms: a record with a ``version`` column (a
``PositiveIntegerField(default=1, editable=False)``) is saved with ``save_versioned``, which
locks the row, compares its version with the one the form was rendered with and refuses a save
over someone else's change with ``StaleEdit`` (a ValidationError the form shows, with the
other person's values: ``core.forms.VersionedFormMixin``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from core.audit import save_audited, snapshot

if TYPE_CHECKING:
    from accounts.models import User

M = TypeVar("M", bound=models.Model)

VERSION_FIELD = "version"


class StaleEdit(ValidationError):
    """The record changed since the form was opened. ``current`` is the record as it is now
    (locked and read inside the refused save's transaction)."""

    def __init__(self, current: models.Model):
        super().__init__(
            _(
                "Someone else changed this record since you opened it; their version is shown "
                "below, your entries are kept in the form. Save again to replace their version "
                "with yours."
            ),
            code="stale",
        )
        self.current = current


def split_version(data: dict[str, Any]) -> tuple[dict[str, Any], int | None]:
    """The form's cleaned data without the hidden ``version``, and that version (None when the
    form did not carry one)."""
    data = dict(data)
    return data, data.pop(VERSION_FIELD, None)


def lock_current(instance: M, *, expected_version: int | None) -> M:
    """``instance``'s row, locked (call inside a transaction); ``StaleEdit`` when its version
    is not ``expected_version`` (no check when that is None)."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(current)
    return current


def save_versioned(
    instance: M,
    *,
    actor: User | None,
    data: dict[str, Any],
    expected_version: int | None = None,
    enterprise_id: int | None = None,
) -> M:
    """Create ``instance`` with ``data``, or update its row with ``data`` if the row is still
    at ``expected_version`` (``data`` may carry it as ``version``, as a versioned form's cleaned
    data does): the row is locked, compared, changed, its version incremented and the audit
    entry written in one transaction. Only the fields in ``data`` are written over the locked
    row, so a change made meanwhile to other fields is kept. Returns the saved record (for an
    update, the locked row as saved, not ``instance``)."""
    data, carried = split_version(data)
    if expected_version is None:
        expected_version = carried
    with transaction.atomic():
        if instance.pk is None:
            for field, value in data.items():
                setattr(instance, field, value)
            return save_audited(instance, actor=actor, enterprise_id=enterprise_id)
        current = lock_current(instance, expected_version=expected_version)
        before = snapshot(current)
        for field, value in data.items():
            setattr(current, field, value)
        current.version = current.version + 1
        return save_audited(current, actor=actor, before=before, enterprise_id=enterprise_id)
