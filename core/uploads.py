"""The one upload checker of the portal: size, emptiness, content type sniffed from the bytes
(never the file name or the browser's word), the pixel-bomb guard, SHA-256 of the content, and
for photos the EXIF capture time and GPS position when present. Every app's file fields and
services use it, so one list of accepted types and one set of messages hold everywhere."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

# The accepted types, by what Pillow or the PDF header says the bytes are: (MIME type, extension).

IMAGE_TYPES = {
    "JPEG": ("image/jpeg", ".jpg"),
    "PNG": ("image/png", ".png"),
    "WEBP": ("image/webp", ".webp"),
}
PDF = ("application/pdf", ".pdf")
ACCEPT = ",".join([*(t for t, _e in IMAGE_TYPES.values()), PDF[0]])

EXIF_IFD = 0x8769
GPS_IFD = 0x8825
DATETIME_ORIGINAL = 36867
DATETIME = 306


@dataclass(frozen=True)
class CheckedUpload:
    file: UploadedFile
    content_type: str
    extension: str
    size: int
    sha256: str
    taken_at: datetime | None = None
    latitude: Decimal | None = None
    longitude: Decimal | None = None


def max_pixels() -> int:
    """The most pixels a photo may have (a 48-megapixel phone camera fits)."""
    return int(getattr(settings, "UPLOAD_MAX_PIXELS", 50_000_000))


def _pdf_has_trailer(f: UploadedFile) -> bool:
    """A PDF ends with an end-of-file mark ("%%EOF", possibly followed by line ends): a file
    that only starts like a PDF is not taken for one."""
    size = f.size or 0
    f.seek(max(0, size - 2048))
    tail = f.read(2048)
    f.seek(0)
    return b"%%EOF" in tail


def max_bytes() -> int:
    return int(getattr(settings, "UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def _help_text() -> str:
    return gettext("Photos (JPEG, PNG, WebP) or PDF, at most %(max)s each.") % {
        "max": filesizeformat(max_bytes())
    }


# Form fields are built at import time; the help must follow the language of each request.
help_text = lazy(_help_text, str)


def browser_attrs() -> dict[str, str]:
    """The limits and messages a file input carries as data attributes, so that the browser
    checks size and type before sending (``static/js/uploads.js``) with the same limits and
    the same words as this checker. The server still decides."""
    return {
        "accept": ACCEPT,
        "data-upload-check": "",
        "data-max-bytes": str(max_bytes()),
        "data-limit": str(filesizeformat(max_bytes())),
        "data-msg-too-large": _("“%(name)s” is too large (%(size)s); the limit is %(limit)s."),
        "data-msg-bad-type": _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF."),
        "data-msg-empty": _("“%(name)s” is empty."),
        "data-msg-progress": _("Sending: %(percent)s%%"),
        "data-msg-shrinking": _("Preparing photos for sending…"),
        "data-msg-failed": _(
            "Sending failed (no connection?). Nothing was saved; your entries are still on "
            "this page: try again."
        ),
    }


def check_uploads(
    files: Sequence[UploadedFile], *, field: str | None = None
) -> list[CheckedUpload]:
    """Check several files; every refused file is named in one ValidationError (keyed by
    ``field`` when given), so the user sees all problems at once."""
    checked, errors = [], []
    for f in files:
        try:
            checked.append(check_upload(f))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({field: errors} if field else errors)
    return checked


def check_upload(f: UploadedFile) -> CheckedUpload:
    """Validate one uploaded file; raise ValidationError with a message naming the file."""
    name = f.name or "?"
    if f.size is not None and f.size > max_bytes():
        raise ValidationError(
            _("“%(name)s” is too large (%(size)s); the limit is %(limit)s.")
            % {"name": name, "size": filesizeformat(f.size), "limit": filesizeformat(max_bytes())},
            code="too_large",
        )
    if not f.size:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name}, code="empty")
    digest = hashlib.sha256()
    f.seek(0)
    for chunk in f.chunks():
        digest.update(chunk)
    f.seek(0)
    head = f.read(8)
    f.seek(0)
    if head.startswith(b"%PDF-"):
        if not _pdf_has_trailer(f):
            raise ValidationError(
                _("“%(name)s” is not a complete PDF (it has no end-of-file mark); send it again.")
                % {"name": name},
                code="bad_pdf",
            )
        return CheckedUpload(f, PDF[0], PDF[1], f.size, digest.hexdigest())
    try:
        with Image.open(f) as img:
            fmt = img.format
            if img.width * img.height > max_pixels():  # below Pillow's own bomb threshold
                raise Image.DecompressionBombError("more pixels than the portal accepts")
            img.verify()
        f.seek(0)
        with Image.open(f) as img:
            exif = img.getexif()
    except Image.DecompressionBombError as exc:  # declares more pixels than any camera takes
        raise ValidationError(
            _("“%(name)s” declares too many pixels to be a photo; send a smaller image.")
            % {"name": name},
            code="too_many_pixels",
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name},
            code="bad_type",
        ) from exc
    finally:
        f.seek(0)
    if fmt not in IMAGE_TYPES:
        raise ValidationError(
            _("“%(name)s” is not a photo (JPEG, PNG, WebP) or a PDF.") % {"name": name},
            code="bad_type",
        )
    content_type, ext = IMAGE_TYPES[fmt]
    taken_at, lat, lon = _exif_facts(exif)
    return CheckedUpload(f, content_type, ext, f.size, digest.hexdigest(), taken_at, lat, lon)


def _exif_facts(exif) -> tuple[datetime | None, Decimal | None, Decimal | None]:
    if not exif:
        return None, None, None
    taken_at = None
    try:
        raw = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
        if raw:
            naive = datetime.strptime(str(raw).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
            # EXIF times carry no zone; cameras here are set to Beijing time.
            taken_at = timezone.make_aware(naive)
            from core.dates import validate_plausible_date  # core.dates imports core.forms

            validate_plausible_date(naive.date())  # a reset clock's year 1 is no time at all
    except (ValueError, TypeError, KeyError, OverflowError, ValidationError):
        taken_at = None
    lat = lon = None
    try:
        gps = exif.get_ifd(GPS_IFD)
        if gps and 2 in gps and 4 in gps:
            lat = _to_degrees(gps[2], gps.get(1, "N"), "S")
            lon = _to_degrees(gps[4], gps.get(3, "E"), "W")
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                lat = lon = None
    except (ValueError, TypeError, ZeroDivisionError, KeyError, IndexError):
        lat = lon = None
    return taken_at, lat, lon


def _to_degrees(value, ref, negative_ref: str) -> Decimal:
    d, m, s = (float(v) for v in value)
    degrees = Decimal(str(d + m / 60 + s / 3600)).quantize(Decimal("0.000001"))
    if str(ref).strip("\x00 ").upper() == negative_ref:
        degrees = -degrees
    return degrees
