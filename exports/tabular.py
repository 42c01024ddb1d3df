"""The one way the portal writes a table to Excel or CSV.

A ``Table`` is a title, columns (a header and a function of the row) and the rows. Values are
made safe for both formats here: aware date-times become naive local time (openpyxl rejects
aware ones), booleans read yes/no in the active language, ``None`` is empty, and text that a
spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@`` first) is kept as text."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
MAX_SHEET_TITLE = 31


@dataclass
class Column:
    header: Any
    value: Callable[[Any], Any]
    width: int = 16


@dataclass
class Table:
    name: str
    title: Any
    columns: list[Column]
    rows: Iterable[Any]
    count: int | None = None
    notes: list[str] = field(default_factory=list)

    def headers(self) -> list[str]:
        return [str(c.header) for c in self.columns]

    def size(self) -> int:
        """How many rows: ``count`` when given, else the rows' own count (a list or a query)."""
        if self.count is not None:
            return self.count
        if isinstance(self.rows, (list, tuple)):
            return len(self.rows)
        return self.rows.count()

    def values(self) -> Iterator[list[Any]]:
        for row in self.rows:
            yield [cell(c.value(row)) for c in self.columns]


def cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None, microsecond=0)
    if isinstance(value, (int, float, Decimal, datetime.date)):
        return value
    text = str(value).replace("\x00", "")
    if text.startswith(FORMULA_START):
        text = "'" + text
    return text


def write_xlsx(table: Table, stream, progress: Callable[[int], None] | None = None) -> int:
    """Write ``table`` as a workbook to ``stream``; returns the number of rows written."""
    return write_workbook([table], stream, progress)


def write_workbook(
    tables: list[Table], stream, progress: Callable[[int], None] | None = None
) -> int:
    """One sheet per table (header in bold, frozen, dates formatted); rows written in all."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook(write_only=True)
    n = 0
    for table in tables:
        ws = wb.create_sheet(title=str(table.title)[:MAX_SHEET_TITLE] or "Sheet1")
        for i, col in enumerate(table.columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = col.width
        ws.freeze_panes = "A2"
        header = []
        for h in table.headers():
            c = WriteOnlyCell(ws, value=h)
            c.font = Font(bold=True)
            header.append(c)
        ws.append(header)
        for values in table.values():
            out = []
            for v in values:
                c = WriteOnlyCell(ws, value=v)
                if isinstance(v, datetime.datetime):
                    c.number_format = "yyyy-mm-dd hh:mm"
                elif isinstance(v, datetime.date):
                    c.number_format = "yyyy-mm-dd"
                out.append(c)
            ws.append(out)
            n += 1
            if progress and n % 500 == 0:
                progress(n)
    wb.save(stream)
    return n


def write_csv(
    table: Table, stream: io.TextIOBase, progress: Callable[[int], None] | None = None
) -> int:
    """UTF-8 with a byte-order mark, so Excel opens Chinese text correctly."""
    stream.write("\ufeff")
    writer = csv.writer(stream)
    writer.writerow(table.headers())
    n = 0
    for values in table.values():
        writer.writerow(
            [
                v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime.datetime) else v
                for v in values
            ]
        )
        n += 1
        if progress and n % 500 == 0:
            progress(n)
    return n
