"""Benchmark (not a timed test): the retrofit daily sweep over a large generated data set.

Generates enterprises, contacts, county staff and retrofit projects with SQL
(generate_series), then runs ``retrofits.reminders.daily_sweep`` on a small and on the full
data set and reports time and query count. The query count must not grow with the number of
nodes. Run with `make bench` (pytest -m benchmark -s tests/benchmarks). Figures:
docs/benchmarks.md.
"""

import os
import threading
import time

import pytest
from django.db import connection
from django.db.models import Count
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role, User
from enterprises.models import County
from notifications.models import Notification
from notifications.reminders import SWEEP_BATCH
from retrofits import reminders

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", 2000))
NODES = int(os.environ.get("BENCH_NODES", 200_000))
NODES_PER_PROJECT = 13
COUNTIES = 14


def generate(*, first_enterprise: int, enterprises: int, first_project: int, projects: int):
    """Enterprises [first, first+n), their contacts, and projects with 13 nodes each. Node
    dates spread over about two years around today; 1 project in 20 is behind (its past nodes
    stay open, i.e. missed), the others are on time."""
    today = timezone.localdate()
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO enterprises_enterprise
              (name_zh, name_en, credit_code, industry, county_id, address, annual_capacity_t,
               key_region, ule_stage, is_illustrative, updated_at, version, ule_partial_capacity_t)
            SELECT '基准企业' || g, 'Bench ' || g, 'B' || lpad(g::text, 17, '0'),
                   CASE WHEN g %% 2 = 0 THEN 'cement_clinker' ELSE 'coking' END,
                   (SELECT id FROM enterprises_county ORDER BY id OFFSET (g %% %(counties)s) LIMIT 1),
                   '', 1000000, true, 'retrofitting', true, now(), 1, 0
            FROM generate_series(%(first)s, %(last)s) g
            """,
            {
                "first": first_enterprise,
                "last": first_enterprise + enterprises - 1,
                "counties": COUNTIES,
            },
        )
        cur.execute(
            """
            INSERT INTO accounts_user
              (password, is_superuser, username, first_name, last_name, email, is_staff,
               is_active, date_joined, role, enterprise_id, display_name, phone, is_county_lead,
               notification_channel, language)
            SELECT '!', false, 'bench_contact_' || e.id, '', '', 'c' || e.id || '@bench.local',
                   false, true, now(), 'contact', e.id, '', '', false, 'email', ''
            FROM enterprises_enterprise e
            WHERE e.credit_code LIKE 'B%%' AND NOT EXISTS
              (SELECT 1 FROM accounts_user u WHERE u.enterprise_id = e.id)
            """
        )
        cur.execute(
            """
            WITH ents AS (
              SELECT id, row_number() OVER (ORDER BY id) - 1 AS n
              FROM enterprises_enterprise WHERE credit_code LIKE 'B%%'
            ), cnt AS (SELECT count(*) AS c FROM ents)
            INSERT INTO retrofits_retrofitproject
              (enterprise_id, category, name, technical_route, budget_wan, invested_wan,
               fund_status, design_firm, construction_firm, responsible_person,
               responsible_phone, safety_notes, status, plan_approved_at, created_at, updated_at,
               version)
            SELECT (SELECT id FROM ents WHERE n = g %% (SELECT c FROM cnt)),
                   (ARRAY['organized','fugitive','transport','monitoring'])[1 + g %% 4],
                   '基准项目' || g, '', 1000, 100, 'not_applied', '', '', '负责人', '', '',
                   'underway', now(), now(), now(), 1
            FROM generate_series(%(first)s, %(last)s) g
            """,
            {"first": first_project, "last": first_project + projects - 1},
        )
        cur.execute(
            """
            INSERT INTO retrofits_milestonenode
              (project_id, code, "order", name_zh, name_en, stage_on_completion,
               min_days_after_previous, committed_date, planned_date, actual_date,
               completion_note)
            SELECT p.id, 'node' || o, o, '节点' || o, 'Node ' || o, '', 0, d.planned, d.planned,
                   CASE WHEN d.planned < %(today)s AND p.id %% 20 <> 0 THEN d.planned END, ''
            FROM retrofits_retrofitproject p
            CROSS JOIN generate_series(1, 13) o
            CROSS JOIN LATERAL (
              SELECT (%(today)s::date - ((p.id * 37 %% 400) + (7 - o) * 30)::int) AS planned
            ) d
            WHERE p.name LIKE '基准项目%%'
              AND NOT EXISTS (SELECT 1 FROM retrofits_milestonenode m WHERE m.project_id = p.id)
            """,
            {"today": today},
        )
        cur.execute("ANALYZE")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


class PeakRss:
    """The process's peak resident size while the block runs (sampled every 20 ms)."""

    def __enter__(self):
        self.start = self.peak = _rss_mb()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self):
        while not self._stop.wait(0.02):
            self.peak = max(self.peak, _rss_mb())

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss_mb())


