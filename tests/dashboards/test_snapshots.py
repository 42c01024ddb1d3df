"""Weekly snapshots: figures and rating per enterprise, idempotent, immutable; the task and
its beat entry; the demo's twelve weeks."""

import datetime

import pytest
from django.utils import timezone

from dashboards import services, tasks
from dashboards.models import EnterpriseWeek, ImmutableError, Rating, WeeklySnapshot
from dashboards.rating import reason_text
from enterprises.models import UleStage
from inspections.models import FindingStatus

from ..factories import (
    EnterpriseFactory,
    FindingFactory,
    MilestoneNodeFactory,
    RetrofitProjectFactory,
)

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


def row_of(snapshot, enterprise) -> EnterpriseWeek:
    return snapshot.rows.get(enterprise=enterprise)


def test_taking_the_snapshot_twice_in_a_week_keeps_the_first_unchanged():
    ent = EnterpriseFactory()
    first, created = services.snapshot_take()
    assert created and first.week_start == services.monday_of(TODAY)
    assert first.week_start.weekday() == 0
    before = list(first.rows.values())
    # the world changes after the snapshot was taken
    MilestoneNodeFactory(project=RetrofitProjectFactory(enterprise=ent), planned_date=days(-40))
    EnterpriseFactory()
    again, created = services.snapshot_take(week_start=days(0))
    assert not created and again.pk == first.pk
    assert WeeklySnapshot.objects.count() == 1
    assert list(again.rows.values()) == before
    assert again.enterprises == 1


def test_snapshot_rows_cannot_be_changed_once_written():
    EnterpriseFactory()
    snap, _ = services.snapshot_take()
    row = snap.rows.get()
    row.rating = Rating.RED
    with pytest.raises(ImmutableError):
        row.save()
    snap.enterprises = 99
    with pytest.raises(ImmutableError):
        snap.save()
    assert snap.rows.get().rating == Rating.YELLOW  # no project yet: yellow, unchanged


def test_a_node_missed_for_a_month_and_an_overdue_finding_make_an_enterprise_red():
    ent = EnterpriseFactory()
    project = RetrofitProjectFactory(enterprise=ent, budget_wan=100, invested_wan=40)
    MilestoneNodeFactory(project=project, planned_date=days(-60), actual_date=days(-61))
    MilestoneNodeFactory(project=project, planned_date=days(-35))
    MilestoneNodeFactory(project=project, planned_date=days(3))
    FindingFactory(enterprise=ent, deadline=days(-1))
    FindingFactory(enterprise=ent, deadline=days(5))
    FindingFactory(
        enterprise=ent, deadline=days(-9), status=FindingStatus.CLOSED, closed_at=timezone.now()
    )
    snap, _ = services.snapshot_take()
    row = row_of(snap, ent)
    assert (row.nodes_total, row.nodes_done, row.nodes_missed, row.nodes_due) == (3, 1, 1, 1)
    assert row.longest_missed_days == 35
    assert row.percent_complete == 33
    assert (row.findings_open, row.findings_overdue) == (2, 1)
    assert row.budget_wan == 100 and row.invested_wan == 40
    assert row.rating == Rating.RED
    codes = [r["code"] for r in row.reasons]
    assert codes[:2] == ["missed_long", "findings_overdue"]
    assert "findings_open" in codes


def test_reasons_are_worded_in_the_readers_language():
    reason = {"code": "findings_overdue", "n": 2}
    from django.utils import translation

    with translation.override("en"):
        assert reason_text(reason) == "2 findings past their rectification deadline"
    with translation.override("zh-hans"):
        assert "2" in reason_text(reason) and "整改" in reason_text(reason)


def test_a_recently_missed_node_is_yellow_and_a_complete_enterprise_green():
    late = EnterpriseFactory()
    MilestoneNodeFactory(project=RetrofitProjectFactory(enterprise=late), planned_date=days(-5))
    done = EnterpriseFactory(ule_stage=UleStage.PUBLICIZED)
    MilestoneNodeFactory(
        project=RetrofitProjectFactory(enterprise=done), planned_date=days(-9), actual_date=days(-9)
    )
    snap, _ = services.snapshot_take()
    assert row_of(snap, late).rating == Rating.YELLOW
    assert row_of(snap, late).reasons[0]["code"] == "missed"
    green = row_of(snap, done)
    assert green.rating == Rating.GREEN and green.ule_complete
    assert green.reasons == [{"code": "complete"}]


def test_a_committed_completion_after_the_next_target_year_is_capacity_at_risk():
    ent = EnterpriseFactory()
    year = services.next_target_year(TODAY)
    assert year is not None  # the targets data (2025, 2028) is seeded
    late = datetime.date(year + 1, 3, 1)
    MilestoneNodeFactory(
        project=RetrofitProjectFactory(enterprise=ent), planned_date=late, committed_date=late
    )
    snap, _ = services.snapshot_take()
    row = row_of(snap, ent)
    assert row.committed_finish == late
    assert row.rating == Rating.RED
    assert row.reasons[0] == {"code": "at_risk", "date": late.isoformat(), "year": year}


def test_suspended_projects_do_not_count():
    ent = EnterpriseFactory()
    MilestoneNodeFactory(
        project=RetrofitProjectFactory(enterprise=ent, status="suspended"), planned_date=days(-50)
    )
    snap, _ = services.snapshot_take()
    assert row_of(snap, ent).nodes_total == 0


