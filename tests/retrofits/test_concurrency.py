"""No update is lost, nothing happens twice: the project form opened by two people, a progress
report posted twice or at the same moment, two date changes of one node made from one page."""

import datetime
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from retrofits import services
from retrofits.models import DateChange, MilestoneNode, ProgressReport, RetrofitProject

from ..formdata import form_data, threaded
from .conftest import make_project

D = datetime.timedelta
STALE = "有人在您打开后修改了这条记录"


def _last_node(project) -> MilestoneNode:
    return project.nodes.order_by("-order").first()


def _report_data(**overrides):
    return {
        "period": timezone.localdate().strftime("%Y-%m"),
        "text": "进展顺利",
        "percent_complete": "30",
        "funds_invested_wan": "100",
        **overrides,
    }


def test_second_save_of_the_project_form_is_refused_and_the_first_kept(world, project_a):
    url = reverse("retrofits:project_edit", args=[project_a.pk])
    first, second = Client(), Client()
    first.force_login(world.bureau)
    second.force_login(world.contact_a)
    form_1 = first.get(url).context["form"]
    form_2 = second.get(url).context["form"]
    assert first.post(url, form_data(form_1, design_firm="甲设计院")).status_code == 302
    response = second.post(url, form_data(form_2, design_firm="乙设计院", budget_wan="900"))
    assert response.status_code == 400
    body = response.content.decode()
    assert STALE in body and "甲设计院" in body and 'value="乙设计院"' in body
    project = RetrofitProject.objects.get(pk=project_a.pk)
    assert project.design_firm == "甲设计院" and project.budget_wan != 900


def test_a_report_posted_twice_with_one_token_is_submitted_once(client, world, project_a):
    client.force_login(world.contact_a)
    url = reverse("retrofits:report_create", args=[project_a.pk])
    token = client.get(url).context["form"]["submission_token"].value()
    assert token
    first = client.post(url, _report_data(submission_token=token))
    told = Notification.objects.count()
    again = client.post(url, _report_data(submission_token=token))
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"] == ProgressReport.objects.get().get_absolute_url()
    assert Notification.objects.count() == told


def test_a_second_report_for_the_month_from_a_new_form_is_refused_on_the_form(
    client, world, project_a
):
    client.force_login(world.contact_a)
    url = reverse("retrofits:report_create", args=[project_a.pk])
    assert client.post(url, _report_data()).status_code == 302
    response = client.post(url, _report_data(text="又一份"))
    assert response.status_code == 400
    assert ProgressReport.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_report_submissions_make_one_report_and_a_message(world, reference_data):
    """The second submission waits for the first and is refused as a duplicate (a form
    message), never an IntegrityError (a 500)."""
    project = make_project(world, actor=world.contact_a, approver=world.bureau)
    data = {"period": timezone.localdate().strftime("%Y-%m"), "text": "x"}
    data |= {"percent_complete": 30, "funds_invested_wan": 1}
    with transaction.atomic():
        services.report_submit(actor=world.contact_a, project=project, data=data)
        thread, out = threaded(
            lambda: services.report_submit(actor=world.contact_a, project=project, data=data)
        )
        time.sleep(0.5)
        assert thread.is_alive()  # waiting for the first submission's transaction
    thread.join(15)
    assert isinstance(out.get("error"), ValidationError), out
    assert ProgressReport.objects.count() == 1


def test_a_date_change_made_on_a_stale_page_is_refused(world, project_a):
    n = _last_node(project_a)
    seen = n.planned_date
    services.node_change_date(
        actor=world.contact_a, node=n, new_date=seen - D(10), expected_date=seen
    )
    # a second "move earlier" from the same page: later than the new date, but not a postponement
    with pytest.raises(ValidationError) as exc:
        services.node_change_date(
            actor=world.county_a_staff,
            node=MilestoneNode.objects.get(pk=n.pk),
            new_date=seen - D(5),
            expected_date=seen,
        )
    assert exc.value.code == "stale_date"
    n.refresh_from_db()
    assert n.planned_date == seen - D(10)
    assert list(DateChange.objects.values_list("kind", flat=True)) == [DateChange.Kind.FORWARD]
    with pytest.raises(ValidationError):
        services.node_request_postponement(
            actor=world.contact_a, node=n, new_date=seen, reason="x", expected_date=seen
        )
    assert not DateChange.objects.filter(kind=DateChange.Kind.POSTPONEMENT).exists()


def test_two_moves_forward_from_one_page_make_one_change(world, project_a):
    n = _last_node(project_a)
    seen = n.planned_date
    url = reverse("retrofits:node_change_date", args=[n.pk])
    first, second = Client(), Client()
    first.force_login(world.contact_a)
    second.force_login(world.county_a_staff)
    form_1 = first.get(url).context["form"]
    form_2 = second.get(url).context["form"]
    assert form_1["expected_date"].value() == seen
    new_1 = (seen - D(10)).isoformat()
    assert first.post(url, form_data(form_1, new_date=new_1)).status_code == 302
    response = second.post(url, form_data(form_2, new_date=(seen - D(5)).isoformat()))
    assert response.status_code == 400
    assert "计划日期已变为" in response.content.decode()
    assert response.context["form"]["expected_date"].value() == new_1  # judged against it now
    assert DateChange.objects.count() == 1
    assert MilestoneNode.objects.get(pk=n.pk).planned_date == seen - D(10)


def test_a_project_form_posted_twice_creates_one_project_and_edits_once(client, world):
    client.force_login(world.bureau)
    url = reverse("retrofits:project_create") + f"?enterprise={world.ent_a.pk}"
    form = client.get(url).context["form"]
    data = form_data(form, category="organized", name="双击的项目", responsible_person="张磊")
    first, again = client.post(url, data), client.post(url, data)
    assert first.status_code == again.status_code == 302, first.context["form"].errors
    assert again["Location"] == first["Location"]
    project = RetrofitProject.objects.get(name="双击的项目")
    # a double click on "save" of the edit form is not a conflict with oneself
    edit_url = reverse("retrofits:project_edit", args=[project.pk])
    data = form_data(client.get(edit_url).context["form"], design_firm="甲设计院")
    first, again = client.post(edit_url, data), client.post(edit_url, data)
    assert first.status_code == again.status_code == 302
    project.refresh_from_db()
    assert project.design_firm == "甲设计院" and project.version == 2
