"""A task used only by the broker round-trip test."""

from celery import shared_task
from django.core.cache import cache


@shared_task(name="config.tests.celery_probe.write_marker")
def write_marker(key: str) -> None:
    cache.set(key, "done", timeout=60)
