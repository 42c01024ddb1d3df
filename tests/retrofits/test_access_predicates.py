"""The predicates added to ``access.retrofits`` for rules the views used to compose by hand."""

import access

from .conftest import make_project


def test_plan_already_approved_for_the_people_who_approve_plans(world):
    planning = make_project(world, actor=world.contact_a, approved=False)
    approved = make_project(world, actor=world.contact_a, approver=world.bureau, name="二")
    for user in (world.office, world.bureau):
        assert access.plan_already_approved_for(user, approved)
        assert not access.plan_already_approved_for(user, planning)
    for user in (world.county_a_staff, world.contact_a, world.official, world.vehicle):
        assert not access.plan_already_approved_for(user, approved)


def test_has_own_enterprise_only_for_contacts_bound_to_one(world):
    assert access.has_own_enterprise(world.contact_a)
    world.contact_b.enterprise = None
    assert not access.has_own_enterprise(world.contact_b)
    for user in (world.office, world.bureau, world.county_a_staff, world.official):
        assert not access.has_own_enterprise(user)
