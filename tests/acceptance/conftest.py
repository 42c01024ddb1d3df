"""Fixtures of the acceptance tests: projects built through the services, nodes recorded by
the bureau up to a point, so that the next node is the one a test records."""

import datetime

import pytest
from django.utils import timezone

from retrofits import services
from retrofits.models import RetrofitProject

from ..factories import pdf_upload
from ..retrofits.conftest import make_project, node

TODAY = timezone.localdate()
D = datetime.timedelta
START = TODAY - D(13 * 35 + 10)

# The template's nodes that are milestones of the ULE status (retrofits.reference, organized):
# completed (7) and every node after it; 1 (plan filed, "retrofitting") is not.
STATUS_ORDERS = list(range(7, 14))


def day_of(order: int) -> datetime.date:
    """The actual date of the node at ``order`` in these tests (35 days apart: the one-month
    stable-operation rule holds)."""
    return START + D(35 * (order - 1))


def done_up_to(project: RetrofitProject, last: int, *, actor) -> RetrofitProject:
    """Nodes 1..``last`` recorded as done by ``actor`` (the bureau: confirmed at once)."""
    for order in range(1, last + 1):
        services.node_complete(
            actor=actor,
            node=node(project, order),
            actual_date=day_of(order),
            late_reason="补录",
            files=[pdf_upload()],
        )
    return project


@pytest.fixture
def old_project(world):
    """An approved project of enterprise A that started long ago, nothing recorded yet."""
    return make_project(world, actor=world.bureau, approver=world.bureau, start=START)


@pytest.fixture
def ready(world, old_project):
    """Enterprise A with two units and its retrofit completion confirmed by the bureau."""
    from ..factories import UnitFactory

    UnitFactory(enterprise=world.ent_a, name="1#窑")
    UnitFactory(enterprise=world.ent_a, name="2#窑")
    done_up_to(old_project, 9, actor=world.bureau)
    return world


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }
