"""Implausible dates in retrofits (issue 8, item 1): refused by the forms, by the services and
by the database; pages render whatever is stored, even a date no form would accept."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from retrofits import services
from retrofits.models import DateChange, MilestoneNode

from .conftest import make_project, node

YEAR_ONE = datetime.date(1, 1, 1)
LAST_DAY = datetime.date(9999, 12, 31)


@pytest.mark.parametrize("start", [YEAR_ONE, LAST_DAY])
def test_a_project_cannot_start_at_an_implausible_date(world, start):
    with pytest.raises(ValidationError) as exc:
        make_project(world, actor=world.contact_a, approved=False, start=start)
    assert "start_date" in exc.value.error_dict


def test_plan_dates_node_completion_and_date_changes_refuse_implausible_dates(world):
    planning = make_project(world, actor=world.bureau, approved=False)
    first = node(planning, 1)
    with pytest.raises(ValidationError) as exc:
        services.plan_dates_update(actor=world.bureau, project=planning, dates={first.pk: LAST_DAY})
    assert f"node_{first.pk}" in exc.value.error_dict
    project = make_project(world, actor=world.bureau, approver=world.bureau, name="二期")
    with pytest.raises(ValidationError) as exc:
        services.node_change_date(
            actor=world.bureau, node=node(project, 3), new_date=LAST_DAY, reason="r"
        )
    assert "new_date" in exc.value.error_dict
    with pytest.raises(ValidationError) as exc:
        services.node_complete(actor=world.bureau, node=node(project, 1), actual_date=YEAR_ONE)
    assert "actual_date" in exc.value.error_dict
    assert not DateChange.objects.filter(node__project=project).exists()


def test_a_report_for_an_implausible_month_is_refused(world, project_a):
    data = {"period": "0001-01", "text": "t", "percent_complete": 1, "funds_invested_wan": 1}
    with pytest.raises(ValidationError) as exc:
        services.report_submit(actor=world.contact_a, project=project_a, data=data)
    assert "period" in exc.value.error_dict


def test_the_date_change_form_refuses_year_9999_with_a_message(client, world, project_a):
    client.force_login(world.contact_a)
    n = node(project_a, 3)
    response = client.post(
        reverse("retrofits:node_change_date", args=[n.pk]),
        {"new_date": "9999-12-31", "reason": "设备延期"},
    )
    assert response.status_code == 400
    assert "new_date" in response.context["form"].errors
    n.refresh_from_db()
    assert n.planned_date != LAST_DAY


@pytest.mark.parametrize("field", ["planned_date", "committed_date", "actual_date"])
def test_the_database_refuses_dates_outside_its_bounds(project_a, field):
    with pytest.raises(IntegrityError), transaction.atomic():
        MilestoneNode.objects.filter(pk=node(project_a, 1).pk).update(**{field: YEAR_ONE})


def _drop_date_constraints():
    """What a database written before the constraints may hold (rolled back with the test)."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # fire the pending deferred checks
        for name in (
            "node_committed_date_plausible",
            "node_planned_date_plausible",
            "node_actual_date_plausible",
        ):
            cursor.execute(f"ALTER TABLE retrofits_milestonenode DROP CONSTRAINT {name}")


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (datetime.date(1990, 1, 1), datetime.date(2199, 12, 31)),  # the database's bounds
        (YEAR_ONE, LAST_DAY),  # anything at all
    ],
)
def test_pages_render_whatever_dates_are_stored(client, world, project_a, low, high):
    if low == YEAR_ONE:
        _drop_date_constraints()
    MilestoneNode.objects.filter(pk=node(project_a, 1).pk).update(
        committed_date=low, planned_date=low, actual_date=low
    )
    MilestoneNode.objects.filter(pk=node(project_a, 2).pk).update(
        committed_date=high, planned_date=high
    )
    client.force_login(world.bureau)
    for url in (
        reverse("retrofits:project_detail", args=[project_a.pk]),
        reverse("retrofits:node_detail", args=[node(project_a, 1).pk]),
        reverse("retrofits:node_detail", args=[node(project_a, 2).pk]),
        reverse("retrofits:project_list"),
        reverse("enterprises:detail", args=[world.ent_a.pk]),
        reverse("home"),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_stored_extremes_to_the_bounds(reference_data):
    from django.core.management import call_command

    from tests.conftest import build_world

    from .conftest import seed_node_templates

    seed_node_templates()
    world = build_world()
    project = make_project(world, actor=world.bureau, approver=world.bureau)
    call_command("migrate", "retrofits", "0005_project_version", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE retrofits_milestonenode SET planned_date = '9999-12-31',"
                " committed_date = '0001-01-01' WHERE id = %s",
                [node(project, 2).pk],
            )
    finally:
        call_command("migrate", verbosity=0)  # every app: later ones may depend on it
    moved = node(project, 2)
    assert (moved.committed_date, moved.planned_date) == (
        datetime.date(1990, 1, 1),
        datetime.date(2199, 12, 31),
    )
