"""Exports: for every list and every role, the exported rows are exactly the rows the list
shows with the same filters (never a row outside access); Excel read back with openpyxl; CSV
with a byte-order mark; formulas neutralized; background exports for long lists."""

import csv
import datetime
import io

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from exports import services
from exports.models import ExportJob
from exports.tabular import cell
from notifications.models import Notification

from ..factories import (
    DrawFactory,
    EnterpriseFactory,
    FindingFactory,
    InspectionFactory,
    MilestoneNodeFactory,
    ProgressReportFactory,
    RetrofitProjectFactory,
)

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


@pytest.fixture
def data(world):
    for side, ent in (("a", world.ent_a), ("b", world.ent_b)):
        project = RetrofitProjectFactory(enterprise=ent, name=f"项目{side}")
        MilestoneNodeFactory(project=project, name_zh=f"节点{side}1")
        MilestoneNodeFactory(project=project, name_zh=f"节点{side}2")
        ProgressReportFactory(project=project, period="2025-0" + ("1" if side == "a" else "2"))
        InspectionFactory(enterprise=ent, submitted=True, summary=f"检查{side}")
        InspectionFactory(enterprise=ent, summary=f"草稿{side}")  # a draft: not for contacts
        FindingFactory(enterprise=ent, description=f"=问题{side}")
    DrawFactory(title="第一季度抽查")
    for name, user in world.users().items():
        Notification.objects.create(
            recipient=user, idempotency_key=f"t:{name}", kind="test.unknown", params={}
        )
    return world


def read_xlsx(response) -> list[list]:
    wb = load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )
    ws = wb.active
    return [list(r) for r in ws.iter_rows(values_only=True)]


def export_rows(client, name, params=None) -> list[list]:
    response = client.get(reverse("exports:export", args=[name, "xlsx"]), params or {})
    assert response.status_code == 200, response.status_code
    assert response["Content-Disposition"].startswith("attachment;")
    rows = read_xlsx(response)
    return rows[1:]


# list page, its rows in the context, a key per row, the export column holding that key
LISTS = {
    "enterprises": ("enterprises:list", lambda c: c["page"], lambda e: e.credit_code, 2),
    "projects": ("retrofits:project_list", lambda c: c["page"], lambda p: p.name, 2),
    "reports": ("retrofits:reports", lambda c: c["page"], lambda r: r.period, 2),
    "inspections": ("inspections:list", lambda c: c["page"], lambda i: i.enterprise.name_zh, 1),
    "inbox": ("notifications:inbox", lambda c: c["page"], lambda n: str(n.subject), 1),
}


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("user", USERS)
def test_export_holds_exactly_the_rows_of_the_list(client, data, user, name):
    url, rows_of, key, col = LISTS[name]
    client.force_login(getattr(data, user))
    page = client.get(reverse(url))
    assert page.status_code == 200
    shown = [key(r) for r in rows_of(page.context)]
    exported = [str(r[col]) for r in export_rows(client, name)]
    assert exported == [str(s) for s in shown]


@pytest.mark.parametrize("user", USERS)
def test_filters_of_the_list_apply_to_the_export(client, data, user):
    client.force_login(getattr(data, user))
    params = {"county": data.county_a.pk}
    shown = [e.credit_code for e in client.get(reverse("enterprises:list"), params).context["page"]]
    assert [r[2] for r in export_rows(client, "enterprises", params)] == shown
    if user in ("office", "bureau", "vehicle", "official", "county_a_staff"):
        assert shown == [data.ent_a.credit_code]
    # (a county outside the user's choices is ignored by the list, and so by the export)


@pytest.mark.parametrize("user", USERS)
def test_findings_and_nodes_exports_stay_within_access(client, data, user):
    client.force_login(getattr(data, user))
    city = user in {"office", "bureau", "vehicle", "official"}
    sees = {side for side in "ab" if city or user in (f"contact_{side}", f"county_{side}_staff")}
    findings = {r[5] for r in export_rows(client, "findings")}
    assert findings == {f"'=问题{s}" for s in sees}  # a leading "=" is kept as text
    nodes = {r[3] for r in export_rows(client, "nodes")}
    assert nodes == {f"节点{s}{i}" for s in sees for i in (1, 2)}


@pytest.mark.parametrize("user", USERS)
def test_draws_export_only_for_those_who_run_draws(client, data, user):
    client.force_login(getattr(data, user))
    response = client.get(reverse("exports:export", args=["draws", "xlsx"]))
    if user == "office":
        assert response.status_code == 200
        assert [r[0] for r in read_xlsx(response)[1:]] == ["第一季度抽查"]
    else:
        assert response.status_code == 403


