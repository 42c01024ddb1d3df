"""Who may complete what, and one source of truth (issue 13, items 1 and 8): the ULE stage
and every capacity figure count facts the bureau confirmed, never a contact's word alone."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from acceptance import services as acceptance_services
from acceptance.models import NodeCompletion
from enterprises.models import UleStage
from enterprises.selectors import capacity_overview
from notifications.models import Notification
from retrofits import services
from retrofits.models import ProjectStatus

from ..factories import pdf_upload
from ..retrofits.conftest import make_project, node
from .conftest import (
    CLAIM_ORDERS,
    RECORD_ORDERS,
    TODAY,
    D,
    day_of,
    done_up_to,
    list_enterprise,
)

CLAIMANTS = ("contact_a", "county_a_staff")
CONFIRMERS = ("office", "bureau")
OUTSIDERS = ("contact_b", "county_b_staff", "vehicle", "official")


def figures(world):
    """What the officials' overview shows: complete capacity and capacity per stage."""
    return [(p.complete_capacity, dict(p.by_stage)) for p in capacity_overview(user=world.official)]


def stage_of(world):
    world.ent_a.refresh_from_db()
    return world.ent_a.ule_stage


@pytest.mark.parametrize("order", CLAIM_ORDERS)
@pytest.mark.parametrize("role", CLAIMANTS + CONFIRMERS + OUTSIDERS)
def test_status_milestones_count_only_once_the_bureau_confirms(world, old_project, order, role):
    done_up_to(old_project, order - 1, actor=world.bureau)
    before_stage, before_figures = stage_of(world), figures(world)
    actor = getattr(world, role)
    target = node(old_project, order)
    if role in OUTSIDERS:
        with pytest.raises(PermissionDenied):
            services.node_complete(
                actor=actor, node=target, actual_date=day_of(order), late_reason="补录"
            )
        assert node(old_project, order).actual_date is None
        assert (stage_of(world), figures(world)) == (before_stage, before_figures)
        return
    if role in CLAIMANTS:
        # No evidence: refused, in the user's language, and nothing moves.
        with pytest.raises(ValidationError) as exc:
            services.node_complete(
                actor=actor, node=target, actual_date=day_of(order), late_reason="补录"
            )
        assert "佐证材料" in exc.value.message_dict["files"][0]
        assert node(old_project, order).actual_date is None
    services.node_complete(
        actor=actor,
        node=target,
        actual_date=day_of(order),
        late_reason="补录",
        files=[pdf_upload()],
    )
    completion = NodeCompletion.objects.get(node=target)
    if role in CLAIMANTS:
        assert completion.is_claim and completion.status == NodeCompletion.Status.PENDING
        assert (stage_of(world), figures(world)) == (before_stage, before_figures)
        assert Notification.objects.filter(
            kind="acceptance.claim_submitted", recipient=world.bureau
        ).exists()
        acceptance_services.claim_review(actor=world.bureau, claim=completion, accept=True)
    else:
        assert not completion.is_claim and completion.status == NodeCompletion.Status.CONFIRMED
    expected = target.stage_on_completion or before_stage
    assert stage_of(world) == expected


@pytest.mark.parametrize("role", CLAIMANTS + CONFIRMERS)
def test_the_first_attempt_of_the_issue_fails_and_the_overview_does_not_move(
    world, old_project, role
):
    """Recording "evaluation done", "report filed", "publicized" or "permit updated" by hand,
    with or without files, by anyone, the bureau included: refused with a message in Chinese;
    they follow from an accepted evaluation and the ULE list. Nothing moves."""
    done_up_to(old_project, 9, actor=world.bureau)
    before_stage, before = stage_of(world), figures(world)
    for order in (*RECORD_ORDERS, 13):
        for files in ([], [pdf_upload()]):
            with pytest.raises(ValidationError) as exc:
                services.node_complete(
                    actor=getattr(world, role),
                    node=node(old_project, order),
                    actual_date=TODAY,
                    files=files,
                )
            assert any("评估" in m or "前面的节点" in m for m in exc.value.messages)
            assert node(old_project, order).actual_date is None
    assert (stage_of(world), figures(world)) == (before_stage, before)
    assert not NodeCompletion.objects.filter(node__order__gte=10).exists()


def test_the_next_node_waits_for_the_bureau_on_a_pending_claim(world, old_project):
    done_up_to(old_project, 7, actor=world.bureau)
    services.node_complete(
        actor=world.contact_a,
        node=node(old_project, 8),
        actual_date=day_of(8),
        late_reason="补录",
        files=[pdf_upload()],
    )
    for actor in (world.contact_a, world.bureau):
        with pytest.raises(ValidationError, match="等待市局确认"):
            services.node_complete(
                actor=actor,
                node=node(old_project, 9),
                actual_date=day_of(9),
                late_reason="补录",
                files=[pdf_upload()],
            )
    assert stage_of(world) == UleStage.COMPLETED


