"""The public "one public" pages: reachable without sign-in, nothing confidential before its
date, no inspector or finding text, the export in the credit publicity fields, bilingual,
rate-limited; the office's working-day clock and its reminders."""

import datetime
import io

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboards import disclosure, reminders
from inspections.models import Origin
from notifications.models import Notification

from ..factories import (
    DrawFactory,
    DrawTargetFactory,
    EnterpriseFactory,
    FindingFactory,
    InspectionFactory,
    InspectorFactory,
)

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def published(world):
    inspector = InspectorFactory(first_name="", last_name="", username="inspector_secret_name")
    draw = DrawFactory(title="第三季度双随机抽查", period_start=TODAY - datetime.timedelta(days=10))
    past = DrawTargetFactory(
        draw=draw,
        enterprise=world.ent_a,
        inspection_date=TODAY - datetime.timedelta(days=3),
        inspectors=[inspector],
    )
    future = DrawTargetFactory(
        draw=draw,
        enterprise=world.ent_b,
        inspection_date=TODAY + datetime.timedelta(days=5),
        inspectors=[inspector],
    )
    inspection = InspectionFactory(
        enterprise=world.ent_a,
        submitted=True,
        origin=Origin.DRAW,
        draw_target=past,
        started_at=timezone.now() - datetime.timedelta(days=3),
        created_by=inspector,
    )
    FindingFactory(enterprise=world.ent_a, inspection=inspection, description="机密：料棚东侧破损")
    return {"past": past, "future": future, "inspection": inspection}


