"""Writes of the monitoring app (re-exported here)."""

from .flags import detect_flags, flag_create_task, flag_record_outcome
from .ingest import (
    ImportReport,
    PacketBatch,
    import_file,
    ingest_packets,
)

__all__ = [
    "ImportReport",
    "PacketBatch",
    "detect_flags",
    "flag_create_task",
    "flag_record_outcome",
    "import_file",
    "ingest_packets",
]
