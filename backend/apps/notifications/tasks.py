"""Thin Celery tasks: load by primary key, call a service. Safe to run twice."""

from __future__ import annotations

import logging

from celery import shared_task

from apps.notifications import services

logger = logging.getLogger(__name__)


@shared_task(name="apps.notifications.tasks.deliver_notification")
def deliver_notification(notification_id: str) -> str:
    return services.deliver_notification(notification_id=notification_id)


@shared_task(name="apps.notifications.tasks.sweep_outbox")
def sweep_outbox() -> dict[str, int]:
    counts = services.sweep_outbox()
    if any(counts.values()):
        logger.info("outbox sweep: %s", counts)
    return counts


@shared_task(name="apps.notifications.tasks.expand_campaign")
def expand_campaign(campaign_id: str) -> None:
    """One batch of recipients per run; re-enqueues itself while more remain.
    (If the chain breaks, the sweeper resumes it.)"""
    if services.expand_campaign_batch(campaign_id=campaign_id):
        try:
            expand_campaign.apply_async(args=[campaign_id])
        except Exception:
            logger.exception("could not enqueue the next campaign batch; the sweeper will")
