"""Status intervals, weekly opening rates, campaigns and the lines that ran on a stop day."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from enterprises.models import UnitKind
from operations import selectors, services
from operations.models import StatusInterval

from ..factories import UnitFactory
from ..factories.operations import CampaignFactory, CampaignLineFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 4, 1)


def report(world, unit, status, start, end=None, actor=None):
    return services.status_report(
        actor=actor or world.contact_a, unit=unit, status=status, start=start, end=end, today=TODAY
    )


def test_a_new_status_ends_the_ongoing_one_and_the_registry_follows(world):
    unit = UnitFactory(enterprise=world.ent_a)
    first = report(world, unit, "running", D(2026, 1, 1))
    report(world, unit, "maintenance", D(2026, 3, 10))
    first.refresh_from_db()
    assert first.end == D(2026, 3, 9)
    unit.refresh_from_db()
    assert unit.status == "maintenance"  # the interval covering today
    report(world, unit, "market_stop", D(2025, 12, 1), D(2025, 12, 31))  # history before: fine
    unit.refresh_from_db()
    assert unit.status == "maintenance"


def test_overlaps_and_backwards_periods_are_refused(world):
    unit = UnitFactory(enterprise=world.ent_a)
    report(world, unit, "running", D(2026, 1, 1), D(2026, 1, 31))
    with pytest.raises(ValidationError):
        report(world, unit, "fault", D(2026, 1, 15), D(2026, 2, 5))
    with pytest.raises(ValidationError):
        report(world, unit, "fault", D(2026, 2, 5), D(2026, 2, 1))
    with pytest.raises(ValidationError):
        report(world, unit, "fault", D(1900, 2, 5))
    with pytest.raises(ValidationError):
        report(world, unit, "fault", D(2026, 9, 1))  # months ahead
    assert StatusInterval.objects.count() == 1


def test_who_reports_and_who_verifies(world):
    unit = UnitFactory(enterprise=world.ent_a)
    for user in (world.contact_b, world.county_a_staff, world.vehicle, world.official):
        with pytest.raises(PermissionDenied):
            report(world, unit, "running", D(2026, 1, 1), actor=user)
    interval = report(world, unit, "running", D(2026, 1, 1))
    for user in (world.county_b_staff, world.contact_a, world.vehicle, world.official):
        with pytest.raises(PermissionDenied):
            services.status_verify(actor=user, interval=interval)
    assert (
        services.status_verify(actor=world.county_a_staff, interval=interval).verified_by
        == world.county_a_staff
    )
    with pytest.raises(PermissionDenied):  # once
        services.status_verify(actor=world.bureau, interval=interval)


def test_weekly_rates_count_line_days_and_capacity_days(world):
    big = UnitFactory(enterprise=world.ent_a, capacity=3000)
    small = UnitFactory(enterprise=world.ent_b, capacity=1000)
    UnitFactory(enterprise=world.ent_b, kind=UnitKind.COKE_OVEN)  # not a kiln: not counted
    report(world, big, "running", D(2026, 1, 5), D(2026, 1, 18))
    report(world, small, "peak_shifting", D(2026, 1, 5), D(2026, 1, 11), actor=world.contact_b)
    report(world, small, "running", D(2026, 1, 12), D(2026, 1, 18), actor=world.contact_b)
    weeks = {w.start: w for w in selectors.weekly_rates(user=world.bureau, year=2026, today=TODAY)}
    assert weeks[D(2026, 1, 5)].lines_rate == 50 and weeks[D(2026, 1, 5)].capacity_rate == 75
    assert weeks[D(2026, 1, 12)].lines_rate == 100
    assert weeks[D(2026, 1, 19)].lines_rate is None  # nothing reported
    county_b = {
        w.start: w
        for w in selectors.weekly_rates(
            user=world.bureau, year=2026, county_id=world.county_b.pk, today=TODAY
        )
    }
    assert county_b[D(2026, 1, 5)].lines_rate == 0
    own = {w.start: w for w in selectors.weekly_rates(user=world.contact_a, year=2026, today=TODAY)}
    assert own[D(2026, 1, 5)].lines_rate == 100  # a contact's scope: their own line


def test_campaign_finds_lines_that_ran_on_stop_days_and_made_up_days(world):
    campaign = CampaignFactory(start=D(2025, 11, 15), end=D(2026, 3, 15), make_up_days=10)
    stopper = CampaignLineFactory(campaign=campaign, unit=UnitFactory(enterprise=world.ent_a))
    runner = CampaignLineFactory(campaign=campaign, unit=UnitFactory(enterprise=world.ent_a))
    heating = CampaignLineFactory(
        campaign=campaign, unit=UnitFactory(enterprise=world.ent_b), exemption="heating"
    )
    report(world, stopper.unit, "peak_shifting", D(2025, 11, 15), D(2026, 3, 15))
    report(world, runner.unit, "peak_shifting", D(2025, 11, 15), D(2025, 12, 31))
    report(world, runner.unit, "running", D(2026, 1, 1), D(2026, 1, 3))
    report(world, runner.unit, "peak_shifting", D(2026, 1, 4), D(2026, 3, 15))
    report(world, heating.unit, "running", D(2025, 11, 1), D(2026, 3, 15), actor=world.contact_b)
    report(
        world, heating.unit, "peak_shifting", D(2026, 3, 16), D(2026, 3, 21), actor=world.contact_b
    )
    verdicts = {
        v.line.pk: v
        for v in selectors.campaign_verdicts(user=world.bureau, campaign=campaign, today=TODAY)
    }
    assert verdicts[stopper.pk].ran_on == [] and verdicts[stopper.pk].unreported == 0
    assert verdicts[runner.pk].ran_on == [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)]
    assert not verdicts[heating.pk].violates and verdicts[heating.pk].made_up == 6
    scoped = selectors.campaign_verdicts(user=world.contact_b, campaign=campaign, today=TODAY)
    assert [v.line.pk for v in scoped] == [heating.pk]


def test_campaigns_and_rates_are_the_bureaus(world):
    unit = UnitFactory(enterprise=world.ent_a)
    data = {
        "name_zh": "2025-2026年采暖季错峰生产",
        "name_en": "",
        "season": "2025-2026",
        "document": "示例",
        "industry": "cement_clinker",
        "start": D(2025, 11, 15),
        "end": D(2026, 3, 15),
        "make_up_days": 0,
    }
    for user in (world.vehicle, world.county_a_staff, world.contact_a, world.official):
        with pytest.raises(PermissionDenied):
            services.campaign_save(actor=user, data=data, lines=[unit])
    with pytest.raises(ValidationError):
        services.campaign_save(actor=world.bureau, data=data, lines=[unit], heating=[unit])
    with pytest.raises(ValidationError):
        services.campaign_save(
            actor=world.bureau, data={**data, "end": D(2025, 1, 1)}, lines=[unit]
        )
    campaign = services.campaign_save(actor=world.bureau, data=data, lines=[unit])
    assert [ln.unit for ln in campaign.lines.all()] == [unit]
    rate = {
        "week_start": D(2025, 9, 22),
        "week_end": D(2025, 9, 28),
        "province_zh": "山东",
        "province_en": "Shandong",
        "rate": Decimal("61.98"),
        "source": "第三方",
    }
    with pytest.raises(PermissionDenied):
        services.rate_save(actor=world.vehicle, data=rate)
    assert services.rate_save(actor=world.office, data=rate).rate == Decimal("61.98")


def test_monitoring_data_on_a_declared_stop_day_counts_as_running(
    world, django_assert_max_num_queries
):
    """A line declared stopped whose CEMS still reported normal-operation hours (flag N) on a
    stop day is shown with the days and hours; hours flagged F (stopped) are not evidence."""
    from monitoring.models import DailyRollup

    from ..factories import PointFactory

    campaign = CampaignFactory(start=D(2025, 11, 15), end=D(2026, 3, 15))
    line = CampaignLineFactory(campaign=campaign, unit=UnitFactory(enterprise=world.ent_a))
    quiet = CampaignLineFactory(campaign=campaign, unit=UnitFactory(enterprise=world.ent_a))
    report(world, line.unit, "peak_shifting", D(2025, 11, 15), D(2026, 3, 15))
    report(world, quiet.unit, "peak_shifting", D(2025, 11, 15), D(2026, 3, 15))
    point = PointFactory(enterprise=world.ent_a, unit=line.unit)
    other = PointFactory(enterprise=world.ent_a, unit=quiet.unit)
    DailyRollup.objects.create(
        point=point, parameter="so2", day=D(2026, 1, 10), hours=24, valid_hours=20
    )
    DailyRollup.objects.create(
        point=point, parameter="nox", day=D(2026, 1, 10), hours=24, valid_hours=22
    )
    DailyRollup.objects.create(
        point=point, parameter="nox", day=D(2025, 11, 1), hours=24, valid_hours=24
    )
    DailyRollup.objects.create(
        point=other, parameter="nox", day=D(2026, 1, 10), hours=24, valid_hours=0
    )
    with django_assert_max_num_queries(4):
        verdicts = {
            v.line.pk: v
            for v in selectors.campaign_verdicts(user=world.bureau, campaign=campaign, today=TODAY)
        }
    assert verdicts[line.pk].ran_on == []
    assert verdicts[line.pk].monitored == [(D(2026, 1, 10), 22)]  # before the window: not counted
    assert verdicts[line.pk].violates
    assert verdicts[quiet.pk].monitored == [] and not verdicts[quiet.pk].violates
