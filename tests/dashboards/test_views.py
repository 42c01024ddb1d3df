"""The dashboard and the ranking: every role of ``world``, what each sees, query budgets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards import services
from dashboards.models import Rating

from ..factories import (
    EnterpriseFactory,
    FindingFactory,
    MilestoneNodeFactory,
    RetrofitProjectFactory,
)
from ..factories.dashboards import EnterpriseWeekFactory, WeeklySnapshotFactory

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
VIEWS = ["dashboards:dashboard", "dashboards:ranking"]
TODAY = timezone.localdate()


def sees(user: str, side: str) -> bool:
    return user in CITY_WIDE or user == f"county_{side}_staff"


@pytest.fixture
def snapshot(world):
    MilestoneNodeFactory(
        project=RetrofitProjectFactory(enterprise=world.ent_a),
        planned_date=TODAY - datetime.timedelta(days=40),
    )
    FindingFactory(enterprise=world.ent_b)
    snap, _ = services.snapshot_take()
    return snap


@pytest.mark.parametrize("name", VIEWS)
@pytest.mark.parametrize("user", USERS)
def test_dashboard_pages_are_for_supervisors_not_contacts(client, world, snapshot, user, name):
    client.force_login(getattr(world, user))
    response = client.get(reverse(name))
    if user.startswith("contact"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    html = response.content.decode()
    for side in "ab":
        ent = getattr(world, f"ent_{side}")
        assert (ent.name_zh in html) == sees(user, side), (user, side)


@pytest.mark.parametrize("user", USERS)
def test_the_map_lists_the_plants_of_the_users_scope(client, world, snapshot, user):
    """The map's plants come apart from the page (``dashboards:map``), with the page's access."""
    for side in "ab":
        ent = getattr(world, f"ent_{side}")
        ent.latitude, ent.longitude = 35.4, 116.6
        ent.save(update_fields=["latitude", "longitude"])
    client.force_login(getattr(world, user))
    response = client.get(reverse("dashboards:map"))
    if user.startswith("contact"):
        assert response.status_code == 403
        return
    assert response.status_code == 200
    shown = {p["id"] for p in response.json()["points"]}
    assert shown == {getattr(world, f"ent_{side}").pk for side in "ab" if sees(user, side)}, user
    point = next(iter(response.json()["points"]), None)
    if point is not None:
        assert point["url"] == reverse("enterprises:detail", args=[point["id"]])


def test_the_map_without_a_snapshot_is_empty(client, world):
    client.force_login(world.official)
    assert client.get(reverse("dashboards:map")).json() == {"points": []}


@pytest.mark.parametrize("name", [*VIEWS, "dashboards:map"])
def test_dashboard_pages_need_a_sign_in(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert reverse("login") in response["Location"]


@pytest.mark.parametrize("user", USERS)
def test_figures_count_only_the_users_scope(client, world, snapshot, user):
    if user.startswith("contact"):
        return
    client.force_login(getattr(world, user))
    d = client.get(reverse("dashboards:dashboard")).context["d"]
    expected = sum(1 for side in "ab" if sees(user, side))
    assert d.totals.enterprises == expected
    assert d.findings.total == (1 if sees(user, "b") else 0)
    assert {r.enterprise_id for r in d.worst} <= {world.ent_a.pk, world.ent_b.pk}
    if sees(user, "a"):
        assert d.totals.red == 1  # A's node missed for 40 days


def test_nav_and_home_link_to_the_dashboard_only_for_supervisors(client, world):
    client.force_login(world.official)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="nav-dashboard"' in html and 'data-testid="home-dashboard"' in html
    client.force_login(world.contact_a)
    html = client.get(reverse("home")).content.decode()
    assert 'data-testid="nav-dashboard"' not in html and "home-dashboard" not in html


def test_every_figure_says_as_of(client, world, snapshot):
    client.force_login(world.official)
    html = client.get(reverse("dashboards:dashboard")).content.decode()
    assert snapshot.week_start.isoformat() in html
    assert html.count("截至") >= 6


def test_ranking_filters_by_rating_and_lists_worst_first(client, world, snapshot):
    client.force_login(world.bureau)
    page = client.get(reverse("dashboards:ranking")).context["page"]
    assert [r.rating for r in page] == [Rating.RED, Rating.YELLOW]
    page = client.get(reverse("dashboards:ranking"), {"rating": "red"}).context["page"]
    assert [r.enterprise_id for r in page] == [world.ent_a.pk]
    # hostile parameters are ignored, never an error
    for bad in ({"week": "²"}, {"county": "99999999999999999999"}, {"rating": "\x00"}):
        assert client.get(reverse("dashboards:ranking"), bad).status_code == 200


def test_ranking_of_county_staff_ignores_another_county_in_the_filter(client, world, snapshot):
    client.force_login(world.county_a_staff)
    page = client.get(reverse("dashboards:ranking"), {"county": world.county_b.pk}).context["page"]
    assert {r.enterprise_id for r in page} == {world.ent_a.pk}


def test_dashboard_without_any_snapshot_says_so(client, world):
    client.force_login(world.official)
    response = client.get(reverse("dashboards:dashboard"))
    assert response.status_code == 200
    assert response.context["d"].snapshot is None


def _seed(weeks: int, per_week: int) -> None:
    ents = [EnterpriseFactory() for _ in range(per_week)]
    for _w in range(weeks):
        snap = WeeklySnapshotFactory()
        for i, e in enumerate(ents):
            EnterpriseWeekFactory(
                snapshot=snap,
                enterprise=e,
                rating=[Rating.RED, Rating.YELLOW, Rating.GREEN][i % 3],
                ule_complete=bool(i % 2),
            )


@pytest.mark.parametrize("name", [*VIEWS, "dashboards:map"])
def test_query_count_does_not_grow_with_enterprises_or_weeks(
    client, world, django_assert_max_num_queries, name
):
    client.force_login(world.official)
    _seed(2, 2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(reverse(name)).status_code == 200
    _seed(6, 12)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(name)).status_code == 200
