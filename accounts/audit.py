"""The audit trail: services call ``record`` inside their transaction after a change."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry

if TYPE_CHECKING:
    from .models import User


SECRET_FIELDS = frozenset({"password"})


def snapshot(instance: models.Model) -> dict[str, Any]:
    """The concrete, editable field values of ``instance`` as JSON-friendly values. Secrets
    (a password hash) are kept as a fingerprint that shows a change without the secret."""
    import hashlib

    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if not field.editable or field.primary_key:
            continue
        value = getattr(instance, field.attname)
        if field.name in SECRET_FIELDS and value:
            value = "•••• " + hashlib.sha256(str(value).encode()).hexdigest()[:8]
        data[field.name] = (
            None if value is None else str(value) if not isinstance(value, bool | int) else value
        )
    return data


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {k: [before.get(k), v] for k, v in after.items() if before.get(k) != v}


def record(
    *,
    actor: User | None,
    instance: models.Model,
    action: str,
    before: dict[str, Any] | None = None,
    enterprise_id: int | None = None,
) -> AuditEntry | None:
    """Write one audit entry. For an update with no real change nothing is written."""
    after = snapshot(instance) if action != AuditEntry.Action.DELETE else {}
    if action == AuditEntry.Action.UPDATE:
        changes = diff(before or {}, after)
        if not changes:
            return None
    elif action == AuditEntry.Action.CREATE:
        changes = {k: [None, v] for k, v in after.items() if v not in (None, "")}
    else:
        changes = {k: [v, None] for k, v in (before or {}).items() if v not in (None, "")}
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        content_type=ContentType.objects.get_for_model(instance),
        object_id=str(instance.pk),
        object_repr=str(instance)[:200],
        enterprise_id=enterprise_id,
        changes=changes,
    )


@dataclass(frozen=True)
class ChangeLine:
    field: str
    old: str
    new: str


def _field(model: type[models.Model] | None, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except Exception:  # a field removed since: show the stored name
        return None


def related_labels(entries: Iterable[AuditEntry]) -> dict[tuple[type, str], str]:
    """The names of the records that the entries' foreign keys point at, one query per kind
    of record, so a list of entries shows "Zhang San" instead of an id."""
    from collections import defaultdict

    wanted: dict[type, set[str]] = defaultdict(set)
    for entry in entries:
        model = entry.content_type.model_class()
        for name, pair in entry.changes.items():
            field = _field(model, name)
            if field is not None and field.many_to_one and field.related_model is not None:
                wanted[field.related_model].update(str(v) for v in pair if v not in (None, ""))
    labels: dict[tuple[type, str], str] = {}
    for related, ids in wanted.items():
        keys = [i for i in ids if i.isdecimal()]
        for obj in related._default_manager.filter(pk__in=keys):
            labels[(related, str(obj.pk))] = str(obj)
    return labels


def readable_changes(
    entry: AuditEntry, labels: dict[tuple[type, str], str] | None = None
) -> list[ChangeLine]:
    """Changes with field names, choice labels and related records' names (``labels``, from
    ``related_labels``) in the active language. On a creation, who created it is the entry's
    own actor: a person field naming that same author is not repeated."""
    from django.conf import settings

    model = entry.content_type.model_class()
    labels = labels or {}
    lines = []
    for name, (old, new) in entry.changes.items():
        label, old_s, new_s = name, old, new
        field = _field(model, name)
        if field is not None:
            related = field.related_model if field.many_to_one else None
            if (
                related is not None
                and entry.action == AuditEntry.Action.CREATE
                and related._meta.label == settings.AUTH_USER_MODEL
                and entry.actor_id is not None
                and str(new) == str(entry.actor_id)
            ):
                continue  # "created by" the entry's own author
            label = str(getattr(field, "verbose_name", name))
            if related is not None:
                old_s = labels.get((related, str(old)), old)
                new_s = labels.get((related, str(new)), new)
            else:
                choices = dict(field.flatchoices) if getattr(field, "choices", None) else {}
                old_s = choices.get(old, old)
                new_s = choices.get(new, new)
        lines.append(ChangeLine(label, _fmt(old_s), _fmt(new_s)))
    return lines


def _fmt(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if value is True:
        from django.utils.translation import gettext

        return gettext("yes")
    if value is False:
        from django.utils.translation import gettext

        return gettext("no")
    return str(value)
