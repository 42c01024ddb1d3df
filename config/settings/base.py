"""Settings shared by every environment. Values that differ between machines come from the
environment (django-environ); see .env.example for the full list."""

import os
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()
# A developer's .env configures `make run` and the production settings, never the test suite:
# tests stand alone (config/settings/test.py sets everything they need).
if not os.environ.get("DJANGO_SETTINGS_MODULE", "").endswith(".test"):
    environ.Env.read_env(os.environ.get("ULE_ENV_FILE", str(BASE_DIR / ".env")), overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_htmx",
    "axes",
    "core",
    "accounts",
    "notifications",
    "enterprises",
    "retrofits",
    "inspections",
    "acceptance",
    "monitoring",
    "transport",
    "operations",
    "dashboards",
    "exports",
]

MIDDLEWARE = [
    "core.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "accounts.middleware.ChineseFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.security.SignInThrottleMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.list_memory.ListMemoryMiddleware",  # lists remember their filters (breadcrumbs)
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "core.middleware.SecurityHeadersMiddleware",
    # innermost: an upload sent with a progress bar gets its redirect as JSON
    "core.middleware.UploadRedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "accounts.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in protection (accounts/security.py). Failed-login lockout (django-axes): five failures
# per user name and address lock that pair for 30 minutes; failures during the lock do not
# extend it; the office lifts locks on /accounts/lockouts/. Attempts per address, across user
# names, are limited before any password is hashed. Addresses come from the socket unless
# TRUSTED_PROXY_COUNT proxies (the TLS proxy) are declared in front of the portal.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_CLIENT_IP_CALLABLE = "accounts.security.axes_client_ip"
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
SIGNIN_ATTEMPTS_PER_MINUTE = env.int("SIGNIN_ATTEMPTS_PER_MINUTE", default=30)
SIGNIN_ATTEMPTS_PER_HOUR = env.int("SIGNIN_ATTEMPTS_PER_HOUR", default=300)
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://ule")}

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    # Uploaded evidence and photos live outside the web root and are served only through
    # views that check access (see the access package); there is no public MEDIA_URL route.
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "private"))
        },
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
UPLOAD_MAX_BYTES = env.int("UPLOAD_MAX_BYTES", default=10 * 1024 * 1024)
# Limits that keep one person from exhausting the portal (README "Security and reliability").
UPLOAD_MAX_FILES_PER_REQUEST = env.int("UPLOAD_MAX_FILES_PER_REQUEST", default=10)
DATA_UPLOAD_MAX_NUMBER_FILES = UPLOAD_MAX_FILES_PER_REQUEST
MAX_REQUEST_BYTES = env.int(
    "MAX_REQUEST_BYTES", default=UPLOAD_MAX_BYTES * UPLOAD_MAX_FILES_PER_REQUEST + 2 * 1024 * 1024
)
UPLOAD_MAX_BYTES_PER_ENTERPRISE_DAY = env.int(
    "UPLOAD_MAX_BYTES_PER_ENTERPRISE_DAY", default=500 * 1024 * 1024
)
UPLOAD_MAX_PIXELS = env.int("UPLOAD_MAX_PIXELS", default=50_000_000)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"

# E-mail: EMAIL_URL (smtp://user:pass@host:587 with ?ssl / ?tls, consolemail://, filemail://path).
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="ULE Portal <noreply@ule-portal.local>")
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000")

# Celery: Redis broker in production and tests; `make run` uses kombu's filesystem transport.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_BROKER_TRANSPORT_OPTIONS = {}
CELERY_TASK_IGNORE_RESULT = True
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_ENABLE_UTC = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# The schedule lives in code; exactly one beat runs (compose service "beat", or `make run`).
CELERY_BEAT_SCHEDULE: dict = {
    # Safety net of the outbox: anything still pending (broker was down, a worker died, the
    # mail server refused) is picked up here, so a lost message only delays delivery.
    "deliver-pending-notifications": {
        "task": "notifications.tasks.deliver_pending",
        "schedule": 60.0,
    },
    # Retrofit milestones: nodes due in 7/3/1 days, missed nodes (weekly while missed),
    # escalation after 7 and 30 days. Found by a sweep over the database, never by ETA messages.
    "retrofits-daily-sweep": {
        "task": "retrofits.tasks.daily_sweep",
        "schedule": crontab(hour=7, minute=30),
    },
    # Rectification deadlines, overdue measures and escalation; verification inspections
    # proposed for completed milestones.
    "inspections-daily-sweep": {
        "task": "inspections.tasks.daily_sweep",
        "schedule": crontab(hour=7, minute=40),
    },
    # Evaluations and ULE-stage claims awaiting the bureau: due, overdue, escalated to the city.
    "acceptance-daily-sweep": {
        "task": "acceptance.tasks.daily_sweep",
        "schedule": crontab(hour=7, minute=50),
    },
    # The weekly snapshot behind the officials' dashboard, Monday morning before the sweeps
    # (idempotent: a second run the same week keeps the first snapshot).
    "dashboards-weekly-snapshot": {
        "task": "dashboards.tasks.weekly_snapshot",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
    },
    # Supervision orders awaiting the enterprise's answer: due, overdue, escalated.
    "dashboards-daily-sweep": {
        "task": "dashboards.tasks.daily_sweep",
        "schedule": crontab(hour=7, minute=55),
    },
    # Gate-ledger imports whose task was lost (broker down) or whose worker died: queued again.
    "transport-sweep-imports": {
        "task": "transport.tasks.sweep_imports",
        "schedule": 600.0,
    },
    # The share rules each enterprise's last 13 months missed, judged again (thresholds edited
    # in the admin, months imported late) before the vehicle exhaust staff open their queue.
    "transport-share-misses": {
        "task": "transport.tasks.refresh_share_misses",
        "schedule": crontab(hour=6, minute=45),
    },
    # One digest per person per day for the non-urgent items, in the morning (Asia/Shanghai).
    "send-daily-digests": {
        "task": "notifications.tasks.send_daily_digests",
        "schedule": crontab(hour=8, minute=0),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # WeasyPrint tells every step of every PDF (the weekly bulletins) at INFO
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

ULE_DEMO_PASSWORD = env("ULE_DEMO_PASSWORD", default="ule-demo-2025")
# A node's actual date further back than this many days needs a recorded reason (acceptance).
ACCEPTANCE_LATE_ENTRY_DAYS = env.int("ACCEPTANCE_LATE_ENTRY_DAYS", default=7)
# Days the bureau has to review an evaluation or confirm a claim before reminders (acceptance).
ACCEPTANCE_REVIEW_DAYS = env.int("ACCEPTANCE_REVIEW_DAYS", default=15)
NAV_LABEL = _("ULE Portal")
PORTAL_PROVINCE = env("PORTAL_PROVINCE", default="shandong")
# Dates a person may type (core.dates): from this day to today + this many years.
PLAUSIBLE_DATE_MIN = env("PLAUSIBLE_DATE_MIN", default="2000-01-01")  # ISO date
PLAUSIBLE_DATE_YEARS_AHEAD = env.int("PLAUSIBLE_DATE_YEARS_AHEAD", default=20)
AXES_VERBOSE = False
