"""The permission matrix of the monitoring pages (every role × own/other enterprise and
county), their query budgets, and the pages' behaviour."""

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from monitoring.models import Flag, HourlyValue, ImportRun
from monitoring.services import detect_flags
from monitoring.storage import TZ, ingest_lines, staging_line
from tests.factories.monitoring import DeviceFactory

pytestmark = pytest.mark.django_db

ROLES = ["office", "bureau", "county_a_staff", "county_b_staff", "vehicle", "contact_a",
         "contact_b", "official"]  # fmt: skip
SEE_A = {"office", "bureau", "county_a_staff", "vehicle", "contact_a", "official"}
NOT_SEE_A = {"county_b_staff", "contact_b"}
FLAGS_A = {"office", "bureau", "county_a_staff", "official"}
MONTH = date(2025, 9, 1)


def _expect(allowed, hidden=frozenset()):
    return {r: 200 if r in allowed else 404 if r in hidden else 403 for r in ROLES}


def _fill(device, days=3, value=4.0, flat=False):
    start = datetime(2025, 9, 1, tzinfo=TZ)
    lines = []
    for h in range(24 * days):
        v = value if flat else value + (h % 7) / 10
        lines.append(
            (len(lines) + 1, staging_line(device.mn, start + timedelta(hours=h), "a34013", v))
        )
        lines.append(
            (
                len(lines) + 1,
                staging_line(
                    device.mn, start + timedelta(hours=h), "a21002", 30 + h % 9, 31 + h % 9
                ),
            )
        )
    result = ingest_lines([], numbered=lines)
    detect_flags(result.touched)


@pytest.fixture
def data(world):
    device = DeviceFactory(point__enterprise=world.ent_a)
    _fill(device, flat=True)
    return device, Flag.objects.get(point=device.point)


def test_permission_matrix(client, world, data):
    device, flag = data
    urls = [
        (reverse("monitoring:overview"), _expect(set(ROLES))),
        (reverse("monitoring:enterprise", args=[world.ent_a.pk]), _expect(SEE_A, NOT_SEE_A)),
        (reverse("monitoring:point", args=[device.point.pk]), _expect(SEE_A, NOT_SEE_A)),
        (reverse("monitoring:flags"), _expect(FLAGS_A | {"county_b_staff"})),
        (reverse("monitoring:flag", args=[flag.pk]), _expect(FLAGS_A, {"county_b_staff", "vehicle", "contact_a", "contact_b"})),
        (reverse("monitoring:import"), _expect({"office", "bureau", "contact_a", "contact_b"})),
        (reverse("monitoring:rejected"), _expect({"office", "bureau"})),
    ]  # fmt: skip
    for url, expected in urls:
        client.logout()
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        for role, status in expected.items():
            client.force_login(getattr(world, role))
            assert client.get(url).status_code == status, (url, role)


def test_writes_on_a_flag_follow_the_same_rules(client, world, data):
    _device, flag = data
    url = reverse("monitoring:flag", args=[flag.pk])
    for role in ("contact_a", "vehicle", "county_b_staff"):
        client.force_login(getattr(world, role))
        assert client.post(url, {"action": "task"}).status_code in (403, 404)
    client.force_login(world.official)
    assert client.post(url, {"action": "task"}).status_code == 403
    flag.refresh_from_db()
    assert flag.status == "open"


def test_contacts_see_their_own_compliance_and_no_flag_column(client, world, data):
    client.force_login(world.contact_a)
    html = client.get(reverse("monitoring:overview") + "?month=2025-09").content.decode()
    assert world.ent_a.name_zh in html and world.ent_b.name_zh not in html
    assert reverse("monitoring:flags") not in html


def test_overview_query_count_does_not_grow_with_enterprises(
    client, world, django_assert_max_num_queries
):
    for _ in range(3):
        _fill(DeviceFactory(point__enterprise=world.ent_b), days=1)
    client.force_login(world.bureau)
    with django_assert_max_num_queries(14):
        response = client.get(reverse("monitoring:overview") + "?month=2025-09")
    assert len(response.context["rows"]) == 2


def test_enterprise_month_query_count_does_not_grow_with_points(
    client, world, django_assert_max_num_queries
):
    for _ in range(4):
        _fill(DeviceFactory(point__enterprise=world.ent_a), days=1)
    client.force_login(world.bureau)
    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("monitoring:enterprise", args=[world.ent_a.pk]) + "?month=2025-09"
        )
    rows = response.context["data"].rows
    assert len({r.point.pk for r in rows}) == 4
    assert [r.valid_hours for r in rows if r.rollup] == [24] * 8


def test_point_page_and_flag_queue_have_constant_query_counts(
    client, world, data, django_assert_max_num_queries
):
    device, _flag = data
    client.force_login(world.bureau)
    url = reverse("monitoring:point", args=[device.point.pk]) + "?start=2025-09-01&range=month"
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.context["resolution"] == "hour" and len(response.context["series"]) == 2
    with django_assert_max_num_queries(14):
        client.get(
            reverse("monitoring:point", args=[device.point.pk]) + "?start=2025-01-01&range=year"
        )
    for _ in range(3):
        _fill(DeviceFactory(point__enterprise=world.ent_a), flat=True, days=1)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("monitoring:flags"))
    assert len(response.context["flags"]) == 4


