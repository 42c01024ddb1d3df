"""Every evaluation view × every role of ``world`` × own/other enterprise, the form, and the
list's query budget."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acceptance import services
from acceptance.models import Evaluation

from ..factories import EnterpriseFactory, UnitFactory, UserFactory, pdf_upload
from ..retrofits.conftest import make_project
from .conftest import START, done_up_to
from .test_evaluations import data

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


def evaluation_of(world, enterprise, contact, *, returned=False):
    UnitFactory(enterprise=enterprise)
    project = make_project(enterprise, actor=world.bureau, approver=world.bureau, start=START)
    done_up_to(project, 9, actor=world.bureau)
    ev = services.evaluation_submit(
        actor=contact, enterprise=enterprise, data=data(), files=[pdf_upload()]
    )
    if returned:
        services.evaluation_review(actor=world.bureau, evaluation=ev, accept=False, comment="补充")
    return ev


@pytest.fixture
def evs(world):
    """A submitted evaluation of enterprise A and a returned one of B."""
    return {
        "a": evaluation_of(world, world.ent_a, world.contact_a),
        "b": evaluation_of(world, world.ent_b, world.contact_b, returned=True),
    }


@pytest.mark.parametrize("user", USERS)
def test_list_shows_the_evaluations_in_scope(client, world, evs, user):
    client.force_login(getattr(world, user))
    response = client.get(reverse("acceptance:evaluations"))
    assert response.status_code == 200
    assert {e.pk for e in response.context["page"]} == {evs[s].pk for s in "ab" if sees(user, s)}
    assert response.context["can_file"] == user.startswith("contact")


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("user", USERS)
def test_detail_file_and_review_matrix(client, world, evs, user, side):
    ev = evs[side]
    client.force_login(getattr(world, user))
    detail = reverse("acceptance:evaluation_detail", args=[ev.pk])
    file_url = ev.files.first().get_absolute_url()
    if not sees(user, side):
        assert client.get(detail).status_code == 404
        assert client.get(file_url).status_code == 404
        assert client.post(detail, {"decision": "accept"}).status_code == 404
        return
    assert client.get(detail).status_code == 200
    assert client.get(file_url).status_code == 200
    response = client.post(detail, {"decision": "accept"})
    ev.refresh_from_db()
    if user in BUREAU and side == "a":  # b was returned: nothing to review
        assert response.status_code == 302 and ev.status == Evaluation.Status.ACCEPTED
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("user", USERS)
def test_new_and_resubmit_are_for_the_enterprises_contacts(client, world, evs, user):
    client.force_login(getattr(world, user))
    new = client.get(reverse("acceptance:evaluation_new"))
    assert new.status_code == (200 if user.startswith("contact") else 403)
    resubmit = client.get(reverse("acceptance:evaluation_resubmit", args=[evs["b"].pk]))
    expected = 404 if not sees(user, "b") else (200 if user == "contact_b" else 403)
    assert resubmit.status_code == expected


def test_the_form_files_an_evaluation_and_says_what_is_wrong(client, ready_for_form):
    world = ready_for_form
    client.force_login(world.contact_a)
    url = reverse("acceptance:evaluation_new")
    post = {k: v for k, v in data().items() if k != "units"}
    response = client.post(url, {**post, "accreditation_no": ""})
    assert response.status_code == 400 and "accreditation_no" in response.context["form"].errors
    response = client.post(url, {**post, "files": pdf_upload()})
    assert response.status_code == 302
    assert Evaluation.objects.get(enterprise=world.ent_a).status == "submitted"


@pytest.fixture
def ready_for_form(world, old_project):
    UnitFactory(enterprise=world.ent_a)
    done_up_to(old_project, 9, actor=world.bureau)
    return world


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_the_list_does_not_grow_with_evaluations(client, world):
    client.force_login(world.bureau)
    evaluation_of(world, world.ent_a, world.contact_a)
    few = count_queries(client, reverse("acceptance:evaluations"))
    for _ in range(3):
        ent = EnterpriseFactory(county=world.county_a)
        contact = UserFactory(role="contact", enterprise=ent)
        evaluation_of(world, ent, contact)
    assert count_queries(client, reverse("acceptance:evaluations")) == few


def test_home_points_the_bureau_and_the_contact_to_evaluations(client, world, evs):
    client.force_login(world.bureau)
    page = client.get("/").content.decode()
    assert 'data-testid="evaluations-to-review"' in page and "1 份评估监测待技术审查" in page
    client.force_login(world.contact_b)
    page = client.get("/").content.decode()
    assert 'data-testid="my-evaluations"' in page and "1 份评估监测被退回修改" in page


def test_the_radio_choices_offer_no_empty_option(client, ready_for_form):
    client.force_login(ready_for_form.contact_a)
    form = client.get(reverse("acceptance:evaluation_new")).context["form"]
    for name in ("evaluator", "scope"):
        assert "" not in [value for value, _label in form.fields[name].choices]
