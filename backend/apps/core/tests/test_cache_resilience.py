"""The Redis cache degrades instead of failing: with its redis-server stopped,
reads miss, writes land in a per-process local cache, the outage is logged
once, and Redis is used again once it answers."""

from __future__ import annotations

import logging

import pytest
import redis

from apps.core.cache import ResilientRedisCache
from config.settings.base import redis_cache

pytestmark = pytest.mark.redis_server


def _cache(url: str, **options) -> ResilientRedisCache:
    params = redis_cache(url, key_prefix="resilience")
    params["OPTIONS"] = {**params["OPTIONS"], **options}  # type: ignore[dict-item]
    return ResilientRedisCache(url, params)


def test_settings_put_the_resilient_cache_with_short_timeouts_on_redis():
    params = redis_cache("redis://127.0.0.1:6379/0", key_prefix="x")
    assert params["BACKEND"] == "apps.core.cache.ResilientRedisCache"
    assert params["OPTIONS"]["socket_connect_timeout"] <= 1  # type: ignore[index]
    assert params["OPTIONS"]["socket_timeout"] <= 2  # type: ignore[index]


def test_redis_down_reads_miss_writes_go_local_and_it_is_logged_once(own_redis, caplog):
    cache = _cache(own_redis.url, fallback_retry_seconds=0, fallback_log_seconds=60)
    cache.set("greeting", "jambo")
    assert cache.get("greeting") == "jambo"
    cache.check()

    own_redis.stop()
    caplog.set_level(logging.ERROR, logger="apps.core.cache")
    assert cache.get("greeting") is None  # fails open: a miss, not an exception
    assert cache.get("greeting", "default") == "default"
    assert cache.add("counter", 1) is True
    assert cache.incr("counter") == 2
    cache.set_many({"a": 1, "b": 2})
    assert cache.get_many(["a", "b"]) == {"a": 1, "b": 2}
    assert cache.get_or_set("lazy", lambda: "made") == "made"
    cache.delete("a")
    assert not cache.has_key("a")
    with pytest.raises(redis.ConnectionError):
        cache.check()  # readiness sees Redis itself, not the fallback
    outage_logs = [r for r in caplog.records if r.name == "apps.core.cache"]
    assert len(outage_logs) == 1, [r.getMessage() for r in outage_logs]
    assert "unreachable" in outage_logs[0].getMessage()

    own_redis.start()
    cache.set("back", "again")
    raw = redis.Redis.from_url(own_redis.url)
    assert any(b"back" in key for key in raw.scan_iter())  # written to Redis again
    assert not cache.degraded


def test_while_degraded_redis_is_not_tried_on_every_call(own_redis, monkeypatch):
    cache = _cache(own_redis.url, fallback_retry_seconds=30)
    own_redis.stop()
    cache.get("x")
    assert cache.degraded
    calls = []
    monkeypatch.setattr(
        "django.core.cache.backends.redis.RedisCache.get",
        lambda self, *a, **k: calls.append(a),
    )
    for _ in range(20):
        cache.get("x")
    assert calls == []  # the local cache answered without a socket round trip


@pytest.mark.django_db
def test_cached_public_pages_are_rendered_while_redis_is_down(client, settings, own_redis):
    """The public page cache fails open: with Redis stopped the home page is
    rendered (and cached locally), not a 500."""
    settings.CACHES = {"default": redis_cache(own_redis.url, key_prefix="pages")}
    assert client.get("/").status_code == 200
    own_redis.stop()
    first, second = client.get("/"), client.get("/")
    assert first.status_code == 200 and second.status_code == 200
