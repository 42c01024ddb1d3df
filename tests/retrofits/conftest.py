"""Fixtures of the retrofit tests: projects built through the services, as users would."""

import datetime

import pytest
from django.utils import timezone

from retrofits import services
from retrofits.models import Category, MilestoneNode, RetrofitProject

from ..factories import pdf_upload, png_upload

__all__ = ["make_project", "node", "pdf_upload", "png_upload", "seed_node_templates"]

PROJECT_DATA = {
    "category": Category.ORGANIZED,
    "name": "窑尾超低排放改造",
    "responsible_person": "张磊",
    "technical_route": "SCR",
}


def make_project(
    world_or_enterprise,
    *,
    actor,
    approved: bool = True,
    start: datetime.date | None = None,
    approver=None,
    **data,
) -> RetrofitProject:
    enterprise = getattr(world_or_enterprise, "ent_a", world_or_enterprise)
    project = services.project_create(
        actor=actor,
        enterprise=enterprise,
        data={**PROJECT_DATA, **data},
        start_date=start or timezone.localdate(),
    )
    if approved:
        services.plan_approve(actor=approver, project=project)
        project.refresh_from_db()
    return project


def node(project: RetrofitProject, order: int) -> MilestoneNode:
    return project.nodes.get(order=order)


@pytest.fixture
def project_a(world):
    """An approved project of enterprise A starting today (node 1 planned today)."""
    return make_project(world, actor=world.contact_a, approver=world.bureau)


@pytest.fixture
def project_b(world):
    return make_project(world.ent_b, actor=world.bureau, approver=world.bureau)


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    """Evidence files go to a temporary private storage during tests."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


def seed_node_templates() -> None:
    """Load the node templates the data migration seeds (``retrofits.reference``):
    transactional tests flush the tables it filled."""
    from core.reference import ensure_rows
    from retrofits.models import NodeTemplate
    from retrofits.reference import NODE_TEMPLATE_KEY, NODE_TEMPLATES

    ensure_rows(NodeTemplate, NODE_TEMPLATES, key=NODE_TEMPLATE_KEY)


@pytest.fixture(autouse=True)
def _node_templates(request):
    """The node templates seeded by the data migration, also after a transactional test
    flushed them (transactional tests use the suite's ``reference_data`` restore)."""
    uses_db = (
        "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or request.node.get_closest_marker("django_db") is not None
    )
    if not uses_db:
        return
    if _is_transactional(request):
        request.getfixturevalue("reference_data")
    else:
        request.getfixturevalue("db")
    from retrofits.models import NodeTemplate

    if not NodeTemplate.objects.exists():
        seed_node_templates()


def _is_transactional(request) -> bool:
    marker = request.node.get_closest_marker("django_db")
    return bool(
        "transactional_db" in request.fixturenames
        or "live_server" in request.fixturenames
        or (marker and marker.kwargs.get("transaction"))
    )
