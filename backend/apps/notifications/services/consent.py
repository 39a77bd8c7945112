"""Consent and preferences: the signed unsubscribe link and who may get which message."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from apps.core.services import record_audit
from apps.leads.models import Client, ConsentSource
from apps.notifications.catalog import (
    ACCOUNT,
    MARKETING,
)
from apps.notifications.models import (
    Channel,
    Notification,
    NotificationStatus,
)

_UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def unsubscribe_token(client: Client) -> str:
    return signing.Signer(salt=_UNSUBSCRIBE_SALT).sign(str(client.pk))


def unsubscribe_url(client: Client) -> str:
    path = reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(client)})
    return f"{settings.SITE_URL}{path}"


def client_from_unsubscribe_token(token: str) -> Client | None:
    try:
        client_id = signing.Signer(salt=_UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    try:
        return Client.objects.filter(pk=client_id).first()
    except (ValueError, ValidationError):
        return None


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[Client, bool]:
    """Opt the client behind a signed link out of marketing.

    Returns ``(client, changed)``; a second use changes nothing. A tampered
    token raises ValidationError."""
    client = client_from_unsubscribe_token(token)
    if client is None:
        raise ValidationError({"token": ["This unsubscribe link is not valid."]})
    client = Client.objects.select_for_update().get(pk=client.pk)
    if not client.marketing_opt_in:
        return client, False
    client.marketing_opt_in = False
    client.marketing_opt_in_at = timezone.now()
    client.marketing_opt_in_source = ConsentSource.UNSUBSCRIBE_LINK
    client.save(
        update_fields=[
            "marketing_opt_in",
            "marketing_opt_in_at",
            "marketing_opt_in_source",
            "updated_at",
        ]
    )
    record_audit(
        actor=None,
        action="client.unsubscribed",
        target=client,
        changes={"marketing_opt_in": [True, False]},
    )
    # Marketing still waiting for this client is not sent.
    Notification.objects.filter(
        client=client, is_marketing=True, status=NotificationStatus.QUEUED
    ).update(status=NotificationStatus.CANCELLED, last_error="The client unsubscribed.")
    return client, True


def _refusal(kind: Any, channel: str, client: Client | None) -> str:
    """Why this message may not go to this client, or "" when it may."""
    if kind.kind == ACCOUNT or client is None:
        return "" if kind.kind != MARKETING else "Marketing needs a client who opted in."
    if channel == Channel.EMAIL and not client.accepts_email:
        return "The client does not accept e-mail."
    if channel == Channel.SMS and not client.accepts_sms:
        return "The client does not accept SMS."
    if kind.kind == MARKETING and not client.marketing_opt_in:
        return "The client has not opted in to marketing."
    return ""


def next_marketing_sms_time(at: dt.datetime) -> dt.datetime:
    """``at`` if it is inside the marketing SMS hours (Nairobi), else the next opening."""
    tz = ZoneInfo(settings.TIME_ZONE)
    local = at.astimezone(tz)
    start, end = settings.MARKETING_SMS_START_HOUR, settings.MARKETING_SMS_END_HOUR
    if start <= local.hour < end:
        return at
    day = local.date() if local.hour < start else local.date() + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(start), tzinfo=tz)
