import re

import pytest
from playwright.sync_api import expect

from .conftest import login, shot

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize(
    "username", ["office", "bureau", "weishan", "vehicle", "shanshui", "rongxin", "leader"]
)
def test_every_demo_user_can_sign_in(page, live_server, demo, username):
    login(page, live_server, username)
    expect(page.locator("nav")).to_contain_text("总览")
    expect(page).to_have_url(re.compile(r"/$"))


def test_wrong_password_is_refused_in_chinese(page, live_server, demo):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "office")
    page.fill("#id_password", "wrong-password")
    page.click("button[type=submit]")
    expect(page.locator(".alert-danger, .invalid-feedback, .errorlist").first).to_be_visible()
    shot(page, "sign-in-refused")
