"""Fixtures of the transport tests: private storage in a temporary folder, the thresholds
(reloaded after a transactional test flushed them), and an import run in process."""

import pytest


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private")},
        },
    }


@pytest.fixture
def thresholds(db):
    from transport import reference

    reference.load()


@pytest.fixture
def run_import(django_capture_on_commit_callbacks):
    """Upload, map and run an import in this process (the task's body, called directly)."""
    from transport import services

    from ..factories.transport import MAPPING, ledger_file

    def run(actor, enterprise, data: bytes, *, name="gate.csv", columns=None):
        ledger = services.ledger_upload(
            actor=actor, enterprise=enterprise, upload=ledger_file(data, name)
        )
        with django_capture_on_commit_callbacks(execute=False):
            services.ledger_map(actor=actor, ledger=ledger, columns=columns or MAPPING)
        return services.ledger_run(ledger_id=ledger.pk)

    return run
