"""Browser journeys of issue 12 for the inspector in the field, with the demo users: a spot
check that loses its connection half-way and loses nothing, the warning before leaving with
answers the portal does not have, a page reopened later taking up what the phone kept, and a
large photo sent with a progress bar, made smaller on the phone, its EXIF time and GPS kept."""

import io
import os
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from .conftest import SCREENSHOTS, login, shot

pytestmark = pytest.mark.e2e

SHANSHUI = "微山山水水泥有限公司"


def _draft(codes=None):
    """A draft spot check at Shanshui by weishan and bureau, as "open inspection" leaves it."""
    from accounts.models import User
    from enterprises.models import Enterprise
    from inspections import services

    enterprise = Enterprise.objects.get(name_zh=SHANSHUI)
    templates = list(services.checklists_for(enterprise))
    if codes:
        templates = [t for t in templates if t.code in codes]
    return services.inspection_create(
        actor=User.objects.get(username="weishan"),
        enterprise=enterprise,
        started_at=timezone.now() - timedelta(hours=1),
        origin="campaign",
        inspectors=[User.objects.get(username="weishan"), User.objects.get(username="bureau")],
        templates=templates,
    )


def _results(inspection) -> list[str]:
    return list(
        inspection.answers.order_by("item__version__template__order", "item__order").values_list(
            "result", flat=True
        )
    )


def _screen(page, name: str) -> None:
    """What the phone's screen shows (the full-page shots of a 40-item form are too tall to
    look at)."""
    os.makedirs(SCREENSHOTS, exist_ok=True)
    page.screenshot(path=os.path.join(SCREENSHOTS, f"{name}.png"))


def _slow_network(page, *, latency: int = 40, upload: int = 600_000) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency,
            "downloadThroughput": 20_000_000,
            "uploadThroughput": upload,
        },
    )


WATCH_BUTTONS = """() => {
  const form = document.querySelector("[data-testid=log-form]");
  form.addEventListener("submit", () => setTimeout(() => sessionStorage.setItem(
    "buttons-while-sending",
    [...form.querySelectorAll("button[type=submit]")].map(
      (b) => b.disabled ? "disabled" : "enabled").join(",")), 200));
}"""


def _phone(browser, phone_context_args, live_server, lang="zh-hans"):
    context = browser.new_context(**phone_context_args)
    context.add_cookies([{"name": "django_language", "value": lang, "url": live_server.url}])
    return context


