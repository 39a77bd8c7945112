"""/healthz and /readyz."""

from __future__ import annotations

import pytest
from django.db.utils import OperationalError

from apps.core import health
from config.celery import app
from config.settings.base import redis_cache

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_dependencies(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_ok_when_everything_answers(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "broker"}


def test_readyz_names_the_database_when_it_is_unreachable(client, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"] == {"status": "fail"}
    assert body["checks"]["cache"]["status"] == "ok"
    assert "refused" not in response.content.decode()  # reasons go to the log only


def test_readyz_cache_losing_writes_is_degraded_not_down(client, monkeypatch):
    monkeypatch.setattr(health.cache, "get", lambda key: None)
    response = client.get("/readyz")
    assert response.status_code == 200  # the instance still serves
    body = response.json()
    assert body["status"] == "degraded"
    assert body["degraded"] == ["cache"]
    assert "failing" not in body


def test_readyz_broker_down_is_degraded_not_down(client, settings, monkeypatch):
    """The broker is shared by every instance and messages wait in the
    outbox: answering 503 would make the load balancer take the whole site
    out although it still serves."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["degraded"] == ["broker"]
    assert body["checks"]["database"]["status"] == "ok"
    assert "failing" not in body


def test_readyz_database_down_is_503_even_with_the_broker_down(client, settings, monkeypatch):
    class BrokenCursor:
        def __enter__(self):
            raise OperationalError("connection refused")

        def __exit__(self, *exc):
            return False

    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://127.0.0.1:1/0")
    monkeypatch.setattr(health.connection, "cursor", lambda: BrokenCursor())
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "fail"
    assert body["failing"] == ["database"]
    assert body["degraded"] == ["broker"]


@pytest.mark.redis_server
def test_readyz_with_redis_stopped_is_degraded_naming_cache_and_broker(client, settings, own_redis):
    """The one Redis production has for cache and broker, stopped: the
    instance still serves (200) and says which parts are degraded, although
    the cache itself keeps answering from its local fallback."""

    settings.CACHES = {"default": redis_cache(own_redis.url, key_prefix="readyz")}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    broker = app.conf.broker_url
    app.conf.broker_url = own_redis.url
    try:
        assert client.get("/readyz").json()["status"] == "ok"
        own_redis.stop()
        response = client.get("/readyz")
    finally:
        app.conf.broker_url = broker
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["degraded"] == ["cache", "broker"]


def test_readyz_tells_an_anonymous_caller_only_part_names(client, settings, monkeypatch):
    """/readyz is public (the load balancer has no account): a failing
    check's answer names the part, never the broker's address, the error or
    the software behind it."""
    settings.CELERY_TASK_ALWAYS_EAGER = False
    monkeypatch.setattr(app.conf, "broker_url", "redis://:s3cret@127.0.0.1:1/0")
    response = client.get("/readyz")
    assert response.status_code == 200
    text = response.content.decode()
    for secret in ("s3cret", "127.0.0.1", "redis", "Error", "refused", "Traceback"):
        assert secret.lower() not in text.lower(), secret
    body = response.json()
    assert set(body) == {"status", "checks", "degraded"}
    assert body["checks"]["broker"] == {"status": "fail"}
    for check in body["checks"].values():
        assert set(check) <= {"status", "ms"}


def test_readyz_refuses_post(client):
    assert client.post("/readyz").status_code == 405
