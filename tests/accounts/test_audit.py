"""The audit trail (accounts.audit) and the audited save of the kernel (core.audit)."""

from accounts import audit
from accounts.models import AuditEntry
from core.audit import save_audited, snapshot
from enterprises.models import ProductionUnit


def test_creating_records_every_filled_field_under_the_enterprise(world):
    unit = ProductionUnit(enterprise=world.ent_a, kind="kiln_line", name="2#", capacity=1000)
    save_audited(unit, actor=world.bureau)
    entry = AuditEntry.objects.get(object_id=str(unit.pk), content_type__model="productionunit")
    assert entry.action == AuditEntry.Action.CREATE and entry.actor == world.bureau
    assert entry.enterprise_id == world.ent_a.pk
    assert entry.changes["name"] == [None, "2#"]


def test_an_enterprise_files_its_own_entries(world):
    before = snapshot(world.ent_a)
    world.ent_a.name_en = "Renamed Co."
    save_audited(world.ent_a, actor=world.office, before=before)
    entry = AuditEntry.objects.filter(content_type__model="enterprise").latest("id")
    assert entry.enterprise_id == world.ent_a.pk
    assert entry.changes == {"name_en": [before["name_en"], "Renamed Co."]}


def test_an_update_without_a_change_writes_nothing(world):
    count = AuditEntry.objects.count()
    save_audited(world.ent_a, actor=world.office, before=snapshot(world.ent_a))
    assert AuditEntry.objects.count() == count


def test_readable_changes_use_field_labels_and_choice_labels(world):
    from django.utils import translation

    before = snapshot(world.ent_a)
    world.ent_a.ule_stage = "retrofitting"
    save_audited(world.ent_a, actor=world.office, before=before)
    entry = AuditEntry.objects.filter(content_type__model="enterprise").latest("id")
    with translation.override("en"):
        lines = audit.readable_changes(entry)
    assert [(line.field, line.new) for line in lines] == [("ULE stage", "Retrofitting")]


def test_foreign_keys_read_as_names_and_a_creation_does_not_repeat_its_author(
    world, django_assert_max_num_queries
):
    """The enterprise page's history names the records a change points at (one query per kind
    of record for the whole list), and "created by" on a creation is the entry's actor."""
    from django.utils import translation

    from operations.models import StatusInterval

    unit = ProductionUnit(enterprise=world.ent_a, kind="kiln_line", name="2#", capacity=1000)
    save_audited(unit, actor=world.bureau)
    other = ProductionUnit(enterprise=world.ent_a, kind="kiln_line", name="3#", capacity=1000)
    save_audited(other, actor=world.bureau)
    interval = StatusInterval(
        unit=unit,
        enterprise=world.ent_a,
        status="running",
        start="2026-01-01",
        reported_by=world.contact_a,
    )
    save_audited(interval, actor=world.contact_a, enterprise_id=world.ent_a.pk)
    before = snapshot(interval)
    interval.unit = other
    save_audited(interval, actor=world.bureau, before=before, enterprise_id=world.ent_a.pk)
    entries = list(
        AuditEntry.objects.filter(content_type__model="statusinterval")
        .select_related("content_type")
        .order_by("id")
    )
    with django_assert_max_num_queries(3):  # units, enterprises, users
        labels = audit.related_labels(entries)
    with translation.override("en"):
        created = {c.field: c for c in audit.readable_changes(entries[0], labels)}
        moved = audit.readable_changes(entries[1], labels)
    assert created["production unit"].new == str(unit)
    assert not any(c.new == str(world.contact_a) for c in created.values())  # not repeated
    assert [(c.old, c.new) for c in moved] == [(str(unit), str(other))]