def test_spot_check_offline_half_way_loses_nothing(browser, phone_context_args, live_server, demo):
    inspection = _draft()
    context = _phone(browser, phone_context_args, live_server)
    page = context.new_page()
    login(page, live_server, "weishan")
    page.goto(f"{live_server.url}/inspections/{inspection.pk}/log/")
    status = page.get_by_test_id("autosave-status")
    cards = page.get_by_test_id("check-item")
    total = cards.count()
    sections = page.get_by_test_id("section")
    assert sections.count() >= 2 and total > 20
    expect(page.get_by_test_id("section-nav")).to_be_visible()

    # online: three answers, saved in the portal as they are given
    for n in range(3):
        cards.nth(n).locator("label.btn").nth(0).click()
    expect(status).to_have_attribute("data-state", "saved")
    expect(page.get_by_test_id("section-count").first).to_have_text(re.compile(r"^3/\d+$"))
    inspection.refresh_from_db()
    assert _results(inspection)[:4] == ["compliant", "compliant", "compliant", ""]

    # the connection drops: answers go on, kept on the phone
    context.set_offline(True)
    cards.nth(3).locator("label.btn").nth(1).click()  # non-compliant
    cards.nth(3).locator("textarea").fill("料棚东侧卷帘门损坏，装卸时扬尘外逸")
    cards.nth(4).locator("label.btn").nth(2).click()  # not applicable
    page.get_by_test_id("mark-compliant").first.click()  # the rest of the first section
    expect(status).to_have_attribute("data-state", "local")
    first_total = int(page.get_by_test_id("section-count").first.inner_text().split("/")[1])
    expect(page.get_by_test_id("section-count").first).to_have_text(f"{first_total}/{first_total}")
    shot(page, "field-01-phone-offline-zh")
    _screen(page, "field-01-phone-offline-zh-screen")
    inspection.refresh_from_db()
    assert _results(inspection)[3] == ""  # nothing reached the portal while offline

    # leaving through a link of the portal asks first; staying keeps everything
    asked = []
    page.once("dialog", lambda d: (asked.append((d.type, d.message)), d.dismiss()))
    page.locator("nav[aria-label=breadcrumb] a").first.click()
    leave = page.get_by_test_id("log-form").get_attribute("data-leave-message")
    assert asked == [("confirm", leave)]
    assert page.url.endswith(f"/inspections/{inspection.pk}/log/")

    # the connection comes back: what the phone kept is sent
    context.set_offline(False)
    expect(status).to_have_attribute("data-state", "saved")
    inspection.refresh_from_db()
    results = _results(inspection)
    assert results[:5] == ["compliant", "compliant", "compliant", "non_compliant", "not_applicable"]
    assert results[5:first_total] == ["compliant"] * (first_total - 5)
    assert inspection.answers.get(result="non_compliant").note.startswith("料棚东侧卷帘门损坏")

    # the other sections compliant too, then submit: the record holds every answer
    marks = page.get_by_test_id("mark-compliant")
    for n in range(1, marks.count()):
        marks.nth(n).click()
    expect(status).to_have_attribute("data-state", "saved")
    page.once("dialog", lambda d: d.accept())
    page.get_by_test_id("submit-inspection").click()
    expect(page.locator(".alert-success")).to_be_visible()
    inspection.refresh_from_db()
    assert inspection.is_locked
    results = _results(inspection)
    assert len(results) == total and "" not in results
    assert results[3:5] == ["non_compliant", "not_applicable"]
    assert results.count("compliant") == total - 2
    context.close()


def test_closing_with_unsaved_answers_warns_and_the_phone_keeps_them(
    browser, phone_context_args, live_server, demo
):
    inspection = _draft(codes=["fugitive"])
    context = _phone(browser, phone_context_args, live_server)
    page = context.new_page()
    login(page, live_server, "weishan")
    url = f"{live_server.url}/inspections/{inspection.pk}/log/"
    page.goto(url)
    context.set_offline(True)
    cards = page.get_by_test_id("check-item")
    cards.nth(0).locator("label.btn").nth(1).click()
    cards.nth(0).locator("textarea").fill("道路未清扫")
    cards.nth(1).locator("label.btn").nth(0).click()
    expect(page.get_by_test_id("autosave-status")).to_have_attribute("data-state", "local")
    # closing the tab (or reloading) with answers the portal does not have asks first
    asked = []
    page.on("dialog", lambda d: (asked.append(d.type), d.accept()))
    page.close(run_before_unload=True)
    page.wait_for_event("close")
    assert asked == ["beforeunload"]

    # opened again with the connection back: the kept answers are taken up and sent
    context.set_offline(False)
    page = context.new_page()
    page.goto(url)
    expect(page.get_by_test_id("autosave-status")).to_have_attribute("data-state", "saved")
    cards = page.get_by_test_id("check-item")
    expect(cards.nth(0).locator("input.btn-check").nth(1)).to_be_checked()
    inspection.refresh_from_db()
    assert _results(inspection)[:3] == ["non_compliant", "compliant", ""]
    assert inspection.answers.get(result="non_compliant").note == "道路未清扫"

    # a form sent on a slow link cannot be sent twice: its buttons wait for the answer
    _slow_network(page, latency=1500)
    page.evaluate(WATCH_BUTTONS)
    page.get_by_test_id("save-draft").click()  # returns once the next page has come
    expect(page.locator(".alert-success")).to_be_visible()
    assert page.evaluate("sessionStorage.getItem('buttons-while-sending')") == "disabled,disabled"
    expect(page.get_by_test_id("save-draft")).to_be_enabled()
    context.close()


