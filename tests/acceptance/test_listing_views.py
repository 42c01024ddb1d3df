"""Every view of the ULE status, publicity and the list × every role of ``world`` × own/other
enterprise; the public pages without sign-in and without anything confidential; query budgets
that do not grow with the rows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acceptance import services
from acceptance.models import ListEntry, Publicity, RevocationReason

from ..factories import EnterpriseFactory, UnitFactory
from ..retrofits.conftest import make_project
from .conftest import START, TODAY, D, done_up_to, list_enterprise, start_publicity

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
SECRET = "仅市局内部掌握的情况（不得公开）"


def sees(user: str, side: str) -> bool:
    return user in CITY_WIDE or user in (f"contact_{side}", f"county_{side}_staff")


@pytest.fixture
def listed_a(world, old_project):
    """Enterprise A listed, then under review with a confidential reason."""
    UnitFactory(enterprise=world.ent_a)
    done_up_to(old_project, 9, actor=world.bureau)
    entry = list_enterprise(world)
    return services.listing_change(
        actor=world.bureau, entry=entry, to="under_review", reason=SECRET
    )


@pytest.mark.parametrize("user", USERS)
def test_the_list_page_shows_the_entries_in_scope(client, world, listed_a, user):
    client.force_login(getattr(world, user))
    response = client.get(reverse("acceptance:listing"))
    assert response.status_code == 200
    assert [e.pk for e in response.context["page"]] == ([listed_a.pk] if sees(user, "a") else [])


@pytest.mark.parametrize("user", USERS)
def test_entry_detail_and_change_matrix(client, world, listed_a, user):
    client.force_login(getattr(world, user))
    url = reverse("acceptance:listing_detail", args=[listed_a.pk])
    post = {"version": listed_a.version, "to": "suspended", "reason": "确认超标"}
    if not sees(user, "a"):
        assert client.get(url).status_code == 404
        assert client.post(url, post).status_code == 404
        return
    response = client.get(url)
    assert response.status_code == 200
    assert (response.context["form"] is not None) == (user in BUREAU)
    response = client.post(url, post)
    listed_a.refresh_from_db()
    if user in BUREAU:
        assert response.status_code == 302 and listed_a.status == "suspended"
    else:
        assert response.status_code == 403 and listed_a.status == "under_review"


def test_a_revocation_without_its_reason_is_refused_in_the_form(client, world, listed_a):
    client.force_login(world.bureau)
    url = reverse("acceptance:listing_detail", args=[listed_a.pk])
    response = client.post(url, {"version": listed_a.version, "to": "revoked", "reason": "x"})
    assert response.status_code == 400
    assert "请选择移出原因" in response.content.decode()
    reason = RevocationReason.objects.get(code="falsified_data")
    response = client.post(
        url,
        {
            "version": listed_a.version,
            "to": "revoked",
            "reason": "在线监测数据造假",
            "revocation_reason": reason.pk,
        },
    )
    assert response.status_code == 302
    listed_a.refresh_from_db()
    assert listed_a.barred_until == services.add_months(TODAY, 12)


def test_a_stale_change_keeps_the_entries(client, world, listed_a):
    client.force_login(world.bureau)
    url = reverse("acceptance:listing_detail", args=[listed_a.pk])
    stale = listed_a.version
    services.listing_change(actor=world.office, entry=listed_a, to="listed", reason="已核实")
    response = client.post(url, {"version": stale, "to": "suspended", "reason": "确认超标"})
    assert response.status_code == 400
    assert ListEntry.objects.get(pk=listed_a.pk).status == "listed"


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("user", USERS)
def test_status_and_scope_matrix(client, world, listed_a, user, side):
    client.force_login(getattr(world, user))
    enterprise = getattr(world, f"ent_{side}")
    status = reverse("acceptance:status", args=[enterprise.pk])
    scope = reverse("acceptance:scope", args=[enterprise.pk])
    new = reverse("acceptance:publicity_new", args=[enterprise.pk])
    if not sees(user, side):
        for url in (status, scope, new):
            assert client.get(url).status_code == 404
        return
    assert client.get(status).status_code == 200
    expected = 200 if user in BUREAU else 403
    assert client.get(scope).status_code == expected
    assert client.get(new).status_code == expected


def test_the_scope_form_saves_and_explains(client, world, old_project):
    client.force_login(world.bureau)
    url = reverse("acceptance:scope", args=[world.ent_a.pk])
    response = client.post(url, {"organized": "on", "fugitive": "on"})
    assert response.status_code == 400 and "不纳入范围的原因" in response.content.decode()
    response = client.post(
        url, {"organized": "on", "fugitive": "on", "transport_note": "无厂外运输（测试）"}
    )
    assert response.status_code == 302
    page = client.get(reverse("acceptance:status", args=[world.ent_a.pk])).content.decode()
    assert "无厂外运输（测试）" in page


@pytest.mark.parametrize("user", USERS)
def test_publicity_pages_matrix(client, world, old_project, user):
    UnitFactory(enterprise=world.ent_a)
    done_up_to(old_project, 9, actor=world.bureau)
    from .conftest import accept_evaluation

    accept_evaluation(world)
    publicity = start_publicity(world, start=TODAY - D(20))
    client.force_login(getattr(world, user))
    detail = reverse("acceptance:publicity_detail", args=[publicity.pk])
    close = reverse("acceptance:publicity_close", args=[publicity.pk])
    withdraw = reverse("acceptance:publicity_withdraw", args=[publicity.pk])
    if not sees(user, "a"):
        for url in (detail, close, withdraw):
            assert client.get(url).status_code in (404, 405)
        assert client.post(close).status_code == 404
        return
    response = client.get(detail)
    assert response.status_code == 200
    assert (response.context["form"] is not None) == (user in BUREAU)
    assert response.context["can_close"] == (user in BUREAU)
    response = client.post(close)
    publicity.refresh_from_db()
    if user in BUREAU:
        assert response.status_code == 302 and publicity.status == Publicity.Status.ENDED
        assert ListEntry.objects.get(enterprise=world.ent_a).status == "listed"
    else:
        assert response.status_code == 403 and publicity.status == Publicity.Status.OPEN


def test_recording_a_publicity_through_the_form(client, world, old_project):
    UnitFactory(enterprise=world.ent_a)
    done_up_to(old_project, 9, actor=world.bureau)
    client.force_login(world.bureau)
    url = reverse("acceptance:publicity_new", args=[world.ent_a.pk])
    data = {
        "platform": "市局网站",
        "url": "https://example.org/p",
        "start": TODAY.isoformat(),
        "end": (TODAY + D(9)).isoformat(),
    }
    response = client.post(url, data)
    assert response.status_code == 400 and "评估" in response.content.decode()
    from .conftest import accept_evaluation

    accept_evaluation(world)
    response = client.post(url, data)
    assert response.status_code == 302
    assert Publicity.objects.get().end == TODAY + D(9)


# --- the public pages ------------------------------------------------------------------------


def test_the_public_pages_need_no_sign_in_and_keep_the_bureau_s_words(client, world, listed_a):
    services.listing_change(
        actor=world.bureau,
        entry=ListEntry.objects.get(pk=listed_a.pk),
        to="revoked",
        reason=SECRET,
        revocation_reason=RevocationReason.objects.get(code="not_stable"),
    )
    for url in (reverse("public_ule:list"), reverse("public_ule:changes")):
        response = client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert world.ent_a.name_zh in page
        assert SECRET not in page
        assert world.contact_a.username not in page and world.bureau.username not in page
    changes = client.get(reverse("public_ule:changes")).content.decode()
    assert "抽查或在线监测发现不能稳定达到超低排放要求" in changes
    english = client.get(reverse("public_ule:list"), HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 200


def test_the_public_list_in_english(client, world, listed_a):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("public_ule:list")).content.decode()
    assert "Ultra-low emission list" in page and "Under review" in page


# --- query budgets ---------------------------------------------------------------------------


def _entries(world, n: int) -> None:
    """``n`` more listed enterprises (rows written directly: the budget is the page's)."""
    from acceptance.models import Evaluation, ListChange

    for _ in range(n):
        e = EnterpriseFactory(county=world.county_a)
        ev = Evaluation.objects.create(
            enterprise=e,
            evaluator="self",
            scope="full",
            monitoring_start=START,
            monitoring_end=START,
            stable_start=START,
            stable_end=START,
            indicators="x",
            organized="meets",
            fugitive="meets",
            transport="meets",
            status="accepted",
        )
        p = Publicity.objects.create(
            enterprise=e,
            evaluation=ev,
            platform="p",
            url="https://example.org",
            start=START,
            end=START,
            status="ended",
        )
        entry = ListEntry.objects.create(
            enterprise=e, status="listed", listed_on=START, publicity=p
        )
        ListChange.objects.create(
            entry=entry, enterprise=e, to_status="listed", reason="x", decided_on=START
        )


@pytest.mark.parametrize("name", ["acceptance:listing", "public_ule:list", "public_ule:changes"])
def test_list_pages_run_a_constant_number_of_queries(client, world, listed_a, name):
    client.force_login(world.bureau)
    make_project(world.ent_b, actor=world.bureau, approver=world.bureau, start=START)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name)).status_code == 200
        return len(ctx.captured_queries)

    few = count()
    _entries(world, 8)
    assert count() == few


def test_the_status_page_runs_a_constant_number_of_queries(client, world, listed_a):
    client.force_login(world.bureau)
    url = reverse("acceptance:status", args=[world.ent_a.pk])
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    few = len(ctx.captured_queries)
    for _ in range(3):
        make_project(world.ent_a, actor=world.bureau, approver=world.bureau, start=START)
    with CaptureQueriesContext(connection) as ctx:
        client.get(url)
    assert len(ctx.captured_queries) == few


@pytest.fixture
def fresh_cache():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_the_public_list_shares_the_public_rate_limit(client, world, settings, fresh_cache):
    """The ULE list pages count towards the same per-address limit as the other public pages
    (core.throttle); signed-in users are not counted."""
    settings.PUBLIC_REQUESTS_PER_MINUTE = 2
    url = reverse("public_ule:list")
    assert [client.get(url).status_code for _ in range(2)] == [200, 200]
    response = client.get(reverse("public_ule:changes"))
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert "请求过于频繁" in response.content.decode()
    assert client.get(reverse("public_inspections:list")).status_code == 429
    client.force_login(world.official)
    assert client.get(url).status_code == 200
