"""core.files and core.models.StoredFile: a failed service leaves no file behind."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from core.files import atomic_with_files, files_removed_on_error

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _private_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }


class _Field:
    """A stand-in for a model's FieldFile: what StoredFiles.save needs."""

    storage = default_storage

    def __init__(self):
        self.name = None

    def save(self, name, content, save=False):
        self.name = self.storage.save(f"t/{name}", content)


def test_files_written_in_a_failed_block_are_removed(db):
    field = _Field()
    with pytest.raises(RuntimeError), atomic_with_files() as stored:
        stored.save(field, "a.pdf", SimpleUploadedFile("a.pdf", PDF))
        assert default_storage.exists(field.name)
        raise RuntimeError("the service refused")
    assert not default_storage.exists(field.name)


def test_files_written_in_a_successful_block_stay(db):
    field = _Field()
    with atomic_with_files() as stored:
        stored.save(field, "a.pdf", SimpleUploadedFile("a.pdf", PDF))
    assert default_storage.exists(field.name)


def test_the_record_is_explicit_and_per_block():
    outer, inner = _Field(), _Field()
    with files_removed_on_error() as first:
        first.save(outer, "o.pdf", SimpleUploadedFile("o.pdf", PDF))
        with pytest.raises(ValueError), files_removed_on_error() as second:
            second.save(inner, "i.pdf", SimpleUploadedFile("i.pdf", PDF))
            raise ValueError
    assert default_storage.exists(outer.name) and not default_storage.exists(inner.name)


def test_an_enterprise_cannot_store_more_than_its_daily_allowance(db, settings):
    from django.core.exceptions import ValidationError

    from core.files import check_daily_quota, stored_today_bytes
    from tests.factories.retrofits import EvidenceFactory

    evidence = EvidenceFactory()
    enterprise_id = evidence.enterprise_id
    used = stored_today_bytes(enterprise_id)
    assert used == evidence.size > 0
    settings.UPLOAD_MAX_BYTES_PER_ENTERPRISE_DAY = used + 100
    check_daily_quota(enterprise_id, 100)  # exactly the allowance: fine
    with pytest.raises(ValidationError) as exc:
        check_daily_quota(enterprise_id, 101)
    assert exc.value.code == "quota"
