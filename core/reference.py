"""Reference data (node templates, checklists, law articles, limits...) lives in plain modules
of each app as lists of dicts; data migrations, the demo loader and the tests load it with
``ensure_rows``, so there is one copy of every row."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import models


def ensure_rows(
    model: type[models.Model],
    rows: Iterable[Mapping[str, Any]],
    *,
    key: Sequence[str],
    update: bool = False,
) -> list[models.Model]:
    """Create each row that is missing (matched on ``key`` fields); with ``update``, bring
    existing rows' other fields to the given values. Works with the historical models of a
    migration (``apps.get_model``) as well as the real ones. Returns the rows, in order."""
    result = []
    for row in rows:
        lookup = {k: row[k] for k in key}
        defaults = {k: v for k, v in row.items() if k not in key}
        if update:
            obj, _created = model._default_manager.update_or_create(defaults=defaults, **lookup)
        else:
            obj, _created = model._default_manager.get_or_create(defaults=defaults, **lookup)
        result.append(obj)
    return result
