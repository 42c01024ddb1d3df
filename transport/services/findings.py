"""One step from a queue item to a finding: the inspections app's ``finding_create`` records
it (clean-transport category, in the enterprise's open rectification plan, contacts told),
and ``QueueFinding`` remembers which item it came from so the item is raised once."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from accounts.models import User
from inspections.models import Category, Finding
from inspections.services import finding_create

from ..models import QueueFinding
from ..queue import queue_items


def queue_raise_finding(
    *, actor: User, key: str, enterprise_id: int, data: dict[str, Any], today: date | None = None
) -> Finding:
    """Turn the queue item ``key`` into a finding. ``data``: description, requirement,
    deadline, responsible_person, legal_basis (optional), severity."""
    today = today or timezone.localdate()
    enterprise = access.access_transport_enterprise(actor, enterprise_id)
    if not access.can_raise_transport_finding(actor, enterprise):
        raise PermissionDenied
    item = next(
        (
            i
            for i in queue_items(user=actor, today=today, enterprise_id=enterprise.pk)
            if i.key == key
        ),
        None,
    )
    if item is None:
        raise ValidationError(_("This item is no longer in the queue."))
    if item.finding is not None:
        raise ValidationError(_("A finding was already raised for this item."), code="duplicate")
    fields = (
        "description",
        "requirement",
        "deadline",
        "responsible_person",
        "legal_basis",
        "severity",
    )
    payload = {k: data[k] for k in fields if k in data and data[k] not in (None, "")}
    payload["category"] = Category.TRANSPORT
    try:
        with transaction.atomic():
            finding = finding_create(actor=actor, enterprise=enterprise, data=payload, today=today)
            QueueFinding.objects.create(key=key, enterprise=enterprise, finding=finding)
    except IntegrityError:
        raise ValidationError(
            _("A finding was already raised for this item."), code="duplicate"
        ) from None
    return finding