def test_anonymous_sees_published_results_and_nothing_confidential(client, world, published):
    response = client.get(reverse("public_inspections:list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert world.ent_a.name_zh in html and world.ent_a.credit_code in html
    assert world.ent_b.name_zh not in html  # its inspection date has not come
    assert "inspector_secret_name" not in html  # no inspector
    assert "料棚东侧破损" not in html  # no finding text
    assert "第三季度双随机抽查" not in html  # no draw record
    assert 'data-testid="clock"' not in html  # the clock is for the office
    rows = response.context["d"].rows
    assert [r.target.pk for r in rows] == [published["past"].pk]


def test_the_office_sees_the_working_day_clock(client, world, published):
    client.force_login(world.office)
    html = client.get(reverse("public_inspections:list")).content.decode()
    assert 'data-testid="clock"' in html
    client.force_login(world.contact_a)
    assert (
        'data-testid="clock"' not in client.get(reverse("public_inspections:list")).content.decode()
    )


def test_export_in_the_credit_publicity_fields(client, world, published):
    response = client.get(reverse("public_inspections:export", args=["xlsx"]))
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == (
        "企业名称",
        "统一社会信用代码",
        "检查实施机关",
        "检查类型",
        "检查日期",
        "检查结果",
    )
    assert len(rows) == 2
    name, code, authority, kind, day, result = rows[1]
    assert (name, code) == (world.ent_a.name_zh, world.ent_a.credit_code)
    assert authority == "济宁市生态环境局" and kind == "双随机抽查"
    assert "1" in result and "料棚" not in result
    assert client.get(reverse("public_inspections:export", args=["csv"])).status_code == 200
    assert client.get(reverse("public_inspections:export", args=["exe"])).status_code == 404


def test_public_page_in_english(client, world, published):
    client.cookies["django_language"] = "en"
    html = client.get(
        reverse("public_inspections:list"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Double-random spot checks: published results" in html
    assert "Jining Municipal Bureau of Ecology and Environment" in html


def test_public_pages_are_rate_limited(client, world, settings):
    settings.PUBLIC_REQUESTS_PER_MINUTE = 3
    url = reverse("public_inspections:list")
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    response = client.get(url)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert client.get(reverse("public_inspections:export", args=["csv"])).status_code == 429
    # the portal's own users are not counted (the office works from this page)
    client.force_login(world.office)
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_working_days_skip_weekends():
    friday = datetime.date(2025, 9, 12)
    assert disclosure.add_working_days(friday, 1) == datetime.date(2025, 9, 15)
    assert disclosure.add_working_days(friday, 5) == datetime.date(2025, 9, 19)
    assert disclosure.working_days_between(friday, datetime.date(2025, 9, 19)) == 5
    assert disclosure.working_days_between(datetime.date(2025, 9, 19), friday) == -5
    assert disclosure.working_days_between(friday, friday) == 0


@pytest.mark.django_db
def test_working_days_follow_the_official_calendar():
    """The State Council's notice for 2025: 1-8 October off, Sunday 28 September and Saturday
    11 October worked in lieu (core/holidays.py, seeded by a migration)."""
    friday = datetime.date(2025, 9, 26)
    assert disclosure.add_working_days(friday, 1) == datetime.date(2025, 9, 28)  # a Sunday
    assert disclosure.add_working_days(friday, 3) == datetime.date(2025, 9, 30)
    assert disclosure.add_working_days(friday, 4) == datetime.date(2025, 10, 9)
    assert disclosure.add_working_days(friday, 6) == datetime.date(2025, 10, 11)  # a Saturday
    assert disclosure.working_days_between(friday, datetime.date(2025, 10, 11)) == 6
    assert disclosure.working_days_between(datetime.date(2025, 10, 11), friday) == -6
    # the spring festival of 2026: nine days off, two Saturdays worked
    assert (
        disclosure.working_days_between(datetime.date(2026, 2, 13), datetime.date(2026, 2, 28))
        == 1 + 4 + 1
    )  # 14 Feb (Sat), 24-27 Feb, 28 Feb (Sat)
    # a year the calendar does not hold yet counts Monday to Friday
    assert disclosure.add_working_days(datetime.date(2030, 9, 27), 5) == datetime.date(2030, 10, 4)


def test_office_is_reminded_before_and_after_the_period_runs_out(world):
    rule = disclosure.rule()
    ent = EnterpriseFactory(county=world.county_a)
    # inspected so long ago that 2 working days are left today
    start = TODAY
    while disclosure.working_days_between(start, TODAY) < rule.working_days - 2:
        start -= datetime.timedelta(days=1)
    target = DrawTargetFactory(enterprise=ent, inspection_date=start)
    assert reminders.disclosure_sweep(today=TODAY) == {"disclosure_due": 1, "disclosure_late": 0}
    assert reminders.disclosure_sweep(today=TODAY) == {"disclosure_due": 0, "disclosure_late": 0}
    later = disclosure.add_working_days(TODAY, 3)
    assert reminders.disclosure_sweep(today=later) == {"disclosure_due": 0, "disclosure_late": 1}
    told = Notification.objects.filter(kind="dashboards.disclosure_reminder")
    assert set(told.values_list("recipient", flat=True)) == {world.office.pk}
    assert told.count() == 2
    # once the record is submitted, nothing more
    InspectionFactory(enterprise=ent, submitted=True, origin=Origin.DRAW, draw_target=target)
    assert reminders.disclosure_sweep(today=disclosure.add_working_days(TODAY, 10)) == {
        "disclosure_due": 0,
        "disclosure_late": 0,
    }


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q.captured_queries)


@pytest.mark.parametrize("name", ["public_inspections:list", "public_inspections:export"])
def test_public_query_count_does_not_grow(client, world, name):
    url = reverse(name) if name.endswith("list") else reverse(name, args=["xlsx"])

    def add(n):
        for _ in range(n):
            t = DrawTargetFactory(inspection_date=TODAY - datetime.timedelta(days=2))
            InspectionFactory(
                enterprise=t.enterprise, submitted=True, origin=Origin.DRAW, draw_target=t
            )

    add(2)
    small = _count(client, url)
    add(10)
    cache.clear()
    assert _count(client, url) <= small
