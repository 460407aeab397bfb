"""OneStop settings: one module, configured only through documented environment variables.

Defaults are secure (production). ``ONESTOP_ENV=development`` relaxes them for the local demo.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from onestop.core.config import env

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent.parent

ENVIRONMENT = env(
    "ONESTOP_ENV",
    "production",
    help="production (secure defaults, required secrets) or development (local demo over plain HTTP).",
)
if ENVIRONMENT not in {"production", "development"}:
    raise ImproperlyConfigured(f"ONESTOP_ENV must be production or development, not {ENVIRONMENT!r}")
DEVELOPMENT = ENVIRONMENT == "development"

VAR_DIR = Path(
    env(
        "ONESTOP_VAR_DIR", str(PROJECT_DIR / "var"), help="Directory for the SQLite database and media files."
    )
)

DEBUG = env("ONESTOP_DEBUG", DEVELOPMENT, help="Show Django debug pages. Never enable in production.")

_secret = env("ONESTOP_SECRET_KEY", None, help="Django secret key. Required in production.")
if _secret is None:
    if not DEVELOPMENT:
        raise ImproperlyConfigured("ONESTOP_SECRET_KEY is required when ONESTOP_ENV=production")
    _secret = "development-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = _secret

ALLOWED_HOSTS = env(
    "ONESTOP_ALLOWED_HOSTS",
    ["127.0.0.1", "localhost"] if DEVELOPMENT else [],
    help="Comma-separated host names this server answers to.",
)
CSRF_TRUSTED_ORIGINS = env(
    "ONESTOP_CSRF_TRUSTED_ORIGINS", [], help="Comma-separated origins (https://host) trusted for POSTs."
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "onestop.core",
    "onestop.accounts",
    "onestop.organizations",
    "onestop.workdays",
    "onestop.catalog",
    "onestop.dossiers",
    "onestop.datastore",
    "onestop.printing",
    "onestop.signing",
    "onestop.payments",
    "onestop.indicators",
    "onestop.notifications",
    "onestop.community",
    "onestop.portal",
    "onestop.backoffice",
    "onestop.api",
    "onestop.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "onestop.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "onestop.organizations.scope.RequestPostsMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "onestop.urls"
WSGI_APPLICATION = "onestop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "onestop.core.context_processors.site_urls",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env(
            "DATABASE_URL",
            f"sqlite:///{VAR_DIR / 'onestop.sqlite3'}",
            help="Database URL, e.g. postgres://user:pass@host:5432/onestop. Default: SQLite under var/.",
        ),
        conn_max_age=env("ONESTOP_DB_CONN_MAX_AGE", 60, help="Seconds to keep database connections open."),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server and the worker use the file at the same time.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:home"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env("ONESTOP_LOGIN_FAILURE_LIMIT", 5, help="Failed logins before a temporary lockout.")
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_ENABLED = env("ONESTOP_LOGIN_THROTTLING", True, help="Lock out repeated failed logins (django-axes).")

OTP_TOTP_ISSUER = "OneStop"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
# Production serves files collected into STATIC_ROOT; development serves them from the apps directly.
STATIC_ROOT = None if DEVELOPMENT else VAR_DIR / "static"
WHITENOISE_USE_FINDERS = DEVELOPMENT
WHITENOISE_AUTOREFRESH = DEVELOPMENT
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEVELOPMENT
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Per process: the unit tree, calendars, index settings and dashboards, each keyed on a version its writers
# raise. Django's default keeps only 300 entries, fewer than one province's cached dashboards.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {
            "MAX_ENTRIES": env(
                "ONESTOP_CACHE_ENTRIES", 5000, help="Entries kept in each web process's in-memory cache."
            )
        },
    }
}

TASKS = {
    "default": {
        "BACKEND": env(
            "ONESTOP_TASKS_BACKEND",
            "django_tasks_db.DatabaseBackend",
            help="django-tasks backend; the database backend needs the `onestop db_worker` process.",
        ),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = env(
    "ONESTOP_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend",
    help="Django e-mail backend.",
)
EMAIL_HOST = env("ONESTOP_EMAIL_HOST", "localhost", help="SMTP host.")
EMAIL_PORT = env("ONESTOP_EMAIL_PORT", 25, help="SMTP port.")
DEFAULT_FROM_EMAIL = env("ONESTOP_FROM_EMAIL", "onestop@localhost", help="Sender address of notices.")

# Security: secure by default; development only relaxes what plain-HTTP localhost needs.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEVELOPMENT:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env("ONESTOP_SSL_REDIRECT", True, help="Redirect plain HTTP to HTTPS.")
    SECURE_HSTS_SECONDS = env("ONESTOP_HSTS_SECONDS", 31_536_000, help="HSTS max-age in seconds.")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env("ONESTOP_API_ANON_RATE", "120/min", help="Anonymous API rate limit.")
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OneStop API",
    "DESCRIPTION": "Public and staff API of OneStop (Một cửa điện tử).",
    "VERSION": "1",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("ONESTOP_LOG_LEVEL", "INFO", help="Root log level.")},
}

ONESTOP_PUBLIC_URL = env(
    "ONESTOP_PUBLIC_URL",
    "http://127.0.0.1:8000",
    help="Public address of the site, used in notices and QR codes.",
)
ONESTOP_SMS_GATEWAY_URL = env("ONESTOP_SMS_GATEWAY_URL", "", help="HTTP SMS gateway endpoint (JSON POST).")
ONESTOP_SMS_GATEWAY_TOKEN = env("ONESTOP_SMS_GATEWAY_TOKEN", "", help="Bearer token for the SMS gateway.")
ONESTOP_SMS_RECEIPT_URL = env(
    "ONESTOP_SMS_RECEIPT_URL", "", help="Public URL of /notifications/sms/receipt given to the gateway."
)
ONESTOP_SMS_RECEIPT_TOKEN = env(
    "ONESTOP_SMS_RECEIPT_TOKEN", "", help="Shared secret the gateway sends with delivery receipts."
)

ONESTOP_SIGNING_KEY_DIR = env(
    "ONESTOP_SIGNING_KEY_DIR",
    str(VAR_DIR / "signing-keys"),
    help="Directory of the PKCS#12 signing keys (outside MEDIA_ROOT, mode 0700).",
)
ONESTOP_SIGNING_TSA_URL = env(
    "ONESTOP_SIGNING_TSA_URL",
    "",
    help="RFC 3161 timestamp authority URL; empty: the demo's local TSA certificate if there is one.",
)

ONESTOP_PAYMENT_PAY_URL = env(
    "ONESTOP_PAYMENT_PAY_URL",
    "http://127.0.0.1:8100/paymentv2/vpcpay.html",
    help="Payment page of the gateway (redirect protocol); default: the sandbox (`onestop payment-sandbox`).",
)
ONESTOP_PAYMENT_API_URL = env(
    "ONESTOP_PAYMENT_API_URL", "http://127.0.0.1:8100", help="Base URL of the gateway's query API."
)
ONESTOP_PAYMENT_MERCHANT = env("ONESTOP_PAYMENT_MERCHANT", "ONESTOP1", help="Merchant code (vnp_TmnCode).")
ONESTOP_PAYMENT_SECRET = env(
    "ONESTOP_PAYMENT_SECRET",
    "ONESTOPSANDBOXSECRET" if DEVELOPMENT else "",
    help="HMAC-SHA512 secret shared with the gateway (required in production to take payments online).",
)
ONESTOP_PAYMENT_TIMEOUT = env("ONESTOP_PAYMENT_TIMEOUT", 10, help="Seconds to wait for the gateway's API.")
ONESTOP_VIETQR_BANK_BIN = env(
    "ONESTOP_VIETQR_BANK_BIN", "970415", help="NAPAS BIN of the fee account's bank."
)
ONESTOP_VIETQR_ACCOUNT = env(
    "ONESTOP_VIETQR_ACCOUNT", "0000000000", help="Bank account receiving fees by transfer (VietQR)."
)

# Working calendar defaults (domain.md "Time limits and the working calendar").
ONESTOP_DEMO_TOTP_KEY = env(
    "ONESTOP_DEMO_TOTP_KEY",
    "3132333435363738393031323334353637383930",
    help="Hex TOTP key given to demo staff by load-demo (demo only).",
)
