"""Fixtures shared by the whole suite.

``world`` builds two counties with one enterprise each and one user of every role, named by
what they are relative to enterprise A (``own``) and B (``other``). The permission matrices
of every app are written against it.
"""

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import translation

from accounts.models import Role, User
from enterprises.models import County, Enterprise

from .factories import ContactFactory, CountyFactory, EnterpriseFactory, UserFactory


@dataclass
class World:
    county_a: County
    county_b: County
    ent_a: Enterprise
    ent_b: Enterprise
    office: User
    bureau: User
    county_a_staff: User
    county_b_staff: User
    vehicle: User
    contact_a: User
    contact_b: User
    official: User

    def users(self) -> dict[str, User]:
        return {
            name: getattr(self, name)
            for name in (
                "office",
                "bureau",
                "county_a_staff",
                "county_b_staff",
                "vehicle",
                "contact_a",
                "contact_b",
                "official",
            )
        }


def build_world() -> World:
    county_a = CountyFactory(code="county-a")
    county_b = CountyFactory(code="county-b")
    ent_a = EnterpriseFactory(county=county_a)
    ent_b = EnterpriseFactory(county=county_b)
    contact_a = UserFactory(username="contact_a", role=Role.CONTACT, enterprise=ent_a)
    ContactFactory(enterprise=ent_a, user=contact_a, is_primary=True)
    ContactFactory(enterprise=ent_b)
    return World(
        county_a=county_a,
        county_b=county_b,
        ent_a=ent_a,
        ent_b=ent_b,
        office=UserFactory(username="office_u", role=Role.OFFICE),
        bureau=UserFactory(username="bureau_u", role=Role.BUREAU),
        county_a_staff=UserFactory(
            username="county_a_u", role=Role.COUNTY, county=county_a, is_county_lead=True
        ),
        county_b_staff=UserFactory(username="county_b_u", role=Role.COUNTY, county=county_b),
        vehicle=UserFactory(username="vehicle_u", role=Role.VEHICLE),
        contact_a=contact_a,
        contact_b=UserFactory(username="contact_b", role=Role.CONTACT, enterprise=ent_b),
        official=UserFactory(username="official_u", role=Role.OFFICIAL),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture(scope="class")
def class_world(django_db_setup, django_db_blocker) -> Iterator[World]:
    """``world`` built once for a whole class of tests (a permission matrix), inside a
    transaction rolled back when the class is done.

    Its tests must still request ``db`` (``world`` overridden in the class to return this one
    does): each test runs in a savepoint of that transaction, so what a test changes is rolled
    back before the next and the cases stay independent. Other class-scoped fixtures add their
    data under ``django_db_blocker.unblock()``; it joins the same transaction. Not for
    transactional tests (they commit)."""
    with django_db_blocker.unblock(), transaction.atomic():
        with translation.override("zh-hans"):
            world = build_world()
        with django_db_blocker.block():
            yield world
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def module_private_storage(tmp_path_factory) -> Iterator[Path]:
    """The private (default) storage in one temporary folder for a whole module.

    The apps' own private-storage fixtures give each test a fresh folder; a module whose data
    is built once (``class_world``) needs its files kept for every test, so it overrides its
    app's fixture with a module-scoped one requesting this."""
    from django.conf import settings
    from django.test import override_settings

    location = tmp_path_factory.mktemp("private")
    default = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(location)},
    }
    with override_settings(STORAGES={**settings.STORAGES, "default": default}):
        yield location


@pytest.fixture(autouse=True)
def _chinese_by_default():
    """Tests run in the portal's default language unless they switch."""
    with translation.override("zh-hans"):
        yield


PROJECT_APPS = {
    "accounts",
    "enterprises",
    "retrofits",
    "inspections",
    "notifications",
    "acceptance",
    "dashboards",
    "transport",
    "operations",
    "monitoring",
}


@pytest.fixture(scope="session")
def _reference_snapshot(django_db_setup, django_db_blocker) -> str:
    """The reference data the data migrations seed (limits, targets, node templates,
    checklists, law articles), serialized once right after the test database is created."""
    from django.apps import apps
    from django.core import serializers

    with django_db_blocker.unblock():
        rows = []
        for model in apps.get_models():
            if model._meta.app_label in PROJECT_APPS:
                rows.extend(model._default_manager.order_by("pk"))
        return serializers.serialize("json", rows)


@pytest.fixture(scope="session", autouse=True)
def _reference_taken_first(request) -> None:
    """Take the reference snapshot before any test runs: a transactional test (a browser
    journey, a real worker) empties the tables when it ends, and with pytest-xdist any of them
    may run first in a process. Sessions without database tests skip it."""
    if any(
        "django_db_setup" in getattr(item, "fixturenames", ()) for item in request.session.items
    ):
        request.getfixturevalue("_reference_snapshot")


@pytest.fixture
def reference_data(transactional_db, _reference_snapshot) -> None:
    """Transactional tests (live server, real worker) start from flushed tables: put the
    seeded reference data back. Django's serialized rollback cannot be relied on here: once
    Playwright's event loop runs, the test gets a fresh connection object without Django's
    snapshot, and the restore is silently skipped."""
    from collections import defaultdict

    from django.core import serializers
    from django.db import transaction

    by_model = defaultdict(list)
    for obj in serializers.deserialize("json", _reference_snapshot):
        by_model[type(obj.object)].append(obj)
    with transaction.atomic():  # PostgreSQL defers FK checks to commit: order does not matter
        for model, objs in by_model.items():
            if not model._default_manager.exists():  # leave tables another fixture refilled
                for obj in objs:
                    obj.save()


@pytest.fixture
def celery_worker(transactional_db, reference_data):
    """A real Celery worker (solo pool, in a thread) consuming from Redis. Tests using it see
    committed data only, hence ``transactional_db`` (with the seeded reference data)."""
    from celery.contrib.testing.worker import start_worker

    from config.celery_app import app

    app.control.purge()
    with start_worker(
        app, pool="solo", perform_ping_check=False, shutdown_timeout=10, loglevel="WARNING"
    ) as worker:
        yield worker
    app.control.purge()


def wait_for(predicate, timeout: float = 15.0, interval: float = 0.1):
    """Poll ``predicate`` until it returns a truthy value (for asynchronous delivery)."""
    import time

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s")
