"""The weekly dispatch bulletin's documents: the Excel workbook (ranked sheet, laggards,
overdue nodes, findings, trend) and the print-ready PDF (WeasyPrint, Debian's Noto CJK fonts).
Both are written in the portal's official language (Chinese), whoever triggers them."""

from __future__ import annotations

import datetime
import io

from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from enterprises.models import Industry, UleStage
from exports.tabular import Column, Table, write_workbook

from . import selectors
from .models import Rating, WeeklySnapshot
from .rating import reason_text


def _cems(r) -> str:
    return f"{r.cems_series_meeting}/{r.cems_series}" if r.cems_series else ""


def _rank_columns() -> list[Column]:
    return [
        Column(_("Rank"), lambda r: r.rank, 6),
        Column(_("Rating"), lambda r: Rating(r.rating).label, 8),
        Column(_("Enterprise"), lambda r: r.enterprise.name_zh, 36),
        Column(_("County"), lambda r: r.county.name_zh, 12),
        Column(_("Industry"), lambda r: Industry(r.industry).label, 12),
        Column(_("Annual capacity (t/a)"), lambda r: r.capacity_t, 14),
        Column(_("ULE stage"), lambda r: UleStage(r.ule_stage).label, 20),
        Column(_("Nodes done"), lambda r: f"{r.nodes_done}/{r.nodes_total}", 10),
        Column(_("Nodes missed"), lambda r: r.nodes_missed, 10),
        Column(_("Nodes late"), lambda r: r.nodes_delayed, 10),
        Column(_("Open findings"), lambda r: r.findings_open, 10),
        Column(_("Overdue findings"), lambda r: r.findings_overdue, 10),
        Column(_("Monitored series meeting the rule"), _cems, 12),
        Column(_("Hours over the standard"), lambda r: r.cems_hours_over_baseline, 10),
        Column(_("Clean transport share YTD (%)"), lambda r: r.clean_share_pct, 12),
        Column(_("Reasons"), lambda r: "；".join(reason_text(x) for x in r.reasons), 60),
    ]


def ranked(snapshot: WeeklySnapshot) -> list:
    rows = list(selectors.bulletin_rows(snapshot=snapshot))
    for i, r in enumerate(rows, start=1):
        r.rank = i
    return rows


def as_of(snapshot: WeeklySnapshot) -> datetime.date:
    return snapshot.week_start


def tables(snapshot: WeeklySnapshot, rows: list) -> list[Table]:
    day = as_of(snapshot)
    trend = selectors.all_trend()
    trend_rows = [
        {"week": p["week"], "industry": ind, **p} for ind, pts in trend.items() for p in pts
    ]
    trend_rows.sort(key=lambda r: (r["week"], r["industry"]))
    return [
        Table("ranking", _("Ranking"), _rank_columns(), rows),
        Table(
            "laggards", _("Laggards"), _rank_columns(), [r for r in rows if r.rating == Rating.RED]
        ),
        Table(
            "late_nodes",
            _("Overdue nodes"),
            [
                Column(_("Enterprise"), lambda n: n.project.enterprise.name_zh, 36),
                Column(_("County"), lambda n: n.project.enterprise.county.name_zh, 12),
                Column(_("Project name"), lambda n: n.project.name, 30),
                Column(_("Node"), lambda n: n.name_zh, 20),
                Column(_("Committed date"), lambda n: n.committed_date, 12),
                Column(_("Current planned date"), lambda n: n.planned_date, 12),
                Column(_("Days missed"), lambda n: n.days_missed(day), 10),
            ],
            selectors.bulletin_late_nodes(as_of=day),
        ),
        Table(
            "findings",
            _("Findings in rectification"),
            [
                Column(_("Enterprise"), lambda f: f.enterprise.name_zh, 36),
                Column(_("County"), lambda f: f.enterprise.county.name_zh, 12),
                Column(_("Description"), lambda f: f.description, 40),
                Column(_("Deadline"), lambda f: f.deadline, 12),
                Column(_("Status"), lambda f: f.get_status_display(), 14),
                Column(_("Overdue"), lambda f: f.deadline < day, 8),
            ],
            selectors.bulletin_open_findings(as_of=day),
        ),
        Table(
            "trend",
            _("Trend"),
            [
                Column(_("Week"), lambda r: r["week"], 12),
                Column(_("Industry"), lambda r: Industry(r["industry"]).label, 12),
                Column(_("Capacity (t/a)"), lambda r: r["capacity"], 14),
                Column(_("Capacity complete (t/a)"), lambda r: r["complete"], 14),
                Column(_("Share (%)"), lambda r: r["share"], 10),
            ],
            trend_rows,
        ),
    ]


def workbook(snapshot: WeeklySnapshot, rows: list) -> bytes:
    buf = io.BytesIO()
    write_workbook(tables(snapshot, rows), buf)
    return buf.getvalue()


def pdf(snapshot: WeeklySnapshot, rows: list, number: int) -> bytes:
    import logging

    from weasyprint import HTML

    # WeasyPrint reports every rendering step at INFO level: keep the worker's log readable
    logging.getLogger("weasyprint").setLevel(logging.WARNING)
    logging.getLogger("fontTools").setLevel(logging.WARNING)

    day = as_of(snapshot)
    html = render_to_string(
        "dashboards/bulletin_pdf.html",
        {
            "snapshot": snapshot,
            "number": number,
            "rows": rows,
            "counts": {r: sum(1 for x in rows if x.rating == r) for r in Rating.values},
            "late_nodes": list(selectors.bulletin_late_nodes(as_of=day)[:50]),
            "trend": selectors.all_trend(),
            "as_of": day,
        },
    )
    return HTML(string=html).write_pdf()
