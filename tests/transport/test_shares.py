"""Monthly and year-to-date shares against the thresholds in force, and the queue built on
them."""

import datetime
from decimal import Decimal

import pytest

from transport import services
from transport.models import Threshold
from transport.queue import queue_items
from transport.shares import Thresholds, shares

from ..factories.transport import (
    GateFactory,
    InPlantVehicleFactory,
    MachineFactory,
    csv_bytes,
    pass_row,
)

pytestmark = pytest.mark.django_db
MARCH = datetime.datetime(2025, 3, 1, 6)


def tonnage(world, ent, tonnes, month=datetime.date(2025, 3, 1), contact=None):
    from core.uploads import check_uploads

    from ..factories import pdf_upload

    return services.tonnage_save(
        actor=contact or world.bureau,
        enterprise=ent,
        data={
            "month": month,
            "cargo_class": "raw_fuel",
            "material": "石灰石",
            "mode": "rail",
            "tonnes": tonnes,
        },
        uploads=check_uploads([pdf_upload()]),
    )


def test_clean_share_below_80_judges_trucks_and_new_energy(world, thresholds, run_import):
    # 10 trucks × 30 t = 300 t by road; 700 t by rail: exactly 70 % clean
    rows = [
        pass_row(
            n, start=MARCH, stage="国五" if n < 2 else ("新能源" if n < 5 else "国六"), tonnes="30"
        )
        for n in range(10)
    ]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    tonnage(world, world.ent_a, 700)
    march, ytd = shares([world.ent_a], 2025)[world.ent_a.pk]
    assert march.start == datetime.date(2025, 3, 1) and ytd.ytd
    assert (
        march.check("clean_share").value == Decimal("70.0")
        and march.check("clean_share").ok is False
    )
    assert march.check("truck_min_stage").value == 2 and march.check("truck_min_stage").ok is False
    assert (
        march.check("nev_share").value == Decimal("30.0") and march.check("nev_share").ok is False
    )
    assert march.check("gate_completeness").ok is True
    assert {c.rule for c in ytd.failed} == {"clean_share", "truck_min_stage", "nev_share"}


def test_a_compliant_month_and_rules_not_judged_above_80(world, thresholds, run_import):
    rows = [pass_row(n, start=MARCH, stage="国五", tonnes="10") for n in range(10)]  # 100 t
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    tonnage(world, world.ent_a, 900)
    march = shares([world.ent_a], 2025)[world.ent_a.pk][0]
    assert march.check("clean_share").ok is True
    assert march.check("truck_min_stage").ok is None  # China V trucks allowed above 80 %
    assert march.failed == []


def test_products_trucks_and_completeness(world, thresholds, run_import):
    rows = [
        pass_row(
            n, start=MARCH, direction="出", cargo_class="产品", stage="国五" if n == 0 else "国六"
        )
        for n in range(4)
    ]
    rows += [pass_row(n, start=MARCH, stage="") for n in range(10, 20)]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    march = shares([world.ent_a], 2025)[world.ent_a.pk][0]
    assert (
        march.check("product_min_stage").value == 1 and march.check("product_min_stage").ok is False
    )
    assert march.check("gate_completeness").value == Decimal("28.6")  # 4 of 14 with a stage
    assert march.check("gate_completeness").ok is False


def test_thresholds_are_data_and_follow_their_dates(world, thresholds):
    t = Thresholds()
    assert (
        t.get("machine_min_stage", "cement_clinker", datetime.date(2025, 6, 1)).min_stage
        == "china_3"
    )
    assert (
        t.get("machine_min_stage", "cement_clinker", datetime.date(2026, 6, 1)).min_stage
        == "china_4"
    )
    assert t.get("inplant_min_stage", "coking", datetime.date(2026, 6, 1)).min_stage == "nev"
    assert t.get("gate_completeness", "coking", datetime.date(2026, 6, 1)).percent == 95
    assert not Threshold.objects.filter(confirmed=True).exists()
    assert all(row.source for row in Threshold.objects.all())
    Threshold.objects.filter(rule="clean_share", industry="cement_clinker").update(percent=65)
    assert (
        Thresholds().get("clean_share", "cement_clinker", datetime.date(2025, 3, 31)).percent == 65
    )
    assert t.get("clean_share", "semi_coke", datetime.date(2025, 3, 31)) is None


def test_the_queue_lists_what_misses_its_rule_today(world, thresholds, run_import):
    today = datetime.date(2026, 3, 10)
    old = MachineFactory(enterprise=world.ent_a, stage="china_3")
    MachineFactory(enterprise=world.ent_a, stage="china_4")
    unregistered = MachineFactory(enterprise=world.ent_b, registration_code="", stage="nev")
    diesel = InPlantVehicleFactory(enterprise=world.ent_a, fuel="diesel", stage="china_6")
    gate = GateFactory(enterprise=world.ent_a, networked=False)
    GateFactory(enterprise=world.ent_a, is_cargo=False, has_camera=False, networked=False)
    rows = [pass_row(n, start=datetime.datetime(2026, 2, 1), stage="国五") for n in range(5)]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))
    items = {i.key: i for i in queue_items(user=world.vehicle, today=today)}
    assert {
        f"machine:{old.pk}",
        f"machine:{unregistered.pk}",
        f"vehicle:{diesel.pk}",
        f"gate:{gate.pk}",
    } <= set(items)
    assert items[f"machine:{old.pk}"].article.article == "114"
    assert items[f"machine:{unregistered.pk}"].article is None
    share_keys = {k for k in items if k.startswith("share:")}
    assert share_keys == {f"share:{world.ent_a.pk}:2026-02:truck_min_stage"} | {
        k for k in share_keys if k.endswith(("clean_share", "nev_share"))
    }
    assert f"share:{world.ent_a.pk}:2026-02:clean_share" in share_keys  # no clean tonnage: 0 %
    assert "国五" not in items[f"machine:{old.pk}"].description  # the stage label, in Chinese
    assert "国三" in items[f"machine:{old.pk}"].description
    # in 2025 China III machinery and China VI in-plant vehicles were still allowed
    items_2025 = {i.key for i in queue_items(user=world.vehicle, today=datetime.date(2025, 6, 1))}
    assert f"machine:{old.pk}" not in items_2025 and f"vehicle:{diesel.pk}" not in items_2025


def test_the_queue_is_empty_for_those_who_may_not_work_it(world, thresholds):
    MachineFactory(enterprise=world.ent_a, registration_code="")
    for user in (world.contact_a, world.county_a_staff, world.official):
        assert queue_items(user=user) == []
    assert queue_items(user=world.bureau)


def test_raising_twice_or_a_vanished_item_is_refused(world, thresholds):
    from django.core.exceptions import ValidationError

    machine = MachineFactory(enterprise=world.ent_a, registration_code="")
    data = {
        "description": "未登记",
        "requirement": "登记",
        "deadline": datetime.date.today() + datetime.timedelta(days=9),
        "responsible_person": "王",
    }
    key = f"machine:{machine.pk}"
    services.queue_raise_finding(
        actor=world.vehicle, key=key, enterprise_id=world.ent_a.pk, data=data
    )
    with pytest.raises(ValidationError):
        services.queue_raise_finding(
            actor=world.vehicle, key=key, enterprise_id=world.ent_a.pk, data=data
        )
    with pytest.raises(ValidationError):
        services.queue_raise_finding(
            actor=world.vehicle, key="machine:999999", enterprise_id=world.ent_a.pk, data=data
        )
