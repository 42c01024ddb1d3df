"""`make test`: real PostgreSQL and Redis on localhost."""

import os

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
DATABASES = {
    "default": env.db("TEST_DATABASE_URL", default="postgres://ule:ule@127.0.0.1:5432/ule"),
}
# Each concurrent run (a developer and a helper, say) may pick its own test database name.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_ule")}
CELERY_BROKER_URL = env("TEST_CELERY_BROKER_URL", default="redis://127.0.0.1:6379/13")
# pytest-xdist runs the suite in several processes, each with its own test database (pytest-django
# adds the worker's suffix); each also gets its own Redis database, or one process's Celery worker
# would take the tasks of another.
_XDIST_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
if _XDIST_WORKER.startswith("gw") and _XDIST_WORKER[2:].isdecimal():
    _base, _, _db = CELERY_BROKER_URL.rpartition("/")
    if _db.isdecimal():
        CELERY_BROKER_URL = f"{_base}/{(int(_db) + 1 + int(_XDIST_WORKER[2:])) % 16}"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,  # noqa: F405
    # Manifest storage makes every asset 404 under live_server.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
ALLOWED_HOSTS = ["*"]

# Serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# The browser journeys sign in dozens of times a minute from 127.0.0.1; the throttle's own
# tests set these low.
SIGNIN_ATTEMPTS_PER_MINUTE = 100_000
SIGNIN_ATTEMPTS_PER_HOUR = 1_000_000
# A test that points the broker at a closed port should not wait the default 4 s to be refused.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
