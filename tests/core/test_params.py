"""core.params: ids from the outside world."""

import pytest

from core.params import parse_ids, parse_int


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("42", 42),
        (" 7 ", 7),
        ("²", None),
        ("4²", None),
        ("１２", None),  # full-width digits
        ("\x00", None),
        ("", None),
        ("0", None),
        ("-1", None),
        ("1e3", None),
        ("9" * 19, None),
        (None, None),
        (12, None),
    ],
)
def test_parse_int_takes_only_plain_ascii_numbers(value, expected):
    assert parse_int(value) == expected


def test_parse_int_respects_a_minimum():
    assert parse_int("0", minimum=0) == 0


def test_parse_ids_keeps_the_good_ones_once_in_order():
    assert parse_ids(["3", "²", "1", "3", "x", "2"]) == [3, 1, 2]
