"""Background work of the media library."""

from __future__ import annotations

from celery import shared_task

from apps.media import services


@shared_task(
    name="apps.media.tasks.generate_renditions",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def generate_renditions(asset_id: str) -> None:
    services.generate_renditions(asset_id=asset_id)
