from __future__ import annotations

from celery import shared_task

from apps.cms import services


@shared_task(name="apps.cms.tasks.mark_due_posts_published")
def mark_due_posts_published() -> int:
    return services.mark_due_posts_published()
