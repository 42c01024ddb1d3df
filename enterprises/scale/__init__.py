"""A national-scale data set for benchmarks (``manage.py generate_scale``), PostgreSQL only.

Every row is written by SQL (``INSERT … SELECT … generate_series``) on top of the Jining demo
(``load_demo``): each table clones one demo row as its template and overrides the keys, dates
and names, so columns added later keep the demo's valid values. Generated enterprises carry a
credit code starting with ``SC`` followed by their number; every step adds only what is missing
(enterprises not yet there, children of enterprises that have none), so running it again writes
nothing and ``--enterprises 2000`` after ``--enterprises 200`` adds the other 1,800.

Per generated enterprise: one contact, 4 projects of 25 nodes (100 nodes), 50 inspections
(2 inspectors each), 10 findings under one plan, about 300 notifications (250 for the contact,
50 for the city's staff), a target in every 33rd… draw (24 monthly draws, about 3% of the
enterprises each), weekly-snapshot rows for every stored snapshot, and every tenth enterprise
on the ULE list; two CEMS points with a device each, their monthly and daily rollups, an open
flag for one enterprise in five, a cargo gate and a year of gate passes (``plants``).
"""

from __future__ import annotations

import time
from collections.abc import Callable

from django.db import connection
from django.utils import timezone

from .base import (  # noqa: F401
    CONTACT_NOTIFICATIONS,
    INSPECTIONS_PER_ENTERPRISE,
    NODES_PER_PROJECT,
    PREFIX,
    PROJECTS_PER_ENTERPRISE,
    STAFF_NOTIFICATIONS,
    Report,
    ScaleError,
    _exec,
)
from .inspections import draws, findings, inspections
from .others import listing, notifications, snapshot_rows
from .plants import devices, flags, gate_passes, gates, points, rollups, share_misses
from .registry import contacts, enterprises, nodes, projects, reports_and_changes


def generate(n: int, *, log: Callable[[str], None] = print) -> Report:
    if connection.vendor != "postgresql":
        raise ScaleError(
            "generate_scale writes with PostgreSQL's generate_series and runs on PostgreSQL "
            "only; set DATABASE_URL to a PostgreSQL database (SQLite is for the small demo)."
        )
    with connection.cursor() as cur:
        cur.execute("SELECT count(*) FROM accounts_user WHERE role = 'contact'")
        if not cur.fetchone()[0]:
            raise ScaleError("load the demo first (manage.py load_demo): its rows are templates")
    today = timezone.localdate()
    report = Report()
    steps: list[tuple[str, Callable[[], int]]] = [
        ("enterprises", lambda: enterprises(n)),
        ("contacts", contacts),
        ("projects", projects),
        ("milestone nodes", lambda: nodes(today)),
        ("reports and date changes", lambda: reports_and_changes(today)),
        ("inspections", lambda: inspections(today)),
        ("findings", lambda: findings(today)),
        ("draw targets", lambda: draws(today)),
        ("notifications", notifications),
        ("snapshot rows", snapshot_rows),
        ("ULE list entries", listing),
        ("emission points", points),
        ("monitoring devices", devices),
        ("monitoring rollups", rollups),
        ("monitoring flags", flags),
        ("cargo gates", gates),
        ("ledger imports and gate passes", gate_passes),
        ("share misses", share_misses),
    ]
    for name, step in steps:
        t0 = time.perf_counter()
        rows = step()
        report.add(name, rows, time.perf_counter() - t0)
        log(f"  {name}: {rows} rows in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    _exec("ANALYZE")
    report.add("analyze", 0, time.perf_counter() - t0)
    return report
