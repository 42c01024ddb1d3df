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
# completed (7) and every node after it; 1 (plan filed, "retrofitting") is not. Of those, a
# person records 7-9 and 13 (completed, stable operation, discharge permit); 10-12 follow from
# records (an accepted evaluation, the ULE list).
STATUS_ORDERS = list(range(7, 14))
CLAIM_ORDERS = [7, 8, 9]
RECORD_ORDERS = [10, 11, 12]


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


OUT = "不在本次改造范围（测试）"


def organized_only(world, enterprise=None):
    """The bureau takes fugitive emissions and clean transport out of the enterprise's scope."""
    from acceptance import services as acceptance_services

    return acceptance_services.scope_update(
        actor=world.bureau,
        enterprise=enterprise or world.ent_a,
        data={
            "organized": True,
            "fugitive": False,
            "fugitive_note": OUT,
            "transport": False,
            "transport_note": OUT,
        },
    )


def accept_evaluation(world, **over):
    """Enterprise A's contact files an evaluation (``test_evaluations.data``), the bureau
    accepts it: the evaluation nodes are recorded."""
    from acceptance import services as acceptance_services

    from ..factories import pdf_upload
    from .test_evaluations import data

    ev = acceptance_services.evaluation_submit(
        actor=world.contact_a, enterprise=world.ent_a, data=data(**over), files=[pdf_upload()]
    )
    return acceptance_services.evaluation_review(actor=world.bureau, evaluation=ev, accept=True)


def start_publicity(world, *, start=None, days=10):
    from acceptance import services as acceptance_services

    start = start or TODAY - D(100)
    return acceptance_services.publicity_start(
        actor=world.bureau,
        enterprise=world.ent_a,
        data={
            "platform": "市生态环境局网站",
            "url": "https://example.org/gs/1",
            "start": start,
            "end": start + D(days - 1),
        },
    )


def list_enterprise(world):
    """Evaluation accepted, publicity ended, enterprise A on the ULE list (nodes 1-12 done when
    its project was stable)."""
    from acceptance import services as acceptance_services

    accept_evaluation(world)
    return acceptance_services.publicity_close(
        actor=world.bureau, publicity=start_publicity(world), today=TODAY
    )


@pytest.fixture
def old_project(world):
    """An approved project of enterprise A that started long ago, nothing recorded yet; the
    enterprise's ULE scope is organized emissions only."""
    organized_only(world)
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
