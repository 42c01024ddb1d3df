"""Every acceptance view × every role of ``world`` × own/other enterprise; query budgets; the
home-page count for the bureau; the node form's messages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acceptance.models import NodeCompletion
from retrofits import services

from ..factories import EnterpriseFactory, pdf_upload
from ..retrofits.conftest import make_project, node
from .conftest import START, TODAY, D, done_up_to

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


def sees(user: str, side: str) -> bool:
    return user in CITY_WIDE or user in (f"contact_{side}", f"county_{side}_staff")


def claim_for(world, enterprise, contact):
    project = make_project(enterprise, actor=world.bureau, approver=world.bureau, start=START)
    done_up_to(project, 6, actor=world.bureau)
    services.node_complete(
        actor=contact,
        node=node(project, 7),
        actual_date=TODAY,
        files=[pdf_upload()],
    )
    return NodeCompletion.objects.get(node=node(project, 7))


@pytest.fixture
def claims(world):
    """A pending claim of enterprise A (by its contact) and one of B (by B's county staff)."""
    return {
        "a": claim_for(world, world.ent_a, world.contact_a),
        "b": claim_for(world, world.ent_b, world.county_b_staff),
    }


@pytest.mark.parametrize("user", USERS)
def test_claim_list_shows_each_user_the_claims_in_scope(client, world, claims, user):
    client.force_login(getattr(world, user))
    response = client.get(reverse("acceptance:claims"))
    assert response.status_code == 200
    shown = {c.pk for c in response.context["page"]}
    expected = {claims[side].pk for side in "ab" if sees(user, side)}
    assert shown == expected
    assert response.context["can_review"] == (user in BUREAU)


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("user", USERS)
def test_claim_detail_and_review_matrix(client, world, claims, user, side):
    claim = claims[side]
    client.force_login(getattr(world, user))
    url = reverse("acceptance:claim_detail", args=[claim.pk])
    response = client.get(url)
    if not sees(user, side):
        assert response.status_code == 404
        assert client.post(url, {"decision": "accept"}).status_code == 404
        return
    assert response.status_code == 200
    assert (response.context["form"] is not None) == (user in BUREAU)
    response = client.post(url, {"decision": "accept"})
    claim.refresh_from_db()
    if user in BUREAU:
        assert response.status_code == 302 and claim.status == NodeCompletion.Status.CONFIRMED
    else:
        assert response.status_code == 403 and claim.status == NodeCompletion.Status.PENDING


def test_the_bureau_returns_a_claim_with_a_comment_on_the_page(client, world, claims):
    client.force_login(world.bureau)
    url = reverse("acceptance:claim_detail", args=[claims["a"].pk])
    response = client.post(url, {"decision": "return", "comment": ""})
    assert response.status_code == 400
    response = client.post(url, {"decision": "return", "comment": "公示截图缺失"})
    assert response.status_code == 302
    claims["a"].refresh_from_db()
    assert claims["a"].status == NodeCompletion.Status.RETURNED


def test_unauthenticated_visitors_are_sent_to_sign_in(client, claims):
    for url in (
        reverse("acceptance:claims"),
        reverse("acceptance:claim_detail", args=[claims["a"].pk]),
    ):
        assert client.get(url).status_code == 302


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_claim_list_and_home_do_not_grow_with_claims(client, world):
    client.force_login(world.bureau)
    claim_for(world, world.ent_a, world.contact_a)
    url = reverse("acceptance:claims") + "?all=1"
    few, home = count_queries(client, url), count_queries(client, "/")
    for _ in range(4):
        claim_for(world, EnterpriseFactory(county=world.county_a), world.county_a_staff)
    assert count_queries(client, url) == few
    assert count_queries(client, "/") == home


def test_home_shows_the_bureau_how_many_claims_wait(client, world, claims):
    client.force_login(world.bureau)
    page = client.get("/").content.decode()
    assert 'data-testid="pending-claims"' in page and "2 项超低排放阶段认定申请待您确认" in page
    client.force_login(world.contact_a)
    assert 'data-testid="pending-claims"' not in client.get("/").content.decode()


def test_completing_a_node_of_an_unapproved_plan_says_why_on_the_form(client, world):
    project = make_project(world, actor=world.contact_a, approved=False)
    client.force_login(world.contact_a)
    url = reverse("retrofits:node_complete", args=[node(project, 1).pk])
    response = client.post(url, {"actual_date": TODAY.isoformat(), "note": ""})
    assert response.status_code == 400
    assert "计划尚未经市局批准" in response.content.decode()
    assert node(project, 1).actual_date is None


def test_node_page_says_the_claim_awaits_the_bureau(client, world, claims):
    client.force_login(world.contact_a)
    page = client.get(claims["a"].node.get_absolute_url()).content.decode()
    assert 'data-testid="node-claim"' in page and "待市局确认" in page


def test_node_page_shows_the_recorded_reason_of_a_late_entry(client, world, old_project):
    n1 = node(old_project, 1)
    services.node_complete(
        actor=world.contact_a,
        node=n1,
        actual_date=TODAY - D(20),
        late_reason="停电导致系统无法登录",
    )
    client.force_login(world.county_a_staff)
    assert "停电导致系统无法登录" in client.get(n1.get_absolute_url()).content.decode()


def test_the_completion_form_says_evidence_is_required_for_a_claim(client, world, old_project):
    done_up_to(old_project, 6, actor=world.bureau)
    url = reverse("retrofits:node_complete", args=[node(old_project, 7).pk])
    client.force_login(world.contact_a)
    assert "必须上传" in client.get(url).content.decode()
    client.force_login(world.bureau)
    assert "必须上传" not in client.get(url).content.decode()
