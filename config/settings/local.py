"""`make run`: SQLite and a filesystem Celery broker by default, so no server is needed.
Set DATABASE_URL / CELERY_BROKER_URL to use PostgreSQL / Redis instead."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
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
        "store_processed": False,
    }

# Demo mode writes e-mails as files you can open, unless EMAIL_URL says otherwise.
vars().update(env.email_url("EMAIL_URL", default=f"filemail://{BASE_DIR / 'var' / 'mail'}"))

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the finders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# kombu warns that the filesystem transport has no host name; it needs none.
LOGGING["loggers"]["kombu.connection"] = {"level": "ERROR"}  # noqa: F405
