"""Per-row figures as correlated subqueries, for lists that paginate.

``Count("children")`` on a list joins every child row and groups the whole table before the
page is cut, and the paginator's count repeats it. A correlated subquery in the select list is
evaluated by PostgreSQL only for the rows the page returns (the projection comes after
ORDER BY … LIMIT), and Django leaves an unreferenced one out of ``count()``."""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import DateField, F, Func, IntegerField, QuerySet, Subquery
from django.http import HttpRequest

from .http import page_of


def count_of(queryset: QuerySet) -> Subquery:
    """``(SELECT COUNT(*) FROM … WHERE …)`` for a queryset filtered on ``OuterRef``: 0 when
    nothing matches."""
    return Subquery(
        queryset.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n")[:1],
        output_field=IntegerField(),
    )


def min_of(queryset: QuerySet, field: str, output_field=None) -> Subquery:
    """``(SELECT MIN(field) FROM … WHERE …)``; NULL when nothing matches."""
    return Subquery(
        queryset.order_by().annotate(_m=Func(F(field), function="MIN")).values("_m")[:1],
        output_field=output_field or DateField(),
    )


def page_by_ids(request: HttpRequest, queryset: QuerySet, per_page: int = 25) -> tuple[Page, str]:
    """``core.http.page_of`` for a list whose rows join several tables: the page is cut on the
    ids alone (the filters and the order of ``queryset``, no joins it does not need, an
    index-ordered scan), then only that page's rows are read with their joins, in order."""
    ids_page, query = page_of(request, queryset.values_list("pk", flat=True), per_page)
    ids = list(ids_page.object_list)
    rows = {obj.pk: obj for obj in queryset.order_by().filter(pk__in=ids)}
    ids_page.object_list = [rows[pk] for pk in ids if pk in rows]
    return ids_page, query
