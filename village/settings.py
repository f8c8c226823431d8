"""Village settings: one module, driven by environment variables.

Every value that may differ between a laptop, CI and production is read from the
environment here, and a bad value stops start-up with a message naming the variable.
See docs/operations.md for the full list.
"""

from __future__ import annotations

import os
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VILLAGE_VAR_DIR", BASE_DIR / "var"))


def env_str(name: str, default: str | None = None) -> str:
    value = os.environ.get(name, default)
    if value is None or value == "":
        raise ImproperlyConfigured(f"Environment variable {name} must be set.")
    return value


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"Environment variable {name} must be one of 1/0/true/false/yes/no/on/off, not {raw!r}.")


def env_int(name: str, default: int, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name} must be a whole number, not {raw!r}.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"Environment variable {name} must be at least {minimum}, not {value}.")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# "development" (make run), "test" (the suite) or "production".
VILLAGE_ENV = os.environ.get("VILLAGE_ENV", "development")
if VILLAGE_ENV not in {"development", "test", "production"}:
    raise ImproperlyConfigured(
        f"Environment variable VILLAGE_ENV must be development, test or production, not {VILLAGE_ENV!r}."
    )
PRODUCTION = VILLAGE_ENV == "production"

DEBUG = env_bool("VILLAGE_DEBUG", default=VILLAGE_ENV == "development")
if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY")
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("Environment variable SECRET_KEY must be at least 50 characters long.")
    if DEBUG:
        raise ImproperlyConfigured("Environment variable VILLAGE_DEBUG must be off in production.")
else:
    SECRET_KEY = os.environ.get("SECRET_KEY", "insecure-local-development-key-never-used-in-production-0123456789")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1],testserver")
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS must list the host names Village is served on.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")


def env_site_url(name: str, default: str) -> str:
    """The address people open Village at, as links in messages need it (a mail has no page to be
    relative to): scheme, host and an optional port, nothing after; https in production."""
    value = (os.environ.get(name) or default).strip().rstrip("/")
    if not value:
        raise ImproperlyConfigured(f"Environment variable {name} must be set in production (https://...).")
    parts = urlsplit(value)
    try:
        parts.port  # noqa: B018 (an invalid port raises here)
    except ValueError:
        raise ImproperlyConfigured(f"Environment variable {name} has an invalid port: {value!r}.") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ImproperlyConfigured(
            f"Environment variable {name} must be an http(s) address such as https://village.example.org, "
            f"not {value!r}."
        )
    if PRODUCTION and parts.scheme != "https":
        raise ImproperlyConfigured(
            f"Environment variable {name} must start with https:// in production, not {value!r}."
        )
    return value


# Links in messages start with this (village.lib.links.absolute_url).
VILLAGE_SITE_URL = env_site_url(
    "VILLAGE_SITE_URL",
    {"development": "http://127.0.0.1:8000", "test": "http://testserver"}.get(VILLAGE_ENV, ""),
)

# --- Database ------------------------------------------------------------------------

if VILLAGE_ENV == "test":
    # The suite runs on in-memory SQLite, or on PostgreSQL when CI names one.
    _db_url = os.environ.get("VILLAGE_TEST_DATABASE_URL") or "sqlite://:memory:"
else:
    _default_db_url = f"sqlite:///{VAR_DIR / 'village.sqlite3'}"
    _db_url = os.environ.get("DATABASE_URL", "" if PRODUCTION else _default_db_url)
if not _db_url:
    raise ImproperlyConfigured("Environment variable DATABASE_URL must be set in production (postgres://...).")
try:
    _db: dict[str, Any] = dict(dj_database_url.parse(_db_url, conn_max_age=env_int("DB_CONN_MAX_AGE", 60)))
