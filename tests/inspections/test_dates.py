"""Implausible dates in inspections (issue 8, item 1): an inspection started at
``0001-01-01T00:00`` (year 0 in UTC, unreadable once stored) is refused by the form, the service
and the database; findings' deadlines and draw periods likewise; the pages render the
extremes the database allows."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from inspections import draws, services
from inspections.draws import PoolEntry
from inspections.models import ChecklistTemplate, Finding, Inspection, TargetClass

from .conftest import finding_data, make_finding, open_inspection, submitted_inspection

YEAR_ONE = datetime.datetime(1, 1, 1, tzinfo=datetime.UTC)


def test_the_create_form_refuses_year_one_and_nothing_is_stored(client, world):
    client.force_login(world.county_a_staff)
    template = ChecklistTemplate.objects.get(code="fugitive")
    response = client.post(
        reverse("inspections:create"),
        {
            "enterprise": world.ent_a.pk,
            "started_at": "0001-01-01T00:00",
            "origin": "campaign",
            "inspectors": [world.county_a_staff.pk, world.bureau.pk],
            "templates": [template.pk],
        },
    )
    assert response.status_code in (200, 400)
    assert "started_at" in response.context["form"].errors
    assert not Inspection.objects.exists()
    assert client.get(reverse("inspections:list")).status_code == 200


@pytest.mark.parametrize(
    "started_at", [YEAR_ONE, datetime.datetime(9999, 12, 31, 23, 0, tzinfo=datetime.UTC)]
)
def test_the_services_refuse_an_implausible_start(world, started_at):
    with pytest.raises(ValidationError) as exc:
        services.inspection_create(
            actor=world.county_a_staff,
            enterprise=world.ent_a,
            started_at=started_at,
            origin="campaign",
            inspectors=[world.county_a_staff, world.bureau],
            templates=[ChecklistTemplate.objects.get(code="fugitive")],
        )
    assert "started_at" in exc.value.error_dict
    draft = open_inspection(world)
    with pytest.raises(ValidationError):
        services.inspection_save_draft(
            actor=world.county_a_staff,
            inspection=draft,
            answers=[],
            data={"started_at": started_at},
        )


def test_a_finding_deadline_in_year_9999_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        make_finding(world, deadline=datetime.date(9999, 12, 31))
    assert "deadline" in exc.value.error_dict
    assert not Finding.objects.exists()


def test_a_draw_period_in_year_one_is_refused(world):
    with pytest.raises(ValidationError) as exc:
        draws.draw_run(
            actor=world.office,
            title="t",
            period_start=datetime.date(1, 1, 1),
            period_end=datetime.date(1, 1, 5),
            pool=[PoolEntry(world.ent_a, TargetClass.KEY)],
            ratios={"key": 100, "special": 0, "general": 0},
            inspectors=[world.bureau, world.vehicle],
            seed=1,
        )
    assert set(exc.value.error_dict) == {"period_start", "period_end"}


def test_the_database_refuses_year_one(world):
    inspection = open_inspection(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Inspection.objects.filter(pk=inspection.pk).update(started_at=YEAR_ONE)
    finding = make_finding(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Finding.objects.filter(pk=finding.pk).update(deadline=datetime.date(9999, 12, 31))


@pytest.mark.parametrize(
    ("started_at", "deadline"),
    [
        (datetime.datetime(1990, 1, 1, tzinfo=datetime.UTC), datetime.date(1990, 1, 1)),
        (datetime.datetime(2200, 1, 1, tzinfo=datetime.UTC), datetime.date(2199, 12, 31)),
    ],
)
def test_pages_render_the_extremes_the_database_allows(client, world, started_at, deadline):
    inspection = submitted_inspection(world)
    finding = services.finding_create(
        actor=world.bureau, enterprise=world.ent_a, data=finding_data()
    )
    Inspection.objects.filter(pk=inspection.pk).update(started_at=started_at)
    Finding.objects.filter(pk=finding.pk).update(deadline=deadline)
    for user in (world.county_a_staff, world.bureau, world.contact_a, world.office):
        client.force_login(user)
        for url in (
            reverse("inspections:list"),
            reverse("inspections:tasks"),
            reverse("inspections:detail", args=[inspection.pk]),
            reverse("inspections:record", args=[inspection.pk]),
            reverse("inspections:enterprise_history", args=[world.ent_a.pk]),
            reverse("inspections:finding_detail", args=[finding.pk]),
            reverse("inspections:plan_list"),
            reverse("home"),
        ):
            status = client.get(url).status_code
            assert status == 200 if user == world.bureau else status in (200, 403, 404), (user, url)
    world.office.is_staff = world.office.is_superuser = True
    world.office.save()
    client.force_login(world.office)
    for name in ("inspections_inspection_changelist", "inspections_finding_changelist"):
        assert client.get(reverse(f"admin:{name}")).status_code == 200


@pytest.mark.django_db(transaction=True)
def test_the_migration_repairs_an_unreadable_start_before_adding_the_check(reference_data):
    """A database hit by the bug (year 0 in UTC) migrates: the time becomes the recorded one."""
    from django.core.management import call_command
    from django.db import connection

    from tests.conftest import build_world

    inspection = open_inspection(build_world())
    call_command("migrate", "inspections", "0008_one_finding_per_inspection_item", verbosity=0)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE inspections_inspection SET started_at = '0001-01-01 00:00+08'"
                " WHERE id = %s",
                [inspection.pk],
            )
    finally:
        call_command("migrate", verbosity=0)  # every app: later ones may depend on it
    inspection.refresh_from_db()
    assert inspection.started_at == inspection.created_at
