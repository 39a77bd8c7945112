from __future__ import annotations

import datetime as dt
import logging

from axes.models import AccessAttempt, AccessLog
from celery import shared_task
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

logger = logging.getLogger(__name__)


@shared_task(name="apps.users.tasks.flush_expired_tokens")
def flush_expired_tokens() -> None:
    call_command("flushexpiredtokens")


@shared_task(name="apps.users.tasks.prune_login_attempts")
def prune_login_attempts() -> int:
    cutoff = timezone.now() - dt.timedelta(days=90)
    deleted, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    expired = timezone.now() - settings.AXES_COOLOFF_TIME
    more, _ = AccessAttempt.objects.filter(attempt_time__lt=expired).delete()
    return deleted + more