except ValueError as exc:
    raise ImproperlyConfigured(f"Environment variable DATABASE_URL is not a valid database URL: {exc}") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the task worker read while the other writes.
    _db["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
    _db["CONN_MAX_AGE"] = 0
    if PRODUCTION:
        raise ImproperlyConfigured("Environment variable DATABASE_URL must point to PostgreSQL in production.")
elif _db["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Environment variable DATABASE_URL must be a sqlite:// or postgres:// URL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Applications --------------------------------------------------------------------

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "django_tasks_db",
    "simple_history",
    "leaflet",
    "anymail",
    "rules.apps.AutodiscoverRulesConfig",
    "village.lib",
    "village.audit",
    "village.orgs",
    "village.transit",
    "village.accounts",
    "village.families",
    "village.directory",
    "village.messaging",
    "village.referrals",
    "village.matching",
    "village.partnerships",
    "village.indicators",
    "village.events",
    "village.community",
    "village.voice",
    "village.governance",
    "village.reports",
    "village.home",
    "village.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "village.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "village.accounts.middleware.RequireMFAMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "village.urls"
WSGI_APPLICATION = "village.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "village.lib.context_processors.village",
            ],
        },
    }
]

# --- People and sign-in --------------------------------------------------------------

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    # Argon2id at OWASP's minimum (m=19 MiB, t=2, p=1): see village/accounts/hashers.py.
    "village.accounts.hashers.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "village.messaging.adapter.MessagingAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGIN_BY_CODE_ENABLED = True
ACCOUNT_LOGIN_BY_CODE_TIMEOUT = 15 * 60
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Village: "
# Failed sign-ins: at most 10 a minute from one address, and LIMIT per account in TIMEOUT seconds.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,{limit}/{timeout}s/key".format(
        limit=env_int("VILLAGE_LOGIN_ATTEMPTS_LIMIT", 5, minimum=1),
        timeout=env_int("VILLAGE_LOGIN_ATTEMPTS_TIMEOUT", 300, minimum=1),
    ),
}
# Client addresses (rate limits, agreement signatures): behind N reverse proxies, the
# address is the Nth from the right in X-Forwarded-For; 0 trusts only the socket.
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("VILLAGE_TRUSTED_PROXY_COUNT", 0)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Village"
MFA_RECOVERY_CODE_COUNT = 10
# Addresses are entered by the district or the roster sync, not self-registered, so an
# unconfirmed address must not stop a coordinator from turning on two-step sign-in.
MFA_ALLOW_UNVERIFIED_EMAIL = True

# Staff and partner roles must enrol TOTP before they see anything. The local demo may
# relax this (make run does); production refuses to start with it relaxed.
VILLAGE_MFA_REQUIRED = env_bool("VILLAGE_MFA_REQUIRED", default=True)
if PRODUCTION and not VILLAGE_MFA_REQUIRED:
    raise ImproperlyConfigured("Environment variable VILLAGE_MFA_REQUIRED cannot be off in production.")

# --- Languages -----------------------------------------------------------------------

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("vi", "Tiếng Việt"),
    ("zh-hans", "简体中文"),
]
# Every string in these languages must be translated (tests/test_translations.py).
VILLAGE_REQUIRED_LANGUAGES = [code for code, _name in LANGUAGES]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "village_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_I18N = True
# One unambiguous date format per language (month named): village/formats/.
FORMAT_MODULE_PATH = ["village.formats"]
USE_TZ = True
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Chicago")

# --- Static files, email, cache, tasks -----------------------------------------------

STATIC_URL = "/static/"
# collectstatic fills STATIC_ROOT in production; elsewhere WhiteNoise serves straight from the apps.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static")) if PRODUCTION else None
WHITENOISE_USE_FINDERS = not PRODUCTION
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": VAR_DIR / "media"}},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Village <no-reply@village.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
_email_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if PRODUCTION else "village.lib.mail.ReadableFileBackend",
)
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options: dict[str, Any] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 25),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", default=False),
    }
elif _email_backend.endswith(("filebased.EmailBackend", "ReadableFileBackend")):
    # make run writes mail to var/mail/ so sign-in codes and reset links can be read there.
    _email_options = {"file_path": str(VAR_DIR / "mail")}
else:
    _email_options = {}
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}

