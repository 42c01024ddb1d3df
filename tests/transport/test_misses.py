"""The share misses kept as rows (``transport.misses``): written when an import finishes and
when clean tonnage is recorded, judged again each night, and paged by the vehicle queue in a
fixed number of queries however many there are."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from transport.misses import last_months, refresh_misses
from transport.models import ShareMiss, Threshold
from transport.queue import Queue
from transport.tasks import refresh_share_misses

from ..factories import EnterpriseFactory
from ..factories.transport import csv_bytes, pass_row
from .test_shares import tonnage

pytestmark = pytest.mark.django_db
MARCH = datetime.datetime(2025, 3, 1, 6)


def _keys(ent) -> set[str]:
    return set(ShareMiss.objects.filter(enterprise=ent).values_list("key", flat=True))


def test_an_import_writes_the_misses_of_its_months_and_clean_tonnage_clears_one(
    world, thresholds, run_import
):
    rows = [pass_row(n, start=MARCH, stage="国六", tonnes="30") for n in range(10)]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    clean = f"share:{world.ent_a.pk}:2025-03:clean_share"
    assert clean in _keys(world.ent_a)  # 300 t by road, nothing clean: 0 %
    miss = ShareMiss.objects.get(key=clean)
    assert miss.value == "0.0" and miss.threshold.rule == "clean_share"
    assert not _keys(world.ent_b)
    tonnage(world, world.ent_a, Decimal("2700"))  # 90 % clean
    assert clean not in _keys(world.ent_a)


def test_the_nightly_task_judges_again_with_the_thresholds_in_force(world, thresholds, run_import):
    start = datetime.datetime.combine(last_months()[0], datetime.time(6))
    rows = [pass_row(n, start=start, stage="国六", tonnes="30") for n in range(10)]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    tonnage(world, world.ent_a, Decimal("1000"), month=start.date())  # 1000 / 1300: 76.9 %
    key = f"share:{world.ent_a.pk}:{start:%Y-%m}:clean_share"
    assert key in _keys(world.ent_a)
    Threshold.objects.filter(rule="clean_share").update(percent=70)  # edited in the admin
    assert key in _keys(world.ent_a)  # not until judged again
    refresh_share_misses()
    assert key not in _keys(world.ent_a)


def test_a_threshold_or_an_industry_changed_in_the_admin_is_judged_at_once(
    world, thresholds, run_import
):
    start = datetime.datetime.combine(last_months()[0], datetime.time(6))
    rows = [pass_row(n, start=start, stage="国六", tonnes="30") for n in range(10)]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    key = f"share:{world.ent_a.pk}:{start:%Y-%m}:clean_share"
    miss = ShareMiss.objects.get(key=key)
    assert miss.percent == Decimal("80")  # the threshold as judged, kept with the miss
    for row in Threshold.objects.filter(rule="clean_share"):
        row.percent = Decimal("0")  # saved as the admin saves it
        row.save()
    assert key not in _keys(world.ent_a)
    Threshold.objects.filter(rule="clean_share").update(percent=80)
    world.ent_a.refresh_from_db()
    world.ent_a.industry = "coking" if world.ent_a.industry != "coking" else "cement_clinker"
    world.ent_a.save()  # judged again for its new industry's rows
    assert key in _keys(world.ent_a)


def test_judging_twice_writes_each_miss_once(world, thresholds, run_import):
    rows = [pass_row(n, start=MARCH, stage="国五", tonnes="30") for n in range(5)]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    first = sorted(_keys(world.ent_a))
    assert refresh_misses(months=[MARCH.date()]) == len(first)
    assert refresh_misses(months=[MARCH.date()], enterprise_ids=[world.ent_a.pk]) == len(first)
    assert sorted(_keys(world.ent_a)) == first


def test_the_queue_pages_through_misses_in_a_fixed_number_of_queries(client, world, thresholds):
    today = datetime.date(2025, 4, 10)
    rule = Threshold.objects.filter(rule="clean_share").first()

    def misses(n):
        for _ in range(n):
            e = EnterpriseFactory(county=world.county_a)
            ShareMiss.objects.create(
                enterprise=e,
                month=datetime.date(2025, 3, 1),
                rule="clean_share",
                value="12.5",
                threshold=rule,
                percent=rule.percent,
                key=f"share:{e.pk}:2025-03:clean_share",
            )

    misses(3)

    def page_of(number):
        queue = Queue(user=world.bureau, today=today)
        with CaptureQueriesContext(connection) as ctx:
            items = queue[(number - 1) * 20 : number * 20]
            total = queue.count()
        return items, total, len(ctx.captured_queries)

    few_items, few_total, few_queries = page_of(1)
    assert few_total == 3 and len(few_items) == 3
    misses(45)
    items, total, queries = page_of(3)
    assert total == 48 and len(items) == 8 and queries == few_queries
    assert items[0].title.startswith("2025-03") and "12.5%" in items[0].title
    assert not {i.key for i in items} & {i.key for i in page_of(1)[0]}


def test_the_queue_page_shows_a_raised_miss_only_when_asked(client, world, thresholds):
    from inspections.models import Finding
    from transport.models import QueueFinding

    from ..factories.inspections import FindingFactory

    last = last_months()[0]
    rule = Threshold.objects.filter(rule="clean_share").first()
    ShareMiss.objects.create(
        enterprise=world.ent_a, month=last, rule="clean_share", value="5.0",
        threshold=rule, percent=rule.percent, key=f"share:{world.ent_a.pk}:{last:%Y-%m}:clean_share",
    )  # fmt: skip
    client.force_login(world.bureau)
    page = client.get(reverse("transport:queue"))
    assert page.context["open_count"] == 1 and page.context["raised"] == 0
    finding = FindingFactory(enterprise=world.ent_a)
    QueueFinding.objects.create(
        key=f"share:{world.ent_a.pk}:{last:%Y-%m}:clean_share",
        enterprise=world.ent_a,
        finding=finding,
    )
    page = client.get(reverse("transport:queue"))
    assert page.context["open_count"] == 0 and page.context["raised"] == 1
    assert page.context["items"] == []
    shown = client.get(reverse("transport:queue"), {"all": 1}).context["items"]
    assert [i.finding for i, _form in shown] == [Finding.objects.get(pk=finding.pk)]


def test_a_page_of_the_queue_runs_across_the_kinds_in_order(world, thresholds):
    from ..factories.transport import GateFactory, MachineFactory

    today = datetime.date(2025, 4, 10)
    machines = MachineFactory.create_batch(3, enterprise=world.ent_a, registration_code="")
    gates = GateFactory.create_batch(2, enterprise=world.ent_a, networked=False)
    rule = Threshold.objects.filter(rule="clean_share").first()
    misses = [
        ShareMiss.objects.create(
            enterprise=e,
            month=datetime.date(2025, 3, 1),
            rule="clean_share",
            value="1.0",
            threshold=rule,
            percent=rule.percent,
            key=f"share:{e.pk}:2025-03:clean_share",
        )  # fmt: skip
        for e in [EnterpriseFactory(county=world.county_a) for _ in range(4)]
    ]
    expected = (
        [f"machine:{m.pk}" for m in machines]
        + [f"gate:{g.pk}" for g in gates]
        + [m.key for m in misses]
    )
    queue = Queue(user=world.bureau, today=today)
    assert queue.count() == 9
    pages = [[i.key for i in queue[k : k + 4]] for k in (0, 4, 8)]
    assert pages == [expected[0:4], expected[4:8], expected[8:9]]
