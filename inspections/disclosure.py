"""The published draw results ("one public") read in SQL a page at a time: the counts are
one aggregate, the rows a queryset that loads the draw's title only (never its inputs and
result) and the inspectors and submitted inspections of the rows read. Re-exported by
``inspections.selectors``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate
from django.utils import timezone

from core.subqueries import count_of

from .models import DrawTarget, Finding, Inspection, InspectionStatus


@dataclass
class Disclosure:
    """``rows``: every published target, lazy (a queryset): paginate it, then read the page.
    ``due`` and ``disclosed`` are counted in SQL."""

    rows: QuerySet[DrawTarget]
    due: int
    disclosed: int

    @property
    def rate(self) -> Decimal | None:
        if not self.due:
            return None
        return (Decimal(self.disclosed) * 100 / self.due).quantize(Decimal("0.1"))


def disclosure_targets(*, today: date) -> QuerySet[DrawTarget]:
    """Drawn targets whose inspection date has come, of draws not superseded; a superseded
    draw's targets already published before it was superseded stay published (a result once
    public is never withdrawn by a later draw)."""
    return DrawTarget.objects.filter(inspection_date__lte=today).filter(
        Q(draw__supersession__isnull=True)
        | Q(inspection_date__lt=TruncDate("draw__supersession__at"))
    )


def disclosure(*, today: date | None = None) -> Disclosure:
    """Published draw results: every drawn target whose inspection date has come (of draws not
    superseded, or before the draw was superseded), with the submitted inspection and its findings where done. The disclosure
    rate is the share of published targets whose result (a submitted inspection record) is
    disclosed. The rows are a queryset read page by page: the draw's title only (never its
    inputs and result), the inspectors and submitted inspections of the page's rows."""
    today = today or timezone.localdate()
    targets = disclosure_targets(today=today)
    submitted = Inspection.objects.filter(
        draw_target=OuterRef("pk"), status=InspectionStatus.SUBMITTED
    )
    counts = targets.annotate(is_done=Exists(submitted)).aggregate(
        due=Count("pk"), disclosed=Count("pk", filter=Q(is_done=True))
    )
    rows = (
        targets.select_related("enterprise__county", "draw")
        .only(
            "id",
            "draw_id",
            "enterprise_id",
            "target_class",
            "inspection_date",
            "position",
            "draw__id",
            "draw__title",
            "enterprise__id",
            "enterprise__name_zh",
            "enterprise__name_en",
            "enterprise__credit_code",
            "enterprise__county__id",
            "enterprise__county__name_zh",
            "enterprise__county__name_en",
        )
        .prefetch_related(
            "inspectors",
            Prefetch(
                "inspections",
                queryset=Inspection.objects.filter(status=InspectionStatus.SUBMITTED)
                .annotate(finding_count=count_of(Finding.objects.filter(inspection=OuterRef("pk"))))
                .only("id", "draw_target_id", "started_at", "enterprise_id")
                .order_by("started_at"),
                to_attr="done",
            ),
        )
        .order_by("-inspection_date", "draw_id", "position")
    )
    return Disclosure(rows=rows, due=counts["due"], disclosed=counts["disclosed"])
