"""inspections.reference: the seeded checklists and law articles, one copy for the data
migration, the demo and the tests."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections import reference
from inspections.models import ChecklistItem, ChecklistTemplate, ChecklistVersion, LawArticle

TEMPLATE_FIELDS = ("code", "category", "industry", "order", "name_zh", "name_en")
ITEM_FIELDS = ("text_zh", "text_en", "source", "confirmed")
ARTICLE_FIELDS = tuple(f for f in reference.LAW_ARTICLES[0] if f not in ("law_zh", "article"))


def test_the_migrated_rows_are_exactly_the_reference_rows(db):
    """What the migrations leave in the database is the reference data, row for row (the
    office has revised nothing in a fresh database)."""
    templates = list(ChecklistTemplate.objects.order_by("pk").values(*TEMPLATE_FIELDS))
    assert templates == [{k: c[k] for k in TEMPLATE_FIELDS} for c in reference.CHECKLISTS]
    for checklist in reference.CHECKLISTS:
        version = ChecklistVersion.objects.get(template__code=checklist["code"])
        assert (version.number, version.note) == (1, reference.SEED_NOTE)
        items = list(version.items.order_by("order").values("order", *ITEM_FIELDS))
        assert items == [{"order": n, **i} for n, i in enumerate(checklist["items"], start=1)]
    articles = list(
        LawArticle.objects.order_by("pk").values("law_zh", "article", *ARTICLE_FIELDS, "is_active")
    )
    assert articles == [{**a, "is_active": True} for a in reference.LAW_ARTICLES]
    assert not ChecklistItem.objects.filter(source="").exists()


def test_loading_again_changes_nothing_and_keeps_office_edits(db):
    LawArticle.objects.filter(article="116").update(measure_en="edited by the office")
    before = ChecklistItem.objects.count(), LawArticle.objects.count()
    reference.load()
    assert (ChecklistItem.objects.count(), LawArticle.objects.count()) == before
    assert LawArticle.objects.get(article="116").measure_en == "edited by the office"


def test_a_missing_row_is_put_back(db):
    LawArticle.objects.filter(article="60").delete()
    reference.load()
    assert LawArticle.objects.get(article="60").allows_restriction


def test_loading_is_cheap_enough_for_every_demo_run(db):
    with CaptureQueriesContext(connection) as ctx:
        reference.load()
    rows = len(reference.CHECKLISTS) * 2 + sum(len(c["items"]) for c in reference.CHECKLISTS)
    assert len(ctx.captured_queries) <= rows + len(reference.LAW_ARTICLES)
