"""Whole-database snapshots for transactional tests, taken and restored with PostgreSQL's COPY.

Loading the Jining demo through the services takes seconds; restoring the same rows with COPY
takes milliseconds. The browser journeys each start from a fresh copy of the demo this way.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


def _tables() -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


@dataclass(frozen=True)
class Snapshot:
    rows: dict[str, bytes]

    @classmethod
    def take(cls) -> Snapshot:
        """Every row of every table of the installed models, as COPY text."""
        rows = {}
        with connection.cursor() as cursor:
            raw = cursor.cursor
            for table in _tables():
                # COPY (SELECT …): a partitioned table (monitoring's hourly values) cannot be
                # copied from by name
                with raw.copy(f"COPY (SELECT * FROM {_quote(table)}) TO STDOUT") as copy:
                    data = b"".join(bytes(chunk) for chunk in copy)
                if data:
                    rows[table] = data
        return cls(rows)

    def restore(self) -> None:
        """Empty every table and put the snapshot's rows back, sequences included."""
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE " + ", ".join(_quote(t) for t in _tables()) + " CASCADE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            raw = cursor.cursor
            for table, data in self.rows.items():
                with raw.copy(f"COPY {_quote(table)} FROM STDIN") as copy:
                    copy.write(data)
            for sql in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
                cursor.execute(sql)
