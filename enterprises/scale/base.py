"""The SQL helpers of the scale generator: ``clone`` copies a demo row as the template of
every generated row (see the package's docstring)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection

PREFIX = "SC"
PROJECTS_PER_ENTERPRISE = 4
NODES_PER_PROJECT = 25
INSPECTIONS_PER_ENTERPRISE = 50
FINDINGS_PER_ENTERPRISE = 10
CONTACT_NOTIFICATIONS = 250
STAFF_NOTIFICATIONS = 50
DRAW_MONTHS = 24
DRAW_SHARE = 33  # one enterprise in 33 per draw, about 3%


class ScaleError(Exception):
    pass


@dataclass
class Report:
    steps: list[tuple[str, int, float]] = field(default_factory=list)

    def add(self, name: str, rows: int, seconds: float) -> None:
        self.steps.append((name, rows, seconds))


def _columns(table: str) -> list[str]:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = "
            "current_schema() AND table_name = %s AND column_name <> 'id' "
            "ORDER BY ordinal_position",
            [table],
        )
        return [r[0] for r in cur.fetchall()]


def clone(
    table: str,
    *,
    template: str,
    source: str,
    values: dict[str, str],
    params: dict | None = None,
    suffix: str = "",
) -> int:
    """``INSERT INTO table SELECT`` one row per row of ``source`` (a FROM clause whose
    columns the expressions in ``values`` may use, aliased ``s``), copying every other column
    from the template row (``template``: a WHERE condition on ``tpl``)."""
    cols = _columns(table)
    unknown = set(values) - set(cols)
    if unknown:
        raise ScaleError(f"{table} has no column(s) {sorted(unknown)}")
    select = ", ".join(values.get(c, f'tpl."{c}"') for c in cols)
    names = ", ".join(f'"{c}"' for c in cols)
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {select} FROM {source} "
        f"CROSS JOIN LATERAL (SELECT * FROM {table} tpl WHERE {template} "
        f"ORDER BY tpl.id LIMIT 1) tpl {suffix}"
    )
    with connection.cursor() as cur:
        cur.execute(sql, params or {})
        return cur.rowcount


def _exec(sql: str, params: dict | None = None) -> int:
    with connection.cursor() as cur:
        cur.execute(sql, params or {})
        return cur.rowcount


GEN = f"(SELECT id, substring(credit_code from 3)::int AS g FROM enterprises_enterprise WHERE credit_code LIKE '{PREFIX}%%')"
