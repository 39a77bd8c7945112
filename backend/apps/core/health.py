"""Liveness and readiness checks.

/healthz says the process answers (no dependencies, for the process manager);
/readyz says whether this instance can serve: database, cache and broker
reachable. A load balancer takes an instance out while /readyz is 503."""

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


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    results: dict[str, dict[str, object]] = {}
    failing: list[str] = []
    for name, check in CHECKS.items():
        started = time.perf_counter()
        try:
            check()
        except Exception as exc:
            failing.append(name)
            # The reason goes to the log; the public answer only names the part.
            logger.error("readiness check %s failed: %s", name, exc.__class__.__name__)
            results[name] = {"status": "fail"}
        else:
            results[name] = {
                "status": "ok",
                "ms": round((time.perf_counter() - started) * 1000, 1),
            }
    body = {"status": "fail" if failing else "ok", "checks": results}
    if failing:
        body["failing"] = failing
    return JsonResponse(body, status=503 if failing else 200)
