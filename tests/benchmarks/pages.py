"""Timing every list, detail, form and dashboard page through the Django test client, for
``bench_pages.py`` and for a quick look at a database already generated (``python -m
tests.benchmarks.pages`` with DATABASE_URL and DJANGO_SETTINGS_MODULE=config.settings.local).

Detail pages are timed on a generated enterprise's records (the largest ones), so their size
follows the data set. Raw SQL of the same rows is written by hand for the main lists."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

LIST_PAGES = [
    "home",
    "enterprises:list",
    "enterprises:limits",
    "retrofits:project_list",
    "retrofits:mine",
    "retrofits:postponements",
    "retrofits:reports",
    "inspections:list",
    "inspections:tasks",
    "inspections:plan_list",
    "inspections:draw_list",
    "inspections:disclosure",
    "inspections:conflicts",
    "inspections:checklists",
    "acceptance:claims",
    "acceptance:evaluations",
    "acceptance:listing",
    "transport:index",
    "transport:queue",
    "monitoring:overview",
    "monitoring:flags",
    "operations:index",
    "notifications:inbox",
    "dashboards:dashboard",
    "dashboards:ranking",
    "dashboards:bulletins",
    "dashboards:orders",
    "enterprises:search",
]
FORM_PAGES = [
    "enterprises:create",
    "retrofits:project_create",
    "inspections:create",
    "inspections:finding_create",
    "inspections:draw_create",
    "acceptance:evaluation_new",
]
PUBLIC_PAGES = ["public_ule:list", "public_ule:changes", "public_inspections:list"]

# Raw SQL of the rows the main lists show on their first page (25 rows), with what each row
# displays; the bound a page is compared with.
RAW_SQL = {
    "retrofits:project_list": """
        SELECT p.id, p.name, p.category, p.status, e.name_zh, c.name_zh,
               (SELECT count(*) FROM retrofits_milestonenode n WHERE n.project_id = p.id),
               (SELECT count(*) FROM retrofits_milestonenode n WHERE n.project_id = p.id
                  AND n.actual_date IS NOT NULL),
               (SELECT count(*) FROM retrofits_milestonenode n WHERE n.project_id = p.id
                  AND n.actual_date IS NULL AND n.planned_date < current_date),
               (SELECT min(planned_date) FROM retrofits_milestonenode n
                 WHERE n.project_id = p.id AND n.actual_date IS NULL)
        FROM retrofits_retrofitproject p
        JOIN enterprises_enterprise e ON e.id = p.enterprise_id
        JOIN enterprises_county c ON c.id = e.county_id
        ORDER BY c.code, e.name_zh, p.category, p.id LIMIT 25""",
    "inspections:list": """
        SELECT i.id, i.started_at, i.origin, i.status, e.name_zh, c.name_zh,
               (SELECT count(*) FROM inspections_finding f WHERE f.inspection_id = i.id),
               (SELECT string_agg(u.username, ',') FROM inspections_inspection_inspectors ii
                  JOIN accounts_user u ON u.id = ii.user_id WHERE ii.inspection_id = i.id)
        FROM inspections_inspection i
        JOIN enterprises_enterprise e ON e.id = i.enterprise_id
        JOIN enterprises_county c ON c.id = e.county_id
        ORDER BY i.started_at DESC, i.id DESC LIMIT 25""",
    "inspections:disclosure": """
        SELECT t.id, t.inspection_date, t.target_class, e.name_zh, e.credit_code, c.name_zh,
               d.title, (SELECT count(*) FROM inspections_finding f JOIN inspections_inspection
                 i ON i.id = f.inspection_id WHERE i.draw_target_id = t.id)
        FROM inspections_drawtarget t JOIN inspections_draw d ON d.id = t.draw_id
        JOIN enterprises_enterprise e ON e.id = t.enterprise_id
        JOIN enterprises_county c ON c.id = e.county_id
        WHERE t.inspection_date <= current_date
        ORDER BY t.inspection_date DESC, t.draw_id, t.position LIMIT 25""",
    "enterprises:list": """
        SELECT e.id, e.name_zh, e.credit_code, e.industry, e.ule_stage, c.name_zh
        FROM enterprises_enterprise e JOIN enterprises_county c ON c.id = e.county_id
        ORDER BY c.code, e.name_zh LIMIT 25""",
    "notifications:inbox": """
        SELECT n.id, n.kind, n.params, n.created_at, n.read_at FROM notifications_notification n
        WHERE n.recipient_id = %(user)s ORDER BY n.created_at DESC, n.id DESC LIMIT 25""",
}
ADMIN_CHANGELISTS = {
    "retrofits:project_list": "admin:retrofits_retrofitproject_changelist",
    "inspections:list": "admin:inspections_inspection_changelist",
    "enterprises:list": "admin:enterprises_enterprise_changelist",
}


@dataclass
class Timing:
    page: str
    user: str
    median_ms: float
    queries: int
    status: int
    size: int
    sql_ms: float = 0.0  # the page's own queries (median), to compare with the raw SQL


def detail_urls() -> list[tuple[str, str]]:
    """Detail pages of the largest generated (or demo) records."""
    from enterprises.models import Enterprise
    from inspections.models import Draw, Finding, Inspection, RectificationPlan
    from retrofits.models import RetrofitProject

    ent = Enterprise.objects.order_by("-id").first()
    urls = []
    if ent:
        urls += [
            ("enterprises:detail", reverse("enterprises:detail", args=[ent.pk])),
            (
                "inspections:enterprise_history",
                reverse("inspections:enterprise_history", args=[ent.pk]),
            ),
            ("acceptance:status", f"/acceptance/enterprises/{ent.pk}/"),
        ]
    for name, obj in [
        ("retrofits:project_detail", RetrofitProject.objects.order_by("-id").first()),
        (
            "inspections:detail",
            Inspection.objects.filter(status="submitted").order_by("-id").first(),
        ),
        ("inspections:finding_detail", Finding.objects.order_by("-id").first()),
        ("inspections:plan_detail", RectificationPlan.objects.order_by("-id").first()),
        ("inspections:draw_detail", Draw.objects.order_by("-id").first()),
        ("inspections:draw_pool_record", Draw.objects.order_by("-id").first()),
    ]:
        if obj:
            urls.append((name, reverse(name, args=[obj.pk])))
    return urls


def page_urls() -> list[tuple[str, str]]:
    from django.urls import NoReverseMatch

    out = []
    for name in LIST_PAGES + FORM_PAGES + PUBLIC_PAGES:
        try:
            out.append((name, reverse(name)))
        except NoReverseMatch:
            continue
    return out + detail_urls()


def time_get(client: Client, url: str, runs: int) -> tuple[float, int, int, int]:
    times, sql_times = [], []
    queries = status = size = 0
    for _ in range(runs):
        connection.queries_log.clear()  # a full log (maxlen 9000) would capture nothing
        with CaptureQueriesContext(connection) as ctx:
            t0 = time.perf_counter()
            response = client.get(url)
            if hasattr(response, "streaming_content"):
                size = sum(len(c) for c in response.streaming_content)
            else:
                size = len(response.content)
            times.append((time.perf_counter() - t0) * 1000)
        queries, status = len(ctx.captured_queries), response.status_code
        sql_times.append(sum(float(q["time"]) for q in ctx.captured_queries) * 1000)
    return statistics.median(times), queries, status, size, statistics.median(sql_times)


def time_sql(sql: str, params: dict, runs: int) -> float:
    times = []
    connection.queries_log.clear()
    with connection.cursor() as cur:
        for _ in range(runs):
            t0 = time.perf_counter()
            cur.execute(sql, params)
            cur.fetchall()
            times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(users: dict, *, runs: int = 10, only: list[str] | None = None) -> list[Timing]:
    """Time every page as each user (name -> User); pages a user may not open are recorded
    with their status (403/404) and left out of the tables."""
    results = []
    urls = page_urls()
    for label, user in users.items():
        client = Client(raise_request_exception=False)
        if user is not None:
            client.force_login(user)
        for name, url in urls:
            if only and name not in only:
                continue
            ms, q, status, size, sql_ms = time_get(client, url, runs)
            results.append(Timing(name, label, ms, q, status, size, sql_ms))
    return results


def demo_users() -> dict:
    from accounts.models import User

    return {
        "office": User.objects.get(username="office"),
        "leader": User.objects.get(username="leader"),
        "contact": User.objects.filter(username__startswith="scale_contact_")
        .order_by("-id")
        .first()
        or User.objects.get(username="shanshui"),
    }


if __name__ == "__main__":  # a quick look: python -m tests.benchmarks.pages [page ...]
    import sys

    import django

    django.setup()
    import logging

    from django.conf import settings

    logging.disable(logging.WARNING)
    settings.ALLOWED_HOSTS = ["*"]
    only = sys.argv[1:] or None
    for t in measure(demo_users(), runs=3, only=only):
        print(
            f"{t.page:34} {t.user:8} {t.median_ms:9.1f} ms {t.queries:4} q {t.status} {t.size // 1024} kB",
            flush=True,
        )
