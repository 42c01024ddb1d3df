"""The Jining demo (`manage.py load_demo`, run by `make run`): loaded twice once for this whole
module, in a transaction rolled back at the end; every test reads what the two loads left."""

import io
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import transaction

from acceptance.models import Evaluation, NodeCompletion
from accounts.models import User
from enterprises.models import Contact, County, EmissionPoint, Enterprise, ProductionUnit
from notifications.models import Notification
from retrofits.models import DateChange, MilestoneNode, RetrofitProject

REGISTRY = [County, Enterprise, ProductionUnit, EmissionPoint, Contact]


def _registry() -> dict:
    """Every registry record, less the automatic last-changed timestamps, and the users."""
    data = {}
    for model in REGISTRY:
        fields = [
            f.name
            for f in model._meta.concrete_fields
            if not getattr(f, "auto_now", False) and not f.primary_key
        ]
        data[model.__name__] = serializers.serialize(
            "python", model.objects.order_by("pk"), fields=fields
        )
    data["users"] = list(
        User.objects.order_by("pk").values(
            "username", "role", "county_id", "enterprise_id", "email"
        )
    )
    return data


def _counts() -> dict:
    counts = {
        m.__name__: m.objects.count() for m in apps.get_app_config("inspections").get_models()
    }
    for model in (
        RetrofitProject,
        MilestoneNode,
        DateChange,
        Notification,
        NodeCompletion,
        Evaluation,
    ):
        counts[model.__name__] = model.objects.count()
    return counts


@pytest.fixture(scope="module")
def loads(django_db_setup, django_db_blocker, module_private_storage) -> Iterator[dict]:
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        first = {"registry": _registry(), "counts": _counts()}
        call_command("load_demo", stdout=io.StringIO())
        second = {"registry": _registry(), "counts": _counts()}
        with django_db_blocker.block():
            yield {"first": first, "second": second}
        transaction.set_rollback(True)


def test_loading_twice_changes_nothing(loads):
    assert loads["second"]["registry"] == loads["first"]["registry"]
    assert loads["second"]["counts"] == loads["first"]["counts"]


def test_the_seven_enterprises_and_the_demo_users(db, loads, settings):
    assert Enterprise.objects.count() == 7 and all(
        e.is_illustrative for e in Enterprise.objects.all()
    )
    assert County.objects.count() == 14
    users = {u.username: u for u in User.objects.all()}
    assert {"office", "bureau", "weishan", "vehicle", "shanshui", "rongxin", "leader"} <= set(users)
    assert users["weishan"].county.code == "weishan"
    assert users["shanshui"].enterprise.name_en == "Weishan Shanshui Cement Co., Ltd."
    assert users["rongxin"].enterprise.name_en == "Shandong Rongxin Group Co., Ltd."
    assert all(users[u].check_password(settings.ULE_DEMO_PASSWORD) for u in ("office", "leader"))
    assert all(len(e.credit_code) == 18 for e in Enterprise.objects.all())
    for e in Enterprise.objects.all():
        e.full_clean()  # demo credit codes pass the GB 32100 check


def test_retrofit_projects_and_their_notifications(db, loads):
    counts = loads["first"]["counts"]
    assert counts["RetrofitProject"] == 18 and counts["Notification"] > 0
    assert counts["MilestoneNode"] > counts["RetrofitProject"]


def test_inspections_in_every_state(db, loads):
    from inspections.models import Finding, Inspection

    assert set(Finding.objects.values_list("status", flat=True)) == {"open", "responded", "closed"}
    assert set(Inspection.objects.values_list("status", flat=True)) == {"draft", "submitted"}
    counts = loads["first"]["counts"]
    assert counts["Draw"] == 2 and counts["ConflictDeclaration"] == 1


def test_a_claim_awaits_the_bureau_and_only_confirmed_facts_count(db, loads):
    """Zhongtai's contact claimed "one month of stable operation": pending, so the enterprise
    stays where the confirmed facts put it (its other pillars have no project yet), and the
    coking figure counts no enterprise (Yankuang was revoked, Rongxin is only partly complete)."""
    from enterprises.selectors import capacity_overview

    pending = NodeCompletion.objects.get(status="pending")
    assert pending.is_claim and pending.node.code == "stable_month"
    assert pending.enterprise.name_en == "Jining Zhongtai Coal Chemical Co., Ltd."
    assert pending.enterprise.ule_stage == "retrofitting"
    assert NodeCompletion.objects.filter(is_claim=True, status="confirmed").exists()
    overview = {p.industry: p for p in capacity_overview(user=User.objects.get(username="leader"))}
    rongxin = Enterprise.objects.get(name_en="Shandong Rongxin Group Co., Ltd.")
    assert overview["coking"].complete_capacity == 0
    assert overview["coking"].partial_capacity == rongxin.ule_partial_capacity_t == 750_000
    zhonglian = Enterprise.objects.get(name_en="Jining Zhonglian Cement Co., Ltd.")
    assert overview["cement_clinker"].complete_capacity == zhonglian.annual_capacity_t


