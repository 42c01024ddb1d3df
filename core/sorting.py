"""Column sorting of lists (issue 12): ``?sort=key`` or ``?sort=-key`` read against a whitelist
of keys per list, the ``order_by`` it means, and the header context (link, arrow, aria-sort).

A list declares its keys once::

    PROJECT_SORTS = Sorting(
        {"enterprise": ("enterprise__name_zh",), "due": ("next_due",)},
        default="-due",
        first=(pending_first,),   # e.g. reports waiting for review before the others
    )

and calls ``PROJECT_SORTS.order(queryset, request.GET)`` (the selector receives the ordering
as an argument; an unknown key falls back to the default, never an error). Templates render
the headers with ``{% load sorting %}{% sort_header sorting "enterprise" _("Enterprise") %}``
where ``sorting`` is ``PROJECT_SORTS.context(request.GET)``. The list's other parameters are
kept in the links; the page number is dropped (a new order starts at page 1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OrderBy, QuerySet
from django.db.models.expressions import BaseExpression
from django.http import QueryDict

PARAM = "sort"
Field = str | BaseExpression


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool

    @property
    def param(self) -> str:
        return f"-{self.key}" if self.descending else self.key


class Sorting:
    def __init__(
        self,
        keys: Mapping[str, Sequence[Field]],
        *,
        default: str,
        first: Sequence[Field] = (),
        tiebreak: Sequence[str] = ("-pk",),
    ):
        self.keys = dict(keys)
        self.default = self._parse(default)
        if self.default is None:
            raise ValueError(f"default {default!r} is not one of {sorted(self.keys)}")
        self.first = tuple(first)
        self.tiebreak = tuple(tiebreak)

    def _parse(self, value: str | None) -> Sort | None:
        value = (value or "").strip()
        descending = value.startswith("-")
        key = value[1:] if descending else value
        return Sort(key, descending) if key in self.keys else None

    def current(self, params: QueryDict | Mapping[str, Any]) -> tuple[Sort, bool]:
        """The sort the parameters ask for (or the default) and whether it is explicit."""
        asked = self._parse(params.get(PARAM) if params else None)
        return (asked, True) if asked else (self.default, False)

    def ordering(self, params: QueryDict | Mapping[str, Any]) -> list[Any]:
        """``order_by`` arguments: pending items first unless the person chose a column, then
        the column (nulls last whichever way), then a stable tiebreak."""
        sort, explicit = self.current(params)
        out: list[Any] = [] if explicit else list(self.first)
        for field in self.keys[sort.key]:
            # "-name": the other way round from the column (e.g. newest first within a status)
            flip = isinstance(field, str) and field.startswith("-")
            expr = F(field.lstrip("-")) if isinstance(field, str) else field
            if isinstance(expr, OrderBy):
                out.append(expr)
            elif sort.descending != flip:
                out.append(expr.desc(nulls_last=True))
            else:
                out.append(expr.asc(nulls_last=True))
        return out + list(self.tiebreak)

    def order(self, queryset: QuerySet, params: QueryDict | Mapping[str, Any]) -> QuerySet:
        return queryset.order_by(*self.ordering(params))

    def context(self, params: QueryDict) -> dict[str, Any]:
        """What ``{% sort_header %}`` needs: the current sort and the other parameters."""
        sort, explicit = self.current(params)
        rest = params.copy() if isinstance(params, QueryDict) else QueryDict(mutable=True)
        rest = rest.copy()
        for name in (PARAM, "page"):
            rest.pop(name, None)
        return {"sort": sort, "explicit": explicit, "rest": rest, "keys": self.keys}


def header(context: Mapping[str, Any], key: str) -> dict[str, Any]:
    """Link, arrow and aria-sort of one column header."""
    if key not in context["keys"]:
        raise KeyError(f"{key!r} is not a sort key of this list")
    sort: Sort = context["sort"]
    active = sort.key == key
    # a click on the active column turns it round; on another column it sorts ascending
    next_param = key if not active or sort.descending else f"-{key}"
    query = context["rest"].copy()
    query[PARAM] = next_param
    if active:
        aria = "descending" if sort.descending else "ascending"
        icon = "bi-sort-down" if sort.descending else "bi-sort-up"
    else:
        aria, icon = "", "bi-arrow-down-up"
    return {"href": f"?{query.urlencode()}", "active": active, "aria_sort": aria, "icon": icon}


def choice_order(field: str, values: Sequence[str]) -> BaseExpression:
    """An expression sorting a choices field in the order of ``values`` (e.g. the stages as they
    follow each other, or pending statuses first), unknown values last."""
    from django.db.models import Case, IntegerField, Value, When

    return Case(
        *(When(**{field: v}, then=Value(i)) for i, v in enumerate(values)),
        default=Value(len(values)),
        output_field=IntegerField(),
    )
