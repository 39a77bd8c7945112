"""A Redis cache that degrades instead of failing the request.

Production runs one Redis for the cache and the Celery broker. When it is
unreachable, Django's ``RedisCache`` raises from ``cache.get``, so every
request that reads the cache (the API's throttles before any view runs, the
public page cache, the booking slots) answered 500: with Redis down nobody
could book, although the database and the outbox work without it.

``ResilientRedisCache`` catches redis' ``ConnectionError`` / ``TimeoutError``
and answers from a per-process ``LocMemCache`` instead:

* reads fail open: a cached page is a miss and is rendered again;
* write limits stay conservative: throttle counters keep counting, per
  process, in the local cache (each process allows at most the configured
  rate), rather than being dropped or refusing everybody;
* the error is logged once per ``fallback_log_seconds`` per process, not once
  per call;
* after a failure Redis is not tried again for ``fallback_retry_seconds``, so
  a Redis that hangs costs one short socket timeout per interval, not one per
  call. Then the next call tries Redis again; when it answers, the cache is
  back to normal (what was counted locally in between is forgotten).

The socket connect/read timeouts in the settings' ``OPTIONS`` keep each
failed attempt short (``config.settings.base.redis_cache``).

``check()`` talks to Redis itself, never the fallback: readiness reports the
cache as degraded while it answers from the fallback."""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)


class _Outage:
    """Per process and per Redis location: since when Redis is skipped, and
    when the outage was last logged. Shared by every thread's cache instance."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.skip_until = 0.0
        self.last_logged = float("-inf")


_outages: dict[str, _Outage] = {}
_outages_lock = threading.Lock()


def _outage_for(location: str) -> _Outage:
    with _outages_lock:
        return _outages.setdefault(location, _Outage())


class ResilientRedisCache(RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        params = dict(params)
        options = dict(params.get("OPTIONS") or {})
        self.fallback_retry_seconds = float(options.pop("fallback_retry_seconds", 5))
        self.fallback_log_seconds = float(options.pop("fallback_log_seconds", 60))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._outage = _outage_for(str(server))
        self._fallback = LocMemCache(
            f"redis-fallback:{server}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": params.get("KEY_PREFIX", ""),
                "VERSION": params.get("VERSION", 1),
                "OPTIONS": {"MAX_ENTRIES": 5000},
            },
        )

    # --- the switch ------------------------------------------------------

    @property
    def degraded(self) -> bool:
        """True while calls go to the local fallback instead of Redis."""
        return time.monotonic() < self._outage.skip_until

    def _failed(self, method: str, exc: Exception) -> None:
        now = time.monotonic()
        outage = self._outage
        with outage.lock:
            outage.skip_until = now + self.fallback_retry_seconds
            log = now - outage.last_logged >= self.fallback_log_seconds
            if log:
                outage.last_logged = now
        if log:
            logger.error(
                "cache unreachable (%s on %s: %s); answering from the per-process local "
                "cache, retrying Redis every %ss",
                exc.__class__.__name__,
                method,
                exc,
                self.fallback_retry_seconds,
            )

    def _call(self, method: str, *args: Any, **kwargs: Any) -> Any:
        if not self.degraded:
            try:
                return getattr(super(), method)(*args, **kwargs)
            except UNREACHABLE as exc:
                self._failed(method, exc)
        return getattr(self._fallback, method)(*args, **kwargs)

    # --- every operation RedisCache implements ---------------------------

    def add(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("add", *args, **kwargs)

    def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get", *args, **kwargs)

    def set(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set", *args, **kwargs)

    def touch(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("touch", *args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args: Any, **kwargs: Any) -> Any:
        return self._call("delete_many", *args, **kwargs)

    def clear(self) -> Any:
        return self._call("clear")

    # --- readiness ---------------------------------------------------------

    def check(self) -> None:
        """Raise unless Redis itself answers (never the fallback). A success
        ends a recorded outage at once."""
        self._cache.get_client(write=True).ping()
        with self._outage.lock:
            self._outage.skip_until = 0.0
