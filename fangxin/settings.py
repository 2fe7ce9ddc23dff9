"""Django settings for Fangxin, read from the environment (see README, "Configuration").

Safe defaults: debug off, SQLite under var/, a secret key generated into var/ on first use.
"""

import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("FANGXIN_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _secret_key() -> str:
    """Take the key from the environment, else from var/secret_key, creating it once."""
    if key := os.environ.get("FANGXIN_SECRET_KEY"):
        return key
    path = VAR_DIR / "secret_key"
    if path.exists():
        return path.read_text().strip()
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # O_EXCL: two processes starting at once must not each write a different key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as handle:
        handle.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("FANGXIN_DEBUG")
ALLOWED_HOSTS = env_list("FANGXIN_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("FANGXIN_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "auditlog",
    "axes",
    "csp",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "fangxin.core",
    "fangxin.registry",
    "fangxin.programme",
    "fangxin.selfcheck",
    "fangxin.supervision",
    "fangxin.complaints",
    "fangxin.monitoring",
    "fangxin.ratings",
    "fangxin.evaluation",
    "fangxin.titles",
    "fangxin.oversight",
    "fangxin.disclosure",
    "captcha",
    "django_ratelimit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "fangxin.core.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "fangxin.core.middleware.PrivateAnswersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must come last: it turns a lockout into its response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "fangxin.urls"
WSGI_APPLICATION = "fangxin.wsgi.application"

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
                "fangxin.core.context_processors.navigation",
                "fangxin.disclosure.context_processors.public_site",
            ],
        },
    }
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'fangxin.sqlite3'}",
        conn_max_age=int(os.environ.get("FANGXIN_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers proceed while a writer commits; busy timeout waits out short locks.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # JIT compilation cost more than it saved on the list queries (benchmarks/operator_list.py:
    # 1032 ms → 215 ms for a licence-problem page at 100,000 operators).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Login lockout: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("FANGXIN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("FANGXIN_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("FANGXIN_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if env_bool("FANGXIN_PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Tests and `runserver` serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = env_bool("FANGXIN_PLAIN_STATIC")

# Security headers. HTTPS-only cookies and HSTS switch on behind TLS (FANGXIN_HTTPS=1).
HTTPS = env_bool("FANGXIN_HTTPS")
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("FANGXIN_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
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

# Email: console by default so nothing leaves the machine until an SMTP host is configured.
EMAIL_HOST = os.environ.get("FANGXIN_EMAIL_HOST", "")
EMAIL_BACKEND = os.environ.get(
    "FANGXIN_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_PORT = int(os.environ.get("FANGXIN_EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("FANGXIN_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("FANGXIN_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env_bool("FANGXIN_EMAIL_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("FANGXIN_EMAIL_FROM", "fangxin@localhost")

# Background work runs inline unless a broker is configured (see fangxin.core.background).
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TIMEZONE = TIME_ZONE

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "fangxin.core.api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON bodies must be objects (a list or string body was a 500); forms as DRF's default.
    "DEFAULT_PARSER_CLASSES": [
        "fangxin.core.api.parsers.ObjectJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "fangxin.core.api.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "fangxin.core.api.filtering.FilterBackend",
        "rest_framework.filters.OrderingFilter",
        "rest_framework.filters.SearchFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "fangxin.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "fangxin.core.api.errors.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # Behind the reverse proxy of the public site, the client is the address this many hops
    # from the right of X-Forwarded-For (the open data's rate limit counts per client).
    "NUM_PROXIES": int(os.environ["FANGXIN_NUM_PROXIES"])
    if os.environ.get("FANGXIN_NUM_PROXIES")
    else None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Fangxin API",
    "DESCRIPTION": "Trusted e-commerce programme: registry, supervision, evaluation, disclosure.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
}

# The open-data API (/api/v1/public/…, fangxin.core.api.opendata): requests per client address
# (DRF rate: N/second|minute|hour|day; empty: no limit), the largest page, the largest page of
# a CSV/XLSX download, and how long a shared cache may keep an answer (seconds).
FANGXIN_PUBLIC_API_RATE = os.environ.get("FANGXIN_PUBLIC_API_RATE", "120/minute")
FANGXIN_OPEN_DATA_MAX_PAGE_SIZE = int(os.environ.get("FANGXIN_OPEN_DATA_MAX_PAGE_SIZE", "100"))
FANGXIN_OPEN_DATA_DOWNLOAD_MAX = int(os.environ.get("FANGXIN_OPEN_DATA_DOWNLOAD_MAX", "5000"))
FANGXIN_OPEN_DATA_MAX_AGE = int(os.environ.get("FANGXIN_OPEN_DATA_MAX_AGE", "60"))

AUDITLOG_INCLUDE_ALL_MODELS = False

# Counters for rate limits live in the cache. The default (memory) is per process: with N
# gunicorn workers a limit is N times looser. Set FANGXIN_CACHE_URL (redis://…) to share it.
if cache_url := os.environ.get("FANGXIN_CACHE_URL", ""):
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": cache_url}
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# django-ratelimit only knows memcached and django-redis; the memory cache is our documented
# one-process default and Django's own Redis cache increments atomically too.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# Titles (称号): the certificate number's prefix (CXFX-<year>-<NNNN>), the public notice's
# default period in working days, the validity in years, the re-evaluation deadline, and the
# public address a printed certificate's QR code links to (empty: the request's own host).
FANGXIN_CERTIFICATE_PREFIX = os.environ.get("FANGXIN_CERTIFICATE_PREFIX", "CXFX")
FANGXIN_TITLE_NOTICE_WORKING_DAYS = int(os.environ.get("FANGXIN_TITLE_NOTICE_WORKING_DAYS", "5"))
FANGXIN_TITLE_VALID_YEARS = int(os.environ.get("FANGXIN_TITLE_VALID_YEARS", "1"))
FANGXIN_REEVALUATION_WORKING_DAYS = int(os.environ.get("FANGXIN_REEVALUATION_WORKING_DAYS", "10"))
FANGXIN_PUBLIC_BASE_URL = os.environ.get("FANGXIN_PUBLIC_BASE_URL", "")
# A credit listing removed (credit repair) before the day asked no longer counts as a veto.
FANGXIN_CREDIT_REMOVAL_LIFTS = os.environ.get("FANGXIN_CREDIT_REMOVAL_LIFTS", "1") != "0"
# Public complaint intake: submissions per IP and per phone number (django-ratelimit rates).
FANGXIN_COMPLAINT_RATE_IP = os.environ.get("FANGXIN_COMPLAINT_RATE_IP", "10/h")
FANGXIN_COMPLAINT_RATE_PHONE = os.environ.get("FANGXIN_COMPLAINT_RATE_PHONE", "5/d")
FANGXIN_COMPLAINT_TRACK_RATE_IP = os.environ.get("FANGXIN_COMPLAINT_TRACK_RATE_IP", "30/h")
# Suggestions from the public (the public site's 意见建议 form): accepted per IP.
FANGXIN_SUGGESTION_RATE_IP = os.environ.get("FANGXIN_SUGGESTION_RATE_IP", "5/h")
# Looking up one's own suggestion by its tracking code: guesses per client address.
FANGXIN_SUGGESTION_TRACK_RATE_IP = os.environ.get("FANGXIN_SUGGESTION_TRACK_RATE_IP", "20/h")
# Text messages (one-time codes): a dotted path to a fangxin.core.sms.SmsBackend. Empty: none
# can be sent, and the public forms that need a confirmed phone are closed and say so.
# fangxin.core.sms.ConsoleBackend writes them to the server log (development only).
FANGXIN_SMS_BACKEND = os.environ.get("FANGXIN_SMS_BACKEND", "")
# One-time codes: lifetime, wrong tries allowed, and how many may be asked per IP and per phone.
FANGXIN_OTP_TTL_SECONDS = int(os.environ.get("FANGXIN_OTP_TTL_SECONDS", "300"))
FANGXIN_OTP_MAX_ATTEMPTS = int(os.environ.get("FANGXIN_OTP_MAX_ATTEMPTS", "5"))
FANGXIN_OTP_RATE_IP = os.environ.get("FANGXIN_OTP_RATE_IP", "20/h")
FANGXIN_OTP_RATE_PHONE = os.environ.get("FANGXIN_OTP_RATE_PHONE", "5/h")
# Consumer ratings and survey answers: this many from one IP address, or from one network (/24,
# /64 for IPv6), within this many minutes are flagged for the office to review.
FANGXIN_RATING_BURST_COUNT = int(os.environ.get("FANGXIN_RATING_BURST_COUNT", "5"))
FANGXIN_RATING_BURST_MINUTES = int(os.environ.get("FANGXIN_RATING_BURST_MINUTES", "10"))
# An invited member's personal scoring link works this many days.
FANGXIN_MEMBER_LINK_DAYS = int(os.environ.get("FANGXIN_MEMBER_LINK_DAYS", "14"))
# Evidence accepted on a form that was then refused (a wrong CAPTCHA) is kept for the same form
# this many hours, then swept; public posts that bring files are limited per IP.
FANGXIN_COMPLAINT_PENDING_HOURS = int(os.environ.get("FANGXIN_COMPLAINT_PENDING_HOURS", "24"))
FANGXIN_COMPLAINT_UPLOAD_RATE_IP = os.environ.get("FANGXIN_COMPLAINT_UPLOAD_RATE_IP", "30/h")
# The personal-data notices on the public complaint form and the online application; empty
# means the built-in text (fangxin.core.privacy), translated with the page.
FANGXIN_PRIVACY_NOTICE_COMPLAINT = os.environ.get("FANGXIN_PRIVACY_NOTICE_COMPLAINT", "")
FANGXIN_PRIVACY_NOTICE_APPLICATION = os.environ.get("FANGXIN_PRIVACY_NOTICE_APPLICATION", "")
# An operator with this many substantiated complaints received within the window becomes a
# key supervision target.
FANGXIN_COMPLAINT_WATCH_COUNT = int(os.environ.get("FANGXIN_COMPLAINT_WATCH_COUNT", "3"))
FANGXIN_COMPLAINT_WATCH_DAYS = int(os.environ.get("FANGXIN_COMPLAINT_WATCH_DAYS", "90"))

# The public site (fangxin.disclosure): who runs the service and how to reach it, shown on the
# front door and in the public pages' footer. The office's phone and address, and the site's
# record numbers (ICP 备案号, 公安联网备案号), are empty until configured: an empty one is left out.
FANGXIN_AUTHORITY_NAME = os.environ.get("FANGXIN_AUTHORITY_NAME", "长兴县市场监督管理局")
FANGXIN_TITLE_NAME = os.environ.get("FANGXIN_TITLE_NAME", "长兴放心电商")
FANGXIN_PUBLIC_HOTLINE = os.environ.get("FANGXIN_PUBLIC_HOTLINE", "12315")
FANGXIN_OFFICE_PHONE = os.environ.get("FANGXIN_OFFICE_PHONE", "")
FANGXIN_OFFICE_ADDRESS = os.environ.get("FANGXIN_OFFICE_ADDRESS", "")
FANGXIN_ICP_RECORD = os.environ.get("FANGXIN_ICP_RECORD", "")
FANGXIN_PUBLIC_SECURITY_RECORD = os.environ.get("FANGXIN_PUBLIC_SECURITY_RECORD", "")
# The site's privacy notice (/public/privacy/); empty: the built-in text, translated.
FANGXIN_PRIVACY_NOTICE_SITE = os.environ.get("FANGXIN_PRIVACY_NOTICE_SITE", "")
# A badge (/public/titles/<no>/badge.svg) may be cached this many seconds: a revoked title's
# storefront badge says so within this time.
FANGXIN_BADGE_MAX_AGE = int(os.environ.get("FANGXIN_BADGE_MAX_AGE", "300"))

# The county's administrative division code (Changxing: 330522). A credit code whose
# characters 3–8 differ is registered elsewhere: a warning, never a refusal. Empty: no check.
FANGXIN_COUNTY_REGION_CODE = os.environ.get("FANGXIN_COUNTY_REGION_CODE", "330522")

# Monitoring material (transcripts, subtitles, listings): larger files are refused, to be split
# by stream; the scanner reads a file whole.
FANGXIN_MONITORING_MAX_BYTES = int(os.environ.get("FANGXIN_MONITORING_MAX_MB", "64")) * 1024 * 1024

# Product listings (CSV/XLSX) handed in as monitoring material: at most this many rows; their
# unzipped size is bounded by FANGXIN_MONITORING_MAX_MB like any material's.
FANGXIN_MONITORING_MAX_ROWS = int(os.environ.get("FANGXIN_MONITORING_MAX_ROWS", "200000"))
# A material still waiting for its scan this long after its upload is marked failed by the sweep
# (its worker died); keep it above the longest a queued scan may wait on a busy worker.
FANGXIN_MONITORING_SCAN_TIMEOUT_MINUTES = int(
    os.environ.get("FANGXIN_MONITORING_SCAN_TIMEOUT_MINUTES", "30")
)

# Spreadsheets imported in the web request (operators, 12315): bounded before and while they
# are read (core.tables). A small .xlsx can unzip to a huge sheet: the limit is on its unzipped
# size, checked before parsing; then rows and each cell's length (Excel's own cell limit).
FANGXIN_TABLE_MAX_BYTES = int(os.environ.get("FANGXIN_TABLE_MAX_MB", "16")) * 1024 * 1024
FANGXIN_TABLE_MAX_ROWS = int(os.environ.get("FANGXIN_TABLE_MAX_ROWS", "10000"))
FANGXIN_TABLE_MAX_CELL_CHARS = int(os.environ.get("FANGXIN_TABLE_MAX_CELL_CHARS", "32767"))

# No date the programme records or filters on is earlier (ISO date): before it there is no
# statutory period rule, and a typed 1257 or 0594 is a typing slip, not an inspection.
FANGXIN_EARLIEST_DATE = os.environ.get("FANGXIN_EARLIEST_DATE", "2000-01-01")

# Offline CAPTCHA on the public forms (django-simple-captcha draws it with Pillow).
CAPTCHA_LENGTH = 4
CAPTCHA_CHALLENGE_FUNCT = "captcha.helpers.random_char_challenge"
CAPTCHA_TEST_MODE = env_bool("FANGXIN_CAPTCHA_TEST_MODE")
# Readable on a phone: larger letters, less rotation; and valid long enough to write a
# complaint (the image is drawn when the form is shown).
CAPTCHA_FONT_SIZE = 40
CAPTCHA_LETTER_ROTATION = (-20, 20)
CAPTCHA_TIMEOUT = 30

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("FANGXIN_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}

# Uploads: refuse bodies beyond this size before they reach a form.
FANGXIN_MAX_UPLOAD_BYTES = int(os.environ.get("FANGXIN_MAX_UPLOAD_MB", "10")) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = FANGXIN_MAX_UPLOAD_BYTES
# A whole multipart request (several files, or a monitoring material, and the form around
# them): refused from its declared length, before it is read. Match the proxy's limit to it.
FANGXIN_MAX_REQUEST_BYTES = (
    int(
        os.environ.get(
            "FANGXIN_MAX_REQUEST_MB",
            str(max(5 * FANGXIN_MAX_UPLOAD_BYTES, FANGXIN_MONITORING_MAX_BYTES) // 1048576 + 1),
        )
    )
    * 1024
    * 1024
)
# Each file is counted as it arrives and refused past its limit (monitoring's is larger).
FILE_UPLOAD_HANDLERS = [
    "fangxin.core.upload_limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
