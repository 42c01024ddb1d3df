import pytest
from django.urls import reverse

from accounts.models import Role


def test_sign_in_page_is_public_and_chinese_by_default(client, db):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response.status_code == 200
    assert "登录" in response.content.decode()  # Chinese even for an English browser


def test_language_cookie_is_honoured(client, db):
    client.cookies["django_language"] = "en"
    assert "Sign in" in client.get(reverse("login")).content.decode()


def test_set_language_switches_and_sets_the_cookie(client, world):
    client.force_login(world.bureau)
    response = client.post(reverse("set_language"), {"language": "en", "next": "/enterprises/"})
    assert response.status_code == 302 and response.cookies["django_language"].value == "en"
    assert "Enterprises" in client.get("/enterprises/").content.decode()
    client.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    assert "企业" in client.get("/enterprises/").content.decode()


def test_failed_logins_lock_the_account(client, world, settings):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": world.bureau.username, "password": "wrong"})
    response = client.post(
        url, {"username": world.bureau.username, "password": settings.ULE_DEMO_PASSWORD}
    )
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_good_login_works_and_logout_needs_post(client, world, settings):
    response = client.post(
        reverse("login"),
        {"username": world.bureau.username, "password": settings.ULE_DEMO_PASSWORD},
    )
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get("/").status_code == 302


def test_csrf_is_enforced(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.bureau)
    assert client.post(reverse("profile"), {"display_name": "x"}).status_code == 403


def test_profile_lets_a_user_choose_inbox_only(client, world):
    client.force_login(world.contact_a)
    response = client.post(
        reverse("profile"),
        {
            "display_name": "甲",
            "email": "a@test.local",
            "phone": "1",
            "notification_channel": "inbox",
        },
    )
    assert response.status_code == 302
    world.contact_a.refresh_from_db()
    assert world.contact_a.notification_channel == "inbox"
    assert world.contact_a.role == Role.CONTACT  # a user cannot change their own role


def test_profile_bad_email_keeps_the_old_one(client, world):
    client.force_login(world.contact_a)
    old = world.contact_a.email
    response = client.post(
        reverse("profile"), {"email": "not-an-email", "notification_channel": "inbox"}
    )
    assert response.status_code == 400 and "有效的 Email 地址" in response.content.decode()
    world.contact_a.refresh_from_db()
    assert world.contact_a.email == old


@pytest.mark.parametrize(
    ("role", "extra"),
    [(Role.COUNTY, {}), (Role.CONTACT, {})],
)
def test_roles_bound_to_a_jurisdiction_need_it(db, role, extra):
    from django.db import IntegrityError

    from ..factories import UserFactory

    with pytest.raises(IntegrityError):
        UserFactory(role=role, **extra)


def _fail(client, username, times, **extra):
    for _ in range(times):
        client.post(reverse("login"), {"username": username, "password": "wrong"}, **extra)


def test_failures_during_a_lock_do_not_extend_it(client, world, settings):
    from datetime import timedelta

    from axes.models import AccessAttempt
    from django.utils import timezone

    _fail(client, world.bureau.username, settings.AXES_FAILURE_LIMIT)
    attempt = AccessAttempt.objects.get(username=world.bureau.username)
    locked_at = timezone.now() - timedelta(minutes=29)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=locked_at)
    _fail(client, world.bureau.username, 3)  # an attacker keeps trying during the lock
    attempt.refresh_from_db()
    assert attempt.attempt_time == locked_at  # the lock still ends 30 minutes after it began


def test_a_forwarded_address_is_ignored_unless_a_proxy_is_trusted(client, world, settings):
    from axes.models import AccessAttempt

    settings.TRUSTED_PROXY_COUNT = 0
    _fail(client, "ghost", 1, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AccessAttempt.objects.get(username="ghost").ip_address == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, "ghost2", 1, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.9")
    assert AccessAttempt.objects.get(username="ghost2").ip_address == "203.0.113.9"


def test_sign_in_attempts_per_address_are_limited_before_any_password_check(
    client, world, settings
):
    from django.core.cache import cache

    cache.clear()
    settings.SIGNIN_ATTEMPTS_PER_MINUTE = 5
    for i in range(5):
        response = client.post(reverse("login"), {"username": f"random{i}", "password": "x"})
        assert response.status_code == 200
    response = client.post(reverse("login"), {"username": world.bureau.username, "password": "x"})
    assert response.status_code == 429
    assert (
        "登录尝试过于频繁" in response.content.decode() or "Too many" in response.content.decode()
    )
    cache.clear()


def test_a_huge_user_name_is_refused_politely(client, db):
    from django.core.cache import cache

    cache.clear()
    response = client.post(reverse("login"), {"username": "x" * 100_000, "password": "y"})
    assert response.status_code == 200
    assert response.context["form"].errors


@pytest.mark.parametrize("role", ["bureau", "county_a_staff", "vehicle", "contact_a", "official"])
def test_only_the_office_sees_and_lifts_locks(client, world, role):
    client.force_login(world.users()[role])
    assert client.get(reverse("lockouts")).status_code == 403
    assert client.post(reverse("lockouts"), {"id": "1"}).status_code == 403


def test_the_office_unlocks_a_locked_user(client, world, settings):
    from axes.models import AccessAttempt

    _fail(client, world.bureau.username, settings.AXES_FAILURE_LIMIT)
    office = client.__class__()
    office.force_login(world.office)
    page = office.get(reverse("lockouts"))
    assert world.bureau.username in page.content.decode()
    attempt = AccessAttempt.objects.get(username=world.bureau.username)
    office.post(reverse("lockouts"), {"id": str(attempt.pk)})
    assert not AccessAttempt.objects.filter(username=world.bureau.username).exists()
    response = client.post(
        reverse("login"),
        {"username": world.bureau.username, "password": settings.ULE_DEMO_PASSWORD},
    )
    assert response.status_code == 302
    assert office.post(reverse("lockouts"), {"id": "²"}).status_code == 302
