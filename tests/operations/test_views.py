"""Every operations view × every role × own/other enterprise, and the query budgets."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from operations.models import StatusInterval

from ..factories import UnitFactory
from ..factories.operations import (
    CampaignFactory,
    CampaignLineFactory,
    ProvincialRateFactory,
    StatusIntervalFactory,
)

pytestmark = pytest.mark.django_db
USERS = [
    "office",
    "bureau",
    "county_a_staff",
    "county_b_staff",
    "vehicle",
    "contact_a",
    "contact_b",
    "official",
]
CITY_WIDE = {"office", "bureau", "vehicle", "official"}
BUREAU = {"office", "bureau"}


def sees(user, side):
    return user in CITY_WIDE or user in (f"contact_{side}", f"county_{side}_staff")


@pytest.fixture
def data(world):
    out = {}
    campaign = CampaignFactory()
    for side, ent in (("a", world.ent_a), ("b", world.ent_b)):
        unit = UnitFactory(enterprise=ent)
        out[side] = {
            "unit": unit,
            "interval": StatusIntervalFactory(unit=unit, start=datetime.date(2025, 11, 1)),
        }
        CampaignLineFactory(campaign=campaign, unit=unit)
    out["campaign"] = campaign
    ProvincialRateFactory()
    return out


@pytest.mark.parametrize("user", USERS + ["anonymous"])
def test_pages_everyone_in_scope_reads(client, world, data, user):
    if user == "anonymous":
        assert client.get(reverse("operations:index")).status_code == 302
        return
    client.force_login(getattr(world, user))
    assert client.get(reverse("operations:index")).status_code == 200
    response = client.get(data["campaign"].get_absolute_url())
    assert response.status_code == 200
    shown = {v.line.unit_id for v in response.context["verdicts"]}
    assert shown == {data[s]["unit"].pk for s in "ab" if sees(user, s)}
    for side in "ab":
        status = client.get(reverse("operations:unit", args=[data[side]["unit"].pk])).status_code
        assert status == (200 if sees(user, side) else 404)


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("user", USERS)
def test_report_and_verify_matrix(client, world, data, user, side):
    client.force_login(getattr(world, user))
    unit = data[side]["unit"]
    response = client.post(
        reverse("operations:unit", args=[unit.pk]),
        {"status": "maintenance", "start": datetime.date.today().isoformat()},
    )
    reports = user in BUREAU or user == f"contact_{side}"
    if not sees(user, side):
        assert response.status_code == 404
    else:
        assert response.status_code == (302 if reports else 403)
    assert StatusInterval.objects.filter(unit=unit, status="maintenance").exists() == reports
    verify = client.post(reverse("operations:interval_verify", args=[data[side]["interval"].pk]))
    verifies = user in BUREAU or user == f"county_{side}_staff"
    assert verify.status_code == (302 if verifies else 404 if not sees(user, side) else 403)


@pytest.mark.parametrize("user", USERS)
def test_campaign_and_rate_forms_are_the_bureaus(client, world, data, user):
    client.force_login(getattr(world, user))
    want = 200 if user in BUREAU else 403
    assert client.get(reverse("operations:campaign_new")).status_code == want
    assert (
        client.get(reverse("operations:campaign_edit", args=[data["campaign"].pk])).status_code
        == want
    )
    assert client.get(reverse("operations:rate_new")).status_code == want


def test_campaign_form_saves_lines_with_their_rules(client, world, data):
    client.force_login(world.bureau)
    post = {
        "name_zh": "错峰",
        "season": "2026-2027",
        "document": "文件",
        "industry": "cement_clinker",
        "start": "2026-11-15",
        "end": "2027-03-15",
        "make_up_days": "5",
        "lines": [data["a"]["unit"].pk],
        "heating": [data["b"]["unit"].pk],
    }
    response = client.post(reverse("operations:campaign_new"), post)
    assert response.status_code == 302
    bad = client.post(reverse("operations:campaign_new"), {**post, "end": "2026-01-01"})
    assert bad.status_code == 400


def count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_query_budgets_do_not_grow_with_rows(client, world, data):
    client.force_login(world.bureau)
    urls = [
        reverse("operations:index"),
        data["campaign"].get_absolute_url(),
        reverse("operations:unit", args=[data["a"]["unit"].pk]),
    ]
    before = [count(client, u) for u in urls]
    for n in range(6):
        unit = UnitFactory(enterprise=world.ent_a)
        StatusIntervalFactory(
            unit=unit, start=datetime.date(2025, 1, 1), end=datetime.date(2025, 6, 1)
        )
        StatusIntervalFactory(unit=unit, start=datetime.date(2025, 6, 2), status="peak_shifting")
        CampaignLineFactory(campaign=data["campaign"], unit=unit)
        StatusIntervalFactory(
            unit=data["a"]["unit"],
            start=datetime.date(2024, 1, 1 + n),
            end=datetime.date(2024, 1, 1 + n),
        )
    after = [count(client, u) for u in urls]
    assert after == before and max(after) <= 20
