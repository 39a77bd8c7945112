"""Reads owned by the notifications app (the log, templates, campaign progress)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet

from apps.notifications import segments
from apps.notifications.catalog import CATALOG, COMMON_VARIABLES
from apps.notifications.defaults import default_texts
from apps.notifications.models import Campaign, EmailTemplate, Notification, NotificationStatus

STATUS_KEYS = tuple(NotificationStatus.values)


def notifications_for_admin(
    *,
    status: str = "",
    channel: str = "",
    recipient: str = "",
    template_key: str = "",
    campaign_id: str = "",
    client_id: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[Notification]:
    """The notification log, newest first, with what a list row shows loaded.

    The bodies are deferred: a list never needs them."""
    qs = Notification.objects.select_related("client", "campaign").defer(
        "body_html", "body_text", "context"
    )
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    if recipient:
        qs = qs.filter(Q(to_address__icontains=recipient) | Q(to_name__icontains=recipient))
    if template_key:
        qs = qs.filter(template_key=template_key)
    if campaign_id:
        qs = qs.filter(campaign_id=campaign_id)
    if client_id:
        qs = qs.filter(client_id=client_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-id")


def notification_detail(*, notification_id: Any) -> Notification:
    return Notification.objects.select_related("client", "campaign", "created_by").get(
        pk=notification_id
    )


def email_templates(*, search: str = "", customised: bool | None = None) -> QuerySet[EmailTemplate]:
    """The templates staff edit, by key; ``search`` matches key, name or subject."""
    qs = EmailTemplate.objects.select_related("updated_by").defer(
        "body_html", "body_text", "sms_text"
    )
    if search:
        qs = qs.filter(
            Q(key__icontains=search) | Q(name__icontains=search) | Q(subject__icontains=search)
        )
    if customised is not None:
        qs = qs.filter(is_customised=customised)
    return qs.order_by("key")


def template_texts(*, key: str) -> dict[str, str]:
    """The texts a message is rendered from now: the saved template, or the
    shipped default while the templates are not loaded yet."""
    template = EmailTemplate.objects.filter(key=key).first()
    if template is None:  # not loaded yet: the shipped default
        return default_texts(key)
    return {
        "subject": template.subject,
        "body_html": template.body_html,
        "body_text": template.body_text,
        "sms_text": template.sms_text,
    }


def template_variables(key: str) -> dict[str, str]:
    kind = CATALOG[key]
    return {**kind.variables, **COMMON_VARIABLES}


def required_template_variables(key: str) -> tuple[str, ...]:
    """What the template declares a message must carry (see the catalog)."""
    return CATALOG[key].required_variables


def campaigns_for_admin(*, search: str = "", status: str = "") -> QuerySet[Campaign]:
    """Campaigns with their per-status counts, in one query; ``search``
    matches the name or subject."""
    qs = Campaign.objects.select_related("created_by")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(subject__icontains=search))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        **{f"n_{s}": Count("notifications", filter=Q(notifications__status=s)) for s in STATUS_KEYS}
    ).order_by("-created_at")


def campaign_audience_size(*, campaign: Campaign) -> int:
    """How many consenting clients the campaign's segment reaches now."""
    try:
        return segments.segment_clients(campaign.segment, campaign.segment_params).count()
    except ValidationError:  # a segment that is no longer registered
        return 0


def campaign_progress(*, campaign: Campaign) -> dict[str, Any]:
    """Queued/sending/sent/failed counts and how far the campaign is."""
    counts = dict.fromkeys(STATUS_KEYS, 0)
    for row in (
        Notification.objects.filter(campaign=campaign)
        .values("status")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts[row["status"]] = row["n"]
    total = campaign.recipients_total
    done = counts["sent"] + counts["failed"] + counts["cancelled"]
    return {
        "status": campaign.status,
        "recipients": total,
        "expansion_done": campaign.expansion_done,
        **counts,
        "done": done,
        "percent": round(100 * done / total)
        if total
        else (100 if campaign.status == "sent" else 0),
    }
