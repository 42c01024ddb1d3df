"""core.uploads: the one checker every upload goes through."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from PIL import Image

from core.uploads import ACCEPT, check_upload, check_uploads, help_text


def image_bytes(fmt: str, size=(40, 30), exif: bool = False) -> bytes:
    img = Image.new("RGB", size, (120, 160, 90))
    buf = io.BytesIO()
    if exif:
        ex = Image.Exif()
        ex.get_ifd(0x8769)[36867] = "2025:09:12 10:31:05"
        gps = ex.get_ifd(0x8825)
        gps[1], gps[2], gps[3], gps[4] = "N", (35.0, 24.0, 0.0), "E", (116.0, 35.0, 24.0)
        img.save(buf, fmt, exif=ex)
    else:
        img.save(buf, fmt)
    return buf.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.parametrize(
    ("fmt", "content_type", "ext"),
    [("JPEG", "image/jpeg", ".jpg"), ("PNG", "image/png", ".png"), ("WEBP", "image/webp", ".webp")],
)
def test_photos_are_recognised_by_their_bytes_not_their_name(fmt, content_type, ext):
    checked = check_upload(upload("misleading.pdf", image_bytes(fmt), "application/pdf"))
    assert (checked.content_type, checked.extension) == (content_type, ext)
    assert len(checked.sha256) == 64


def test_a_pdf_is_accepted_and_named_pdf():
    checked = check_upload(upload("report.jpg", PDF, "image/jpeg"))
    assert (checked.content_type, checked.extension) == ("application/pdf", ".pdf")


def test_gif_is_refused_everywhere():
    with pytest.raises(ValidationError) as exc:
        check_upload(upload("anim.gif", image_bytes("GIF"), "image/gif"))
    assert exc.value.code == "bad_type"
    assert "image/gif" not in ACCEPT


def test_text_pretending_to_be_a_photo_is_refused_with_its_name():
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        check_upload(upload("kiln.jpg", b"<script>alert(1)</script>", "image/jpeg"))
    assert "“kiln.jpg” is not a photo (JPEG, PNG, WebP) or a PDF." in exc.value.messages


def test_empty_and_oversized_files_get_their_own_messages(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    with translation.override("en"):
        with pytest.raises(ValidationError) as empty:
            check_upload(upload("empty.pdf", b""))
        with pytest.raises(ValidationError) as big:
            check_upload(upload("big.pdf", PDF + b"x" * 2000))
    assert empty.value.code == "empty" and "is empty" in empty.value.messages[0]
    assert big.value.code == "too_large" and "the limit is 1000" in big.value.messages[0]


def test_a_pixel_bomb_is_refused_without_decoding_it(settings):
    img = Image.new("1", (20000, 20000))  # 400 Mpx, a few kB compressed
    buf = io.BytesIO()
    img.save(buf, "PNG")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        check_upload(upload("bomb.png", buf.getvalue(), "image/png"))
    assert exc.value.code == "too_many_pixels"


def test_exif_time_and_gps_are_kept():
    checked = check_upload(upload("site.jpg", image_bytes("JPEG", exif=True), "image/jpeg"))
    assert checked.taken_at is not None and checked.taken_at.year == 2025
    assert float(checked.latitude) == pytest.approx(35.4, abs=1e-4)
    assert float(checked.longitude) == pytest.approx(116.59, abs=1e-3)


@pytest.mark.parametrize("when", ["0001:01:01 00:00:00", "9999:12:31 23:59:59"])
def test_an_implausible_exif_time_is_dropped_the_photo_kept(when):
    img, buf = Image.new("RGB", (40, 30)), io.BytesIO()
    exif = Image.Exif()
    exif.get_ifd(0x8769)[36867] = when
    img.save(buf, "JPEG", exif=exif)
    checked = check_upload(upload("reset-clock.jpg", buf.getvalue(), "image/jpeg"))
    assert checked.taken_at is None  # year 1 in Beijing time is year 0 in UTC: unreadable


def test_several_files_report_every_refused_one_under_the_field():
    files = [
        upload("ok.pdf", PDF),
        upload("bad1.jpg", b"nope"),
        upload("bad2.png", b"nope either"),
    ]
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        check_uploads(files, field="files")
    messages = exc.value.message_dict["files"]
    assert len(messages) == 2 and "bad1.jpg" in messages[0] and "bad2.png" in messages[1]
    assert [c.content_type for c in check_uploads([upload("ok.pdf", PDF)])] == ["application/pdf"]


def test_help_text_follows_the_active_language():
    text = help_text()
    with translation.override("en"):
        assert str(text).startswith("Photos (JPEG, PNG, WebP) or PDF")
    with translation.override("zh-hans"):
        assert str(text).startswith("照片")


def test_a_photo_over_the_pixel_limit_is_refused(settings):
    settings.UPLOAD_MAX_PIXELS = 1_000_000
    img = Image.new("1", (1200, 1000))
    buf = io.BytesIO()
    img.save(buf, "PNG")
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        check_upload(upload("huge.png", buf.getvalue(), "image/png"))
    assert exc.value.code == "too_many_pixels"


def test_a_file_that_only_starts_like_a_pdf_is_refused():
    with translation.override("en"), pytest.raises(ValidationError) as exc:
        check_upload(
            upload("fake.pdf", b"%PDF-1.4\n<html><script>alert(1)</script>", "application/pdf")
        )
    assert exc.value.code == "bad_pdf"
    assert "not a complete PDF" in exc.value.messages[0]
