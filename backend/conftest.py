"""Fixtures every test module can use."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.users import roles
from tests.factories import (
    DEFAULT_PASSWORD,
    AdminUserFactory,
    ClientUserFactory,
    StaffUserFactory,
)


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    skip_redis = pytest.mark.skip(reason="needs Redis (set REDIS_URL)")
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(skip_pg)
        if "redis" in item.keywords and not settings.REDIS_URL:
            item.add_marker(skip_redis)


@pytest.fixture(autouse=True)
def _clean_cache():
    # Throttle counters and cached pages must not leak between tests.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def password() -> str:
    return DEFAULT_PASSWORD


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.fixture
def client_user(db):
    return ClientUserFactory(email="wanjiku@example.co.ke", full_name="Wanjiku Kariuki")


@pytest.fixture
def other_client_user(db):
    return ClientUserFactory(email="outsider@example.co.ke", full_name="Otieno Outsider")


@pytest.fixture
def admin_user(db):
    return AdminUserFactory(email="boss@coollight.test", full_name="Amina Admin")


@pytest.fixture
def sales_user(db):
    return StaffUserFactory(email="sales@coollight.test", groups=[roles.SALES])


@pytest.fixture
def technician_user(db):
    return StaffUserFactory(email="tech@coollight.test", groups=[roles.TECHNICIAN])


@pytest.fixture
def editor_user(db):
    return StaffUserFactory(email="editor@coollight.test", groups=[roles.CONTENT_EDITOR])


@pytest.fixture
def as_user(api):
    """``as_user(user)`` gives an APIClient authenticated with a real JWT."""
    from rest_framework_simplejwt.tokens import RefreshToken

    def _as(user) -> APIClient:
        token = RefreshToken.for_user(user).access_token
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        return api

    return _as
