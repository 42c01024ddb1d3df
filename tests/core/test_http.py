"""core.http: one private-file response, safe redirects."""

from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import Http404
from django.test import RequestFactory

from core.http import private_file_response, safe_next


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


def stored(content_type: str, name: str, data: bytes = b"%PDF-1.4\n"):
    path = default_storage.save("t/file", ContentFile(data))
    return SimpleNamespace(
        file=_FieldFile(path),
        content_type=content_type,
        original_name=name,
    )


class _FieldFile:
    def __init__(self, name):
        self.name = name

    def open(self, mode="rb"):
        return default_storage.open(self.name, mode)


@pytest.mark.parametrize(
    ("content_type", "disposition"),
    [("application/pdf", "inline"), ("image/jpeg", "inline"), ("text/html", "attachment")],
)
def test_private_files_carry_one_set_of_headers(content_type, disposition):
    response = private_file_response(stored(content_type, "整改报告.pdf"))
    assert response["Content-Disposition"].startswith(disposition)
    assert "filename*=utf-8''%E6%95%B4%E6%94%B9" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Content-Type"] == content_type


def test_a_missing_file_is_a_404():
    missing = SimpleNamespace(
        file=_FieldFile("t/none"), content_type="application/pdf", original_name="x.pdf"
    )
    with pytest.raises(Http404):
        private_file_response(missing)


@pytest.mark.parametrize(
    ("target", "expected"),
    [
        ("/enterprises/?page=2", "/enterprises/?page=2"),
        ("//evil.example.org/", "/home/"),
        ("https://evil.example.org/", "/home/"),
        ("/\\evil.example.org/", "/home/"),
        ("", "/home/"),
        ("0001-01-01", "/home/"),  # a bare word: redirect() would try it as a view name
        ("/inbox/\x00", "/home/"),
        ("/inbox/\r\nSet-Cookie: x=1", "/home/"),
        ("/" + "x" * 100_000, "/home/"),
    ],
)
def test_next_is_followed_only_within_the_site(target, expected):
    request = RequestFactory().post("/x/", {"next": target})
    assert safe_next(request, "/home/") == expected
