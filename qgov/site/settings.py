"""Django settings for qgov, read from the environment (and a `.env` file in the working directory).

Every deployment difference is an environment variable (shared/contracts/cli.md): the database URL,
the data directory, the ledger key, the secret key, allowed hosts and debug. With nothing set, qgov
runs on an embedded SQLite file under `var/` with a development secret; `QGOV_DEBUG=0` plus a real
`QGOV_SECRET_KEY` and `QGOV_ALLOWED_HOSTS` give settings that pass `manage.py check --deploy`.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url
from dotenv import load_dotenv

load_dotenv(Path.cwd() / ".env")


def _env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


BASE_DIR = Path(__file__).resolve().parent.parent  # the qgov package

# Under pytest (which sets PYTEST_VERSION) everything lives in a fresh temporary folder: tests never
# touch a developer's var/, its database or its ledger key.
TESTING = "PYTEST_VERSION" in os.environ
if TESTING and "QGOV_DATA_DIR" not in os.environ:
    os.environ["QGOV_DATA_DIR"] = tempfile.mkdtemp(prefix="qgov-test-")
DATA_DIR = Path(os.environ.get("QGOV_DATA_DIR", "var")).resolve()
DEBUG = _env_bool("QGOV_DEBUG", default="QGOV_SECRET_KEY" not in os.environ)

_DEV_SECRET = "qgov-development-only-secret-not-for-production-use-0123456789abcdef"
SECRET_KEY = os.environ.get("QGOV_SECRET_KEY", _DEV_SECRET)
if not DEBUG and SECRET_KEY == _DEV_SECRET:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("QGOV_SECRET_KEY must be set when QGOV_DEBUG is off.")

ALLOWED_HOSTS = _env_list("QGOV_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = _env_list("QGOV_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "qgov.core",
    "qgov.ledger",
    "qgov.parties",
    "qgov.screening",
    "qgov.exportcontrol",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "qgov.core.middleware.RequestContextMiddleware",
]

ROOT_URLCONF = "qgov.site.urls"
WSGI_APPLICATION = "qgov.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "site" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "qgov.core.navigation.navigation_context",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("QGOV_DATABASE_URL", f"sqlite:///{DATA_DIR / 'qgov.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=0 if DEBUG else 60, conn_health_checks=True)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE takes the write lock when a transaction starts, so two writers queue on the busy
    # timeout instead of deadlocking on a lock upgrade; WAL lets readers work during a write.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
    }
    # A file, not memory, so that tests with several processes (concurrent ledger writers, the
    # browser's live server) share one test database.
    _db["TEST"] = {"NAME": str(DATA_DIR / "test-qgov.sqlite3")}
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- tasks: a database-backed queue needs no broker; add workers with `qgov worker` ----------
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "QGOV_TASK_BACKEND",
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "django_tasks_db.DatabaseBackend",
        ),
    }
}

# --- auth -----------------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = 8 * 3600

# --- i18n -----------------------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- static files: served by whitenoise from the package, never from a CDN -------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "site" / "static"]
_npm_dist = Path(os.environ.get("QGOV_NODE_MODULES", BASE_DIR.parent / "node_modules"))
if (_npm_dist / "htmx.org" / "dist").is_dir():
    STATICFILES_DIRS.append(("vendor/htmx", str(_npm_dist / "htmx.org" / "dist")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_ROOT = DATA_DIR / "uploads"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 50 * 1024 * 1024

# --- API ------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["qgov.core.api_permissions.RolePermission"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "qgov API",
    "DESCRIPTION": "Governance workbench for quantum technology: parties, screening, export control, ledger.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    # Swagger UI served from the drf-spectacular-sidecar package, not from a CDN (air-gapped sites).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

DJANGO_TABLES2_TEMPLATE = "core/table.html"

# --- screening ------------------------------------------------------------------------------
# The alerting threshold is policy: recorded with every alert and disposition. Empty: the matcher's
# documented default.
if os.environ.get("QGOV_SCREENING_THRESHOLD"):
    QGOV_SCREENING_THRESHOLD = float(os.environ["QGOV_SCREENING_THRESHOLD"])

# --- export control: another rule-pack directory (e.g. packs your counsel maintains) ----------
QGOV_EXPORTCONTROL_RULEPACKS = os.environ.get("QGOV_EXPORTCONTROL_RULEPACKS") or None

# --- the decision ledger ----------------------------------------------------------------------
QGOV_LEDGER_KEY = Path(os.environ.get("QGOV_LEDGER_KEY", DATA_DIR / "ledger.key"))
QGOV_LEDGER_ORIGIN = os.environ.get("QGOV_LEDGER_ORIGIN", "qgov.local/ledger")
QGOV_LEDGER_CHECKPOINT_EVERY = int(os.environ.get("QGOV_LEDGER_CHECKPOINT_EVERY", "100"))
QGOV_LEDGER_CHECKPOINT_SECONDS = int(os.environ.get("QGOV_LEDGER_CHECKPOINT_SECONDS", "300"))
# Personal data stays off the ledger: person snapshots are recorded as keyed digests.
QGOV_LEDGER_DIGEST_KEY = os.environ.get("QGOV_LEDGER_DIGEST_KEY", SECRET_KEY)

# --- production hardening (what `check --deploy` asks for) ------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = _env_bool("QGOV_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("QGOV_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = _env_bool("QGOV_HSTS_PRELOAD", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("QGOV_LOG_LEVEL", "WARNING")},
}
