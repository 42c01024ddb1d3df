"""Finding records by name, credit code or number, within what the user may see (``access``).

On PostgreSQL the text match is a trigram search (``pg_trgm``, GIN indexes created by migration
0008): ``ILIKE`` served by the index, the closest names first; elsewhere (SQLite, the demo) a
plain ``icontains``. An inspection is found by its record number (``XC20261130-00042``) or
its id, a finding by its reference (``ZG2026-0042``)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Q, QuerySet

import access
from accounts.models import User
from enterprises.models import Enterprise

PICK_LIMIT = 20
SEARCH_LIMIT = 25
MAX_QUERY = 100
_NUMBER = re.compile(r"^(?:XC\d{8}-|ZG\d{4}-|#)?0*(\d{1,9})$", re.IGNORECASE)


def clean_query(q: str | None) -> str:
    """The typed text, trimmed, control characters dropped, at most 100 characters."""
    q = "".join(ch for ch in (q or "") if ch.isprintable())
    return q.strip()[:MAX_QUERY]


def _trigram() -> bool:
    return connection.vendor == "postgresql"


def _ranked(qs: QuerySet, q: str, *fields: str) -> QuerySet:
    """``qs`` rows whose ``fields`` contain ``q`` (case-insensitive), closest first."""
    match = Q()
    for f in fields:
        match |= Q(**{f"{f}__icontains": q})
    qs = qs.filter(match)
    if _trigram():
        from django.contrib.postgres.search import TrigramSimilarity

        return qs.annotate(rank=TrigramSimilarity(fields[0], q)).order_by("-rank", "pk")
    return qs.order_by("pk")


def enterprises_matching(*, user: User, q: str, limit: int = PICK_LIMIT) -> list[Enterprise]:
    """Visible enterprises whose name (either language) or credit code contains ``q``."""
    q = clean_query(q)
    qs = access.visible_enterprises(user).select_related("county")
    qs = _ranked(qs, q, "name_zh", "name_en", "credit_code") if q else qs.order_by("name_zh")
    return list(qs[:limit])


@dataclass
class Results:
    q: str
    enterprises: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    inspections: list = field(default_factory=list)
    findings: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.enterprises) + len(self.projects) + len(self.inspections) + len(self.findings)
        )


def search(*, user: User, q: str, limit: int = SEARCH_LIMIT) -> Results:
    """Enterprises (name, credit code), projects (name) and, for a number, the inspection and
    the finding it names: each list within the user's access, at most ``limit`` rows."""
    q = clean_query(q)
    results = Results(q=q)
    if len(q) < 2 and not _NUMBER.match(q):
        return results
    results.enterprises = enterprises_matching(user=user, q=q, limit=limit)
    results.projects = list(
        _ranked(access.visible_projects(user).select_related("enterprise__county"), q, "name")[
            :limit
        ]
    )
    number = _NUMBER.match(q)
    if number:
        pk = int(number.group(1))
        results.inspections = list(
            access.visible_inspections(user).filter(pk=pk).select_related("enterprise")
        )
        results.findings = list(
            access.visible_findings(user).filter(pk=pk).select_related("enterprise")
        )
    return results