# Text messages (village.messaging.sms): "file" writes each text to var/sms/ (the default outside
# production, and in tests); "twilio" sends through Twilio's API with the account's SID and auth
# token, from a messaging service (preferred) or a from-number. Twilio signs its callbacks with the
# auth token; VILLAGE_SITE_URL must be the address Twilio calls, as it signs that URL.
# In production without a Twilio account texts are off ("off"): families who chose text get email.
_default_sms = ("twilio" if os.environ.get("TWILIO_ACCOUNT_SID") else "off") if PRODUCTION else "file"
VILLAGE_SMS_BACKEND = os.environ.get("VILLAGE_SMS_BACKEND", _default_sms)
if VILLAGE_SMS_BACKEND not in {"file", "twilio", "off"}:
    raise ImproperlyConfigured(f"VILLAGE_SMS_BACKEND must be file, twilio or off, not {VILLAGE_SMS_BACKEND!r}.")
VILLAGE_SMS_DIR = VAR_DIR / "sms"
TWILIO_ACCOUNT_SID = os.environ.get("TWILIO_ACCOUNT_SID", "")
TWILIO_AUTH_TOKEN = os.environ.get("TWILIO_AUTH_TOKEN", "")
TWILIO_MESSAGING_SERVICE_SID = os.environ.get("TWILIO_MESSAGING_SERVICE_SID", "")
TWILIO_FROM_NUMBER = os.environ.get("TWILIO_FROM_NUMBER", "")
if VILLAGE_SMS_BACKEND == "twilio" and not (
    TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN and (TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER)
):
    raise ImproperlyConfigured(
        "The twilio text backend needs TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and either "
        "TWILIO_MESSAGING_SERVICE_SID or TWILIO_FROM_NUMBER."
    )
# The country a phone number without +country code is read in (ISO 3166 alpha-2).
VILLAGE_SMS_DEFAULT_REGION = os.environ.get("VILLAGE_SMS_DEFAULT_REGION", "US")
# What one segment costs, for the outbox's estimate (in VILLAGE_SMS_CURRENCY).
try:
    VILLAGE_SMS_SEGMENT_COST = Decimal(env_str("VILLAGE_SMS_SEGMENT_COST", "0.0083"))
except InvalidOperation as _bad_cost:
    raise ImproperlyConfigured("VILLAGE_SMS_SEGMENT_COST must be a number such as 0.0083.") from _bad_cost
VILLAGE_SMS_CURRENCY = os.environ.get("VILLAGE_SMS_CURRENCY", "USD")
# A delivery "being sent" for longer than this was claimed by a worker that stopped: see
# messaging.actions.reconcile_sending (manage.py reconcile_deliveries).
VILLAGE_SENDING_TIMEOUT_MINUTES = env_int("VILLAGE_SENDING_TIMEOUT_MINUTES", 10, minimum=1)

# Replies to conversation emails (village.messaging.replies): when the district's email provider
# passes received mail to Village, VILLAGE_INBOUND_EMAIL_DOMAIN is the domain its inbound route
# receives (conversation emails then carry a Reply-To address at it), and the provider posts each
# email to /anymail/<provider>/inbound/ (django-anymail) with ANYMAIL_WEBHOOK_SECRET
# ("user:password") as HTTP basic auth; a request without it is refused. Unset: no reply address,
# families answer on the web, and the webhooks are not mounted.
VILLAGE_INBOUND_EMAIL_DOMAIN = os.environ.get("VILLAGE_INBOUND_EMAIL_DOMAIN", "").strip().lower()
_anymail_secret = os.environ.get("ANYMAIL_WEBHOOK_SECRET", "anymail:test-secret" if VILLAGE_ENV == "test" else "")
if VILLAGE_INBOUND_EMAIL_DOMAIN and ":" not in _anymail_secret:
    raise ImproperlyConfigured(
        "VILLAGE_INBOUND_EMAIL_DOMAIN needs ANYMAIL_WEBHOOK_SECRET, a user:password pair your email provider "
        "sends with each inbound webhook."
    )
ANYMAIL = {"WEBHOOK_SECRET": _anymail_secret}

# Login throttling counts must be shared by every web process: the database cache is
# shared without another service to run.
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "village_cache"}
        if PRODUCTION
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