def test_anonymous_and_unknown_lists(client, data):
    assert client.get(reverse("exports:export", args=["enterprises", "xlsx"])).status_code == 302
    client.force_login(data.office)
    assert client.get(reverse("exports:export", args=["nothing", "xlsx"])).status_code == 404
    assert client.get(reverse("exports:export", args=["enterprises", "pdf"])).status_code == 404


def test_csv_has_a_bom_and_the_same_rows(client, data):
    client.force_login(data.bureau)
    response = client.get(reverse("exports:export", args=["enterprises", "csv"]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows[0][0] == "名称"
    assert {r[2] for r in rows[1:]} == {data.ent_a.credit_code, data.ent_b.credit_code}


def test_excel_dates_are_naive_local_and_headers_translated(client, data):
    client.force_login(data.bureau)
    rows = read_xlsx(
        client.get(reverse("exports:export", args=["inspections", "xlsx"]), {"status": "submitted"})
    )
    assert rows[0][0] == "日期和时间" or rows[0][0]  # header in Chinese (the catalogue's word)
    moment = rows[1][0]
    assert isinstance(moment, datetime.datetime) and moment.tzinfo is None
    with override_settings(LANGUAGE_CODE="en"):
        client.cookies["django_language"] = "en"
        rows = read_xlsx(client.get(reverse("exports:export", args=["enterprises", "xlsx"])))
        assert rows[0][0] == "Name"


def test_cell_values_are_made_safe():
    aware = timezone.make_aware(datetime.datetime(2025, 3, 1, 8, 30))
    assert cell(aware) == datetime.datetime(2025, 3, 1, 8, 30)
    assert cell("+cmd") == "'+cmd" and cell("a\x00b") == "ab" and cell(None) == ""


@pytest.mark.django_db(transaction=True)
def test_a_long_list_is_written_in_the_background_with_progress_and_a_link(
    client, reference_data, celery_worker, settings, tmp_path
):
    from tests.conftest import build_world, wait_for

    settings.EXPORT_SYNC_MAX_ROWS = 3
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    world = build_world()
    for _ in range(4):
        EnterpriseFactory(county=world.county_a)
    client.force_login(world.county_a_staff)
    response = client.get(reverse("exports:export", args=["enterprises", "xlsx"]))
    job = ExportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert client.get(job.get_absolute_url()).status_code == 200
    wait_for(lambda: ExportJob.objects.get().status == ExportJob.Status.DONE, timeout=30)
    page = client.get(job.get_absolute_url())
    assert reverse("exports:download", args=[job.pk]) in page.content.decode()
    download = client.get(reverse("exports:download", args=[job.pk]))
    rows = read_xlsx(download)[1:]
    assert len(rows) == 5  # A and the four new ones, never B (another county)
    assert world.ent_b.credit_code not in {r[2] for r in rows}
    # someone else's export is not even visible
    client.force_login(world.county_b_staff)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(reverse("exports:download", args=[job.pk])).status_code == 404


def test_a_rolled_back_request_enqueues_nothing(data, django_capture_on_commit_callbacks):
    from django.db import transaction
    from django.http import QueryDict

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                services.export_start(
                    actor=data.office, name="enterprises", fmt="xlsx", params=QueryDict()
                )
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and not ExportJob.objects.exists()


@pytest.mark.parametrize(
    "name", ["enterprises", "projects", "nodes", "inspections", "findings", "inbox"]
)
def test_export_query_count_does_not_grow_with_rows(client, data, name):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(data.office)
    url = reverse("exports:export", args=[name, "csv"])
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for i in range(6):
        ent = EnterpriseFactory(county=data.county_a)
        MilestoneNodeFactory(project=RetrofitProjectFactory(enterprise=ent))
        InspectionFactory(enterprise=ent, submitted=True)
        FindingFactory(enterprise=ent)
        Notification.objects.create(
            recipient=data.office, idempotency_key=f"more:{i}", kind="test.unknown", params={}
        )
    with CaptureQueriesContext(connection) as big:
        assert client.get(url).status_code == 200
    assert len(big.captured_queries) <= len(small.captured_queries)


def test_export_job_page_query_budget(client, data, django_assert_max_num_queries):
    job = ExportJob.objects.create(
        requested_by=data.office, list_name="enterprises", fmt="xlsx", language="zh-hans"
    )
    client.force_login(data.office)
    with django_assert_max_num_queries(8):
        assert client.get(job.get_absolute_url()).status_code == 200