def test_the_ule_list_in_every_state(db, loads):
    from acceptance.models import ListEntry, Publicity

    stages = dict(Enterprise.objects.values_list("name_en", "ule_stage"))
    assert stages["Jining Zhonglian Cement Co., Ltd."] == "publicized"
    assert stages["Shandong Yankuang International Coking Co., Ltd."] == "removed"
    assert stages["Qufu Zhonglian Cement Co., Ltd. Engineering Materials Branch"] == "evaluated"
    revoked = ListEntry.objects.get(status="revoked")
    assert revoked.barred_until > revoked.revoked_on and revoked.changes.count() == 4
    assert Publicity.objects.filter(status="open").count() == 1
    assert set(Evaluation.objects.values_list("status", flat=True)) == {"accepted", "returned"}


def test_an_evaluation_returned_for_revision(db, loads):
    evaluation = Evaluation.objects.get(status="returned")
    assert evaluation.review_comment
    assert evaluation.enterprise.name_en == "Jining Zhongtai Coal Chemical Co., Ltd."
    assert evaluation.files.exists()


def test_generate_scale_grows_the_demo_idempotently(db, loads, client):
    """``manage.py generate_scale`` (enterprises.scale) on top of the demo: every step adds
    rows once, a second run adds nothing, a larger --enterprises adds only the difference,
    and the pages read the generated rows."""
    from django.urls import reverse

    from enterprises import scale
    from inspections.models import Draw, Inspection

    first = scale.generate(3, log=lambda line: None)
    added = {name: rows for name, rows, _ in first.steps}
    assert added["enterprises"] == 3
    assert added["projects"] == 3 * scale.PROJECTS_PER_ENTERPRISE
    assert added["milestone nodes"] == 3 * 4 * scale.NODES_PER_PROJECT
    assert added["inspections"] == 3 * scale.INSPECTIONS_PER_ENTERPRISE
    assert added["notifications"] == 3 * (scale.CONTACT_NOTIFICATIONS + scale.STAFF_NOTIFICATIONS)
    assert added["emission points"] == 3 * 2 and added["monitoring devices"] == 6
    assert added["monitoring rollups"] > 0 and added["cargo gates"] == 3
    passes = scale.plants.PASSES_PER_MONTH * scale.plants.PASS_MONTHS
    assert added["ledger imports and gate passes"] == 3 * (1 + passes)
    again = scale.generate(3, log=lambda line: None)
    assert all(rows == 0 for name, rows, _ in again.steps if name != "analyze")
    more = {name: rows for name, rows, _ in scale.generate(5, log=lambda line: None).steps}
    assert more["enterprises"] == 2
    assert Enterprise.objects.filter(credit_code__startswith=scale.PREFIX).count() == 5
    assert Inspection.objects.filter(enterprise__credit_code__startswith="SC").exists()
    # draws never change: growing adds a batch drawn from the enterprises no batch drew from
    assert Draw.objects.filter(title__startswith="规模抽查").count() == 2 * scale.base.DRAW_MONTHS
    second = Draw.objects.filter(title__startswith="规模抽查", title__endswith="(2)")
    assert {t["enterprise_id"] for t in second.first().inputs["targets"]} == set(
        Enterprise.objects.filter(credit_code__startswith=scale.PREFIX)
        .order_by("-pk")[:2]
        .values_list("pk", flat=True)
    )
    # a generated draw is a real record: re-running it from its inputs gives its result
    from inspections import draws as records

    generated = Draw.objects.filter(title__startswith="规模抽查").latest("pk")
    assert generated.targets.exists() and records.draw_verify(draw=generated).identical
    client.force_login(User.objects.get(username="office"))
    for name in (
        "inspections:disclosure",
        "retrofits:project_list",
        "inspections:list",
        "transport:queue",
        "transport:index",
        "monitoring:overview",
    ):
        assert client.get(reverse(name)).status_code == 200


def test_generate_scale_refuses_sqlite(monkeypatch):
    from django.core.management import CommandError
    from django.db import connection

    monkeypatch.setattr(connection, "vendor", "sqlite")
    with pytest.raises(CommandError, match="PostgreSQL only"):
        call_command("generate_scale", "--enterprises", "7", stdout=io.StringIO())
