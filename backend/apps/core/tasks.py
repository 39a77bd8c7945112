"""Core background tasks and the one way to enqueue a task from a service."""

from __future__ import annotations

import logging
from typing import Any

from celery import shared_task
from django.conf import settings
from django.db import transaction

from apps.core import services

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Any, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` to the broker once the current transaction commits.

    A task enqueued before commit can run before its rows are visible, or for
    rows that are then rolled back. If the broker is down the error is logged,
    not raised: the business change has committed, and work that must not be
    lost is also picked up by a periodic sweeper.

    One short attempt, no publish retries (``retry=False``; the connect
    timeout is ``broker_transport_options["socket_connect_timeout"]``): the
    sweeper is the retry. Celery's default retry policy spent about 0.6 s per
    message on a broker that is down, so every booking took over a second."""

    def _send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs, retry=False)
        except Exception as exc:
            logger.error(
                "could not enqueue %s (%s: %s); a sweeper will retry",
                task.name,
                exc.__class__.__name__,
                exc,
            )

    transaction.on_commit(_send, robust=False)


@shared_task(name="apps.core.tasks.prune_audit_log")
def prune_audit_log() -> int:
    days = getattr(settings, "AUDIT_LOG_RETENTION_DAYS", 730)
    deleted = services.prune_audit_log(older_than_days=days)
    logger.info("pruned %s audit entries older than %s days", deleted, days)
    return deleted
