import pytest


@pytest.fixture(autouse=True)
def _monitoring_reference(request):
    """The monitoring reference rows (parameters, flag rules), put back after a transactional
    test elsewhere flushed them (the suite's snapshot covers the older apps only)."""
    if "db" in request.fixturenames or "transactional_db" in request.fixturenames:
        from monitoring import reference

        request.getfixturevalue("db" if "db" in request.fixturenames else "transactional_db")
        reference.load()
