"""Issue 8 item 8: the office cannot rewrite history through the admin, and every admin
change lands in the portal's audit trail."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from core.audit import save_audited, snapshot
from enterprises.models import EmissionLimit
from inspections import draws
from inspections.draws import PoolEntry
from inspections.models import Draw, DrawTarget, TargetClass


@pytest.fixture
def admin_client(client, world):
    world.office.is_staff = world.office.is_superuser = True
    world.office.save()
    client.force_login(world.office)
    return client


@pytest.fixture
def draw(world):
    start = timezone.localdate() - timedelta(days=10)
    return draws.draw_run(
        actor=world.office,
        title="history",
        period_start=start,
        period_end=start + timedelta(days=3),
        pool=[PoolEntry(world.ent_a, TargetClass.KEY)],
        ratios={"key": 100, "special": 0, "general": 0},
        inspectors=[world.bureau, world.vehicle],
        seed=3,
    )


def _an_entry(world) -> AuditEntry:
    save_audited(world.ent_a, actor=world.office, before={**snapshot(world.ent_a), "name_en": "?"})
    return AuditEntry.objects.latest("id")


def test_an_admin_change_is_written_to_the_audit_trail(admin_client, world):
    limit = EmissionLimit.objects.first()
    url = reverse("admin:enterprises_emissionlimit_change", args=[limit.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None}
    data["note_en"] = "checked against the 2024 text"
    data = {k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()}
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    entry = AuditEntry.objects.filter(content_type__model="emissionlimit").latest("id")
    assert (
        entry.actor == world.office
        and entry.changes["note_en"][1] == "checked against the 2024 text"
    )


@pytest.mark.parametrize(
    "url",
    [
        lambda e, d: reverse("admin:accounts_auditentry_delete", args=[e.pk]),
        lambda e, d: reverse("admin:accounts_auditentry_change", args=[e.pk]),
        lambda e, d: reverse("admin:inspections_draw_delete", args=[d.pk]),
        lambda e, d: reverse("admin:inspections_draw_add"),
        lambda e, d: reverse("admin:inspections_drawtarget_add"),
    ],
)
def test_the_admin_offers_no_way_to_rewrite_history(admin_client, world, draw, url):
    entry = _an_entry(world)
    target = url(entry, draw)
    response = admin_client.post(target, {"post": "yes"})
    assert response.status_code in (403, 302)
    assert (
        AuditEntry.objects.filter(pk=entry.pk).exists() and Draw.objects.filter(pk=draw.pk).exists()
    )
    if response.status_code == 302:  # a read-only change view redirects without saving
        assert AuditEntry.objects.get(pk=entry.pk).changes == entry.changes


def test_the_database_refuses_to_delete_or_change_audit_entries(world):
    entry = _an_entry(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="rewritten")
    # the one change allowed: a deleted person's name leaves the entry (ON DELETE SET NULL)
    AuditEntry.objects.filter(pk=entry.pk).update(actor=None)
    assert AuditEntry.objects.get(pk=entry.pk).actor is None


def test_the_database_refuses_to_delete_or_change_a_draw(world, draw):
    with pytest.raises(IntegrityError), transaction.atomic():
        Draw.objects.filter(pk=draw.pk).update(seed=4)
    with pytest.raises(IntegrityError), transaction.atomic():
        DrawTarget.objects.filter(draw=draw).delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        Draw.objects.filter(pk=draw.pk).delete()


def test_an_enterprise_with_history_cannot_be_deleted(world):
    _an_entry(world)
    with pytest.raises(ProtectedError):
        world.ent_a.delete()
