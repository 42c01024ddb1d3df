"""Every transport view × every role of ``world`` × own/other enterprise, the forms, and the
query budgets of the pages."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.models import Finding, LawArticle
from transport import services
from transport.models import CleanTonnage, Gate, ImportStatus, LedgerImport, QueueFinding

from ..factories import pdf_upload
from ..factories.transport import (
    GateFactory,
    InPlantVehicleFactory,
    MachineFactory,
    TransportStaffFactory,
    csv_bytes,
    ledger_file,
    pass_row,
)

pytestmark = pytest.mark.django_db

USERS = [
    "office",
    "bureau",
    "county_a_staff",
    "county_b_staff",
    "vehicle",
    "contact_a",
    "contact_b",
    "official",
]
CITY_WIDE = {"office", "bureau", "vehicle", "official"}
EDITORS = {"office", "bureau", "vehicle"}  # plus the enterprise's own contact
QUEUE = {"office", "bureau", "vehicle"}


def sees(user: str, side: str) -> bool:
    return user in CITY_WIDE or user in (f"contact_{side}", f"county_{side}_staff")


def edits(user: str, side: str) -> bool:
    return user in EDITORS or user == f"contact_{side}"


def expected(user: str, side: str, *, edit: bool) -> int:
    if not sees(user, side):
        return 404
    if edit and not edits(user, side):
        return 403
    return 200


@pytest.fixture
def data(world):
    """For each enterprise: one record of each register, a tonnage with evidence, a mapped-out
    import waiting for its mapping."""
    out = {}
    for side, ent, contact in (
        ("a", world.ent_a, world.contact_a),
        ("b", world.ent_b, world.contact_b),
    ):
        tonnage = services.tonnage_save(
            actor=contact,
            enterprise=ent,
            data={
                "month": datetime.date(2025, 3, 9),
                "cargo_class": "raw_fuel",
                "material": "石灰石",
                "mode": "rail",
                "tonnes": 1000,
            },
            uploads=_checked([pdf_upload()]),
        )
        out[side] = {
            "ent": ent,
            "gates": GateFactory(enterprise=ent),
            "vehicles": InPlantVehicleFactory(enterprise=ent),
            "machines": MachineFactory(enterprise=ent),
            "staff": TransportStaffFactory(enterprise=ent),
            "evidence": tonnage.evidence.get(),
            "import": services.ledger_upload(
                actor=contact, enterprise=ent, upload=ledger_file(csv_bytes([pass_row(1)]))
            ),
        }
    return out


def _checked(files):
    from core.uploads import check_uploads

    return check_uploads(files)


@pytest.mark.parametrize("user", USERS + ["anonymous"])
def test_index(client, world, data, user):
    if user != "anonymous":
        client.force_login(getattr(world, user))
    response = client.get(reverse("transport:index"))
    if user == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif user.startswith("contact"):
        side = user[-1]
        assert response.status_code == 302
        assert response["Location"] == reverse("transport:enterprise", args=[data[side]["ent"].pk])
    else:
        assert response.status_code == 200
        shown = {e.pk for e, _latest, _ytd in response.context["rows"]}
        assert shown == {data[s]["ent"].pk for s in "ab" if sees(user, s)}


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("user", USERS)
def test_enterprise_pages_matrix(client, world, data, user, side):
    d = data[side]
    client.force_login(getattr(world, user))
    pk = d["ent"].pk
    assert client.get(reverse("transport:enterprise", args=[pk])).status_code == expected(
        user, side, edit=False
    )
    assert client.get(d["evidence"].get_absolute_url()).status_code == expected(
        user, side, edit=False
    )
    assert client.get(
        reverse("transport:import_detail", args=[d["import"].pk])
    ).status_code == expected(user, side, edit=False)
    assert client.get(
        reverse("transport:import_rejections", args=[d["import"].pk])
    ).status_code == expected(user, side, edit=False)
    for name in ("transport:tonnage_new", "transport:ledger_upload"):
        assert client.get(reverse(name, args=[pk])).status_code == expected(
            user, side, edit=True
        ), name
    assert client.get(
        reverse("transport:import_map", args=[d["import"].pk])
    ).status_code == expected(user, side, edit=True)
    for register in ("gates", "vehicles", "machines", "staff"):
        assert client.get(
            reverse("transport:register_new", args=[pk, register])
        ).status_code == expected(user, side, edit=True)
        edit_url = reverse("transport:register_edit", args=[register, d[register].pk])
        assert client.get(edit_url).status_code == expected(user, side, edit=True)


@pytest.mark.parametrize("side", ["a", "b"])
@pytest.mark.parametrize("user", USERS)
def test_writes_matrix(client, world, data, user, side):
    d = data[side]
    client.force_login(getattr(world, user))
    response = client.post(
        reverse("transport:register_new", args=[d["ent"].pk, "gates"]),
        {"name": "新门岗", "is_cargo": "on", "has_camera": "on"},
    )
    want = expected(user, side, edit=True)
    assert response.status_code == (302 if want == 200 else want)
    assert Gate.objects.filter(enterprise=d["ent"], name="新门岗").exists() == (want == 200)
    requeue = client.post(reverse("transport:import_requeue", args=[d["import"].pk]))
    assert requeue.status_code == (302 if want == 200 else want)  # refused: not queued
    response = client.post(reverse("transport:register_delete", args=["staff", d["staff"].pk]))
    assert response.status_code == (302 if want == 200 else want)


def test_unknown_register_is_not_found(client, world, data):
    client.force_login(world.bureau)
    assert (
        client.get(
            reverse("transport:register_new", args=[data["a"]["ent"].pk, "users"])
        ).status_code
        == 404
    )
    assert client.get(reverse("transport:register_edit", args=["users", 1])).status_code == 404


@pytest.mark.parametrize("user", USERS)
def test_queue_is_for_vehicle_staff_and_the_bureau(client, world, data, user):
    client.force_login(getattr(world, user))
    assert client.get(reverse("transport:queue")).status_code == (200 if user in QUEUE else 403)
    assert client.post(reverse("transport:queue_raise"), {}).status_code == (
        302 if user in QUEUE else 403
    )


def test_contact_uploads_maps_and_sees_progress(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.contact_a)
    url = reverse("transport:ledger_upload", args=[world.ent_a.pk])
    bad = client.post(url, {"file": ledger_file(b"%PDF-1.4", "x.pdf")})
    assert bad.status_code == 400 and "file" in bad.context["form"].errors
    response = client.post(url, {"file": ledger_file(csv_bytes([pass_row(1), pass_row(2)]))})
    ledger = LedgerImport.objects.get(enterprise=world.ent_a)
    assert response["Location"] == reverse("transport:import_map", args=[ledger.pk])
    page = client.get(response["Location"])
    assert page.context["form"]["plate"].initial == "车牌号码"  # proposed from the headers
    post = {name: page.context["form"][name].initial or "" for name in page.context["form"].fields}
    missing = client.post(response["Location"], {**post, "passed_at": ""})
    assert missing.status_code == 400 and "passed_at" in missing.context["form"].errors
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        done = client.post(response["Location"], post)
    assert done["Location"] == ledger.get_absolute_url() and len(callbacks) == 1
    services.ledger_run(ledger_id=ledger.pk)
    partial = client.get(ledger.get_absolute_url(), HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b'data-status="done"' in partial.content
    assert b"hx-trigger" not in partial.content  # finished: polling stops
    assert client.get(done["Location"]).context["ledger"].rows_imported == 2
    assert client.get(response["Location"]).status_code == 302  # mapped already: to the progress


def test_tonnage_form_needs_evidence(client, world):
    client.force_login(world.contact_a)
    url = reverse("transport:tonnage_new", args=[world.ent_a.pk])
    post = {
        "month": "2025-04-15",
        "cargo_class": "raw_fuel",
        "material": "原煤",
        "mode": "rail",
        "tonnes": "500",
    }
    assert client.post(url, post).status_code == 400
    assert client.post(url, {**post, "evidence": pdf_upload()}).status_code == 302
    assert CleanTonnage.objects.get(enterprise=world.ent_a).month == datetime.date(2025, 4, 1)


def test_vehicle_staff_raise_a_finding_from_the_queue_once(client, world, thresholds):
    machine = MachineFactory(enterprise=world.ent_a, registration_code="")
    client.force_login(world.vehicle)
    page = client.get(reverse("transport:queue"))
    ((item, form),) = [(i, f) for i, f in page.context["items"] if i.key == f"machine:{machine.pk}"]
    post = {name: form[name].initial or "" for name in form.fields}
    post.update(
        responsible_person="王厂长",
        deadline=(datetime.date.today() + datetime.timedelta(days=20)).isoformat(),
    )
    post["legal_basis"] = ""
    response = client.post(reverse("transport:queue_raise"), post)
    finding = Finding.objects.get(enterprise=world.ent_a)
    assert response["Location"] == finding.get_absolute_url()
    assert finding.category == "transport" and "登记" in finding.description
    assert QueueFinding.objects.get(key=item.key).finding == finding
    post["submission_token"] = "another"
    again = client.post(reverse("transport:queue_raise"), post)
    assert again.status_code == 302 and Finding.objects.count() == 1


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more(world, run_import, n: int):
    for _ in range(n):
        for factory in (GateFactory, InPlantVehicleFactory, MachineFactory, TransportStaffFactory):
            factory(enterprise=world.ent_a)
    rows = [pass_row(k, start=datetime.datetime(2025, 1 + k % 6, 1)) for k in range(n * 20)]
    run_import(world.contact_a, world.ent_a, csv_bytes(rows))


def test_query_budgets_do_not_grow_with_rows(client, world, thresholds, run_import):
    client.force_login(world.bureau)
    urls = [
        reverse("transport:index") + "?year=2025",
        reverse("transport:enterprise", args=[world.ent_a.pk]) + "?year=2025",
        reverse("transport:queue"),
    ]
    _more(world, run_import, 2)
    ledger = LedgerImport.objects.filter(status=ImportStatus.DONE).first()
    urls.append(ledger.get_absolute_url())
    before = [count_queries(client, u) for u in urls]
    _more(world, run_import, 6)
    after = [count_queries(client, u) for u in urls]
    assert after == before
    assert max(after) <= 25


def test_bad_parameters_are_ignored(client, world):
    client.force_login(world.bureau)
    for year in ("²", "99999999999999999999", "-1", "\x00"):
        assert client.get(reverse("transport:index"), {"year": year}).status_code == 200


def test_rejected_rows_download_as_csv_in_the_readers_language(client, world, run_import):
    from ..factories.transport import csv_bytes, pass_row

    rows = [pass_row(n) for n in range(1, 4)]
    rows[1][0] = ""  # line 3: no plate
    ledger = run_import(world.contact_a, world.ent_a, csv_bytes(rows), name="门岗=台账.csv")
    client.force_login(world.contact_a)
    response = client.get(reverse("transport:import_rejections", args=[ledger.pk]))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig").splitlines()
    assert text[0] == "行号,原因,内容"  # the contact's language
    assert len(text) == 2 and text[1].startswith("3,") and "车牌" in text[1]


def test_the_queue_is_paginated_with_forms_for_the_shown_items_only(client, world, thresholds):
    from transport import views
    from transport.models import Stage

    from ..factories.transport import MachineFactory

    MachineFactory.create_batch(50, enterprise=world.ent_a, stage=Stage.CHINA_3)
    client.force_login(world.bureau)
    first = client.get(reverse("transport:queue"))
    assert first.status_code == 200
    assert len(first.context["items"]) == views.QUEUE_PAGE_SIZE == 20
    assert first.context["open_count"] == 50
    assert first.context["page"].paginator.num_pages == 3
    last = client.get(reverse("transport:queue"), {"page": 3})
    shown = [i for i, _form in last.context["items"]]
    assert len(shown) == 10 and all(form is not None for _i, form in last.context["items"])
    assert not {i.key for i in shown} & {i.key for i, _f in first.context["items"]}


def test_the_queue_reads_no_more_for_more_items_or_more_enterprises(client, world, thresholds):
    """Each shown item's form shares one read of the law articles; the enterprises of the
    city are a subquery, never loaded one by one or passed as a list of ids."""
    from transport.models import Stage

    from ..factories import EnterpriseFactory
    from ..factories.transport import MachineFactory

    client.force_login(world.bureau)
    MachineFactory.create_batch(2, enterprise=world.ent_a, stage=Stage.CHINA_3)
    few = count_queries(client, reverse("transport:queue"))
    MachineFactory.create_batch(15, enterprise=world.ent_b, stage=Stage.CHINA_3)
    for _ in range(30):
        EnterpriseFactory(county=world.county_a)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get(reverse("transport:queue"))
    assert len(ctx.captured_queries) == few
    assert len(page.context["items"]) == 17
    assert max(len(q["sql"]) for q in ctx.captured_queries) < 5000  # no list of 30 ids
    html = page.content.decode()
    assert html.count('data-testid="raise-form"') == 17
    article = LawArticle.objects.filter(is_active=True).first()
    assert article is not None  # seeded reference data
    assert html.count(f'<option value="{article.pk}"') == 17  # in every form, read once
