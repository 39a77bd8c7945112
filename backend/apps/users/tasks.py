from __future__ import annotations

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


def send_account_email(*, template: str, to: str, context: dict) -> None:
    """The one place account e-mails leave from (reset, invitation,
    verification, address change). ``template`` names
    ``users/email/<template>_subject.txt``, ``.txt`` and ``.html``.

    A plain templated Django e-mail for now; when the notifications engine
    lands, this function is re-routed to it and every caller follows."""
    from apps.core.selectors import company_settings

    context = {"company": company_settings(), "site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"users/email/{template}_subject.txt", context).strip()
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split()),
        body=render_to_string(f"users/email/{template}.txt", context),
        to=[to],
    )
    message.attach_alternative(
        render_to_string(f"users/email/{template}.html", context), "text/html"
    )
    message.send()


def _password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return f"{settings.SITE_URL}/accounts/reset/{uid}/{token}/"


_RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "max_retries": 5}


@shared_task(name="apps.users.tasks.send_password_reset_email", **_RETRY)
def send_password_reset_email(user_id: str) -> None:
    """Builds the link here, in the worker, so the token never sits in the broker."""
    from apps.users.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    send_account_email(
        template="password_reset",
        to=user.email,
        context={
            "user": user,
            "reset_url": _password_link(user),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )


@shared_task(name="apps.users.tasks.send_staff_invitation_email", **_RETRY)
def send_staff_invitation_email(user_id: str, inviter_id: str | None = None) -> None:
    from apps.users.models import User

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    inviter = User.objects.filter(pk=inviter_id).first() if inviter_id else None
    send_account_email(
        template="staff_invitation",
        to=user.email,
        context={
            "user": user,
            "inviter": inviter,
            "set_password_url": _password_link(user),
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        },
    )


@shared_task(name="apps.users.tasks.send_email_verification", **_RETRY)
def send_email_verification(user_id: str) -> None:
    from apps.users.models import User
    from apps.users.services import make_email_verification_token

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None or user.email_verified_at is not None:
        return
    token = make_email_verification_token(user)
    send_account_email(
        template="verify_email",
        to=user.email,
        context={
            "user": user,
            "verify_url": f"{settings.SITE_URL}/accounts/verify-email/{token}/",
            "valid_hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600,
        },
    )


@shared_task(name="apps.users.tasks.send_email_change_confirmation", **_RETRY)
def send_email_change_confirmation(user_id: str, new_email: str) -> None:
    """Goes to the *new* address: following it proves the person reads it."""
    from apps.users.models import User
    from apps.users.services import make_email_change_token

    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    token = make_email_change_token(user, new_email)
    send_account_email(
        template="change_email",
        to=new_email,
        context={
            "user": user,
            "new_email": new_email,
            "confirm_url": f"{settings.SITE_URL}/accounts/email/confirm/{token}/",
            "valid_hours": settings.EMAIL_VERIFICATION_MAX_AGE // 3600,
        },
    )


@shared_task(name="apps.users.tasks.flush_expired_tokens")
def flush_expired_tokens() -> None:
    call_command("flushexpiredtokens")


@shared_task(name="apps.users.tasks.prune_login_attempts")
def prune_login_attempts() -> int:
    from axes.models import AccessAttempt, AccessLog

    cutoff = timezone.now() - timezone.timedelta(days=90)
    deleted, _ = AccessLog.objects.filter(attempt_time__lt=cutoff).delete()
    expired = timezone.now() - settings.AXES_COOLOFF_TIME
    more, _ = AccessAttempt.objects.filter(attempt_time__lt=expired).delete()
    return deleted + more
