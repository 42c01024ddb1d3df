"""Writes of the dashboards app: ``from dashboards import services``."""

from .bulletins import bulletin_issue
from .orders import order_answer, order_close, order_issue
from .snapshots import enterprise_weeks, monday_of, next_target_year, snapshot_take

__all__ = [
    "bulletin_issue",
    "enterprise_weeks",
    "monday_of",
    "next_target_year",
    "order_answer",
    "order_close",
    "order_issue",
    "snapshot_take",
]