RUN_PEAKS: list[tuple[float, float]] = []


def run_sweep():
    today = timezone.localdate()
    with CaptureQueriesContext(connection) as ctx, PeakRss() as rss:
        started = time.perf_counter()
        result = reminders.daily_sweep(today=today)
        elapsed = time.perf_counter() - started
    RUN_PEAKS.append((rss.start, rss.peak))
    return result, elapsed, len(ctx.captured_queries)


def counts():
    from enterprises.models import Enterprise
    from retrofits.models import MilestoneNode

    return Enterprise.objects.count(), MilestoneNode.objects.count()


def test_bench_daily_sweep_query_count_does_not_grow_with_nodes():
    for i in range(COUNTIES):
        County.objects.create(
            code=f"bench{i}", name_zh=f"基准县{i}", sub_bureau_zh=f"基准县{i}分局"
        )
    for i, county in enumerate(County.objects.all()):
        User.objects.create(
            username=f"bench_county_{i}",
            role=Role.COUNTY,
            county=county,
            is_county_lead=True,
            email=f"county{i}@bench.local",
        )
    for i in range(5):
        User.objects.create(
            username=f"bench_bureau_{i}", role=Role.BUREAU, email=f"b{i}@bench.local"
        )
    for i in range(3):
        User.objects.create(
            username=f"bench_leader_{i}", role=Role.OFFICIAL, email=f"l{i}@bench.local"
        )

    total_projects = NODES // NODES_PER_PROJECT
    small_ent, small_proj = ENTERPRISES // 10, total_projects // 10
    lines = []

    t0 = time.perf_counter()
    generate(first_enterprise=1, enterprises=small_ent, first_project=1, projects=small_proj)
    gen_small = time.perf_counter() - t0
    ents, nodes = counts()
    small, small_time, small_queries = run_sweep()
    lines.append(("small", ents, nodes, small, small_time, small_queries))

    t0 = time.perf_counter()
    generate(
        first_enterprise=small_ent + 1,
        enterprises=ENTERPRISES - small_ent,
        first_project=small_proj + 1,
        projects=total_projects - small_proj,
    )
    gen_full = time.perf_counter() - t0
    ents, nodes = counts()
    full, full_time, full_queries = run_sweep()
    lines.append(("full", ents, nodes, full, full_time, full_queries))
    rerun, rerun_time, rerun_queries = run_sweep()
    lines.append(("full, re-run", ents, nodes, rerun, rerun_time, rerun_queries))
    rows = Notification.objects.count()

    print(
        f"\nRetrofit daily sweep benchmark ({connection.vendor}, generation {gen_small + gen_full:.1f}s)"
    )
    print(
        "data set      | enterprises | nodes   | due | missed | esc.7d | esc.30d | rows   | time (s) | queries"
    )
    for name, e, n, r, secs, q in lines:
        print(
            f"{name:13} | {e:11} | {n:7} | {r.due:3} | {r.overdue:6} | {r.by_rung.get(7, 0):6} | "
            f"{r.by_rung.get(30, 0):7} | {r.rows_offered:6} | {secs:8.2f} | {q}"
        )
    print(f"notification rows after the re-run: {rows} (the re-run wrote none)")
    for (name, *_), (start, peak) in zip(lines, RUN_PEAKS, strict=True):
        print(f"{name:13} | process RSS {start:.0f} MB before, peak {peak:.0f} MB during the sweep")
    digests = (
        Notification.objects.filter(kind="notifications.escalation_digest")
        .values("recipient_id")
        .annotate(n=Count("id"))
    )
    print(f"escalation digests per recipient today: {sorted({d['n'] for d in digests})}")

    assert nodes >= NODES - NODES_PER_PROJECT
    assert full.overdue > small.overdue
    # streamed in batches of SWEEP_BATCH items: per batch one people query, one insert and a
    # savepoint pair, so the count follows the batches, never the nodes one by one
    batches = -(-(full.due + full.overdue) // SWEEP_BATCH) + 1
    assert full_queries <= small_queries + 4 * batches, "the sweep's queries grew per node"
    assert rerun_queries == full_queries
    assert Notification.objects.count() == rows
    assert all(d["n"] == 1 for d in digests), "more than one escalation digest a day"
    assert RUN_PEAKS[1][1] - RUN_PEAKS[1][0] < 100, "the sweep's memory grew with the nodes"
