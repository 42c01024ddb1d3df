"""The registry's services: access, validation and the audit, called as a view would."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from accounts.models import AuditEntry
from enterprises import services
from enterprises.models import Enterprise, UleStage

from ..factories import ContactFactory, make_credit_code


def enterprise_data(world, **overrides):
    data = {
        "name_zh": "新建水泥有限公司",
        "name_en": "New Cement Co.",
        "credit_code": make_credit_code(77).lower() + "  ",
        "industry": world.ent_a.industry,
        "county": world.county_a,
        "annual_capacity_t": 1_500_000,
    }
    return {**data, **overrides}


def test_the_bureau_creates_an_enterprise_with_a_normalised_credit_code_and_an_entry(world):
    enterprise = services.enterprise_create(actor=world.bureau, data=enterprise_data(world))
    assert enterprise.credit_code == make_credit_code(77)
    entry = AuditEntry.objects.get(content_type__model="enterprise", object_id=str(enterprise.pk))
    assert entry.action == AuditEntry.Action.CREATE and entry.enterprise_id == enterprise.pk


@pytest.mark.parametrize("role", ["county_a_staff", "vehicle", "contact_a", "official"])
def test_only_the_bureau_and_the_office_create_enterprises(world, role):
    with pytest.raises(PermissionDenied):
        services.enterprise_create(actor=world.users()[role], data=enterprise_data(world))
    assert not Enterprise.objects.filter(name_zh="新建水泥有限公司").exists()


def test_a_bad_credit_code_is_refused_and_nothing_is_saved(world):
    good = make_credit_code(78)
    wrong_check = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as exc:
        services.enterprise_create(
            actor=world.bureau, data=enterprise_data(world, credit_code=wrong_check)
        )
    assert "credit_code" in exc.value.message_dict
    assert not AuditEntry.objects.filter(content_type__model="enterprise").exists()


def test_county_staff_edit_their_county_but_cannot_set_the_ule_stage(world):
    staff = world.county_a_staff
    services.enterprise_update(actor=staff, enterprise=world.ent_a, data={"name_en": "Edited"})
    world.ent_a.refresh_from_db()
    assert world.ent_a.name_en == "Edited"
    with pytest.raises(ValidationError) as exc:
        services.enterprise_update(
            actor=staff, enterprise=world.ent_a, data={"ule_stage": UleStage.PUBLICIZED}
        )
    assert "ule_stage" in exc.value.message_dict
    with pytest.raises(PermissionDenied):
        services.enterprise_update(actor=staff, enterprise=world.ent_b, data={"name_en": "No"})


def test_units_and_points_are_audited_under_their_enterprise(world):
    unit = services.unit_save(
        actor=world.bureau,
        enterprise=world.ent_a,
        data={"kind": "kiln_line", "name": "3#", "capacity": 4500},
    )
    entry = AuditEntry.objects.get(content_type__model="productionunit", object_id=str(unit.pk))
    assert entry.enterprise_id == world.ent_a.pk
    with pytest.raises(ValidationError):  # the same name twice in one enterprise
        services.unit_save(
            actor=world.bureau,
            enterprise=world.ent_a,
            data={"kind": "kiln_line", "name": "3#", "capacity": 10},
        )


def test_a_contact_edits_only_their_own_contact_details(world):
    own = world.contact_a.contact_record
    services.contact_save(
        actor=world.contact_a, enterprise=world.ent_a, contact=own, data={"phone": "0537-1234567"}
    )
    own.refresh_from_db()
    assert own.phone == "0537-1234567"
    colleague = ContactFactory(enterprise=world.ent_a)
    with pytest.raises(PermissionDenied):
        services.contact_save(
            actor=world.contact_a, enterprise=world.ent_a, contact=colleague, data={"phone": "1"}
        )
