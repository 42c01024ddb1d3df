"""core.middleware: request size cap, Content-Security-Policy, no-store for signed-in pages."""

import re
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_an_oversized_request_is_refused_before_it_is_read(client, world, settings):
    settings.MAX_REQUEST_BYTES = 5_000
    client.force_login(world.contact_a)
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"x" * 10_000 + b"\n%%EOF\n")
    response = client.post(reverse("profile"), {"display_name": "x", "file": big})
    assert response.status_code == 413
    assert "nothing was saved" in response.content.decode() or "未保存" in response.content.decode()
    world.contact_a.refresh_from_db()
    assert world.contact_a.display_name != "x"


def test_more_files_than_allowed_in_one_request_are_refused(client, world, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FILES = 3
    client.force_login(world.contact_a)
    files = [SimpleUploadedFile(f"{i}.pdf", b"%PDF-1.4\n%%EOF\n") for i in range(4)]
    response = client.post(reverse("profile"), {"display_name": "y", "files": files})
    assert response.status_code == 400


def test_every_page_has_a_csp_without_inline_scripts(client, world):
    anonymous = client.get(reverse("login"))
    assert "script-src 'self'" in anonymous["Content-Security-Policy"]
    assert (
        "unsafe-inline"
        not in anonymous["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    )
    client.force_login(world.bureau)
    assert "default-src 'self'" in client.get(reverse("home"))["Content-Security-Policy"]


def test_no_template_carries_an_inline_script_or_event_handler():
    offenders = []
    for path in ROOT.glob("**/templates/**/*.html"):
        if ".venv" in path.parts:
            continue
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
        for match in re.finditer(r"\son(click|change|submit|load|input)=", text):
            offenders.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert not offenders, offenders


def test_signed_in_pages_are_not_stored_by_browsers_or_proxies(client, world):
    client.force_login(world.bureau)
    response = client.get(reverse("home"))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    inbox = client.get(reverse("notifications:inbox"))
    assert "no-store" in inbox["Cache-Control"]
