"""Settings shared by every environment. Values come from the environment."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from config.env import BACKEND_DIR, ROOT_DIR, env

BASE_DIR = BACKEND_DIR
VAR_DIR = Path(env.str("VAR_DIR", default=str(ROOT_DIR / "var")))

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

DJANGO_APPS = [
    "apps.core.admin_site.CoolLightAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
]
THIRD_PARTY_APPS = [
    "rest_framework",
    "rest_framework_simplejwt",
    "rest_framework_simplejwt.token_blacklist",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "axes",
    "phonenumber_field",
    "solo",
    "django_extensions",
    "django_cotton",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
]
LOCAL_APPS = [
    "apps.core",
    "apps.users",
    "apps.media",
    "apps.catalog",
    "apps.portfolio",
    "apps.cms",
    "apps.leads",
    "apps.billing",
    "apps.notifications",
    "apps.api",
    "apps.accounts",
    "apps.public_site",
    "apps.admin_portal",
    "apps.client_portal",
]
INSTALLED_APPS = DJANGO_APPS + THIRD_PARTY_APPS + LOCAL_APPS

MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "apps.core.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.core.middleware.RequestLogMiddleware",
    # Axes last: it inspects the outcome of authentication done by the views.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BACKEND_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "apps.core.context_processors.company",
                "apps.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# SQLite is the embedded default; PostgreSQL (psycopg 3) comes from DATABASE_URL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
_db = DATABASES["default"]
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # IMMEDIATE takes the write lock at BEGIN, so two writers queue instead
        # of failing with "database is locked" half-way through a transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    if env.bool("DATABASE_POOL", default=True):
        _db["OPTIONS"] = {
            "pool": {
                "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
                "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=10),
                "timeout": env.int("DATABASE_POOL_TIMEOUT", default=10),
            }
        }
        _db["CONN_MAX_AGE"] = 0
    else:
        _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
        _db["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache and broker -----------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
# Redis unreachable must not fail the request: the cache answers from a
# per-process local cache meanwhile (apps/core/cache.py), and short socket
# timeouts make each failed attempt cost well under a second.
CACHE_SOCKET_CONNECT_TIMEOUT = env.float("CACHE_SOCKET_CONNECT_TIMEOUT", default=0.5)
CACHE_SOCKET_TIMEOUT = env.float("CACHE_SOCKET_TIMEOUT", default=1.0)


def redis_cache(location: str, *, key_prefix: str, timeout: int = 300) -> dict[str, object]:
    """The default cache on Redis, as production, local and test settings use it."""
    return {
        "BACKEND": "apps.core.cache.ResilientRedisCache",
        "LOCATION": location,
        "KEY_PREFIX": key_prefix,
        "TIMEOUT": timeout,
        "OPTIONS": {
            "socket_connect_timeout": CACHE_SOCKET_CONNECT_TIMEOUT,
            "socket_timeout": CACHE_SOCKET_TIMEOUT,
            # After a failure, calls skip Redis this long; the outage is
            # logged at most once a minute per process.
            "fallback_retry_seconds": 5,
            "fallback_log_seconds": 60,
        },
    }


if REDIS_URL:
    CACHES = {
        "default": redis_cache(
            REDIS_URL, key_prefix=env.str("CACHE_KEY_PREFIX", default="coollight")
        )
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "coollight",
        }
    }

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = "Africa/Nairobi"

# --- Auth -----------------------------------------------------------------
AUTH_USER_MODEL = "users.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
# After sign-in people go to the portal that fits their role (apps.accounts).
LOGIN_REDIRECT_URL = "/"
# Administrators without a confirmed authenticator are made to enrol before
# they can use the admin portal. On in production (see production.py).
REQUIRE_2FA_FOR_ADMINS = env.bool("REQUIRE_2FA_FOR_ADMINS", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Global Cool-Light")
OTP_STATIC_THROTTLE_FACTOR = 1
OTP_TOTP_THROTTLE_FACTOR = 1
# A signed e-mail verification / address-change link is good for this long.
EMAIL_VERIFICATION_MAX_AGE = env.int("EMAIL_VERIFICATION_MAX_AGE", default=60 * 60 * 48)
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60 * 2)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=60 * 60 * 12)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# A refused form post answers the site's own page (JSON under /api/), never
# Django's developer page, DEBUG included.
CSRF_FAILURE_VIEW = "apps.core.csrf_failure.csrf_failure"

# django-axes: lock a username *from one address* after a few failures, and
# release it after a cool-off, so an attacker elsewhere cannot lock out the
# real user for good.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The pause ends a fixed time after the lock, as the message promises; more
# tries while locked do not stretch it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_USERNAME_FORM_FIELD = "email"
AXES_LOCKOUT_CALLABLE = "apps.users.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "apps.core.request_meta.client_ip_for_axes"
AXES_SENSITIVE_PARAMETERS = ["password", "new_password", "old_password", "token", "refresh"]
AXES_VERBOSE = False

# --- Internationalisation and company defaults ----------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("sw", _("Kiswahili"))]
LOCALE_PATHS = [BACKEND_DIR / "locale"]
TIME_ZONE = "Africa/Nairobi"
USE_I18N = True
USE_TZ = True

COMPANY_CURRENCY = env.str("COMPANY_CURRENCY", default="KES")
COMPANY_VAT_RATE = env.get_value(
    "COMPANY_VAT_RATE", cast=Decimal, default="16.00", parse_default=True
)
PHONENUMBER_DEFAULT_REGION = env.str("PHONE_REGION", default="KE")
PHONENUMBER_DB_FORMAT = "E164"
PUBLIC_HOLIDAYS_COUNTRY = env.str("PUBLIC_HOLIDAYS_COUNTRY", default="KE")

# --- Security headers (every environment, tests included) -------------------
# HSTS is only sent on HTTPS responses, so it is harmless on a local http:// run.
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# One referrer policy for every page, set here and nowhere else. "same-origin"
# keeps the tokens in e-mailed links (/quotes/<token>/, /bookings/track/<token>/,
# /offers/confirm/<token>/...) out of any Referer sent to another site, while a
# form posted to this site keeps its real Origin. A page must not override it
# with "no-referrer": Chromium then posts "Origin: null" and the CSRF check
# refuses every form on the page (tests/browser/test_emailed_links.py).
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# django-csp 4: no inline script or style, no eval; every asset is our own.
# Alpine runs its CSP build; htmx is configured not to eval or inject styles.
# img-src allows data: and blob: for the file-input preview.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
        "worker-src": [SELF],
        "manifest-src": [SELF],
    },
}
# Powerful browser features nobody on this site needs are switched off.
PERMISSIONS_POLICY = env.str("PERMISSIONS_POLICY", default="") or (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()"
)

# --- Static and media -----------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BACKEND_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded media: local files by default; MEDIA_STORAGE=s3 stores them in an
# S3-compatible bucket (AWS S3, DigitalOcean Spaces, MinIO) via django-storages.
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "s3":
    DEFAULT_FILE_STORAGE_CONFIG = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "access_key": env.str("AWS_S3_ACCESS_KEY_ID"),
            "secret_key": env.str("AWS_S3_SECRET_ACCESS_KEY"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "location": env.str("AWS_S3_LOCATION", default=""),
            # Public images: plain URLs (no signing per request) that CDNs and
            # browsers cache; names carry a content hash, so they never change.
            "default_acl": env.str("AWS_DEFAULT_ACL", default="public-read"),
            "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
elif MEDIA_STORAGE == "local":
    DEFAULT_FILE_STORAGE_CONFIG = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
else:
    raise ImproperlyConfigured("Environment variable MEDIA_STORAGE is malformed: use local or s3.")
# Private files (inquiry attachments, quotation and invoice PDFs): never
# under MEDIA_URL, never public-read; served only through permission-checked
# views. Local: a folder outside MEDIA_ROOT. S3: the same bucket under
# ``private/`` with a private ACL (signed URLs if ever linked directly).
if MEDIA_STORAGE == "s3":
    PRIVATE_FILE_STORAGE_CONFIG = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **DEFAULT_FILE_STORAGE_CONFIG["OPTIONS"],  # type: ignore[dict-item]
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "custom_domain": None,
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
else:
    PRIVATE_FILE_STORAGE_CONFIG = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(VAR_DIR / "private"), "base_url": None},
    }
STORAGES = {
    "default": DEFAULT_FILE_STORAGE_CONFIG,
    "private": PRIVATE_FILE_STORAGE_CONFIG,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media library uploads (apps.media): accepted by content, re-encoded, resized.
MEDIA_MAX_UPLOAD_BYTES = env.int("MEDIA_MAX_UPLOAD_MB", default=10) * 1024 * 1024
# Decompression-bomb guard: a small file that decodes to a huge bitmap.
MEDIA_MAX_PIXELS = env.int("MEDIA_MAX_MEGAPIXELS", default=40) * 1_000_000
MEDIA_RENDITION_WIDTHS = (480, 960, 1600)
MEDIA_JPEG_QUALITY = 82
MEDIA_WEBP_QUALITY = 80

# Inquiry attachments (apps.leads): photos (JPEG/PNG/WebP) and PDFs, checked by content.
INQUIRY_MAX_ATTACHMENTS = env.int("INQUIRY_MAX_ATTACHMENTS", default=5)
INQUIRY_MAX_ATTACHMENT_BYTES = env.int("INQUIRY_MAX_ATTACHMENT_MB", default=10) * 1024 * 1024

# Quotations: the tax rates a line may use (percent), the first is the default.
QUOTATION_TAX_RATES = tuple(
    Decimal(rate) for rate in env.list("QUOTATION_TAX_RATES", default=["16", "0"])
)
# Rendering a quotation PDF is retried this many times (with backoff) before
# the quotation shows "PDF failed — retry".
QUOTATION_PDF_MAX_RETRIES = env.int("QUOTATION_PDF_MAX_RETRIES", default=4)
# The furthest a quotation's validity date may be set (days from today): prices,
# stock and exchange rates do not hold for ever. Company settings' usual
# validity is capped by it too.
QUOTATION_MAX_VALIDITY_DAYS = env.int("QUOTATION_MAX_VALIDITY_DAYS", default=365)
if QUOTATION_MAX_VALIDITY_DAYS < 1:
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("QUOTATION_MAX_VALIDITY_DAYS must be at least 1 (days).")

# Anonymous public pages and /api/v1/public/ answers (apps.core.public_cache).
# Entries are invalidated on every content change, so this is only a ceiling.
PUBLIC_CACHE_TIMEOUT = env.int("PUBLIC_CACHE_TIMEOUT", default=600)

# The public website's inquiry forms, contact and "Request a quote"
# (apps.public_site.throttles): requests accepted per client address (or
# signed-in account) per hour. Kenyan mobile networks put many customers
# behind one carrier-NAT address, and keeping photos after a form error
# counts too, so the ceiling is generous; the honeypot stops the bots.
CONTACT_MESSAGES_PER_HOUR = env.int("CONTACT_MESSAGES_PER_HOUR", default=20)
# "Find my booking" (reference + e-mail or phone) attempts per address an hour:
# enough for typos, too few to guess references.
BOOKING_LOOKUPS_PER_HOUR = env.int("BOOKING_LOOKUPS_PER_HOUR", default=10)
# Photos of the problem a customer may add to one booking.
BOOKING_MAX_PHOTOS = env.int("BOOKING_MAX_PHOTOS", default=5)
# The contact page's map: OpenStreetMap, loaded only when the visitor asks for
# it (no request to a third party before that). Point of the office/workshop.
CONTACT_MAP_LATITUDE = env.float("CONTACT_MAP_LATITUDE", default=-1.3226)
CONTACT_MAP_LONGITUDE = env.float("CONTACT_MAP_LONGITUDE", default=36.8468)

# --- E-mail ---------------------------------------------------------------
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Global Cool-Light <no-reply@coollight.co.ke>"
)
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = VAR_DIR / "mail"
EMAIL_TIMEOUT = 20

# --- REST API -------------------------------------------------------------
API_PAGE_SIZE = 20
API_MAX_PAGE_SIZE = 100
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # JWT first: its WWW-Authenticate header turns "not signed in" into 401.
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Deny unless a view says otherwise: forgetting a permission fails closed.
    "DEFAULT_PERMISSION_CLASSES": ["apps.api.permissions.DenyAll"],
    "DEFAULT_PAGINATION_CLASS": "apps.api.pagination.PageNumberPagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "apps.api.errors.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        # Writes on the public endpoints: anonymous per address, signed-in per account.
        "anon_write": env.str("THROTTLE_ANON_WRITE", default="20/hour"),
        "user_write": env.str("THROTTLE_USER_WRITE", default="30/hour"),
        "auth": env.str("THROTTLE_AUTH", default="30/minute"),
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "apps.api.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DATETIME_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": True,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=env.int("JWT_ACCESS_MINUTES", default=10)),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=env.int("JWT_REFRESH_DAYS", default=7)),
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
    "UPDATE_LAST_LOGIN": True,
    "USER_ID_FIELD": "id",
    "USER_ID_CLAIM": "user_id",
    "AUTH_HEADER_TYPES": ("Bearer",),
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Global Cool-Light API",
    "DESCRIPTION": (
        "The REST API behind the Global Cool-Light public website, admin portal and "
        "client portal. Errors share one shape: "
        '`{"detail": "...", "code": "...", "errors": {"field": ["message"]}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    # URL order, with a fixed method order (view sets list methods in a set).
    "SORT_OPERATIONS": "apps.api.schema.keep_path_order",
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "NotificationStatusEnum": "apps.notifications.models.NotificationStatus",
        "CampaignStatusEnum": "apps.notifications.models.CampaignStatus",
        "RenditionStatusEnum": "apps.media.models.RenditionStatus",
        "PostStatusEnum": "apps.cms.models.PostStatus",
        "BookingStatusEnum": "apps.leads.models.BookingStatus",
        "InquiryStatusEnum": "apps.leads.models.InquiryStatus",
        "InquirySourceEnum": "apps.leads.models.InquirySource",
        "QuotationStatusEnum": "apps.leads.models.QuotationStatus",
        "PdfStatusEnum": "apps.leads.models.PdfStatus",
        "RejectionReasonEnum": "apps.leads.models.RejectionReason",
        "InvoiceStatusEnum": "apps.billing.models.InvoiceStatus",
        "ResponseKindEnum": "apps.leads.models.ResponseKind",
    },
}

# --- Logging --------------------------------------------------------------
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOG_JSON = env.bool("LOG_JSON", default=False)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "apps.core.logging.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "apps.core.logging.JsonFormatter"},
        "plain": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s",
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_JSON else "plain",
            "filters": ["request_context"],
        },
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "django.request": {"level": "ERROR"},
        "axes": {"level": "WARNING"},
        # One line per task run drowns the request log; failures still show.
        "celery.app.trace": {"level": "WARNING"},
        # WeasyPrint logs every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Notifications (apps.notifications) -----------------------------------
# SMS: a console/file back-end locally (var/sms/), Africa's Talking in production.
SMS_BACKEND = env.str("SMS_BACKEND", default="apps.notifications.sms.ConsoleSmsBackend")
SMS_FILE_PATH = VAR_DIR / "sms"
AFRICASTALKING_USERNAME = env.str("AFRICASTALKING_USERNAME", default="sandbox")
AFRICASTALKING_API_KEY = env.str("AFRICASTALKING_API_KEY", default="")
AFRICASTALKING_SENDER_ID = env.str("AFRICASTALKING_SENDER_ID", default="")
# Shared secret in the delivery-report callback URL (?token=…); empty refuses every report.
SMS_CALLBACK_TOKEN = env.str("SMS_CALLBACK_TOKEN", default="")
# Marketing SMS only inside these hours (local time), transactional any time.
MARKETING_SMS_START_HOUR = env.int("MARKETING_SMS_START_HOUR", default=8)
MARKETING_SMS_END_HOUR = env.int("MARKETING_SMS_END_HOUR", default=18)
# The outbox: rows still queued this long after they were due are swept up;
# rows "sending" longer than the lease are taken back (their worker died).
NOTIFICATIONS_GRACE_SECONDS = env.int("NOTIFICATIONS_GRACE_SECONDS", default=30)
# The lease covers ONE message being sent (each row is claimed just before it
# is sent, and the claim is renewed right before the relay is called), so it
# only has to outlast one send: an SMTP exchange whose every socket operation
# is bounded by EMAIL_TIMEOUT (20 s), or one SMS API call. 120 s is six such
# timeouts, so a live send never loses its lease, while a message whose worker
# was killed goes out again after at most lease + one sweep interval (about
# 3 minutes) instead of the 11 minutes a 600 s lease took.
NOTIFICATIONS_LEASE_SECONDS = env.int("NOTIFICATIONS_LEASE_SECONDS", default=120)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=6)
NOTIFICATIONS_RETRY_BASE_SECONDS = env.int("NOTIFICATIONS_RETRY_BASE_SECONDS", default=60)
NOTIFICATIONS_RETRY_MAX_SECONDS = env.int("NOTIFICATIONS_RETRY_MAX_SECONDS", default=3600)
NOTIFICATIONS_SWEEP_SECONDS = env.int("NOTIFICATIONS_SWEEP_SECONDS", default=45)
NOTIFICATIONS_CAMPAIGN_BATCH = env.int("NOTIFICATIONS_CAMPAIGN_BATCH", default=500)
NOTIFICATIONS_CAMPAIGN_RATE_PER_MINUTE = env.int(
    "NOTIFICATIONS_CAMPAIGN_RATE_PER_MINUTE", default=300
)
