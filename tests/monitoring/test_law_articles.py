"""The law articles a monitoring finding may cite (issue 9): falsified monitoring data under
art. 99(3) and permit regulations art. 34, not art. 100; the added articles with fine ranges."""

from decimal import Decimal

import pytest

from inspections.models import LawArticle

pytestmark = pytest.mark.django_db
APPCL = "大气污染防治法（2018）"
PERMITS = "排污许可管理条例（2021）"


def _get(law, article) -> LawArticle:
    return LawArticle.objects.get(law_zh=law, article=article)


def test_falsified_data_is_99_3_and_permit_34_not_100():
    assert "伪造" in _get(APPCL, "99(3)").conduct_zh
    assert "伪造监测数据" in _get(PERMITS, "34").conduct_zh
    assert "伪造" not in _get(APPCL, "100").conduct_zh
    assert (_get(APPCL, "99(3)").fine_min, _get(APPCL, "99(3)").fine_max) == (
        Decimal("100000"),
        Decimal("1000000"),
    )


@pytest.mark.parametrize(
    ("law", "article", "low", "high", "daily"),
    [
        (APPCL, "98", "20000", "200000", False),
        (APPCL, "108(5)", "20000", "200000", False),
        (APPCL, "114", "5000", "5000", False),
        (APPCL, "123", None, None, True),
        (PERMITS, "33", "200000", "1000000", False),
        (PERMITS, "35", "50000", "1000000", False),
        (PERMITS, "36", "20000", "200000", False),
        (PERMITS, "37", "5000", "20000", False),
        (PERMITS, "38", None, None, True),
        (PERMITS, "39", "20000", "200000", False),
        (PERMITS, "44", None, None, False),
    ],
)
def test_added_articles_carry_their_fine_ranges_as_data(law, article, low, high, daily):
    row = _get(law, article)
    assert row.fine_min == (Decimal(low) if low else None)
    assert row.fine_max == (Decimal(high) if high else None)
    assert row.daily_fine is daily and row.source


def test_the_permit_regulations_rows_say_their_text_was_not_checked():
    assert all("未经检索核实" in a.source for a in LawArticle.objects.filter(law_zh=PERMITS))


def test_articles_are_listed_by_their_number_then_item():
    from inspections.selectors import law_articles

    order = [a.article for a in law_articles() if a.law_zh == APPCL]
    assert order.index("99(3)") < order.index("100") < order.index("108(5)") < order.index("123")
    assert order.index("98") < order.index("99(2)") < order.index("99(3)")
