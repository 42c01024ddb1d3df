"""Two people editing one registry record: the second save, made on a form opened before the
first save, is refused with the other person's values shown; nothing of the first is lost."""

import pytest
from django.test import Client
from django.urls import reverse

from enterprises import services
from enterprises.models import Contact, EmissionPoint, Enterprise, ProductionUnit

from ..factories import PointFactory, UnitFactory
from ..formdata import form_data

STALE = "有人在您打开后修改了这条记录"


def _two_sessions(world, first_user="bureau", second_user="county_a_staff"):
    first, second = Client(), Client()
    first.force_login(getattr(world, first_user))
    second.force_login(getattr(world, second_user))
    return first, second


def test_second_save_of_the_enterprise_form_is_refused_and_shows_the_first(world):
    url = reverse("enterprises:edit", args=[world.ent_a.pk])
    first, second = _two_sessions(world)
    form_1 = first.get(url).context["form"]
    form_2 = second.get(url).context["form"]
    assert form_1["version"].value() == form_2["version"].value() == 1

    response = first.post(url, form_data(form_1, name_zh="第一人改的名称"))
    assert response.status_code == 302

    response = second.post(url, form_data(form_2, name_zh="第二人改的名称", address="新地址"))
    assert response.status_code == 400
    body = response.content.decode()
    assert STALE in body
    assert "第一人改的名称" in body  # their version, in the table of differences
    assert 'value="第二人改的名称"' in body and "新地址" in body  # your entries are kept
    form = response.context["form"]
    # every field where the saved record and the form differ: label, theirs, yours
    assert [row[1:] for row in form.stale_changes] == [
        ("第一人改的名称", "第二人改的名称"),
        ("—", "新地址"),
    ]
    ent = Enterprise.objects.get(pk=world.ent_a.pk)
    assert ent.name_zh == "第一人改的名称" and ent.address != "新地址" and ent.version == 2

    # saving again, having seen their version, is a deliberate replacement
    response = second.post(url, form_data(form))
    assert response.status_code == 302
    ent.refresh_from_db()
    assert ent.name_zh == "第二人改的名称" and ent.address == "新地址" and ent.version == 3


@pytest.mark.parametrize("kind", ["unit", "point", "contact"])
def test_second_save_of_a_child_record_form_is_refused(world, kind):
    a = world.ent_a
    if kind == "unit":
        record = UnitFactory(enterprise=a)
        url = reverse("enterprises:unit_edit", args=[a.pk, record.pk])
    elif kind == "point":
        record = PointFactory(enterprise=a)
        url = reverse("enterprises:point_edit", args=[a.pk, record.pk])
    else:
        record = Contact.objects.create(enterprise=a, name="王五")
        url = reverse("enterprises:contact_edit", args=[a.pk, record.pk])
    first, second = _two_sessions(world)
    form_1 = first.get(url).context["form"]
    form_2 = second.get(url).context["form"]
    assert first.post(url, form_data(form_1, name="第一人改的")).status_code == 302
    response = second.post(url, form_data(form_2, name="第二人改的"))
    assert response.status_code == 400
    assert STALE in response.content.decode() and "第一人改的" in response.content.decode()
    record.refresh_from_db()
    assert record.name == "第一人改的" and record.version == 2


def test_a_service_save_with_an_old_version_changes_nothing(world):
    from django.core.exceptions import ValidationError

    unit = UnitFactory(enterprise=world.ent_a)
    data = {"kind": unit.kind, "name": "新名", "capacity": 4000, "status": unit.status}
    services.unit_save(actor=world.bureau, enterprise=world.ent_a, unit=unit, data=data)
    with pytest.raises(ValidationError) as exc:
        services.unit_save(
            actor=world.bureau,
            enterprise=world.ent_a,
            unit=unit,
            data={**data, "name": "旧页面上的名", "version": 1},
        )
    assert exc.value.code == "stale"
    unit = ProductionUnit.objects.get(pk=unit.pk)
    assert unit.name == "新名" and unit.version == 2


def test_a_save_without_a_version_still_writes_only_its_fields(world):
    """Callers without a form (the demo, commands) save as before; a field they do not set is
    not written back from a stale copy."""
    point = PointFactory(enterprise=world.ent_a)
    stale_copy = EmissionPoint.objects.get(pk=point.pk)
    EmissionPoint.objects.filter(pk=point.pk).update(permit_outlet_id="DA001")
    services.point_save(
        actor=world.bureau, enterprise=world.ent_a, point=stale_copy, data={"name": "新名"}
    )
    point.refresh_from_db()
    assert point.name == "新名" and point.permit_outlet_id == "DA001"
