"""Liveness and readiness checks.

/healthz says the process answers (no dependencies, for the process manager).
/readyz says whether this instance can serve, and how well:

* the database is what it cannot serve without: unreachable → 503, and a load
  balancer takes the instance out;
* the cache and the broker only degrade it (the cache answers from a local
  fallback, messages wait in the outbox until the sweeper sends them), and
  they are shared by every instance, so taking instances out would take the
  whole site down although it still serves: unreachable → 200 with
  ``"status": "degraded"`` and ``"degraded": [...]`` naming the parts.

The reasons go to the log; the public answer only names the parts."""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def check_database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache() -> None:
    probe = getattr(cache, "check", None)
    if callable(probe):
        # The resilient Redis cache answers from its local fallback while Redis
        # is down; ask Redis itself.
        probe()
    key = f"readyz:{uuid.uuid4().hex}"
    cache.set(key, "1", timeout=5)
    if cache.get(key) != "1":
        raise RuntimeError("cache did not return the value just written")
    cache.delete(key)


def check_broker() -> None:
    from config.celery import app

    if settings.CELERY_TASK_ALWAYS_EAGER or app.conf.broker_url.startswith("memory://"):
        return  # tasks run in-process: there is no broker to reach
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)


CHECKS: dict[str, Callable[[], None]] = {
    "database": check_database,
    "cache": check_cache,
    "broker": check_broker,
}
# Without these the instance cannot serve (503); any other failing check only
# degrades it (200, named under "degraded").
REQUIRED = frozenset({"database"})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    failing: list[str] = []
    degraded: list[str] = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:
            (failing if name in REQUIRED else degraded).append(name)
            logger.error(
                "readiness check %s failed (%s): %s",
                name,
                "cannot serve" if name in REQUIRED else "degraded",
                exc.__class__.__name__,
            )
            results[name] = {"status": "fail"}
        else:
            results[name] = {
                "status": "ok",
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
    status = "fail" if failing else "degraded" if degraded else "ok"
    body: dict[str, object] = {"status": status, "checks": results}
    if failing:
        body["failing"] = failing
    if degraded:
        body["degraded"] = degraded
    return JsonResponse(body, status=503 if failing else 200)
