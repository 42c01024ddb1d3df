"""The access policy's predicates, role by role (the views' matrix tests cover the wiring)."""

import pytest

import access


@pytest.mark.parametrize(
    ("role", "sees_a", "sees_b", "edits_a", "creates"),
    [
        ("office", True, True, True, True),
        ("bureau", True, True, True, True),
        ("county_a_staff", True, False, True, False),
        ("county_b_staff", False, True, False, False),
        ("vehicle", True, True, False, False),
        ("contact_a", True, False, False, False),
        ("contact_b", False, True, False, False),
        ("official", True, True, False, False),
    ],
)
def test_enterprise_predicates(world, role, sees_a, sees_b, edits_a, creates):
    user = world.users()[role]
    assert access.can_view_enterprise(user, world.ent_a) is sees_a
    assert access.can_view_enterprise(user, world.ent_b) is sees_b
    assert access.can_edit_enterprise(user, world.ent_a) is edits_a
    assert access.can_create_enterprise(user) is creates
    visible = set(access.visible_enterprises(user).values_list("pk", flat=True))
    assert (world.ent_a.pk in visible, world.ent_b.pk in visible) == (sees_a, sees_b)


def test_inactive_and_anonymous_users_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    world.office.is_active = False
    assert not access.visible_enterprises(world.office).exists()
    assert not access.visible_enterprises(AnonymousUser()).exists()


def test_scope_follows_a_path_to_the_enterprise(world):
    from enterprises.models import Contact

    contacts = access.scope(world.county_a_staff, Contact.objects.all())
    assert {c.enterprise_id for c in contacts} == {world.ent_a.pk}


@pytest.mark.parametrize(
    ("role", "counties"),
    [
        ("office", {"a", "b"}),
        ("bureau", {"a", "b"}),
        ("vehicle", {"a", "b"}),
        ("official", {"a", "b"}),
        ("county_a_staff", {"a"}),
        ("county_b_staff", {"b"}),
        ("contact_a", {"a"}),
        ("contact_b", {"b"}),
    ],
)
def test_visible_counties_follow_the_one_county_rule(world, role, counties):
    user = world.users()[role]
    names = {"a": world.county_a.pk, "b": world.county_b.pk}
    expected = {names[c] for c in counties}
    assert set(access.visible_counties(user).values_list("pk", flat=True)) == expected


def test_a_county_less_county_account_is_staff_of_no_county(world):
    staff = world.county_a_staff
    assert access.is_county_staff_of(staff, world.county_a.pk)
    assert not access.is_county_staff_of(staff, world.county_b.pk)
    assert not access.is_county_staff_of(staff, None)
    assert not access.is_county_staff_of(world.bureau, world.county_a.pk)


def test_the_admin_is_only_for_staff_flagged_accounts(world):
    assert not access.can_use_admin(world.office)
    world.office.is_staff = True
    assert access.can_use_admin(world.office)
    world.office.is_active = False
    assert not access.can_use_admin(world.office)
