"""`make run`: SQLite and a filesystem Celery broker by default, so no server is needed.
Set DATABASE_URL / CELERY_BROKER_URL to use PostgreSQL / Redis instead."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

# The demo behaves like the product (its own 404 and 403 pages); DJANGO_DEBUG=1 for tracebacks.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-only-not-secret-ule-portal-dev-key")

_broker_dir = BASE_DIR / "var" / "broker"
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem"):
    for sub in ("queue", "processed"):
        (_broker_dir / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }

# Demo mode writes e-mails as files you can open in var/mail/, unless EMAIL_URL says otherwise
# (a filemail:// URL would make an absolute path relative: django-environ strips its first "/").
if env("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = str(BASE_DIR / "var" / "mail")
# Links in e-mails point at the port the portal runs on (scripts/serve.sh exports PORT).
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env('PORT', default='8000')}")

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# kombu warns that the filesystem transport has no host name; it needs none.
LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}  # noqa: F405
