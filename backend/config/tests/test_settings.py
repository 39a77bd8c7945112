"""Production settings stop start-up on a missing or malformed variable."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from config.tests.django_process import run_django

BACKEND = Path(__file__).resolve().parents[2]
GOOD = {
    "SECRET_KEY": "prod-like-key-8s7d6f5g4h3j2k1l0q9w8e7r6t5y4u3i2o1p0a9s8d7f6g5h",
    "ALLOWED_HOSTS": "coollight.co.ke",
    "SITE_URL": "https://coollight.co.ke",
    "DATABASE_URL": "postgres://app:pw@db.internal:5432/coollight",
    "REDIS_URL": "redis://cache.internal:6379/0",
    "AFRICASTALKING_USERNAME": "coollight",
    "AFRICASTALKING_API_KEY": "at-key-for-the-test",
    "SMS_CALLBACK_TOKEN": "callback-token-for-the-test",
}


def _load_production(env_overrides: dict[str, str | None]) -> subprocess.CompletedProcess:
    return run_django(
        "config.settings.production",
        "print('started')",
        env={**GOOD, **env_overrides},
        drop=GOOD,
    )


def test_production_starts_with_every_variable_set():
    result = _load_production({})
    assert result.returncode == 0, result.stderr
    assert "started" in result.stdout


@pytest.mark.parametrize(
    ("overrides", "named"),
    [
        ({"SECRET_KEY": None}, "SECRET_KEY"),
        ({"SECRET_KEY": "short"}, "SECRET_KEY"),
        ({"ALLOWED_HOSTS": None}, "ALLOWED_HOSTS"),
        ({"DATABASE_URL": None}, "DATABASE_URL"),
        ({"DATABASE_URL": "sqlite:///tmp/x.db"}, "DATABASE_URL"),
        ({"REDIS_URL": None}, "REDIS_URL"),
        ({"SITE_URL": "http://coollight.co.ke"}, "SITE_URL"),
        ({"SECURE_HSTS_SECONDS": "a year"}, "SECURE_HSTS_SECONDS"),
        ({"AXES_FAILURE_LIMIT": "five"}, "AXES_FAILURE_LIMIT"),
        ({"AFRICASTALKING_API_KEY": None}, "AFRICASTALKING_API_KEY"),
    ],
)
def test_production_refuses_a_missing_or_malformed_variable(overrides, named):
    result = _load_production(overrides)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert named in result.stderr.splitlines()[-1]


def test_local_settings_need_no_environment():
    result = run_django(
        "config.settings.local",
        "from django.conf import settings; "
        "print(settings.DATABASES['default']['ENGINE'], settings.CELERY_TASK_ALWAYS_EAGER, "
        "settings.DATABASES['default']['OPTIONS']['transaction_mode'])",
        drop=("DATABASE_URL", "REDIS_URL"),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["django.db.backends.sqlite3", "True", "IMMEDIATE"]


def test_company_defaults_are_settings(settings):
    assert settings.TIME_ZONE == "Africa/Nairobi"
    assert settings.USE_TZ is True
    assert settings.COMPANY_CURRENCY == "KES"
    assert str(settings.COMPANY_VAT_RATE) == "16.00"
    assert settings.PHONENUMBER_DEFAULT_REGION == "KE"


def test_env_example_names_every_variable_the_settings_read():
    """`.env.example` is where an operator learns what can be set; a setting
    read from the environment but missing there is a setting nobody finds."""
    import re

    read = set()
    for path in (BACKEND / "config" / "settings").glob("*.py"):
        read |= set(re.findall(r"env(?:\.[a-z_]+)?\(\s*\"([A-Z][A-Z0-9_]+)\"", path.read_text()))
    example = (BACKEND.parent / ".env.example").read_text()
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    assert read, "no environment variables found: the pattern is out of date"
    assert sorted(read - listed) == []
