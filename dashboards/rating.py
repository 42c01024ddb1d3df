"""The red/yellow/green rule of the weekly ranking, with the reasons behind each colour.

Reasons are stored as codes with numbers (``{"code": "missed", "n": 2}``) and worded in the
reader's language when shown (``reason_text``), so a snapshot taken in one language reads in
the other. The thresholds are working rules of the special class, not regulatory numbers."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext, ngettext

from .models import Rating

# A node missed this long (days past its planned date) makes the enterprise red.
LONG_MISSED_DAYS = 30


@dataclass(frozen=True)
class Facts:
    ule_complete: bool
    has_nodes: bool
    nodes_missed: int
    nodes_delayed: int
    longest_missed_days: int
    findings_open: int
    findings_overdue: int
    committed_finish: datetime.date | None
    target_year: int | None
    removed: bool = False
    cems_series_below: int = 0  # monitored series below the monthly rule
    cems_hours_over: int = 0  # hours over the emission standard (a violation, not a list matter)
    transport_rules_missed: int = 0
    transport_year: int | None = None  # the year the transport figures are of


def rate(f: Facts) -> tuple[str, list[dict]]:
    """(rating, reasons): red beats yellow beats green; every reason that applies is listed,
    the most serious first."""
    red: list[dict] = []
    yellow: list[dict] = []
    if f.removed:
        red.append({"code": "removed"})
    if f.longest_missed_days >= LONG_MISSED_DAYS:
        red.append({"code": "missed_long", "n": f.nodes_missed, "days": f.longest_missed_days})
    elif f.nodes_missed:
        yellow.append({"code": "missed", "n": f.nodes_missed, "days": f.longest_missed_days})
    if f.findings_overdue:
        red.append({"code": "findings_overdue", "n": f.findings_overdue})
    if (
        not f.ule_complete
        and f.target_year is not None
        and f.committed_finish is not None
        and f.committed_finish.year > f.target_year
    ):
        red.append(
            {
                "code": "at_risk",
                "date": f.committed_finish.isoformat(),
                "year": f.target_year,
            }
        )
    if f.cems_hours_over:
        red.append({"code": "cems_over", "n": f.cems_hours_over})
    if f.nodes_delayed:
        yellow.append({"code": "delayed", "n": f.nodes_delayed})
    if f.cems_series_below:
        yellow.append({"code": "cems_below", "n": f.cems_series_below})
    if f.transport_rules_missed:
        yellow.append(
            {"code": "transport_below", "n": f.transport_rules_missed, "year": f.transport_year}
        )
    open_only = f.findings_open - f.findings_overdue
    if open_only > 0:
        yellow.append({"code": "findings_open", "n": open_only})
    if not f.ule_complete and not f.has_nodes:
        yellow.append({"code": "no_project"})
    if red:
        return Rating.RED, red + yellow
    if yellow:
        return Rating.YELLOW, yellow
    return Rating.GREEN, [{"code": "complete" if f.ule_complete else "on_track"}]


def reason_text(reason: dict) -> str:
    """One reason in the active language."""
    code = reason.get("code")
    n = int(reason.get("n") or 0)
    if code == "missed_long":
        return ngettext(
            "%(n)d node missed, the oldest %(days)d days ago",
            "%(n)d nodes missed, the oldest %(days)d days ago",
            n,
        ) % {"n": n, "days": reason.get("days", 0)}
    if code == "missed":
        return ngettext(
            "%(n)d node missed its planned date", "%(n)d nodes missed their planned dates", n
        ) % {"n": n}
    if code == "findings_overdue":
        return ngettext(
            "%(n)d finding past its rectification deadline",
            "%(n)d findings past their rectification deadline",
            n,
        ) % {"n": n}
    if code == "at_risk":
        return gettext("committed completion %(date)s falls after the %(year)s target") % {
            "date": reason.get("date", ""),
            "year": reason.get("year", ""),
        }
    if code == "delayed":
        return ngettext(
            "%(n)d node late against its committed date",
            "%(n)d nodes late against their committed dates",
            n,
        ) % {"n": n}
    if code == "findings_open":
        return ngettext("%(n)d finding in rectification", "%(n)d findings in rectification", n) % {
            "n": n
        }
    if code == "cems_over":
        return ngettext(
            "%(n)d monitored hour over the emission standard last month",
            "%(n)d monitored hours over the emission standard last month",
            n,
        ) % {"n": n}
    if code == "cems_below":
        return ngettext(
            "%(n)d monitored series below the monthly ULE rule",
            "%(n)d monitored series below the monthly ULE rule",
            n,
        ) % {"n": n}
    if code == "transport_below":
        return ngettext(
            "%(n)d clean transport rule missed in %(year)s so far",
            "%(n)d clean transport rules missed in %(year)s so far",
            n,
        ) % {"n": n, "year": reason.get("year") or ""}
    if code == "removed":
        return gettext("removed from the ULE list")
    if code == "no_project":
        return gettext("no retrofit project yet")
    if code == "complete":
        return gettext("ULE complete")
    if code == "on_track":
        return gettext("on schedule")
    return str(code)