def test_the_second_attempt_of_the_issue_fails_a_node_of_an_unapproved_plan(world):
    project = make_project(world, actor=world.contact_a, approved=False, start=TODAY - D(400))
    before = figures(world)
    for actor in (world.contact_a, world.bureau):
        with pytest.raises(ValidationError, match="计划尚未经市局批准"):
            services.node_complete(
                actor=actor,
                node=node(project, 1),
                actual_date=TODAY - D(400),
                late_reason="补录",
                files=[pdf_upload()],
            )
    assert node(project, 1).actual_date is None
    assert figures(world) == before and stage_of(world) == UleStage.NOT_STARTED


def test_a_date_more_than_seven_days_back_needs_a_recorded_reason(world, old_project):
    n1 = node(old_project, 1)
    with pytest.raises(ValidationError) as exc:
        services.node_complete(actor=world.contact_a, node=n1, actual_date=TODAY - D(8))
    assert "7" in exc.value.message_dict["late_reason"][0]
    services.node_complete(
        actor=world.contact_a, node=n1, actual_date=TODAY - D(8), late_reason="系统故障，补录"
    )
    assert NodeCompletion.objects.get(node=n1).late_reason == "系统故障，补录"


def test_seven_days_back_needs_no_reason_and_the_limit_is_a_setting(world, old_project, settings):
    services.node_complete(
        actor=world.contact_a, node=node(old_project, 1), actual_date=TODAY - D(7)
    )
    settings.ACCEPTANCE_LATE_ENTRY_DAYS = 30
    services.node_complete(
        actor=world.contact_a, node=node(old_project, 2), actual_date=TODAY - D(7)
    )
    assert NodeCompletion.objects.filter(late_reason="").count() == 2


def test_returned_claim_reopens_the_node_and_tells_the_contact(world, old_project):
    done_up_to(old_project, 9, actor=world.bureau)
    list_enterprise(world)
    old_project.refresh_from_db()
    services.node_complete(
        actor=world.contact_a,
        node=node(old_project, 13),
        actual_date=TODAY,
        files=[pdf_upload()],
    )
    old_project.refresh_from_db()
    assert old_project.status == ProjectStatus.COMPLETED
    claim = NodeCompletion.objects.get(node=node(old_project, 13))
    with pytest.raises(ValidationError) as exc:
        acceptance_services.claim_review(actor=world.bureau, claim=claim, accept=False)
    assert "comment" in exc.value.message_dict
    for user in (world.contact_a, world.county_a_staff, world.official, world.vehicle):
        with pytest.raises(PermissionDenied):
            acceptance_services.claim_review(actor=user, claim=claim, accept=True)
    acceptance_services.claim_review(
        actor=world.bureau, claim=claim, accept=False, comment="许可证副本不清晰"
    )
    claim.refresh_from_db()
    assert claim.status == NodeCompletion.Status.RETURNED and claim.decided_by == world.bureau
    assert node(old_project, 13).actual_date is None
    old_project.refresh_from_db()
    assert old_project.status == ProjectStatus.UNDERWAY
    row = Notification.objects.get(kind="acceptance.claim_decided", recipient=world.contact_a)
    assert "许可证副本不清晰" in row.body and row.urgent
    with pytest.raises(ValidationError, match="已经"):
        acceptance_services.claim_review(actor=world.bureau, claim=claim, accept=True)
    # Recorded again: a new claim.
    services.node_complete(
        actor=world.contact_a, node=node(old_project, 13), actual_date=TODAY, files=[pdf_upload()]
    )
    assert NodeCompletion.objects.filter(node=node(old_project, 13)).count() == 2


def test_confirmation_moves_the_stage_and_the_overview_only_the_list_counts(world, old_project):
    done_up_to(old_project, 8, actor=world.bureau)
    before = figures(world)
    services.node_complete(
        actor=world.contact_a,
        node=node(old_project, 9),
        actual_date=day_of(9),
        late_reason="补录",
        files=[pdf_upload()],
    )
    assert figures(world) == before and stage_of(world) == UleStage.COMPLETED
    claim = NodeCompletion.objects.get(node=node(old_project, 9))
    acceptance_services.claim_review(actor=world.bureau, claim=claim, accept=True)
    assert stage_of(world) == UleStage.STABLE
    assert sum(c for c, _ in figures(world)) == 0
    list_enterprise(world)
    assert stage_of(world) == UleStage.PUBLICIZED
    assert sum(c for c, _ in figures(world)) == world.ent_a.annual_capacity_t


def test_a_stage_left_unconfirmed_by_old_data_does_not_count(world, old_project):
    """A node done without a confirmed record (before this rule existed) does not count."""
    done_up_to(old_project, 6, actor=world.bureau)
    n7 = node(old_project, 7)
    n7.actual_date = day_of(7)
    n7.save()
    services.enterprise_stage_recompute(enterprise=world.ent_a, actor=None)
    assert stage_of(world) == UleStage.RETROFITTING
