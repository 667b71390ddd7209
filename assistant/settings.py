"""Consigliere's settings, all read from the environment (see .env.example).

With nothing set, the app runs on an embedded default: SQLite and a filesystem Celery broker
under var/, console email and providers. Setting DATABASE_URL and REDIS_URL moves it onto
PostgreSQL and Redis; setting PUBLIC_BASE_URL to an https:// address turns on the HTTPS-only
protections that `manage.py check --deploy` expects.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import phonenumbers
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from dotenv import load_dotenv

from assistant.env import (
    env_bool,
    env_database,
    env_int,
    env_list,
    env_str,
    env_time_zone,
    env_url,
    redis_url_next_database,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

# A .env file beside manage.py fills in what the real environment does not set.
load_dotenv(BASE_DIR / ".env", override=False)

# --- Core -----------------------------------------------------------------------------------

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it to a long random string (for example the output of "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DEBUG=1 "
            "for a local development run."
        )
    SECRET_KEY = "insecure-development-key-only-used-when-DEBUG-is-on"  # noqa: S105

PORT = env_int("PORT", 8000, minimum=1, maximum=65535)
PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL", f"http://localhost:{PORT}", schemes={"http", "https"})
HTTPS = urlsplit(PUBLIC_BASE_URL).scheme == "https"
_public_host = urlsplit(PUBLIC_BASE_URL).hostname or "localhost"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", sorted({"localhost", "127.0.0.1", "[::1]", _public_host}))
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [PUBLIC_BASE_URL])
for _origin in CSRF_TRUSTED_ORIGINS:
    if urlsplit(_origin).scheme not in {"http", "https"}:
        raise ImproperlyConfigured(
            f"CSRF_TRUSTED_ORIGINS holds {_origin!r}: each origin must start with http:// or "
            "https://, for example https://assistant.example.com."
        )

TIME_ZONE = env_time_zone("TIME_ZONE", "UTC")
# Phone numbers written without a +country code are read as numbers of this region (ISO 3166).
PHONE_DEFAULT_REGION = env_str("PHONE_DEFAULT_REGION", "US").upper()
if PHONE_DEFAULT_REGION not in phonenumbers.SUPPORTED_REGIONS:
    raise ImproperlyConfigured(
        f"PHONE_DEFAULT_REGION={PHONE_DEFAULT_REGION!r} is not a region code such as US, GB or IT."
    )
USE_TZ = True
USE_I18N = True
LANGUAGE_CODE = "en-us"

ROOT_URLCONF = "assistant.urls"
WSGI_APPLICATION = "assistant.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "assistant.User"

# The apps whose tools.py declares tools (assistant.tools.registry.tools_collect), in this order.
TOOL_APPS = ["contacts", "tasks", "messaging", "calendar_sync"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "template_partials",
    "csp",
    "django_celery_beat",
    "assistant",
    "tasks",
    "contacts",
    "calendar_sync",
    "messaging",
    "costs",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "assistant.teams.middleware.CurrentTeamMiddleware",
    "assistant.teams.middleware.HtmxMessagesMiddleware",
    "assistant.inputs.InputMiddleware",  # text no column can hold never reaches a view
    "assistant.outages.OutageMiddleware",  # last: it sees a view's exception first
]

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
                "assistant.teams.context_processors.current_team",
                "assistant.teams.context_processors.pending_approvals",
                "assistant.teams.context_processors.signup",
            ],
        },
    },
    {
        # Words that leave as plain text (SMS, email text parts, call scripts, summaries):
        # the same templates folders, without HTML escaping. Pages escape them when shown.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)  # STATIC_ROOT, filled by collectstatic
DATABASES = {
    "default": env_database("DATABASE_URL", f"sqlite:///{VAR_DIR / 'consigliere.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite is the embedded default: wait for the writer lock instead of failing at once.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}

# --- Redis, cache and Celery ----------------------------------------------------------------

REDIS_URL = env_url("REDIS_URL", "", schemes={"redis", "rediss"})
# The cache gets a Redis database of its own: Django clears a Redis cache with FLUSHDB, which
# would also drop every queued job if the two shared one.
REDIS_CACHE_URL = env_url(
    "REDIS_CACHE_URL", redis_url_next_database(REDIS_URL), schemes={"redis", "rediss"}
)
if REDIS_URL and REDIS_CACHE_URL.rstrip("/") == REDIS_URL.rstrip("/"):
    raise ImproperlyConfigured(
        "REDIS_CACHE_URL must name a different Redis database from REDIS_URL (for example "
        "redis://host:6379/1 for the cache and redis://host:6379/0 for jobs)."
    )

if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_CACHE_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# The longest countdown or ETA any job may use. Redis redelivers an unacknowledged message
# after the visibility timeout, so a longer countdown would run twice (PROMISES.md #8).
CELERY_MAX_COUNTDOWN_SECONDS = 60 * 60
CELERY_VISIBILITY_TIMEOUT_SECONDS = env_int(
    "CELERY_VISIBILITY_TIMEOUT_SECONDS", 3 * 60 * 60, minimum=60
)
if CELERY_VISIBILITY_TIMEOUT_SECONDS <= CELERY_MAX_COUNTDOWN_SECONDS:
    raise ImproperlyConfigured(
        f"CELERY_VISIBILITY_TIMEOUT_SECONDS={CELERY_VISIBILITY_TIMEOUT_SECONDS} must be longer "
        f"than the longest countdown jobs use ({CELERY_MAX_COUNTDOWN_SECONDS} s), or delayed "
        "jobs would be delivered twice."
    )

# A dispatch is a lease: an approved, due action whose job has not claimed it this long after
# it was due is dispatched again by the sweeper (the claim keeps it exactly once). Longer than
# a busy queue's wait, far shorter than the broker's visibility timeout.
DISPATCH_LEASE_SECONDS = env_int("DISPATCH_LEASE_SECONDS", 120, minimum=30)
# A send whose answer never came (a read timeout) is settled by asking the provider this many
# times, this many seconds apart, before it goes to a person (needs_review).
UNKNOWN_OUTCOME_CHECKS = env_int("UNKNOWN_OUTCOME_CHECKS", 6, minimum=1)
UNKNOWN_OUTCOME_CHECK_SECONDS = env_int("UNKNOWN_OUTCOME_CHECK_SECONDS", 5, minimum=0)

_celery_dir = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_RESULT_BACKEND = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": CELERY_VISIBILITY_TIMEOUT_SECONDS}
else:
    # Kombu's filesystem transport: the embedded broker that needs nothing else running.
    CELERY_BROKER_URL = "filesystem://localhost//"
    CELERY_RESULT_BACKEND = f"file://{_celery_dir / 'results'}"
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_celery_dir / "queue"),
        "data_folder_out": str(_celery_dir / "queue"),
        "control_folder": str(_celery_dir / "control"),
        "polling_interval": 0.2,  # seconds between looks at the queue folder
    }
    for _folder in ("queue", "control", "results"):
        (_celery_dir / _folder).mkdir(parents=True, exist_ok=True)
CELERY_BROKER_CONNECTION_TIMEOUT = 5
# Publishing a job tries briefly, then gives up: the decision is already committed and the
# sweeper dispatches what could not be enqueued, so a broker outage never holds a request.
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2,
}  # fmt: skip
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 5 * 60, minimum=10)
CELERY_TASK_SOFT_TIME_LIMIT = CELERY_TASK_TIME_LIMIT - 5
CELERY_TIMEZONE = "UTC"
CELERY_ENABLE_UTC = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = False
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
# The queue jobs go to and workers read: one Redis can carry several installations this way.
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "celery")

# --- Accounts -------------------------------------------------------------------------------

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard"
ACCOUNT_ADAPTER = "assistant.teams.adapters.AccountAdapter"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "none"  # admins create accounts; addresses are known to them
ACCOUNT_ALLOW_SIGNUP = env_bool("ACCOUNT_ALLOW_SIGNUP", False)
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    # Six quick failed sign-ins for one address, or thirty from one address per minute, are
    # refused until the window passes. The Django admin signs in through the same form.
    "login_failed": "30/m/ip,5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Consigliere"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Email ----------------------------------------------------------------------------------

DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Consigliere <assistant@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_URL = env_url("EMAIL_URL", "console://", schemes={"console", "smtp", "smtp+tls", "smtp+ssl"})
_email = urlsplit(EMAIL_URL)
if _email.scheme == "console":
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _email.hostname or "localhost"
    EMAIL_PORT = _email.port or {"smtp": 25, "smtp+tls": 587, "smtp+ssl": 465}[_email.scheme]
    EMAIL_HOST_USER = _email.username or ""
    EMAIL_HOST_PASSWORD = _email.password or ""
    EMAIL_USE_TLS = _email.scheme == "smtp+tls"
    EMAIL_USE_SSL = _email.scheme == "smtp+ssl"
EMAIL_TIMEOUT = 10  # seconds to connect to the mail server and for each of its answers

# --- Providers ------------------------------------------------------------------------------

# Which provider carries each channel; "console" sends nothing and shows messages in the Outbox.
MESSAGING_PROVIDERS = {
    channel: env_str(f"{channel.upper()}_PROVIDER", "console")
    for channel in ("sms", "email", "call")
}

# Twilio (SMS_PROVIDER=twilio, CALL_PROVIDER=twilio): the account, the default sender (a
# number, or a Messaging Service), and the API's address (tests point it at a local fake).
TWILIO_ACCOUNT_SID = env_str("TWILIO_ACCOUNT_SID")
TWILIO_AUTH_TOKEN = env_str("TWILIO_AUTH_TOKEN")
TWILIO_FROM_NUMBER = env_str("TWILIO_FROM_NUMBER")
TWILIO_MESSAGING_SERVICE_SID = env_str("TWILIO_MESSAGING_SERVICE_SID")
TWILIO_API_BASE_URL = env_url(
    "TWILIO_API_BASE_URL", "https://api.twilio.com", schemes={"http", "https"}
)
TWILIO_CONNECT_TIMEOUT_SECONDS = env_int("TWILIO_CONNECT_TIMEOUT_SECONDS", 5, minimum=1)
TWILIO_READ_TIMEOUT_SECONDS = env_int("TWILIO_READ_TIMEOUT_SECONDS", 15, minimum=1)
# How calls speak: a Twilio <Say> voice (e.g. Polly.Joanna) and language.
TWILIO_VOICE = env_str("TWILIO_VOICE", "Polly.Joanna")
TWILIO_VOICE_LANGUAGE = env_str("TWILIO_VOICE_LANGUAGE", "en-US")

# --- Planners -------------------------------------------------------------------------------

# Which planner turns requests into tool calls: "offline" (rules, no network) or "openai"
# (tool calling; falls back to offline when the LLM is unavailable). Default: openai when
# OPENAI_API_KEY is set, else offline.
OPENAI_API_KEY = env_str("OPENAI_API_KEY")
PLANNER = env_str("PLANNER", "openai" if OPENAI_API_KEY else "offline")
if PLANNER not in {"offline", "openai"}:
    raise ImproperlyConfigured(f"PLANNER={PLANNER!r} must be offline or openai.")
# Any OpenAI-compatible server works (a local model too): its base URL, model and limits.
OPENAI_BASE_URL = env_url("OPENAI_BASE_URL", "https://api.openai.com/v1", schemes={"http", "https"})
OPENAI_MODEL = env_str("OPENAI_MODEL", "gpt-4o-mini")
# The Ask box waits for the plan: at most about timeout x (retries + 1) before falling back.
OPENAI_TIMEOUT_SECONDS = env_int("OPENAI_TIMEOUT_SECONDS", 15, minimum=1)
OPENAI_MAX_RETRIES = env_int("OPENAI_MAX_RETRIES", 1, minimum=0)

# --- Static files ---------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves straight from the finders, so no collectstatic step is needed to run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# --- Security -------------------------------------------------------------------------------

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "assistant.approvals.views.csrf_failure"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Every response carries a Content Security Policy; scripts need the per-request nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# --- Logging --------------------------------------------------------------------------------

LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"LOG_LEVEL={LOG_LEVEL!r} is not a level: use DEBUG, INFO, WARNING, ERROR or CRITICAL."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}