TASKS: dict[str, Any] = {
    "default": {
        "BACKEND": os.environ.get(
            "VILLAGE_TASKS_BACKEND",
            "django.tasks.backends.immediate.ImmediateBackend"
            if VILLAGE_ENV == "test"
            else "django_tasks_db.DatabaseBackend",
        ),
        "QUEUES": ["default"],
    }
}

# --- Security --------------------------------------------------------------------------

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO" if PRODUCTION else "WARNING")},
}

# --- Village ---------------------------------------------------------------------------

# Public outputs suppress counts and rates about fewer students than this.
VILLAGE_SMALL_N = env_int("VILLAGE_SMALL_N", 10, minimum=1)
# Answers one client (a hashed address) may send to one open-link anonymous survey per hour.
VILLAGE_SURVEY_ANSWERS_PER_HOUR = env_int("VILLAGE_SURVEY_ANSWERS_PER_HOUR", 5, minimum=1)
# RSVPs one client (a hashed address) may send without an account per hour, across events.
VILLAGE_EVENT_RSVPS_PER_HOUR = env_int("VILLAGE_EVENT_RSVPS_PER_HOUR", 10, minimum=1)

# Uploads (directory files, rosters, indicator and partnership files): the most one upload may
# weigh, and for a zip (or an Excel workbook) how many files and how many megabytes it may unpack to.
VILLAGE_UPLOAD_MAX_MB = env_int("VILLAGE_UPLOAD_MAX_MB", 20, minimum=1)
VILLAGE_UPLOAD_MAX_EXPANDED_MB = env_int("VILLAGE_UPLOAD_MAX_EXPANDED_MB", 200, minimum=1)
VILLAGE_UPLOAD_MAX_FILES = env_int("VILLAGE_UPLOAD_MAX_FILES", 200, minimum=1)

# The load harness (python -m bench.load) turns this on for its own server: it mounts a do-nothing
# view at /bench/floor/ and counts each request's queries into a header (village/lib/bench.py).
VILLAGE_BENCH = env_bool("VILLAGE_BENCH", default=False)
if VILLAGE_BENCH:
    MIDDLEWARE.insert(0, "village.lib.bench.QueryCountMiddleware")
    # Every client of the harness comes from 127.0.0.1: the per-address sign-in limit would count
    # them all as one person (failed sign-ins stay limited).
    ACCOUNT_RATE_LIMITS["login"] = "100000/m/ip"

# Public report PDFs, rendered once per release and language (village/reports/cache.py).
VILLAGE_REPORTS_DIR = Path(os.environ.get("VILLAGE_REPORTS_DIR", VAR_DIR / "reports"))

# --- Directory (community asset map) ----------------------------------------------------

# Map tiles for the resource finder, e.g. https://tiles.example.org/{z}/{x}/{y}.png (a host
# you run or license; add it to img-src). Empty: markers on a plain background, no tiles.
VILLAGE_MAP_TILE_URL = os.environ.get("VILLAGE_MAP_TILE_URL", "")
if VILLAGE_MAP_TILE_URL:
    SECURE_CSP["img-src"] = [CSP.SELF, "data:", VILLAGE_MAP_TILE_URL.split("/{", 1)[0]]
# Listings not verified for this many days are flagged as stale and their owners reminded.
VILLAGE_STALE_LISTING_DAYS = env_int("VILLAGE_STALE_LISTING_DAYS", 182, minimum=1)
VILLAGE_STALLED_REFERRAL_DAYS = env_int("VILLAGE_STALLED_REFERRAL_DAYS", 7, minimum=1)
# The coverage view counts services within this many kilometres of a school.
VILLAGE_COVERAGE_KM = env_int("VILLAGE_COVERAGE_KM", 5, minimum=1)
# The funding mix warns when one source type exceeds this percentage of a district's funding.
VILLAGE_FUNDING_CONCENTRATION_LIMIT = env_int("VILLAGE_FUNDING_CONCENTRATION_LIMIT", 50, minimum=1)
if VILLAGE_FUNDING_CONCENTRATION_LIMIT > 100:
    raise ImproperlyConfigured(
        "Environment variable VILLAGE_FUNDING_CONCENTRATION_LIMIT must be a percentage, 1 to 100."
    )
