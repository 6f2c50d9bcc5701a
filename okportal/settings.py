"""Settings of ÖK-portalen, read from the environment.

Defaults are those of a production server; `make run` and `make test` set DEBUG=true and give
the URLs of the embedded servers. A value that cannot be read stops start-up with a message.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

# FileAwareEnv also reads NAME_FILE, for secrets mounted as files in containers.
env = environ.FileAwareEnv()


def env_bool(name: str, default: bool) -> bool:
    value = env.str(name, default=str(default)).strip().lower()
    if value not in {"true", "false", "1", "0", "yes", "no"}:
        raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")
    return value in {"true", "1", "yes"}


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is false")
    SECRET_KEY = "insecure-development-key-only-for-debug-mode-" + "x" * 20

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000").rstrip("/")

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, so that it can add the translation fields there
    "okportal",
    "organisations",
    "dialogues",
    "agreements",
    "search",
    "api",
    "invitations",
    "okportal.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "rules.apps.AutodiscoverRulesConfig",  # each app's rules.py: who may do what
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "simple_history",
    "csp",
    # djangorestframework is used but not installed as an app: its Swedish catalogue would
    # replace Django's wording of the forms' messages on every page (JSON only, no templates).
    "drf_spectacular",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "okportal.page_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "okportal.middleware.RejectNulBytesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "okportal.urls"
WSGI_APPLICATION = "okportal.wsgi.application"
SITE_ID = 1

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# Databases and broker
DATABASES = {"default": env.db_url("DATABASE_URL", default="postgres://localhost/okportal")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A choice field's options are read with .iterator(): through a server-side cursor that costs
# four round trips for a dozen rows (and breaks behind a transaction-pooling PgBouncer).
DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
# A page's queries are short: PostgreSQL's parallel workers cost more to start than they save
# (a count of the directory's filtered rows: 9.2 ms with one, 7.5 ms without) and take the
# core other requests are served on. DATABASE_PARALLEL_WORKERS gives them back to a process
# that does larger work.
_options = DATABASES["default"].setdefault("OPTIONS", {})
_options["options"] = " ".join(filter(None, [
    _options.get("options"),
    f"-c max_parallel_workers_per_gather={env.int('DATABASE_PARALLEL_WORKERS', default=0)}",
]))  # fmt: skip
# Lets two test runs share one server (e.g. two checkouts' suites) without sharing a database.
DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default=None)}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must name a PostgreSQL database")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="redis://localhost:6379/0")
# The cache has a database of its own, so that clearing it never touches the broker's queues
# (`make test` takes another one, so that its clearing never touches `make run`'s cache).
CACHE_URL = env.str(
    "CACHE_URL", default=f"{REDIS_URL.rsplit('/', 1)[0]}/{env.int('CACHE_DB', default=1)}"
)
# A cache server that is gone slows nothing down and breaks nothing: pages are served uncached
# and sign-in's rate limits are counted per process meanwhile (okportal/cache.py says why).
# Sessions are written to the database and read through the cache (SESSION_ENGINE below), never
# kept in the cache alone.
CACHES = {
    "default": {
        "BACKEND": "okportal.cache.ResilientRedisCache",
        "LOCATION": CACHE_URL,
        "KEY_PREFIX": "okportal",
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }
}

CELERY_BROKER_URL = REDIS_URL
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="okportal")
CELERY_IMPORTS = ["okportal.importing.tasks"]
CELERY_TIMEZONE = "Europe/Stockholm"
CELERY_BEAT_SCHEDULE_FILENAME = env.str(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(BASE_DIR / ".local" / "celerybeat-schedule")
)
CELERY_BEAT_SCHEDULE = {
    "send-unsent-mail": {"task": "okportal.tasks.send_due_mail", "schedule": 60.0},
    "prune-mail": {"task": "okportal.tasks.prune_mail", "schedule": 24 * 3600.0},
    "send-reminders": {"task": "invitations.tasks.send_reminders", "schedule": 300.0},
}

# Accounts
AUTH_USER_MODEL = "okportal.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "okportal.auth_backends.PortalModelBackend",
    "okportal.auth_backends.PortalAuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
# URL names, not paths: they are resolved in the language of the page the person came from.
ACCOUNT_LOGOUT_REDIRECT_URL = "home"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[ÖK-portalen] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
LOGIN_REDIRECT_URL = "home"
ACCOUNT_SIGNUP_FORM_CLASS = "okportal.accounts.SignupForm"
ACCOUNT_ADAPTER = "okportal.accounts.AccountAdapter"
# Messages call a person by their name, or by their own address; never by a username.
ACCOUNT_USER_DISPLAY = "okportal.accounts.user_display"
LOGIN_URL = "account_login"

# Languages: Swedish at the root, English under /en/
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Content that is part of the interface (themes, principles, phases) has an English version
# beside the Swedish one; where it is missing, the Swedish one is shown (marked lang="sv").
MODELTRANSLATION_DEFAULT_LANGUAGE = "sv"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("sv",)
MODELTRANSLATION_AUTO_POPULATE = "default"
USE_I18N = True
TIME_ZONE = "Europe/Stockholm"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".local" / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# In DEBUG (make run, make test) static files come straight from the apps and static/.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".local" / "media")

# Open data (/api/): read-only JSON for anybody, no sessions, paged.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "ÖK-portalen open data",
    "DESCRIPTION": "Read-only open data of the regional agreement: organisations, groups and "
    "memberships, meetings with published minutes, dialogue events, the agreement's versions, "
    "principles and signatures. Popolo's field names where they fit.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Mail
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="ÖK-portalen <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = 20
# Sent and failed outbox rows are deleted after this many days.
MAIL_RETENTION_DAYS = env.int("MAIL_RETENTION_DAYS", default=180)
# Where replies to invitations and comments on minutes go; empty: the staff accounts' addresses.
COORDINATORS_EMAIL = env.str("COORDINATORS_EMAIL", default="")
EMAIL_FILE_PATH = env.path("EMAIL_FILE_PATH", default=BASE_DIR / ".local" / "mail")

# Security: safe by default, relaxed only where DEBUG says this is a developer's machine
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Sessions read from the cache, written through to the database (a signed-in page costs no
# query for the session; Django falls back to the database when the cache does not answer).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # container health checks ask over plain HTTP
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
