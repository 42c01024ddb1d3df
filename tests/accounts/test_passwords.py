"""Changing one's own password, and resetting a forgotten one by e-mail through the outbox."""

import re

from django.core import mail
from django.urls import reverse

from accounts.models import NotificationChannel
from notifications.models import EmailStatus, Notification
from notifications.services import deliver_pending_notifications


def test_a_forgotten_password_is_reset_through_a_mailed_link(client, world, settings):
    world.contact_a.notification_channel = NotificationChannel.INBOX_ONLY
    world.contact_a.language = "en"
    world.contact_a.save()
    assert client.get(reverse("password_reset")).status_code == 200  # no sign-in needed
    response = client.post(reverse("password_reset"), {"email": world.contact_a.email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    row = Notification.objects.get(recipient=world.contact_a, kind="accounts.password_reset")
    assert row.email_status == EmailStatus.PENDING  # mailed even to an inbox-only person
    deliver_pending_notifications()
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "[ULE] Choose a new password for the ULE Portal"
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a-Strong-new-pass-2026", "new_password2": "a-Strong-new-pass-2026"},
    )
    assert done.status_code == 302
    world.contact_a.refresh_from_db()
    assert world.contact_a.check_password("a-Strong-new-pass-2026")
    # the link works once
    assert not client.get(path, follow=True).context["validlink"]


def test_an_unknown_address_gets_the_same_answer_and_no_mail(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("password_reset_done")
    assert not Notification.objects.exists()


def test_people_change_their_own_password(client, world, settings):
    assert client.get(reverse("password_change")).status_code == 302  # sign in first
    client.force_login(world.bureau)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": settings.ULE_DEMO_PASSWORD,
            "new_password1": "Another-good-pass-77",
            "new_password2": "Another-good-pass-77",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    world.bureau.refresh_from_db()
    assert world.bureau.check_password("Another-good-pass-77")
    assert reverse("password_change") in client.get(reverse("profile")).content.decode()


def test_reset_requests_count_against_the_address_limit(client, db, settings):
    from django.core.cache import cache

    cache.clear()
    settings.SIGNIN_ATTEMPTS_PER_MINUTE = 2
    for _ in range(2):
        client.post(reverse("password_reset"), {"email": "x@example.org"})
    assert client.post(reverse("password_reset"), {"email": "x@example.org"}).status_code == 429
    cache.clear()
