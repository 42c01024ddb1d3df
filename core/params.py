"""Reading ids and numbers from query strings and form posts without trusting them.

``str.isdigit()`` is true for "²" and other non-ASCII digits that ``int()`` refuses, and a NUL
or a 100,000-character value must not reach the database: these helpers answer None (or
leave the value out) for anything that is not a plain ASCII number of sensible size.
"""

from __future__ import annotations

from collections.abc import Iterable

MAX_DIGITS = 18  # fits a PostgreSQL bigint


def parse_int(value: object, *, minimum: int = 1) -> int | None:
    """``value`` as an int when it is a plain ASCII number >= ``minimum``, else None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > MAX_DIGITS or not (value.isascii() and value.isdecimal()):
        return None
    number = int(value)
    return number if number >= minimum else None


def parse_ids(values: Iterable[object]) -> list[int]:
    """The well-formed ids among ``values`` (duplicates removed, order kept)."""
    seen: dict[int, None] = {}
    for value in values:
        number = parse_int(value)
        if number is not None:
            seen.setdefault(number, None)
    return list(seen)
