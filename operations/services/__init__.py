"""Writes of the operations app: status intervals (reported, verified), campaigns and the
provincial weekly rates."""

from .campaigns import campaign_save, rate_save
from .status import status_report, status_verify

__all__ = ["campaign_save", "rate_save", "status_report", "status_verify"]
