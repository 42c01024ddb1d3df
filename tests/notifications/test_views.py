"""The inbox pages: every role has its own inbox and can only ever touch its own rows."""

import pytest
from django.urls import reverse
from django.utils import timezone

from notifications.messages import text_message
from notifications.models import Notification
from notifications.services import deliver_pending_notifications, notify

ROLES = [
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
def delivered(world):
    for role, user in world.users().items():
        notify(recipients=[user], key=f"test:{role}", message=text_message(f"for {role}"))
    deliver_pending_notifications()


@pytest.mark.parametrize("role", ROLES)
def test_inbox_shows_only_own_notifications(client, world, delivered, role):
    client.force_login(world.users()[role])
    page = client.get(reverse("notifications:inbox"))
    assert [n.subject for n in page.context["page"]] == [f"for {role}"]
    assert page.context["nav"]["unread"] == 1


@pytest.mark.parametrize("role", ROLES)
def test_mark_read_touches_only_own_rows_even_with_foreign_ids(client, world, delivered, role):
    client.force_login(world.users()[role])
    all_ids = [str(pk) for pk in Notification.objects.values_list("pk", flat=True)]
    response = client.post(reverse("notifications:mark_read"), {"id": all_ids})
    assert response.status_code == 302
    read = Notification.objects.filter(read_at__isnull=False)
    assert [n.recipient_id for n in read] == [world.users()[role].pk]


def test_mark_read_needs_post_and_a_safe_next(client, world, delivered):
    client.force_login(world.bureau)
    assert client.get(reverse("notifications:mark_read")).status_code == 405
    for evil in ("//evil.example.org/", "/\\evil.example.org/", "https://evil.example.org/"):
        response = client.post(reverse("notifications:mark_read"), {"next": evil})
        assert response["Location"] == reverse("notifications:inbox"), evil
    response = client.post(reverse("notifications:mark_read"), {"next": "/enterprises/?page=2"})
    assert response["Location"] == "/enterprises/?page=2"


def test_inbox_queries_do_not_grow_with_rows(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.bureau)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            client.get(reverse("notifications:inbox"))
        return len(ctx.captured_queries)

    for i in range(3):
        notify(recipients=[world.bureau], key=f"q:{i}", message=text_message("s"))
    deliver_pending_notifications()
    few = count()
    for i in range(3, 25):
        notify(recipients=[world.bureau], key=f"q:{i}", message=text_message("s"))
    deliver_pending_notifications()
    assert count() == few


@pytest.mark.parametrize("bad", ["²", "1²", "\x00", "9" * 40, "-3", " ", "１"])
def test_malformed_ids_mark_nothing_and_break_nothing(client, world, delivered, bad):
    client.force_login(world.bureau)
    response = client.post(reverse("notifications:mark_read"), {"id": [bad]})
    assert response.status_code == 302
    assert not Notification.objects.filter(read_at__isnull=False).exists()


@pytest.mark.parametrize("role", ROLES)
def test_opening_a_notification_marks_it_read_and_follows_its_link(client, world, role):
    user = world.users()[role]
    notify(recipients=[user], key=f"open:{role}", message=text_message("go", url="/enterprises/"))
    other = next(u for name, u in world.users().items() if name != role)
    notify(recipients=[other], key=f"foreign:{role}", message=text_message("not yours", url="/"))
    mine = Notification.objects.get(recipient=user)
    foreign = Notification.objects.get(recipient=other)
    client.force_login(user)
    response = client.get(reverse("notifications:open", args=[mine.pk]))
    assert response.status_code == 302 and response["Location"] == "/enterprises/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.get(reverse("notifications:open", args=[foreign.pk])).status_code == 404
    foreign.refresh_from_db()
    assert foreign.read_at is None


def test_a_link_off_the_site_is_never_followed(client, world):
    notify(
        recipients=[world.bureau],
        key="evil",
        message=text_message("x", url="https://evil.example.org/"),
    )
    row = Notification.objects.get()
    client.force_login(world.bureau)
    response = client.get(reverse("notifications:open", args=[row.pk]))
    assert response["Location"] == reverse("notifications:inbox")


def test_the_urgent_badge_shows_only_until_the_message_is_read(client, world):
    notify(recipients=[world.bureau], key="u", message=text_message("x", urgent=True))
    client.force_login(world.bureau)
    assert "text-bg-danger" in client.get(reverse("notifications:inbox")).content.decode()
    Notification.objects.update(read_at=timezone.now())
    assert "text-bg-danger" not in client.get(reverse("notifications:inbox")).content.decode()
