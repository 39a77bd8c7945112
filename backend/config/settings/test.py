"""Test settings: fast hashing, in-memory mail, eager tasks.

The database comes from DATABASE_URL (SQLite when unset) and the cache and
broker from REDIS_URL (in-memory stand-ins when unset), so the same suite runs
embedded and against the real PostgreSQL and Redis.
"""

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, env, redis_cache

SECRET_KEY = "test-only-not-secret-2f6a7c1e9d-0b8e4c7a5d3f1e9b"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SMS_BACKEND = "apps.notifications.sms.LocmemSmsBackend"
SMS_CALLBACK_TOKEN = "test-sms-callback-token"
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL or "memory://localhost/")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Tests on SQLite run in memory; the file name only keys the test database.
    DATABASES["default"]["TEST"] = {"NAME": ""}
if REDIS_URL:
    # Keep test runs apart from a developer's cache on the same Redis.
    CACHES = {"default": redis_cache(REDIS_URL, key_prefix="coollight-test")}
LOGGING["root"]["level"] = "WARNING"  # type: ignore[index]  # noqa: F405
