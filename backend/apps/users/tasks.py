from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


@shared_task(
    name="apps.users.tasks.send_password_reset_email",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_password_reset_email(user_id: str) -> None:
    """Builds the link here, in the worker, so the token never sits in the broker."""
    from apps.core.selectors import company_settings
    from apps.users.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    context = {
        "user": user,
        "company": company_settings(),
        "reset_url": f"{settings.SITE_URL}/accounts/reset/{uid}/{token}/",
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = render_to_string("users/email/password_reset_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string("users/email/password_reset.txt", context),
        to=[user.email],
    )
    message.attach_alternative(
        render_to_string("users/email/password_reset.html", context), "text/html"
    )
    message.send()


@shared_task(name="apps.users.tasks.flush_expired_tokens")
def flush_expired_tokens() -> None:
    call_command("flushexpiredtokens")


@shared_task(name="apps.users.tasks.prune_login_attempts")
def prune_login_attempts() -> int:
    from axes.models import AccessAttempt, AccessLog

    cutoff = timezone.now() - dt.timedelta(days=90)
    deleted, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    expired = timezone.now() - settings.AXES_COOLOFF_TIME
    more, _ = AccessAttempt.objects.filter(attempt_time__lt=expired).delete()
    return deleted + more