def test_weekly_task_is_idempotent_and_scheduled_on_monday_morning(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    EnterpriseFactory()
    first = tasks.weekly_snapshot.apply().get()
    second = tasks.weekly_snapshot.apply().get()
    assert first["created"] is True and second["created"] is False
    assert first["week"] == second["week"]
    assert WeeklySnapshot.objects.count() == 1
    entry = settings.CELERY_BEAT_SCHEDULE["dashboards-weekly-snapshot"]
    assert entry["task"] == "dashboards.tasks.weekly_snapshot"
    schedule = entry["schedule"]
    assert schedule.day_of_week == {1} and schedule.hour == {6}
    assert settings.CELERY_TIMEZONE == "Asia/Shanghai"


def test_demo_loads_twelve_weeks_once(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    from dashboards import demo

    ent = EnterpriseFactory()
    project = RetrofitProjectFactory(enterprise=ent)
    MilestoneNodeFactory(project=project, planned_date=days(-50), actual_date=days(-50))
    MilestoneNodeFactory(project=project, planned_date=days(-20))
    demo.load()
    demo.load()
    snaps = list(WeeklySnapshot.objects.order_by("week_start"))
    assert len(snaps) == demo.WEEKS == 12
    assert EnterpriseWeek.objects.count() == 12
    weeks = [s.week_start for s in snaps]
    assert all((b - a).days == 7 for a, b in zip(weeks, weeks[1:], strict=False))
    assert weeks[-1] == services.monday_of(TODAY)
    assert all(s.is_illustrative for s in snaps[:-1]) and not snaps[-1].is_illustrative
    # history is reconstructed: eight weeks ago the second node had not been missed yet
    old = snaps[-9].rows.get()
    assert old.nodes_missed == 0 and old.nodes_done <= 1
    assert snaps[-1].rows.get().nodes_missed == 1


def test_snapshot_capacity_agrees_with_the_officials_overview(world):
    from dashboards import selectors
    from enterprises import selectors as enterprise_selectors

    EnterpriseFactory(ule_stage=UleStage.PUBLICIZED, county=world.county_a)
    EnterpriseFactory(ule_stage=UleStage.EVALUATED, county=world.county_b)
    services.snapshot_take()
    d = selectors.dashboard(user=world.official)
    overview = {p.industry: p for p in enterprise_selectors.capacity_overview(user=world.official)}
    for s in d.industries:
        assert (s.capacity, s.complete) == (
            overview[s.key].capacity,
            overview[s.key].complete_capacity,
        )


def test_an_enterprise_removed_from_the_list_is_red():
    ent = EnterpriseFactory(ule_stage=UleStage.REMOVED)
    snap, _ = services.snapshot_take()
    row = row_of(snap, ent)
    assert row.rating == Rating.RED and row.reasons[0] == {"code": "removed"}


def test_snapshot_carries_monitoring_compliance_and_transport_shares(settings, tmp_path):
    """The last complete month's monitoring (series meeting the monthly rule, hours over the
    standard) and the year-to-date clean-transport figures are kept in the week's row and
    weigh in the colour: hours over the standard are a violation (red), series below the ULE
    rule and missed transport rules a list matter (yellow)."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from monitoring.models import MonthlyRollup
    from transport import reference
    from transport import services as transport_services

    from ..factories import PointFactory, UserFactory
    from ..factories.transport import MAPPING, csv_bytes, pass_row

    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    reference.load()
    ent = EnterpriseFactory()
    quiet = EnterpriseFactory()
    month = (TODAY.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    point = PointFactory(enterprise=ent)
    MonthlyRollup.objects.create(
        point=point, parameter="nox", month=month, hours=700, valid_hours=600, ule_ok_hours=500,
        over_baseline_hours=3,
    )  # fmt: skip
    MonthlyRollup.objects.create(
        point=point, parameter="so2", month=month, hours=700, valid_hours=700, ule_ok_hours=700
    )
    MonthlyRollup.objects.create(  # this month is not complete yet: not counted
        point=point, parameter="pm", month=TODAY.replace(day=1), hours=10, valid_hours=10
    )
    # ten China V trucks of raw materials last month, nothing by clean modes
    office = UserFactory(username="snap_office", role="office")
    start = datetime.datetime.combine(month, datetime.time(6, 0))
    ledger = transport_services.ledger_upload(
        actor=office,
        enterprise=ent,
        upload=SimpleUploadedFile(
            "gate.csv", csv_bytes([pass_row(n, start=start, stage="国五") for n in range(10)])
        ),
    )
    transport_services.ledger_map(actor=office, ledger=ledger, columns=MAPPING)
    assert transport_services.ledger_run(ledger_id=ledger.pk).rows_imported == 10

    snap, _ = services.snapshot_take()
    row = row_of(snap, ent)
    assert row.cems_month == month
    assert (row.cems_series, row.cems_series_meeting, row.cems_hours_over_baseline) == (2, 1, 3)
    assert row.clean_share_pct == 0 and row.transport_rules_missed >= 1
    assert row.rating == Rating.RED
    codes = [r["code"] for r in row.reasons]
    assert {"cems_over", "cems_below", "transport_below"} <= set(codes)
    with translation.override("en"):
        texts = [reason_text(r) for r in row.reasons]
    assert "3 monitored hours over the emission standard last month" in texts
    other = row_of(snap, quiet)
    assert other.cems_month is None and other.cems_series == 0 and other.clean_share_pct is None
    assert not {"cems_over", "cems_below", "transport_below"} & {r["code"] for r in other.reasons}
