"""Benchmark (not a timed test): every list, detail, form and dashboard page at 7, 207 and
2,007 enterprises, as the office, a leader (official) and an enterprise contact.

The data set is the demo (``load_demo``, 7 enterprises) grown by ``manage.py generate_scale``
(``enterprises.scale``) to 200 and then 2,000 generated enterprises (BENCH_PAGE_SIZES). Each
page is requested RUNS times through the Django test client (median reported, with its query
count and size); the main lists are compared with hand-written raw SQL of the same page of
rows and with the Django admin changelist of the same table. Run with `make bench`; figures:
docs/benchmarks.md, "Pages at national scale". BENCH_PAGES_OUT=<file> also writes the
Markdown tables there.
"""

from __future__ import annotations

import os
import statistics

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from enterprises import scale

from .pages import ADMIN_CHANGELISTS, RAW_SQL, demo_users, measure, time_get, time_sql

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

SIZES = [int(n) for n in os.environ.get("BENCH_PAGE_SIZES", "0,200,2000").split(",")]
RUNS = int(os.environ.get("BENCH_PAGE_RUNS", 10))
GOAL_MS = 300


def _admin_times(runs: int) -> dict[str, float]:
    admin = User.objects.filter(username="bench_admin").first() or User.objects.create(
        username="bench_admin", role=Role.OFFICE, is_staff=True, is_superuser=True
    )
    client = Client()
    client.force_login(admin)
    out = {}
    for page, name in ADMIN_CHANGELISTS.items():
        ms, _, status, _, _ = time_get(client, reverse(name), runs)
        if status == 200:
            out[page] = ms
    return out


def _table(results: dict, raw: dict, admin: dict) -> list[str]:
    sizes = list(results)
    head = " | ".join(f"{7 + n:,} ent." for n in sizes)
    lines = [
        f"| page | user | {head} | queries | page's SQL | raw SQL | page's SQL / raw "
        "| admin changelist |",
        "|---|---|" + "---:|" * (len(sizes) + 5),
    ]
    last = sizes[-1]
    keys = sorted({(t.page, t.user) for t in results[last] if t.status == 200})
    for page, user in keys:
        cells, queries = [], set()
        for n in sizes:
            t = next((t for t in results[n] if (t.page, t.user) == (page, user)), None)
            cells.append(f"{t.median_ms:.0f} ms" if t and t.status == 200 else "—")
            if t and t.status == 200:
                queries.add(t.queries)
        final = next(t for t in results[last] if (t.page, t.user) == (page, user))
        r = raw.get((page, user))
        ratio = f"{final.sql_ms / r:.1f}" if r else ""
        a = admin.get(page) if user == "office" else None
        flag = " **over 300 ms**" if final.median_ms > GOAL_MS else ""
        lines.append(
            f"| {page}{flag} | {user} | {' | '.join(cells)} | "
            f"{'/'.join(str(q) for q in sorted(queries))} | {final.sql_ms:.1f} ms | "
            f"{f'{r:.1f} ms' if r else ''} | {ratio} | {f'{a:.0f} ms' if a else ''} |"
        )
    return lines


def test_every_page_at_7_207_and_2007_enterprises(settings):
    settings.PUBLIC_REQUESTS_PER_MINUTE = 1_000_000  # the public pages' rate limit
    settings.ALLOWED_HOSTS = ["*"]
    if connection.vendor != "postgresql":
        pytest.skip("generate_scale runs on PostgreSQL only")
    call_command("load_demo", verbosity=0)
    results, raw, admin = {}, {}, {}
    for n in SIZES:
        if n:
            scale.generate(n, log=lambda line: None)
        users = demo_users()
        results[n] = measure(users, runs=RUNS)
        for page, sql in RAW_SQL.items():
            for label, user in users.items():
                raw[(page, label)] = time_sql(sql, {"user": user.pk}, RUNS)
        admin = _admin_times(RUNS)
        for t in results[n]:
            print(
                f"  {7 + n:5} | {t.page:34} | {t.user:8} | {t.median_ms:7.1f} ms | "
                f"{t.queries:3} q | {t.sql_ms:6.1f} ms SQL | {t.status} | {t.size // 1024} kB"
            )
        slow = sorted((t for t in results[n] if t.status == 200), key=lambda t: -t.median_ms)[:5]
        print(
            f"\n{7 + n} enterprises, slowest: "
            + "; ".join(f"{t.page} ({t.user}) {t.median_ms:.0f} ms" for t in slow)
        )
    lines = _table(results, raw, admin)
    print("\n" + "\n".join(lines))
    out = os.environ.get("BENCH_PAGES_OUT")
    if out:
        with open(out, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")

    errors = [t for n in SIZES for t in results[n] if t.status >= 500]
    assert not errors, f"server errors: {[(t.page, t.user) for t in errors]}"
    # the query count of a page does not grow with the data set
    first, last = SIZES[0], SIZES[-1]
    grown = []
    for t in results[last]:
        before = next((b for b in results[first] if (b.page, b.user) == (t.page, t.user)), None)
        if before and before.status == t.status == 200 and t.queries > before.queries + 2:
            grown.append((t.page, t.user, before.queries, t.queries))
    assert not grown, f"query counts grew with the data: {grown}"
    print(
        f"\nmedian of all pages at {7 + last}: "
        f"{statistics.median(t.median_ms for t in results[last] if t.status == 200):.0f} ms"
    )
