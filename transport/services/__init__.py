"""Writes of the transport app: registers and clean-mode tonnage, gate-ledger imports, and
findings raised from the vehicle exhaust staff's queue."""

from .findings import queue_raise_finding
from .ledger import ledger_map, ledger_requeue, ledger_run, ledger_sweep, ledger_upload
from .registers import REGISTER_MODELS, register_delete, register_save, tonnage_save

__all__ = [
    "REGISTER_MODELS",
    "ledger_map",
    "ledger_requeue",
    "ledger_run",
    "ledger_sweep",
    "ledger_upload",
    "queue_raise_finding",
    "register_delete",
    "register_save",
    "tonnage_save",
]
