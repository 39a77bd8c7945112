"""Production: every secret from the environment, no defaults that could leak.

A missing or malformed variable stops start-up with ImproperlyConfigured
naming it (see config.env.StrictEnv).
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    DATABASES,
    DEFAULT_FILE_STORAGE_CONFIG,
    PRIVATE_FILE_STORAGE_CONFIG,
    env,
    redis_cache,
)

SECRET_KEY = env.str("SECRET_KEY")
if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
    raise ImproperlyConfigured(
        "Environment variable SECRET_KEY is malformed: use at least 50 random characters."
    )
DEBUG = False
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Environment variable ALLOWED_HOSTS is empty.")
SITE_URL = env.str("SITE_URL").rstrip("/")
if not SITE_URL.startswith("https://"):
    raise ImproperlyConfigured("Environment variable SITE_URL is malformed: it must be https://.")

if not env.str("DATABASE_URL", default=""):
    raise ImproperlyConfigured("Environment variable DATABASE_URL is not set.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured(
        "Environment variable DATABASE_URL is malformed: production needs postgres://…"
    )

REDIS_URL = env.str("REDIS_URL")
if not REDIS_URL.startswith(("redis://", "rediss://")):
    raise ImproperlyConfigured("Environment variable REDIS_URL is malformed: use redis://…")
CACHES = {
    "default": redis_cache(REDIS_URL, key_prefix=env.str("CACHE_KEY_PREFIX", default="coollight"))
}
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_TASK_ALWAYS_EAGER = False

# HTTPS everywhere; the proxy in front (nginx) terminates TLS.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# HSTS, nosniff, referrer policy, COOP, frame denial and the CSP are set in base.py.
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
REQUIRE_2FA_FOR_ADMINS = env.bool("REQUIRE_2FA_FOR_ADMINS", default=True)

STORAGES = {
    "default": DEFAULT_FILE_STORAGE_CONFIG,
    "private": PRIVATE_FILE_STORAGE_CONFIG,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)

SMS_BACKEND = env.str("SMS_BACKEND", default="apps.notifications.sms.AfricasTalkingSmsBackend")
if SMS_BACKEND.endswith("AfricasTalkingSmsBackend"):
    AFRICASTALKING_USERNAME = env.str("AFRICASTALKING_USERNAME")
    AFRICASTALKING_API_KEY = env.str("AFRICASTALKING_API_KEY")
    if not AFRICASTALKING_API_KEY:
        raise ImproperlyConfigured("Environment variable AFRICASTALKING_API_KEY is empty.")
    SMS_CALLBACK_TOKEN = env.str("SMS_CALLBACK_TOKEN")

LOG_JSON = env.bool("LOG_JSON", default=True)
LOGGING["handlers"]["console"]["formatter"] = "json" if LOG_JSON else "plain"  # noqa: F405
