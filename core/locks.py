"""Transaction-level advisory locks: one piece of work at a time across processes.

``advisory_xact_lock(name)`` waits until no other transaction holds the lock called ``name``
and holds it until the current transaction ends (PostgreSQL ``pg_advisory_xact_lock`` on the
name's hash). SQLite lets one writer in at a time anyway, so there it does nothing. Call it
inside ``transaction.atomic()``: outside one, the lock would end with the statement.
"""

from __future__ import annotations

from django.db import connection


def advisory_xact_lock(name: str) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [name])
