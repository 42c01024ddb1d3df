"""The daily sweep: deadline, overdue and escalation reminders through the outbox, and
verification tasks for completed milestones. Re-running it writes nothing twice."""

from datetime import timedelta

from django.utils import timezone

from inspections import reminders, services
from inspections.models import VerificationTask
from notifications.models import Notification
from tests.factories import FindingFactory

from .conftest import checked, completed_node, make_finding, open_inspection, pdf


def _kinds(user):
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def test_deadline_reminders_7_3_1_and_on_the_day_once_each(world):
    today = timezone.localdate()
    finding = make_finding(world, deadline=today + timedelta(days=8))
    Notification.objects.all().delete()
    for offset in range(0, 9):
        day = finding.deadline - timedelta(days=8 - offset)
        reminders.daily_sweep(today=day)
        reminders.daily_sweep(today=day)  # re-run: nothing new
    rows = Notification.objects.filter(recipient=world.contact_a, kind="inspection.finding_due")
    assert rows.count() == 4  # 7, 3, 1 and 0 days left
    assert rows.filter(urgent=True).count() == 2  # 1 day left and the day itself
    assert not Notification.objects.filter(recipient=world.county_a_staff).exists()


def test_overdue_weekly_and_escalation_after_7_and_30_days(world):
    today = timezone.localdate()
    finding = make_finding(world, deadline=today)
    Notification.objects.all().delete()
    for day in range(1, 32):
        reminders.daily_sweep(today=finding.deadline + timedelta(days=day))
        reminders.daily_sweep(today=finding.deadline + timedelta(days=day))
    overdue = Notification.objects.filter(
        recipient=world.contact_a, kind="inspection.finding_overdue"
    )
    assert overdue.count() == 5  # days 1, 8, 15, 22, 29
    assert (
        Notification.objects.filter(
            recipient=world.county_a_staff, kind="inspection.finding_overdue"
        ).count()
        == 5
    )
    # county A's lead once at 7 days; the bureau and officials in their daily escalation
    # digest from day 30 (days 30 and 31 here), never one notification per finding
    assert _kinds(world.county_a_staff).count("inspection.finding_escalated") == 1
    for person in (world.bureau, world.official):
        assert "inspection.finding_escalated" not in _kinds(person)
        assert _kinds(person).count("notifications.escalation_digest") == 2
    digest = Notification.objects.filter(
        recipient=world.official, kind="notifications.escalation_digest"
    ).first()
    assert digest.params["items"][0]["params"]["ref"] == finding.reference
    assert "inspection.finding_escalated" not in _kinds(world.county_b_staff)
    assert not Notification.objects.filter(recipient=world.contact_b).exists()


def test_answered_or_closed_findings_are_not_chased(world):
    today = timezone.localdate()
    finding = make_finding(world, deadline=today)
    services.finding_respond(
        actor=world.contact_a, finding=finding, text="已整改", uploads=[checked(pdf())]
    )
    Notification.objects.all().delete()
    counts = reminders.daily_sweep(today=today + timedelta(days=10))
    assert counts["overdue"] == 0 and not Notification.objects.exists()


def test_a_new_deadline_starts_a_new_reminder_series(world):
    today = timezone.localdate()
    finding = make_finding(world, deadline=today + timedelta(days=1))
    reminders.daily_sweep(today=today)
    finding.deadline = today + timedelta(days=3)
    finding.save()
    reminders.daily_sweep(today=today)
    keys = Notification.objects.filter(kind="inspection.finding_due").values_list(
        "idempotency_key", flat=True
    )
    assert len(set(keys)) == 2


def test_completed_milestone_proposes_a_verification_task_to_the_county(world, client):
    node = completed_node(world.ent_a)
    reminders.daily_sweep()
    reminders.daily_sweep()
    task = VerificationTask.objects.get(node=node)
    assert task.enterprise == world.ent_a
    assert (
        Notification.objects.filter(
            recipient=world.county_a_staff, kind="inspection.verification_proposed"
        ).count()
        == 1
    )
    assert not Notification.objects.filter(recipient=world.county_b_staff).exists()
    client.force_login(world.county_a_staff)
    body = client.get("/inspections/tasks/").content.decode()
    assert f"?task={task.pk}" in body
    client.force_login(world.county_b_staff)
    assert f"?task={task.pk}" not in client.get("/inspections/tasks/").content.decode()


