"""The ULE scope, the tie between records and nodes, publicity and the dynamic ULE list
(issue 13, items 2, 3, 5, 6 and 8): the stage and every capacity figure follow from them."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acceptance import services
from acceptance.models import ListChange, ListStatus, PillarScope, Publicity, RevocationReason
from enterprises.models import UleStage
from notifications.models import Notification
from retrofits import services as retrofit_services

from ..factories import UnitFactory, pdf_upload
from ..retrofits.conftest import make_project, node
from .conftest import (
    OUT,
    START,
    TODAY,
    D,
    accept_evaluation,
    day_of,
    done_up_to,
    list_enterprise,
    organized_only,
    start_publicity,
)
from .test_services import figures, stage_of


@pytest.fixture
def stable(world, old_project):
    """Enterprise A: organized emissions only in scope, its project stable (nodes 1-9)."""
    UnitFactory(enterprise=world.ent_a, name="1#窑")
    done_up_to(old_project, 9, actor=world.bureau)
    return old_project


@pytest.fixture
def listed(world, stable):
    return list_enterprise(world)


# --- scope -----------------------------------------------------------------------------------


def test_every_pillar_is_in_scope_until_the_bureau_says_otherwise(world, old_project):
    """The third attempt of the issue: an organized-emissions project alone does not complete
    the enterprise."""
    PillarScope.objects.all().delete()  # the fixture's scope: back to the default
    done_up_to(old_project, 9, actor=world.bureau)
    status = services.status_of(world.ent_a)
    assert stage_of(world) == UleStage.RETROFITTING == status.stage
    assert [p.pillar for p in status.pillars if p.missing] == ["fugitive", "transport"]
    assert any("清洁运输" in b for b in status.blockers)
    organized_only(world)
    assert stage_of(world) == UleStage.STABLE


def test_a_pillar_out_of_scope_needs_a_reason_and_one_stays_in(world):
    with pytest.raises(ValidationError) as exc:
        services.scope_update(actor=world.bureau, enterprise=world.ent_a, data={"organized": True})
    assert "fugitive_note" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.scope_update(
            actor=world.bureau,
            enterprise=world.ent_a,
            data=dict.fromkeys(("organized", "fugitive", "transport"), False)
            | {f"{p}_note": OUT for p in ("organized", "fugitive", "transport")},
        )
    assert "organized" in exc.value.message_dict


@pytest.mark.parametrize("role", ["contact_a", "county_a_staff", "vehicle", "official"])
def test_only_the_bureau_sets_the_scope_and_the_list(world, role, listed):
    actor = getattr(world, role)
    with pytest.raises(PermissionDenied):
        services.scope_update(actor=actor, enterprise=world.ent_a, data={"organized": True})
    with pytest.raises(PermissionDenied):
        services.listing_change(actor=actor, entry=listed, to="suspended", reason="x")
    with pytest.raises(PermissionDenied):
        services.publicity_start(actor=actor, enterprise=world.ent_a, data={})


# --- evaluation and nodes --------------------------------------------------------------------


@pytest.mark.parametrize("role", ["bureau", "contact_a"])
def test_record_nodes_follow_from_the_records_only(world, stable, role):
    """Nobody records "evaluation monitoring done" or "publicized" by hand: they follow from an
    accepted evaluation and from the ULE list."""
    before = figures(world)
    actor = getattr(world, role)
    with pytest.raises(ValidationError) as exc:
        retrofit_services.node_complete(
            actor=actor, node=node(stable, 10), actual_date=TODAY, files=[pdf_upload()]
        )
    assert exc.value.code == "needs_evaluation" and "评估" in exc.value.messages[0]
    assert node(stable, 10).actual_date is None and figures(world) == before
    accept_evaluation(world)
    before = figures(world)
    with pytest.raises(ValidationError) as exc:
        retrofit_services.node_complete(
            actor=actor, node=node(stable, 12), actual_date=TODAY, files=[pdf_upload()]
        )
    assert exc.value.code == "needs_listing"
    assert node(stable, 12).actual_date is None and figures(world) == before


def test_accepting_the_evaluation_records_its_nodes_and_the_stage(world, stable):
    ev = accept_evaluation(world)
    assert node(stable, 10).actual_date == max(ev.monitoring_end, day_of(9))
    assert node(stable, 11).actual_date is not None and node(stable, 12).actual_date is None
    assert node(stable, 10).completions.get().status == "confirmed"
    assert stage_of(world) == UleStage.EVALUATED


def test_an_evaluation_that_leaves_a_pillar_in_scope_uncovered_does_not_evaluate(world, stable):
    services.scope_update(
        actor=world.bureau,
        enterprise=world.ent_a,
        data={"organized": True, "fugitive": True, "transport": False, "transport_note": OUT},
    )
    make_project(world, actor=world.bureau, approver=world.bureau, start=START, category="fugitive")
    accept_evaluation(world, fugitive="not_covered")
    assert stage_of(world) not in (UleStage.EVALUATED, UleStage.PUBLICIZED)


def test_a_partial_evaluation_counts_apart(world, old_project):
    line_1 = UnitFactory(enterprise=world.ent_a, name="1#窑", capacity=3000)
    UnitFactory(enterprise=world.ent_a, name="2#窑", capacity=1000)
    done_up_to(old_project, 9, actor=world.bureau)
    accept_evaluation(world, scope="partial", units=[line_1])
    world.ent_a.refresh_from_db()
    expected = round(world.ent_a.annual_capacity_t * 3 / 4)
    assert world.ent_a.ule_partial_capacity_t == expected
    assert world.ent_a.ule_stage == UleStage.STABLE  # never whole-plant
    overview = services.status_of(world.ent_a)
    assert overview.partial_units == [line_1]
    assert sum(c for c, _ in figures(world)) == 0
    from enterprises.selectors import capacity_overview

    assert sum(p.partial_capacity for p in capacity_overview(user=world.official)) == expected


# --- publicity -------------------------------------------------------------------------------


def test_no_publicity_without_an_accepted_evaluation(world, stable):
    with pytest.raises(ValidationError) as exc:
        start_publicity(world)
    assert "评估" in exc.value.messages[0]


def test_the_publicity_ends_and_the_enterprise_is_listed(world, stable):
    accept_evaluation(world)
    before = figures(world)
    p = start_publicity(world, start=TODAY - D(20))
    assert Notification.objects.filter(kind="acceptance.publicity_started").exists()
    with pytest.raises(ValidationError) as exc:  # still running on its last day
        services.publicity_close(actor=world.bureau, publicity=p, today=p.end)
    assert exc.value.code == "publicity_running" and figures(world) == before
    services.publicity_objections(
        actor=world.bureau, publicity=p, data={"objections": 1, "objections_handling": ""}
    )
    with pytest.raises(ValidationError):  # objections received, their handling not recorded
        services.publicity_close(actor=world.bureau, publicity=p, today=p.end + D(1))
    p.refresh_from_db()
    services.publicity_objections(
        actor=world.bureau,
        publicity=p,
        data={"objections": 1, "objections_handling": "经核实，异议不成立，已答复。"},
        expected_version=p.version,
    )
    entry = services.publicity_close(actor=world.bureau, publicity=p, today=p.end + D(1))
    assert entry.status == ListStatus.LISTED and entry.listed_on == p.end + D(1)
    assert stage_of(world) == UleStage.PUBLICIZED
    assert sum(c for c, _ in figures(world)) == world.ent_a.annual_capacity_t
    # The "publicized" node is recorded; the permit update is still the enterprise's to do.
    project = world.ent_a.retrofit_projects.get()
    assert node(project, 12).actual_date == p.end and node(project, 13).actual_date is None
    assert ListChange.objects.get(entry=entry).from_status == ""


def test_the_daily_sweep_lists_when_the_publicity_ended_and_reminds_of_objections(world, stable):
    accept_evaluation(world)
    p = start_publicity(world, start=TODAY - D(20))
    Publicity.objects.filter(pk=p.pk).update(objections=3)
    counts = services.listing_sweep(today=TODAY)
    assert counts["listed"] == 0 and counts["objections"] == 1
    Publicity.objects.filter(pk=p.pk).update(objections_handling="已逐一答复。")
    assert services.listing_sweep(today=TODAY)["listed"] == 1
    assert stage_of(world) == UleStage.PUBLICIZED
    assert services.listing_sweep(today=TODAY)["listed"] == 0


# --- the list ------------------------------------------------------------------------------


def test_under_review_and_suspended_do_not_count(world, listed):
    full = figures(world)
    entry = services.listing_change(
        actor=world.bureau, entry=listed, to="under_review", reason="抽查发现疑点"
    )
    assert stage_of(world) == UleStage.UNDER_REVIEW
    assert sum(c for c, _ in figures(world)) == 0
    entry = services.listing_change(actor=world.bureau, entry=entry, to="listed", reason="已核实")
    assert figures(world) == full
    services.listing_change(actor=world.bureau, entry=entry, to="suspended", reason="超标")
    assert stage_of(world) == UleStage.SUSPENDED and sum(c for c, _ in figures(world)) == 0


def test_revocation_bars_relisting_for_the_months_its_reason_carries(world, listed):
    reason = RevocationReason.objects.get(code="not_stable")
    assert reason.bar_months == 6 and not reason.confirmed
    with pytest.raises(ValidationError):
        services.listing_change(actor=world.bureau, entry=listed, to="revoked", reason="复测超标")
    entry = services.listing_change(
        actor=world.bureau,
        entry=listed,
        to="revoked",
        reason="复测仍超标",
        revocation_reason=reason,
    )
    assert entry.barred_until == services.add_months(TODAY, 6)
    assert stage_of(world) == UleStage.REMOVED and sum(c for c, _ in figures(world)) == 0
    with pytest.raises(ValidationError) as exc:
        services.listing_change(actor=world.bureau, entry=entry, to="listed", reason="x")
    assert exc.value.code == "transition"
    # A new publicity needs an evaluation accepted after the revocation...
    with pytest.raises(ValidationError) as exc:
        start_publicity(world, start=TODAY)
    assert exc.value.code == "evaluation_before_revocation"
    # ... and cannot end before the bar does.
    accept_evaluation(world)
    with pytest.raises(ValidationError) as exc:
        start_publicity(world, start=TODAY)
    assert "end" in exc.value.message_dict
    later = start_publicity(world, start=entry.barred_until - D(9))
    with pytest.raises(ValidationError):
        services.publicity_close(actor=world.bureau, publicity=later, today=later.end)
    again = services.publicity_close(
        actor=world.bureau, publicity=later, today=entry.barred_until + D(1)
    )
    assert again.status == ListStatus.LISTED and again.barred_until is None
    assert stage_of(world) == UleStage.PUBLICIZED
    assert list(again.changes.values_list("to_status", flat=True)) == [
        "listed",
        "revoked",
        "listed",
    ]


def test_the_end_of_a_bar_is_told_once(world, listed):
    entry = services.listing_change(
        actor=world.bureau,
        entry=listed,
        to="revoked",
        reason="复测仍超标",
        revocation_reason=RevocationReason.objects.get(code="not_stable"),
    )
    assert services.listing_sweep(today=TODAY)["bars_ended"] == 0
    day = entry.barred_until
    assert services.listing_sweep(today=day)["bars_ended"] == 1
    assert services.listing_sweep(today=day + D(1))["bars_ended"] == 0
    told = Notification.objects.filter(kind="acceptance.listing_bar_ended")
    assert {n.recipient_id for n in told} >= {world.contact_a.pk, world.bureau.pk}


def test_a_decision_cannot_be_dated_before_the_last_change(world, listed):
    with pytest.raises(ValidationError) as exc:
        services.listing_change(
            actor=world.bureau,
            entry=listed,
            to="suspended",
            reason="x",
            day=listed.listed_on - D(1),
        )
    assert "day" in exc.value.message_dict


def test_add_months_keeps_the_end_of_a_month():
    assert services.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert services.add_months(datetime.date(2026, 11, 15), 12) == datetime.date(2027, 11, 15)


def test_the_permit_update_after_listing_is_a_claim_and_completes_the_project(world, listed):
    project = world.ent_a.retrofit_projects.get()
    retrofit_services.node_complete(
        actor=world.contact_a, node=node(project, 13), actual_date=TODAY, files=[pdf_upload()]
    )
    claim = node(project, 13).completions.get()
    assert claim.is_claim and claim.status == "pending"
    services.claim_review(actor=world.bureau, claim=claim, accept=True)
    project.refresh_from_db()
    assert project.status == "completed" and stage_of(world) == UleStage.PUBLICIZED


def test_the_stable_operation_is_checked_against_the_running_status(world, stable):
    """A stop recorded for an evaluated line during the stable operation it rests on refuses
    the evaluation (issue 13, item 3: "against running status where recorded")."""
    from ..factories.operations import StatusIntervalFactory
    from .test_evaluations import data

    line = world.ent_a.units.get()
    d = data()
    StatusIntervalFactory(unit=line, status="running", start=d["stable_start"] - D(30))
    StatusIntervalFactory(
        unit=line, status="fault", start=d["stable_start"] + D(10), end=d["stable_start"] + D(12)
    )
    with pytest.raises(ValidationError) as exc:
        accept_evaluation(world)
    assert "1#窑" in exc.value.message_dict["stable_end"][0]
    accept_evaluation(
        world, stable_start=d["stable_start"] + D(13), stable_end=d["stable_end"] + D(10)
    )
    assert stage_of(world) == UleStage.EVALUATED


def test_the_status_page_names_nodes_that_hold_back_the_evaluations_nodes(world, stable):
    """A second organized project still open before its "evaluated" node: the accepted
    evaluation records the first project's nodes only, and the status says which nodes of the
    second one are still open (nobody waits for a node that will not come by itself)."""
    from django.utils import translation

    from acceptance.services.status import status_of

    second = make_project(world, actor=world.bureau, approver=world.bureau, start=START)
    done_up_to(second, 8, actor=world.bureau)
    accept_evaluation(world)
    assert node(stable, 10).actual_date is not None
    assert node(second, 10).actual_date is None  # node 9 is open before it
    with translation.override("en"):
        blockers = status_of(world.ent_a).blockers
        waiting_for, record = node(second, 9).name, node(second, 10).name
    waiting = [b for b in blockers if waiting_for in b]
    assert len(waiting) == 1 and record in waiting[0] and second.name in waiting[0]
    assert len([b for b in blockers if "follows from the accepted evaluation" in b]) == 1
