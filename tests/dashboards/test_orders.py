"""Supervision orders (督办): issued by the bureau to a laggard with a response deadline,
answered by the enterprise, closed by the bureau; reminded and escalated; every role."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from dashboards import reminders, services
from dashboards.models import SupervisionOrder
from notifications.models import Notification

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


def days(n):
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def order(world):
    return services.order_issue(
        actor=world.bureau,
        enterprise=world.ent_a,
        requirement="提前节点并报送新的日期",
        response_deadline=days(5),
    )


def test_issuing_tells_the_contact_and_county_staff(world, order):
    told = set(
        Notification.objects.filter(kind="dashboards.order_issued").values_list(
            "recipient__username", flat=True
        )
    )
    assert told == {world.contact_a.username, world.county_a_staff.username}


@pytest.mark.parametrize("user", USERS)
def test_only_the_office_and_bureau_issue_orders(world, user):
    actor = getattr(world, user)
    if user in ("office", "bureau"):
        services.order_issue(
            actor=actor, enterprise=world.ent_a, requirement="x", response_deadline=days(3)
        )
    else:
        with pytest.raises(PermissionDenied):
            services.order_issue(
                actor=actor, enterprise=world.ent_a, requirement="x", response_deadline=days(3)
            )


@pytest.mark.parametrize(
    "deadline", [days(-1), datetime.date(9999, 12, 31), datetime.date(1, 1, 1)]
)
def test_deadline_must_be_plausible_and_ahead(world, deadline):
    with pytest.raises(ValidationError):
        services.order_issue(
            actor=world.bureau, enterprise=world.ent_a, requirement="x", response_deadline=deadline
        )


def test_answer_then_close(world, order):
    with pytest.raises(PermissionDenied):
        services.order_answer(actor=world.contact_b, order=order, answer="已整改")
    services.order_answer(actor=world.contact_a, order=order, answer="已整改")
    order.refresh_from_db()
    assert order.status == SupervisionOrder.Status.ANSWERED
    assert Notification.objects.filter(
        kind="dashboards.order_answered", recipient=world.bureau
    ).exists()
    with pytest.raises(PermissionDenied):
        services.order_close(actor=world.official, order=order)
    services.order_close(actor=world.office, order=order)
    order.refresh_from_db()
    assert order.status == SupervisionOrder.Status.CLOSED


def test_reminders_due_overdue_escalated_once(world, order):
    reminded = Notification.objects.filter(kind="dashboards.order_reminder")
    assert reminders.daily_sweep(today=days(2))["due"] == 1  # 3 days ahead
    first = reminded.count()
    assert first == 1  # the contact of A
    reminders.daily_sweep(today=days(2))
    assert reminded.count() == first  # nothing twice
    counts = reminders.daily_sweep(today=days(5 + 8))
    assert counts["overdue"] == 1 and counts["escalated"] == 1
    leads = Notification.objects.filter(
        kind="dashboards.order_reminder", recipient=world.county_a_staff
    )
    assert leads.exists()
    services.order_answer(actor=world.contact_a, order=order, answer="已整改")
    assert reminders.daily_sweep(today=days(5 + 40)) == {"due": 0, "overdue": 0, "escalated": 0}


@pytest.mark.parametrize("user", USERS)
def test_order_pages_matrix(client, world, order, user):
    client.force_login(getattr(world, user))
    sees = user in {"office", "bureau", "vehicle", "official", "contact_a", "county_a_staff"}
    listing = client.get(reverse("dashboards:orders"))
    assert listing.status_code == 200
    assert ([o.pk for o in listing.context["page"]] == [order.pk]) == sees
    detail = client.get(order.get_absolute_url())
    assert detail.status_code == (200 if sees else 404)
    if sees:
        assert (detail.context["form"] is not None) == (user == "contact_a")
        assert detail.context["can_close"] == (user in ("office", "bureau"))
    new = client.get(reverse("dashboards:order_new", args=[world.ent_a.pk]))
    assert new.status_code == (200 if user in ("office", "bureau") else 403)


def test_contact_answers_through_the_page(client, world, order):
    client.force_login(world.contact_a)
    response = client.post(order.get_absolute_url(), {"answer": ""})
    assert response.status_code == 400
    response = client.post(order.get_absolute_url(), {"answer": "节点已提前到下月"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.answer == "节点已提前到下月"
    # a second post once answered is refused
    assert client.post(order.get_absolute_url(), {"answer": "again"}).status_code == 403


def test_bureau_issues_through_the_page(client, world):
    client.force_login(world.bureau)
    url = reverse("dashboards:order_new", args=[world.ent_a.pk])
    assert (
        client.post(url, {"requirement": "x", "response_deadline": "9999-12-31"}).status_code == 400
    )
    response = client.post(
        url, {"requirement": "加快进度", "response_deadline": days(7).isoformat()}
    )
    assert response.status_code == 302
    assert SupervisionOrder.objects.get().enterprise == world.ent_a


def test_order_list_query_budget(client, world, django_assert_max_num_queries):
    client.force_login(world.office)
    for _ in range(2):
        services.order_issue(
            actor=world.bureau, enterprise=world.ent_a, requirement="x", response_deadline=days(3)
        )
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(reverse("dashboards:orders"))
    for _ in range(10):
        services.order_issue(
            actor=world.bureau, enterprise=world.ent_b, requirement="x", response_deadline=days(3)
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("dashboards:orders"))