def test_verification_task_is_done_when_its_inspection_is_submitted(world, client):
    from .conftest import answer_all

    node = completed_node(world.ent_a)
    reminders.daily_sweep()
    task = VerificationTask.objects.get(node=node)
    client.force_login(world.county_a_staff)
    from inspections.models import ChecklistTemplate

    response = client.post(
        f"/inspections/new/?task={task.pk}",
        {
            "task": task.pk,
            "enterprise": world.ent_a.pk,
            "started_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "origin": "follow_up_milestone",
            "inspectors": [world.county_a_staff.pk, world.bureau.pk],
            "templates": [ChecklistTemplate.objects.get(code="fugitive").pk],
        },
    )
    assert response.status_code == 302
    task.refresh_from_db()
    inspection = task.inspection
    assert inspection is not None and inspection.origin == "follow_up_milestone"
    answer_all(inspection, world.county_a_staff, non_compliant=0)
    services.inspection_submit(actor=world.county_a_staff, inspection=inspection)
    task.refresh_from_db()
    assert task.done_at is not None


def test_weekly_reminder_while_verification_is_not_done(world):
    node = completed_node(world.ent_a)
    reminders.daily_sweep()
    task = VerificationTask.objects.get(node=node)
    for day in range(1, 15):
        reminders.daily_sweep(today=timezone.localdate() + timedelta(days=day))
    assert (
        Notification.objects.filter(
            recipient=world.county_a_staff, kind="inspection.verification_proposed"
        ).count()
        == 3
    )  # proposed, then weeks 1 and 2
    assert task.pk


def test_draft_only_inspection_does_not_complete_the_task(world):
    node = completed_node(world.ent_a)
    reminders.daily_sweep()
    task = VerificationTask.objects.get(node=node)
    open_inspection(world)
    task.refresh_from_db()
    assert task.done_at is None


def test_sweep_queries_do_not_grow_with_findings(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    today = timezone.localdate()

    def run():
        with CaptureQueriesContext(connection) as ctx:
            reminders.daily_sweep(today=today + timedelta(days=40))
        return len(ctx.captured_queries)

    for _ in range(2):
        make_finding(world, deadline=today)
    few = run()
    for _ in range(8):
        make_finding(world, deadline=today)
        make_finding(world, enterprise=world.ent_b, deadline=today)
    Notification.objects.all().delete()
    many = run()
    assert many == few


def _sweep_queries(today) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        reminders.daily_sweep(today=today)
    return len(ctx.captured_queries)


def test_sweep_queries_do_not_grow_with_findings_in_every_stage_and_county(world):
    """Due, overdue and escalated findings of both counties, and verification tasks: one
    query budget whatever their number."""
    today = timezone.localdate()

    def add(n):
        for i in range(n):
            for ent in (world.ent_a, world.ent_b):
                FindingFactory(enterprise=ent, deadline=today + timedelta(days=3))
                FindingFactory(enterprise=ent, deadline=today - timedelta(days=8 + i))
                FindingFactory(enterprise=ent, deadline=today - timedelta(days=31 + i))
            completed_node(world.ent_a if i % 2 else world.ent_b)

    add(1)
    few = _sweep_queries(today)
    Notification.objects.all().delete()
    add(6)
    many = _sweep_queries(today)
    assert many == few
    assert Notification.objects.filter(kind="inspection.finding_escalated").exists()
    assert Notification.objects.filter(kind="inspection.verification_proposed").exists()


def test_the_sweep_counts_reminders_by_stage(world):
    today = timezone.localdate()
    FindingFactory(enterprise=world.ent_a, deadline=today + timedelta(days=1))
    FindingFactory(enterprise=world.ent_a, deadline=today - timedelta(days=1))
    FindingFactory(enterprise=world.ent_b, deadline=today - timedelta(days=30))
    FindingFactory(enterprise=world.ent_b, deadline=today + timedelta(days=20))  # not yet
    counts = reminders.daily_sweep(today=today)
    # the 30-day one is escalated twice: to the county leads (7) and to the city (30)
    assert counts == {"due": 1, "overdue": 2, "escalated": 2, "verification": 0}
    keys = set(Notification.objects.values_list("idempotency_key", flat=True))
    assert any(k.startswith("finding:") and ":due1:" in k for k in keys)
    assert any(k.startswith("finding:escalation-digest30:") for k in keys)
