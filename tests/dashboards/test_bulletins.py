"""The weekly dispatch bulletin: Excel read back, PDF text checked with pdftotext, archived
once per snapshot, sent to the office and the city through the outbox, listed for them."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from dashboards import services, tasks
from dashboards.models import Bulletin
from notifications.models import Notification

from ..factories import FindingFactory, MilestoneNodeFactory, RetrofitProjectFactory

TODAY = timezone.localdate()
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


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


@pytest.fixture
def issued(world):
    MilestoneNodeFactory(
        project=RetrofitProjectFactory(enterprise=world.ent_a, status="underway"),
        planned_date=TODAY - datetime.timedelta(days=45),
        name_zh="设备安装",
    )
    FindingFactory(
        enterprise=world.ent_b,
        description="料棚未封闭",
        deadline=TODAY - datetime.timedelta(days=2),
    )
    snap, _ = services.snapshot_take()
    bulletin, created = services.bulletin_issue(snapshot=snap)
    assert created
    return bulletin


def test_workbook_has_the_ranked_sheet_laggards_nodes_findings_and_trend(world, issued):
    wb = load_workbook(io.BytesIO(issued.xlsx.read()))
    assert wb.sheetnames == ["排名", "落后企业", "逾期节点", "整改中的问题", "趋势"]
    ranking = list(wb["排名"].iter_rows(values_only=True))
    assert ranking[0][0] == "名次"
    assert [r[2] for r in ranking[1:]][:2] == [world.ent_a.name_zh, world.ent_b.name_zh]
    assert ranking[1][1] == "红" and ranking[2][1] == "红"
    why = ranking[0].index("原因")
    assert "已逾期" in ranking[2][why] or "整改期限" in ranking[2][why]
    nodes = list(wb["逾期节点"].iter_rows(values_only=True))
    assert nodes[1][3] == "设备安装" and nodes[1][6] >= 45
    findings = list(wb["整改中的问题"].iter_rows(values_only=True))
    assert findings[1][2] == "料棚未封闭"
    assert len(list(wb["趋势"].iter_rows())) >= 2


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_pdf_is_rendered_with_chinese_text(world, issued):
    data = issued.pdf.read()
    assert data.startswith(b"%PDF")
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True
    ).stdout.decode()
    assert "超低排放改造周调度通报" in text
    assert world.ent_a.name_zh in text
    assert "设备安装" in text


def test_one_bulletin_per_snapshot_and_the_city_is_told_once(world, issued):
    again, created = services.bulletin_issue(snapshot=issued.snapshot)
    assert not created and again.pk == issued.pk and Bulletin.objects.count() == 1
    told = set(
        Notification.objects.filter(kind="dashboards.bulletin_issued").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {world.office.username, world.bureau.username, world.official.username}


def test_weekly_task_takes_the_snapshot_and_issues_the_bulletin(world):
    first = tasks.weekly_snapshot.apply().get()
    second = tasks.weekly_snapshot.apply().get()
    assert first["issued"] is True and second["issued"] is False
    assert first["bulletin"] == second["bulletin"] == 1


@pytest.mark.parametrize("user", USERS)
def test_bulletin_archive_is_for_the_city(client, world, issued, user):
    client.force_login(getattr(world, user))
    allowed = user in {"office", "bureau", "vehicle", "official"}
    listing = client.get(reverse("dashboards:bulletins"))
    assert listing.status_code == (200 if allowed else 403)
    for fmt in ("xlsx", "pdf"):
        response = client.get(reverse("dashboards:bulletin_file", args=[issued.pk, fmt]))
        assert response.status_code == (200 if allowed else 403)
        if allowed:
            assert response["Cache-Control"] == "private, no-store"
    if allowed:
        assert (
            client.get(reverse("dashboards:bulletin_file", args=[issued.pk, "exe"])).status_code
            == 404
        )


def test_bulletin_archive_query_budget(client, world, issued, django_assert_max_num_queries):
    client.force_login(world.official)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("dashboards:bulletins")).status_code == 200
