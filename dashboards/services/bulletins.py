"""Issuing the weekly dispatch bulletin of a snapshot: its two documents, archived, and a
notification to the office and the city through the outbox."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import IntegrityError
from django.db.models import Max
from django.utils import translation

import access
from access import Audience
from core.files import atomic_with_files
from notifications.services import notify

from .. import bulletin as documents
from .. import messages
from ..models import Bulletin, Rating, WeeklySnapshot


def bulletin_issue(*, snapshot: WeeklySnapshot) -> tuple[Bulletin, bool]:
    """The bulletin of ``snapshot``, issued now if it was not yet: ``(bulletin, created)``.
    Written in the portal's official language (Chinese) whoever runs it. Re-running issues
    nothing twice (one bulletin per snapshot; the notification key names the bulletin)."""
    existing = Bulletin.objects.filter(snapshot=snapshot).first()
    if existing is not None:
        return existing, False
    with translation.override("zh-hans"):
        rows = documents.ranked(snapshot)
        number = (Bulletin.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        xlsx = documents.workbook(snapshot, rows)
        pdf = documents.pdf(snapshot, rows, number)
    counts = {r: sum(1 for x in rows if x.rating == r) for r in Rating.values}
    stem = f"bulletin-{snapshot.week_start:%Y%m%d}"
    bulletin = Bulletin(snapshot=snapshot, number=number, **counts)
    try:
        with atomic_with_files() as files:
            files.save(bulletin.xlsx, f"{stem}.xlsx", ContentFile(xlsx))
            files.save(bulletin.pdf, f"{stem}.pdf", ContentFile(pdf))
            bulletin.save()
            notify(
                recipients=access.people(Audience.OFFICE, Audience.CITY),
                key=f"bulletin:{bulletin.pk}",
                message=messages.bulletin_issued(bulletin),
            )
    except IntegrityError:  # issued at the same moment by another worker: theirs stands
        return Bulletin.objects.get(snapshot=snapshot), False
    return bulletin, True
