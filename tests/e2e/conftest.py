"""Browser journeys: Playwright driving Debian's headless Chromium against live_server."""

import io
import os

# Playwright's sync API runs an event loop in this thread; Django's DB access is still
# synchronous here, so allow it (tests only).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import pytest  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
SCREENSHOTS = os.environ.get("E2E_SCREENSHOTS", "var/screenshots")


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(autouse=True)
def _database_outlives_the_browser(transactional_db):
    """Set up before the browser page, hence torn down after it: the tables are emptied only
    once the page is closed, never while the live server still answers one of its requests
    (TRUNCATE would deadlock with that request's reads)."""


@pytest.fixture(autouse=True)
def _no_csp_violations(request, _database_outlives_the_browser):
    """Every journey also checks that the Content-Security-Policy blocked nothing the page
    needed (an inline script or handler left behind would show here)."""
    if "page" not in request.fixturenames:
        yield
        return
    page = request.getfixturevalue("page")
    blocked: list[str] = []
    page.on(
        "console",
        lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
    )
    yield
    assert not blocked, blocked


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker):
    """The Jining demo as `make run` loads it, loaded once per session through the services
    and kept as a COPY snapshot; the database is put back as the migrations left it."""
    from tests.snapshots import Snapshot

    with django_db_blocker.unblock():
        before = Snapshot.take()
        call_command("load_demo", stdout=io.StringIO())
        demo = Snapshot.take()
        before.restore()
    return demo


@pytest.fixture
def demo(transactional_db, _demo_snapshot):
    """The Jining demo data (with the seeded reference data) in every table, fresh for each
    test; the transactional test's flush empties the tables again afterwards."""
    _demo_snapshot.restore()


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A desktop wide enough for the whole navigation bar (below 1700 px it folds into the
    menu button, as on a phone)."""
    return {**browser_context_args, "viewport": {"width": 1720, "height": 900}}


@pytest.fixture
def phone_context_args():
    return {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}


def login(page, live_server, username: str, password: str | None = None) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password or settings.ULE_DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")


def shot(page, name: str) -> None:
    """Keep a screenshot of the journey for people to look at (var/screenshots)."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    path = os.path.join(SCREENSHOTS, f"{name}.png")
    page.wait_for_load_state("load")
    try:
        page.screenshot(path=path, full_page=True)
    except Exception as exc:  # Chromium refuses a capture while a document is being swapped
        if "Unable to capture screenshot" not in str(exc):
            raise
        page.wait_for_load_state("load")
        page.screenshot(path=path, full_page=True)
