"""One finding per non-compliant check item, however the form is submitted: twice with one
token, or twice at the same moment."""

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from inspections import services
from inspections.models import Finding
from notifications.models import Notification

from ..formdata import form_data, threaded
from .conftest import finding_data, submitted_inspection


def _bad_item(inspection):
    return inspection.answers.get(result="non_compliant").item


def test_a_finding_posted_twice_with_one_token_is_recorded_and_notified_once(client, world):
    inspection = submitted_inspection(world)
    item = _bad_item(inspection)
    client.force_login(world.county_a_staff)
    url = reverse("inspections:finding_create_from", args=[inspection.pk]) + f"?item={item.pk}"
    data = form_data(client.get(url).context["form"], **{"description": "料棚未封闭"})
    assert data["submission_token"]
    first = client.post(url, data)
    told = Notification.objects.count()
    again = client.post(url, data)
    assert first.status_code == again.status_code == 302
    assert again["Location"] == first["Location"]
    assert Finding.objects.count() == 1 and Notification.objects.count() == told


@pytest.mark.django_db(transaction=True)
def test_concurrent_findings_for_one_item_make_one_finding(world, reference_data):
    inspection = submitted_inspection(world)
    item = _bad_item(inspection)

    def record():
        return services.finding_create(
            actor=world.county_a_staff,
            enterprise=world.ent_a,
            data=finding_data(),
            inspection=inspection,
            item=item,
        )

    with transaction.atomic():
        record()
        thread, out = threaded(record)
        time.sleep(0.5)
        assert thread.is_alive()  # waiting for the first finding's transaction
    thread.join(15)
    assert isinstance(out.get("error"), ValidationError), out
    assert Finding.objects.count() == 1
    assert Notification.objects.filter(kind="inspection.finding_issued").count() == len(
        set(Notification.objects.values_list("recipient", flat=True))
    )


def test_a_draft_saved_over_another_inspectors_newer_save_is_refused(world):
    from django.test import Client
    from django.utils import timezone

    from .conftest import open_inspection

    inspection = open_inspection(world)
    url = reverse("inspections:edit", args=[inspection.pk])
    first, second = Client(), Client()
    first.force_login(world.county_a_staff)
    second.force_login(world.bureau)
    form_1 = first.get(url).context["form"]
    form_2 = second.get(url).context["form"]
    item = form_1.items[0]
    started = timezone.localtime(inspection.started_at).strftime("%Y-%m-%dT%H:%M")
    data_1 = form_data(form_1, started_at=started, **{f"result_{item.pk}": "compliant"})
    assert first.post(url, data_1).status_code == 302
    data_2 = form_data(form_2, started_at=started, summary="第二位检查人员的小结")
    response = second.post(url, data_2)
    assert response.status_code == 400
    body = response.content.decode()
    assert "有人在您打开后修改了这条记录" in body and "第二位检查人员的小结" in body
    inspection.refresh_from_db()
    assert inspection.answers.get(item=item).result == "compliant"  # the first save is kept
    assert inspection.summary == "" and inspection.version == 2
