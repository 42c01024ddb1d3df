"""Benchmark (not a timed test): the officials' dashboard at 2,000 enterprises and 104 weekly
snapshots (208,000 snapshot rows), generated with SQL.

Reports the time and query count of ``dashboards.selectors.dashboard`` and of the whole page,
on a small and on the full data set (the query count must not grow), and the time of raw SQL
computing the same figures, as a ratio (goal: at most 2x). Run with `make bench`. Figures:
docs/benchmarks.md.
"""

import os
import statistics
import time
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User
from dashboards import selectors
from enterprises.models import County, Enterprise

pytestmark = [pytest.mark.benchmark, pytest.mark.django_db]

ENTERPRISES = int(os.environ.get("BENCH_ENTERPRISES", 2000))
WEEKS = int(os.environ.get("BENCH_WEEKS", 104))
COUNTIES = 14
RUNS = 5


def generate(enterprises: int, weeks: int) -> None:
    today = timezone.localdate()
    monday = today - timezone.timedelta(days=today.weekday())
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO enterprises_county (name_zh, name_en, code, sub_bureau_zh, sub_bureau_en)
            SELECT '基准县' || g, 'Bench county ' || g, 'bench-' || g, '分局', ''
            FROM generate_series(1, %(c)s) g ON CONFLICT DO NOTHING
            """,
            {"c": COUNTIES},
        )
        pass
    # enterprises through the ORM (its defaults follow the model), the rest with SQL
    counties = list(County.objects.filter(code__startswith="bench-").order_by("id"))
    Enterprise.objects.bulk_create(
        [
            Enterprise(
                name_zh=f"基准企业{g}",
                name_en=f"Bench {g}",
                credit_code="B" + str(g).rjust(17, "0"),
                industry="cement_clinker" if g % 2 == 0 else "coking",
                county=counties[g % COUNTIES],
                annual_capacity_t=1_000_000 + g,
                ule_stage="publicized" if g % 5 == 0 else "retrofitting",
                is_illustrative=True,
                latitude=Decimal(35 + (g % 100) / 200).quantize(Decimal("0.000001")),
                longitude=Decimal(116.2 + (g % 90) / 90).quantize(Decimal("0.000001")),
            )
            for g in range(1, enterprises + 1)
        ],
        batch_size=1000,
    )
    with connection.cursor() as cur:
        cur.execute(
            """
            INSERT INTO retrofits_retrofitproject
              (enterprise_id, category, name, technical_route, budget_wan, invested_wan,
               fund_status, fund_requested_wan, fund_granted_wan, design_firm, construction_firm,
               responsible_person, responsible_phone, safety_notes, status, created_at,
               updated_at, version)
            SELECT id, 'organized', '基准项目' || id, '', 1000, 400, 'granted', 300, 200, '', '',
                   '负责人', '', '', 'underway', now(), now(), 1
            FROM enterprises_enterprise WHERE credit_code LIKE 'B%%'
            """,
            {},
        )
        cur.execute(
            """
            INSERT INTO dashboards_weeklysnapshot (week_start, taken_at, enterprises, is_illustrative)
            SELECT %(monday)s::date - 7 * g, now(), %(n)s, true FROM generate_series(0, %(w)s - 1) g
            """,
            {"monday": monday, "w": weeks, "n": enterprises},
        )
        cur.execute(
            """
            INSERT INTO dashboards_enterpriseweek
              (snapshot_id, enterprise_id, county_id, industry, capacity_t, ule_stage,
               ule_complete, nodes_total, nodes_done, nodes_due, nodes_missed, nodes_delayed,
               longest_missed_days, percent_complete, committed_finish, budget_wan,
               invested_wan, fund_granted_wan, findings_open, findings_overdue, rating, reasons)
            SELECT s.id, e.id, e.county_id, e.industry, e.annual_capacity_t, e.ule_stage,
                   (e.id + s.id) %% 5 = 0, 13, 6, 1, (e.id %% 3), (e.id %% 4), (e.id %% 50),
                   46, DATE '2027-06-30' + (e.id %% 900)::int, 1000, 400, 200, e.id %% 2, e.id %% 3 / 2,
                   CASE e.id %% 3 WHEN 0 THEN 'red' WHEN 1 THEN 'yellow' ELSE 'green' END,
                   '[{"code": "missed", "n": 1, "days": 3}]'::jsonb
            FROM dashboards_weeklysnapshot s CROSS JOIN enterprises_enterprise e
            WHERE e.credit_code LIKE 'B%%'
            """,
            {},
        )
        cur.execute("ANALYZE")


RAW_SQL = [
    # trend: capacity and ULE-complete capacity per week and industry
    """SELECT s.week_start, w.industry, sum(w.capacity_t),
              sum(w.capacity_t) FILTER (WHERE w.ule_complete)
       FROM dashboards_enterpriseweek w JOIN dashboards_weeklysnapshot s ON s.id = w.snapshot_id
       GROUP BY 1, 2 ORDER BY 1, 2""",
    # latest week by industry and county, with ratings and capacity at risk per target year
    """SELECT w.industry, w.county_id, count(*), sum(w.capacity_t),
              sum(w.capacity_t) FILTER (WHERE w.ule_complete),
              count(*) FILTER (WHERE w.rating = 'red'), count(*) FILTER (WHERE w.rating = 'yellow'),
              count(*) FILTER (WHERE w.rating = 'green'),
              sum(w.capacity_t) FILTER (WHERE NOT w.ule_complete AND w.committed_finish > DATE '2025-12-31'),
              sum(w.capacity_t) FILTER (WHERE NOT w.ule_complete AND w.committed_finish > DATE '2028-12-31')
       FROM dashboards_enterpriseweek w
       WHERE w.snapshot_id = (SELECT id FROM dashboards_weeklysnapshot ORDER BY week_start DESC LIMIT 1)
       GROUP BY 1, 2""",
    # the 15 worst of the latest week with their enterprise and county
    """SELECT w.*, e.name_zh, c.name_zh FROM dashboards_enterpriseweek w
       JOIN enterprises_enterprise e ON e.id = w.enterprise_id JOIN enterprises_county c ON c.id = w.county_id
       WHERE w.snapshot_id = (SELECT id FROM dashboards_weeklysnapshot ORDER BY week_start DESC LIMIT 1)
         AND w.rating <> 'green'
       ORDER BY CASE w.rating WHEN 'red' THEN 0 WHEN 'yellow' THEN 1 ELSE 2 END,
                w.longest_missed_days DESC, w.findings_overdue DESC, w.capacity_t DESC, w.enterprise_id
       LIMIT 15""",
    # map points of the latest week
    """SELECT w.enterprise_id, e.name_zh, e.name_en, e.latitude, e.longitude, w.rating, w.ule_stage, w.capacity_t
       FROM dashboards_enterpriseweek w JOIN enterprises_enterprise e ON e.id = w.enterprise_id
       WHERE w.snapshot_id = (SELECT id FROM dashboards_weeklysnapshot ORDER BY week_start DESC LIMIT 1)
         AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL""",
    # findings, inspections, funds, current capacity by stage, targets, counties
    """SELECT count(*), count(*) FILTER (WHERE status = 'open'), count(*) FILTER (WHERE status = 'closed')
       FROM inspections_finding""",
    """SELECT count(*) FILTER (WHERE status = 'submitted') FROM inspections_inspection""",
    """SELECT sum(budget_wan), sum(invested_wan), sum(fund_requested_wan), sum(fund_granted_wan)
       FROM retrofits_retrofitproject""",
    """SELECT industry, ule_stage, count(*), sum(annual_capacity_t) FROM enterprises_enterprise
       GROUP BY 1, 2""",
    """SELECT * FROM enterprises_target ORDER BY industry, year, scope""",
    """SELECT id, name_zh FROM enterprises_county""",
]


def timed(fn) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def raw() -> None:
    with connection.cursor() as cur:
        for sql in RAW_SQL:
            cur.execute(sql)
            cur.fetchall()


class Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def count_queries(fn) -> int:
    counter = Counter()
    with connection.execute_wrapper(counter):
        fn()
    return counter.n


def measure(client, official, label: str) -> dict:
    selector_queries = count_queries(lambda: selectors.dashboard(user=official))
    selector_time = timed(lambda: selectors.dashboard(user=official))
    page_queries = count_queries(
        lambda: client.get(reverse("dashboards:dashboard")).status_code == 200
    )
    page_time = timed(lambda: client.get(reverse("dashboards:dashboard")))
    raw_time = timed(raw)
    rows = connection.cursor()
    rows.execute("SELECT count(*) FROM dashboards_enterpriseweek")
    n = rows.fetchone()[0]
    result = {
        "label": label,
        "snapshot rows": n,
        "selector": selector_time,
        "selector queries": selector_queries,
        "page": page_time,
        "page queries": page_queries,
        "raw SQL": raw_time,
        "ratio": selector_time / raw_time,
    }
    print(
        f"\n{label}: {n} snapshot rows; selector {selector_time * 1000:.0f} ms "
        f"({result['selector queries']} queries); page {page_time * 1000:.0f} ms "
        f"({result['page queries']} queries); raw SQL {raw_time * 1000:.0f} ms; "
        f"ratio {result['ratio']:.2f}"
    )
    return result


def test_dashboard_at_2000_enterprises_and_104_weeks(client):
    official = User.objects.create_user("bench_official", role=Role.OFFICIAL, password="x")
    client.force_login(official)
    generate(ENTERPRISES // 10, 8)
    small = measure(client, official, "small")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM dashboards_enterpriseweek; DELETE FROM dashboards_weeklysnapshot;")
        cur.execute("DELETE FROM retrofits_retrofitproject WHERE name LIKE '基准项目%'")
        cur.execute("DELETE FROM enterprises_enterprise WHERE credit_code LIKE 'B%'")
    generate(ENTERPRISES, WEEKS)
    full = measure(client, official, "full")
    assert full["selector queries"] == small["selector queries"]
    assert full["page queries"] == small["page queries"]
