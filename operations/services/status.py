"""Running-status intervals: the enterprise reports a status from a date (closing the open
interval before it), county staff verify. ``ProductionUnit.status`` follows the interval
covering today where the registry has the same status."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

import access
from accounts.models import User
from core.audit import save_audited
from core.dates import check_plausible
from enterprises.models import ProductionUnit, UnitStatus

from ..models import StatusInterval

ONE_DAY = datetime.timedelta(days=1)


def status_report(
    *,
    actor: User,
    unit: ProductionUnit,
    status: str,
    start: datetime.date,
    end: datetime.date | None = None,
    note: str = "",
    today: datetime.date | None = None,
) -> StatusInterval:
    """Record that ``unit`` had ``status`` from ``start`` (to ``end``, or ongoing). An ongoing
    interval that began earlier ends the day before; any other overlap is refused."""
    if not access.can_report_status(actor, unit.enterprise):
        raise PermissionDenied
    today = today or timezone.localdate()
    check_plausible(start=start, end=end)
    if end is not None and end < start:
        raise ValidationError({"end": _("The end cannot be before the start.")})
    if start > today + datetime.timedelta(days=31):
        raise ValidationError({"start": _("Report a status at most a month ahead.")})
    with transaction.atomic():
        ProductionUnit.objects.select_for_update().filter(pk=unit.pk).first()
        intervals = StatusInterval.objects.filter(unit=unit)
        open_before = intervals.filter(end__isnull=True, start__lt=start).first()
        if open_before is not None:
            open_before.end = start - ONE_DAY
            open_before.save(update_fields=["end"])
        limit = end or datetime.date.max
        overlap = intervals.filter(start__lte=limit).filter(Q(end__isnull=True) | Q(end__gte=start))
        if overlap.exists():
            raise ValidationError(
                _(
                    "This period overlaps a status already reported (%(other)s); correct that one first."
                )
                % {"other": overlap.first()}
            )
        interval = save_audited(
            StatusInterval(
                unit=unit,
                enterprise_id=unit.enterprise_id,
                status=status,
                start=start,
                end=end,
                note=note.strip(),
                reported_by=actor,
            ),
            actor=actor,
            enterprise_id=unit.enterprise_id,
        )
        if interval.covers(today) and status in UnitStatus.values and unit.status != status:
            ProductionUnit.objects.filter(pk=unit.pk).update(status=status)
    return interval


def status_verify(*, actor: User, interval: StatusInterval) -> StatusInterval:
    with transaction.atomic():
        interval = (
            StatusInterval.objects.select_for_update(of=("self",))
            .select_related("enterprise__county")
            .get(pk=interval.pk)
        )
        if not access.can_verify_status(actor, interval):
            raise PermissionDenied
        interval.verified_by = actor
        interval.verified_at = timezone.now()
        interval.save(update_fields=["verified_by", "verified_at"])
    return interval
