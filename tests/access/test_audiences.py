"""access.audiences: who is told of an event is decided here, in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

import access
from access import Audience


def names(users):
    return sorted(u.username for u in users)


def test_each_audience_is_the_people_it_names(world):
    a = {"enterprise_id": world.ent_a.pk, "county_id": world.county_a.pk}
    assert names(access.people(Audience.CONTACTS, **a)) == ["contact_a"]
    assert names(access.people(Audience.COUNTY_STAFF, **a)) == ["county_a_u"]
    assert names(access.people(Audience.COUNTY_LEADS, **a)) == ["county_a_u"]
    assert names(access.people(Audience.DECISION_MAKERS, **a)) == ["bureau_u", "office_u"]
    assert names(access.people(Audience.CITY, **a)) == ["bureau_u", "official_u"]
    b = {"enterprise_id": world.ent_b.pk, "county_id": world.county_b.pk}
    assert names(access.people(Audience.CONTACTS, **b)) == ["contact_b"]
    assert access.people(Audience.COUNTY_LEADS, **b) == []  # county B has no lead


def test_several_audiences_name_each_person_once(world):
    people = access.people(
        Audience.COUNTY_STAFF,
        Audience.COUNTY_LEADS,
        Audience.DECISION_MAKERS,
        Audience.CITY,
        enterprise_id=world.ent_a.pk,
        county_id=world.county_a.pk,
    )
    assert names(people) == ["bureau_u", "county_a_u", "office_u", "official_u"]


def test_inactive_accounts_are_never_told(world):
    world.contact_a.is_active = False
    world.contact_a.save()
    assert access.people(Audience.CONTACTS, enterprise_id=world.ent_a.pk) == []


def test_a_directory_answers_for_many_enterprises_from_one_query(world):
    with CaptureQueriesContext(connection) as ctx:
        book = access.directory(
            [Audience.CONTACTS, Audience.COUNTY_STAFF, Audience.CITY],
            enterprise_ids=[world.ent_a.pk, world.ent_b.pk],
            county_ids=[world.county_a.pk, world.county_b.pk],
        )
        a = book.people(
            Audience.CONTACTS,
            Audience.COUNTY_STAFF,
            enterprise_id=world.ent_a.pk,
            county_id=world.county_a.pk,
        )
        b = book.people(
            Audience.CONTACTS, enterprise_id=world.ent_b.pk, county_id=world.county_b.pk
        )
        city = book.people(Audience.CITY)
    assert len(ctx.captured_queries) == 1
    assert names(a) == ["contact_a", "county_a_u"]
    assert names(b) == ["contact_b"]
    assert names(city) == ["bureau_u", "official_u"]
    # audiences not asked for are empty rather than silently loaded
    assert book.people(Audience.DECISION_MAKERS) == []


@pytest.mark.parametrize("audience", list(Audience))
def test_no_audience_reaches_another_enterprise_contact(world, audience):
    people = access.people(audience, enterprise_id=world.ent_a.pk, county_id=world.county_a.pk)
    assert world.contact_b.pk not in {u.pk for u in people}