def _large_photo() -> bytes:
    """An 8-megapixel camera JPEG over 5 MB (noise compresses badly) with EXIF time and GPS."""
    width, height = 3264, 2448
    img = Image.frombytes("RGB", (width, height), os.urandom(width * height * 3))
    exif = Image.Exif()
    exif[0x0110] = "ULE field camera"
    exif.get_ifd(0x8769)[36867] = "2026:11:20 10:12:30"
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (35.0, 2.0, 24.0), "E", (116.0, 35.0, 6.0)
    buf = io.BytesIO()
    img.save(buf, "JPEG", quality=92, exif=exif)
    return buf.getvalue()


RECORD_PROGRESS = """() => {
  sessionStorage.setItem("progress", "[]");
  new MutationObserver(() => {
    const bar = document.querySelector("[data-testid=upload-progress]");
    if (!bar) { return; }
    const seen = JSON.parse(sessionStorage.getItem("progress"));
    seen.push(Number(bar.getAttribute("aria-valuenow")));
    sessionStorage.setItem("progress", JSON.stringify(seen));
  }).observe(document.body, { subtree: true, childList: true, attributes: true,
                              attributeFilter: ["aria-valuenow"] });
}"""


def test_large_photo_shows_progress_and_arrives_smaller_with_its_time_and_place(
    browser, phone_context_args, live_server, demo
):
    from inspections.models import Attachment

    original = _large_photo()
    assert len(original) > 5 * 1024 * 1024
    inspection = _draft(codes=["fugitive"])
    for lang in ("zh-hans", "en"):
        context = _phone(browser, phone_context_args, live_server, lang)
        page = context.new_page()
        login(page, live_server, "weishan")
        page.goto(f"{live_server.url}/inspections/{inspection.pk}/log/")
        _screen(page, f"field-02-phone-logging-{lang}")
        # nothing wider than the phone: the jump list scrolls within itself
        assert page.evaluate("document.documentElement.scrollWidth") <= 390 + 1
        card = page.get_by_test_id("check-item").nth(0)
        # a file that is no photo is refused on the phone, before anything is sent
        card.locator("input[type=file]").set_input_files(
            files=[{"name": "料棚.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}]
        )
        expect(card.get_by_test_id("client-upload-error")).to_be_visible()
        if lang == "en":
            expect(card.get_by_test_id("client-upload-error")).to_contain_text("is not a photo")
        card.locator("input[type=file]").set_input_files(
            files=[{"name": "料棚东侧.jpg", "mimeType": "image/jpeg", "buffer": original}]
        )
        expect(card.get_by_test_id("client-upload-error")).to_have_count(0)
        card.locator("label.btn").nth(1).click()
        card.locator("textarea").fill("料棚未封闭")
        page.evaluate(RECORD_PROGRESS)
        _slow_network(page)
        page.get_by_test_id("save-draft").click()
        expect(page.get_by_test_id("upload-progress")).to_be_visible()
        expect(page.get_by_test_id("save-draft")).to_be_disabled()
        expect(page.get_by_test_id("upload-progress")).to_have_attribute(
            "aria-valuenow", re.compile(r"^[1-9]\d*$")
        )
        _screen(page, f"field-03-phone-upload-progress-{lang}")
        expect(page.locator(".alert-success")).to_be_visible(timeout=60_000)
        seen = page.evaluate("JSON.parse(sessionStorage.getItem('progress') || '[]')")
        assert seen and max(seen) == 100, seen
        context.close()

    photos = list(Attachment.objects.filter(inspection=inspection).order_by("id"))
    assert len(photos) == 2
    for photo in photos:
        assert photo.size < len(original) / 2  # made smaller on the phone
        with photo.file.open("rb") as f, Image.open(f) as img:
            assert max(img.size) == 2048 and img.format == "JPEG"
        # the original's capture time and position are in the record
        assert timezone.localtime(photo.taken_at).strftime("%Y-%m-%d %H:%M:%S") == (
            "2026-11-20 10:12:30"
        )
        assert photo.latitude == Decimal("35.040000")
        assert photo.longitude == Decimal("116.585000")


def test_a_form_with_files_refused_by_the_server_is_shown_again_with_its_errors(
    page, live_server, demo
):
    """The upload goes by script; the portal's answer (the form with its errors) replaces the
    page exactly as a normal submit would show it, its scripts working (the CSP check of every
    journey watches the rewritten page too)."""
    from enterprises.models import Enterprise
    from inspections.models import Finding

    enterprise = Enterprise.objects.get(name_zh=SHANSHUI)
    before = Finding.objects.count()
    login(page, live_server, "bureau")
    url = f"{live_server.url}/inspections/findings/new/?enterprise={enterprise.pk}"
    page.goto(url)
    form = page.get_by_test_id("finding-form")
    buf = io.BytesIO()
    Image.new("RGB", (320, 240), (90, 120, 150)).save(buf, "JPEG")
    form.locator("input[type=file]").set_input_files(
        files=[{"name": "堆场.jpg", "mimeType": "image/jpeg", "buffer": buf.getvalue()}]
    )
    page.fill("#id_description", "")  # required: the server refuses the form
    page.get_by_test_id("save-finding").click()
    expect(page.locator(".alert-danger").first).to_be_visible()
    expect(page.get_by_test_id("finding-form")).to_be_visible()
    assert page.url == url
    assert Finding.objects.count() == before
    # the page shown is a working page: its buttons are enabled, its file input checked again
    expect(page.get_by_test_id("save-finding")).to_be_enabled()
    page.locator("input[type=file]").set_input_files(
        files=[{"name": "x.pdf", "mimeType": "application/pdf", "buffer": b"not a pdf"}]
    )
    expect(page.get_by_test_id("client-upload-error")).to_be_visible()


def test_field_pages_have_no_serious_accessibility_violations(
    browser, browser_context_args, phone_context_args, live_server, demo
):
    """axe-core on what this issue added to the logging form (sections, autosave state, the
    offer of answers kept on the device, a photo refused on the device), desktop and phone."""
    from . import axe

    inspection = _draft()
    for name, args in (("desktop", browser_context_args), ("phone", phone_context_args)):
        context = browser.new_context(**args, bypass_csp=True)
        axe.install(context)
        page = context.new_page()
        login(page, live_server, "weishan")
        url = f"{live_server.url}/inspections/{inspection.pk}/log/"
        page.goto(url)
        key = page.locator("[data-draft-key]").get_attribute("data-draft-key")
        assert key.startswith(f"ule-inspection-{inspection.pk}-u")  # the person's own drafts
        page.evaluate(
            """(key) => localStorage.setItem(key, JSON.stringify({version: "0", pending: true,
                 savedAt: Date.now(), fields: {"summary": "kept on the phone"}}))""",
            key,
        )
        page.reload()
        expect(page.get_by_test_id("local-draft")).to_be_visible()
        card = page.get_by_test_id("check-item").nth(0)
        card.locator("label.btn").nth(0).click()
        card.locator("input[type=file]").set_input_files(
            files=[{"name": "x.jpg", "mimeType": "image/jpeg", "buffer": b"not a photo"}]
        )
        expect(card.get_by_test_id("client-upload-error")).to_be_visible()
        found = {f"log-{name}": axe.violations(page)}
        page.get_by_test_id("restore-local").click()
        expect(page.locator("#id_summary")).to_have_value("kept on the phone")
        expect(page.get_by_test_id("autosave-status")).to_have_attribute("data-state", "saved")
        found[f"log-restored-{name}"] = axe.violations(page)
        assert not any(found.values()), axe.describe(found)
        context.close()