def test_the_month_table_shows_share_rule_and_capture(client, world, data):
    client.force_login(world.bureau)
    response = client.get(
        reverse("monitoring:enterprise", args=[world.ent_a.pk]) + "?month=2025-09"
    )
    rows = {r.parameter.key: r for r in response.context["data"].rows}
    nox = rows["nox"]
    assert nox.valid_hours == 72 and nox.ule_ok_hours == 72 and nox.meets_rule is True
    assert round(nox.capture, 1) == round(100 * 72 / (30 * 24), 1)


def test_hostile_parameters_never_fail(client, world, data):
    device, _flag = data
    client.force_login(world.bureau)
    for value in ["0001-01-01", "9999-12-31", "²", "\x00", "-1", "x" * 10000, "2025-13"]:
        assert client.get(reverse("monitoring:overview"), {"month": value}).status_code == 200
        assert (
            client.get(
                reverse("monitoring:point", args=[device.point.pk]),
                {"start": value, "range": value},
            ).status_code
            == 200
        )
        assert client.get(reverse("monitoring:flags"), {"status": value}).status_code == 200


def test_send_for_verification_and_record_outcome_through_the_page(client, world, data):
    _device, flag = data
    url = reverse("monitoring:flag", args=[flag.pk])
    client.force_login(world.bureau)
    assert client.post(url, {"action": "task"}).status_code == 302
    client.force_login(world.county_a_staff)
    response = client.post(url, {"action": "outcome", "outcome": "finding", "note": ""})
    assert response.status_code == 400
    response = client.post(
        url, {"action": "outcome", "outcome": "finding", "note": "现场核查发现数据采集仪被修改"}
    )
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.status == "finding"


def test_import_page_reports_bad_lines_with_numbers(client, world):
    device = DeviceFactory(point__enterprise=world.ent_a)
    from django.core.files.uploadedfile import SimpleUploadedFile

    good = staging_line(device.mn, datetime(2025, 9, 9, 1, tzinfo=TZ), "a34013", 3.0)
    data = f"MN,time,code,avg,zs,flag\n{good}\nnonsense line\n".encode()
    client.force_login(world.office)
    response = client.post(
        reverse("monitoring:import"), {"kind": "csv", "file": SimpleUploadedFile("e.csv", data)}
    )
    assert response.status_code == 200
    assert response.context["report"].run.stored == 1
    assert [n for n, _r, _e in response.context["refused"]] == [3]
    assert ImportRun.objects.count() == 1


@pytest.mark.parametrize("kind", ["csv", "packets"])
def test_a_contact_imports_their_own_devices_data_only(client, world, kind):
    """A contact's file stores the lines of their enterprise's devices; another enterprise's
    MN reads as unknown (nothing stored, nothing told about it) in the CSV and packet paths."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from monitoring import hj212

    own = DeviceFactory(point__enterprise=world.ent_a)
    other = DeviceFactory(point__enterprise=world.ent_b)
    hour = datetime(2025, 9, 9, 1, tzinfo=TZ)
    if kind == "csv":
        data = (
            "MN,time,code,avg,zs,flag\n"
            + staging_line(own.mn, hour, "a34013", 3.0) + "\n"
            + staging_line(other.mn, hour, "a34013", 4.0) + "\n"
        ).encode()  # fmt: skip
    else:
        segment = (
            "QN=20250909010000000;ST=31;CN=2061;PW=1;MN={mn};Flag=4;CP=&&"
            "DataTime=20250909010000;a34013-Avg=3.0,a34013-Flag=N&&"
        )
        data = b"\r\n".join(
            hj212.frame(segment.format(mn=d.mn)).rstrip(b"\r\n") for d in (own, other)
        )
    client.force_login(world.contact_a)
    page = client.get(reverse("monitoring:import"))
    assert page.context["own_devices_only"]
    response = client.post(
        reverse("monitoring:import"), {"kind": kind, "file": SimpleUploadedFile("dau.txt", data)}
    )
    assert response.status_code == 200
    run = response.context["report"].run
    assert (run.stored, run.refused, run.enterprise_id) == (1, 1, world.ent_a.pk)
    assert [(n, reason) for n, reason, _e in response.context["refused"]] == [
        (3 if kind == "csv" else 2, response.context["refused"][0][1])
    ]
    assert HourlyValue.objects.filter(point=own.point).count() == 1
    assert not HourlyValue.objects.filter(point=other.point).exists()


def test_the_flag_queue_pages_through_every_flag(client, world):
    """It used to show the first 200 flags and say nothing of the others."""
    from monitoring.models import FlagRule

    point = DeviceFactory(point__enterprise=world.ent_a).point
    rule = FlagRule.objects.first()
    start = datetime(2025, 1, 1, tzinfo=TZ)
    Flag.objects.bulk_create(
        Flag(
            point=point,
            rule=rule,
            parameter="so2",
            start=start + timedelta(hours=h),
            end=start + timedelta(hours=h + 1),
            hours=1,
            evidence={},
        )  # fmt: skip
        for h in range(230)
    )
    client.force_login(world.office)
    first = client.get(reverse("monitoring:flags"))
    assert first.context["page"].paginator.count == Flag.objects.count() >= 230
    last = client.get(
        reverse("monitoring:flags"), {"page": first.context["page"].paginator.num_pages}
    )
    shown = first.content.decode().count('data-testid="flag-row"')
    assert shown == 50 and last.context["page"].number == first.context["page"].paginator.num_pages
