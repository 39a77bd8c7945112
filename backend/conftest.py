"""Fixtures every test module can use."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import time
from zoneinfo import ZoneInfo

import pytest
import redis
import time_machine
from django.core.cache import cache
from rest_framework.test import APIClient

from apps.users import roles
from tests.factories import (
    DEFAULT_PASSWORD,
    AdminUserFactory,
    ClientUserFactory,
    StaffUserFactory,
)

# --- The suite at another date -------------------------------------------------
# ``--now=2028-02-29T18:30+03:00`` (or COOLLIGHT_TEST_NOW) moves the whole
# session's clock there before any test runs, and lets it tick on, so the suite
# can prove it passes on hard days (docs/dev/testing.md). Tests that travel
# themselves (time_machine.travel) nest inside it and come back to it.

NOW_ENV = "COOLLIGHT_TEST_NOW"


def pytest_addoption(parser):
    parser.addoption(
        "--now",
        default=os.environ.get(NOW_ENV) or None,
        metavar="ISO_DATETIME",
        help=(
            "run the session with the clock moved to this moment and ticking, e.g. "
            f"2028-02-29T18:30+03:00 (a naive value is Africa/Nairobi time; env: {NOW_ENV})"
        ),
    )


def parse_test_now(value: str) -> dt.datetime:
    """An ISO date or date-time; without an offset it is the company's time zone."""
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise pytest.UsageError(
            f"--now / {NOW_ENV}: {value!r} is not an ISO date-time (e.g. 2028-02-29T18:30+03:00)"
        ) from exc
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo("Africa/Nairobi"))
    return moment


def pytest_configure(config):
    value = config.getoption("--now")
    if not value:
        return
    moment = parse_test_now(value)
    traveller = time_machine.travel(moment, tick=True)
    traveller.start()
    config._coollight_travel = traveller  # stopped in pytest_unconfigure


def pytest_unconfigure(config):
    traveller = getattr(config, "_coollight_travel", None)
    if traveller is not None:
        traveller.stop()
        config._coollight_travel = None


def pytest_report_header(config):
    value = config.getoption("--now")
    if value:
        moment = parse_test_now(value)
        return f"clock moved to {moment.isoformat()} ({moment:%A}), ticking ({NOW_ENV})"
    return None


def pytest_collection_modifyitems(config, items):
    from django.conf import settings

    on_postgres = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
    skip_pg = pytest.mark.skip(reason="needs PostgreSQL (set DATABASE_URL)")
    skip_redis = pytest.mark.skip(reason="needs Redis (set REDIS_URL)")
    skip_redis_server = pytest.mark.skip(reason="needs redis-server installed")
    has_redis_server = shutil.which("redis-server") is not None
    for item in items:
        if "redis_server" in item.keywords and not has_redis_server:
            item.add_marker(skip_redis_server)
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


class OwnRedis:
    """A redis-server of the test's own, on a free port, that the test may stop
    and start again (never the machine's shared Redis). Nothing is saved."""

    def __init__(self) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process: subprocess.Popen | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--daemonize", "no"]
        self._process = subprocess.Popen(  # noqa: S603  (fixed arguments, no shell)
            command,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        for _ in range(100):
            try:
                client.ping()
                return
            except redis.ConnectionError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None


@pytest.fixture
def own_redis():
    """``own_redis.url``, ``.stop()``, ``.start()``; tests using it are marked
    ``redis_server`` and skipped where redis-server is not installed."""
    if shutil.which("redis-server") is None:
        pytest.skip("needs redis-server installed")
    server = OwnRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


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
