"""Marketing campaigns: drafts, tests, and their expansion into the outbox in batches."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from apps.core.services import diff_fields, record_audit, snapshot
from apps.core.tasks import enqueue_on_commit
from apps.leads.models import Client
from apps.notifications import segments
from apps.notifications.defaults import sample_context
from apps.notifications.models import (
    Campaign,
    CampaignStatus,
    Channel,
    Notification,
    NotificationStatus,
)
from apps.notifications.rendering import (
    RenderedMessage,
    company_context,
    render_email,
    render_string,
    validate_source,
)
from apps.notifications.selectors import template_texts
from apps.notifications.services.consent import (
    unsubscribe_url,
)
from apps.notifications.services.queueing import _clean_email, _create_notification

CAMPAIGN_FIELDS = ("name", "subject", "body", "segment", "segment_params", "rate_per_minute")


def _validate_campaign(campaign: Campaign) -> None:
    errors: dict[str, list[str]] = {}
    if not campaign.name.strip():
        errors["name"] = ["A name is required."]
    sample = sample_context("campaign")
    for field, source in (("subject", campaign.subject), ("body", campaign.body)):
        if not source.strip():
            errors[field] = ["This is required."]
            continue
        try:
            validate_source(source, field=field, sample=sample, plain=True)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if not 1 <= campaign.rate_per_minute <= 10_000:
        errors["rate_per_minute"] = ["Between 1 and 10,000 messages per minute."]
    try:
        campaign.segment_params = segments.clean_segment_params(
            campaign.segment, campaign.segment_params
        )
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def create_campaign(
    *,
    actor: Any,
    name: str,
    subject: str,
    body: str,
    segment: str = "all_opted_in",
    segment_params: dict[str, Any] | None = None,
    rate_per_minute: int | None = None,
) -> Campaign:
    campaign = Campaign(
        name=name.strip(),
        subject=subject,
        body=body,
        segment=segment,
        segment_params=segment_params or {},
        rate_per_minute=rate_per_minute or settings.NOTIFICATIONS_CAMPAIGN_RATE_PER_MINUTE,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _validate_campaign(campaign)
    campaign.save()
    record_audit(actor=actor, action="campaign.created", target=campaign)
    return campaign


@transaction.atomic
def update_campaign(*, campaign: Campaign, actor: Any, **changes: Any) -> Campaign:
    unknown = set(changes) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise ValueError(f"Not a campaign field: {', '.join(sorted(unknown))}")
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError({"non_field_errors": ["Only a draft campaign can be changed."]})
    before = snapshot(campaign, changes)
    for field, value in changes.items():
        setattr(campaign, field, value)
    _validate_campaign(campaign)
    campaign.save()
    record_audit(
        actor=actor,
        action="campaign.updated",
        target=campaign,
        changes=diff_fields(before, snapshot(campaign, changes)),
    )
    return campaign


def _campaign_context(campaign: Campaign, client_name: str) -> dict[str, Any]:
    sample = sample_context("campaign")
    context = {**sample, "client": {"name": client_name}}
    message = render_string(campaign.body, context, plain=True).strip()
    subject = " ".join(render_string(campaign.subject, context, plain=True).split())
    return {"client": {"name": client_name}, "campaign": {"subject": subject}, "message": message}


def _render_campaign(
    campaign: Campaign, *, client: Client | None, texts: dict[str, str], company: dict[str, Any]
) -> RenderedMessage:
    name = client.name if client else "Wanjiku Kariuki"
    context = _campaign_context(campaign, name)
    full = {
        **context,
        "company": {**company, "whatsapp_url": company["whatsapp_url"]}
        if client is None or client.accepts_whatsapp
        else {**company, "whatsapp_url": ""},
        "recipient_name": name,
        "site_url": settings.SITE_URL,
        "unsubscribe_url": unsubscribe_url(client)
        if client
        else f"{settings.SITE_URL}/notifications/unsubscribe/sample/",
    }
    return render_email(
        subject=texts["subject"],
        body_html=texts["body_html"],
        body_text=texts["body_text"],
        context=full,
    )


def preview_campaign(*, campaign: Campaign) -> RenderedMessage:
    """The campaign as its first recipient (or a sample client) would get it."""
    client = segments.segment_clients(campaign.segment, campaign.segment_params).first()
    return _render_campaign(
        campaign, client=client, texts=template_texts(key="campaign"), company=company_context()
    )


def send_campaign_test(*, campaign: Campaign, actor: Any, to: str = "") -> Notification:
    """Send the campaign to the staff member themselves."""
    rendered = _render_campaign(
        campaign, client=None, texts=template_texts(key="campaign"), company=company_context()
    )
    rendered = RenderedMessage(
        subject=f"[TEST] {rendered.subject}"[:255], html=rendered.html, text=rendered.text
    )
    with transaction.atomic():
        return _create_notification(
            channel=Channel.EMAIL,
            template_key="campaign",
            to=_clean_email(to or getattr(actor, "email", "")),
            to_name=getattr(actor, "full_name", "") or "",
            rendered=rendered,
            context={"test": True, "campaign": str(campaign.pk)},
            idempotency_key=f"test:{uuid.uuid4()}",
            actor=actor,
            audit_action="campaign.test_sent",
        )


@transaction.atomic
def start_campaign(*, campaign: Campaign, actor: Any) -> Campaign:
    """Draft → sending. Recipients are expanded into the outbox in batches by a task."""
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise ValidationError({"non_field_errors": ["This campaign has already been sent."]})
    _validate_campaign(campaign)
    audience = segments.segment_clients(campaign.segment, campaign.segment_params).count()
    if audience == 0:
        raise ValidationError({"segment": ["No opted-in client is in this segment."]})
    now = timezone.now()
    campaign.status = CampaignStatus.SENDING
    campaign.started_at = now
    campaign.expansion_touched_at = now
    campaign.save(update_fields=["status", "started_at", "expansion_touched_at", "updated_at"])
    record_audit(
        actor=actor, action="campaign.started", target=campaign, changes={"audience": audience}
    )
    # Function-level: tasks.py imports this package at module level, so a
    # module-level import here would close the services ↔ tasks cycle.
    from apps.notifications.tasks import expand_campaign

    enqueue_on_commit(expand_campaign, str(campaign.pk))
    return campaign


def expand_campaign_batch(*, campaign_id: str, batch_size: int | None = None) -> bool:
    """Turn the next batch of recipients into outbox rows. True when more remain.

    The cursor (``expanded_until``) and the idempotency keys
    (``campaign:<id>:<client>``) make a repeated or concurrent run harmless.
    Send times are spread at the campaign's rate, which is how sending is
    rate-limited across any number of workers."""
    batch_size = batch_size or settings.NOTIFICATIONS_CAMPAIGN_BATCH
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().filter(pk=campaign_id).first()
        if campaign is None or campaign.status != CampaignStatus.SENDING or campaign.expansion_done:
            return False
        clients = segments.segment_clients(campaign.segment, campaign.segment_params)
        if campaign.expanded_until:
            clients = clients.filter(pk__gt=campaign.expanded_until)
        batch = list(clients[:batch_size])
        texts = template_texts(key="campaign")
        company = company_context()
        now = timezone.now()
        interval = 60.0 / campaign.rate_per_minute
        offset = campaign.recipients_total
        # Continue the schedule where the previous batch left it, never in the past.
        base = max(now, (campaign.started_at or now) + dt.timedelta(seconds=offset * interval))
        rows = []
        for index, client in enumerate(batch):
            rendered = _render_campaign(campaign, client=client, texts=texts, company=company)
            due = base + dt.timedelta(seconds=index * interval)
            rows.append(
                Notification(
                    channel=Channel.EMAIL,
                    template_key="campaign",
                    to_address=client.email.lower(),
                    to_name=client.name[:150],
                    client=client,
                    subject=rendered.subject,
                    body_html=rendered.html,
                    body_text=rendered.text,
                    context={"campaign": str(campaign.pk)},
                    is_marketing=True,
                    send_after=due,
                    next_attempt_at=due,
                    related_type="notifications.campaign",
                    related_id=str(campaign.pk),
                    idempotency_key=f"campaign:{campaign.pk}:{client.pk}",
                    campaign=campaign,
                )
            )
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        more = len(batch) == batch_size
        if batch:
            campaign.expanded_until = str(batch[-1].pk)
        campaign.recipients_total = offset + len(batch)
        campaign.expansion_done = not more
        campaign.expansion_touched_at = now
        campaign.save(
            update_fields=[
                "expanded_until",
                "recipients_total",
                "expansion_done",
                "expansion_touched_at",
                "updated_at",
            ]
        )
    return more


def advance_campaigns() -> None:
    """Resume the expansion of campaigns whose task was lost (broker down, worker killed)."""
    stale = timezone.now() - dt.timedelta(seconds=settings.NOTIFICATIONS_GRACE_SECONDS * 2)
    for campaign_id in Campaign.objects.filter(
        status=CampaignStatus.SENDING, expansion_done=False, expansion_touched_at__lt=stale
    ).values_list("pk", flat=True):
        while expand_campaign_batch(campaign_id=str(campaign_id)):
            pass


def finish_campaigns() -> int:
    """Campaigns with every recipient queued and nothing left to send are done."""
    now = timezone.now()
    pending = Notification.objects.filter(
        campaign=models.OuterRef("pk"),
        status__in=(NotificationStatus.QUEUED, NotificationStatus.SENDING),
    )
    return (
        Campaign.objects.filter(status=CampaignStatus.SENDING, expansion_done=True)
        .exclude(models.Exists(pending))
        .update(status=CampaignStatus.SENT, finished_at=now, updated_at=now)
    )


@transaction.atomic
def cancel_campaign(*, campaign: Campaign, actor: Any) -> Campaign:
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status not in (CampaignStatus.DRAFT, CampaignStatus.SENDING):
        raise ValidationError({"non_field_errors": ["This campaign is already finished."]})
    campaign.status = CampaignStatus.CANCELLED
    campaign.finished_at = timezone.now()
    campaign.save(update_fields=["status", "finished_at", "updated_at"])
    stopped = Notification.objects.filter(
        campaign=campaign, status=NotificationStatus.QUEUED
    ).update(status=NotificationStatus.CANCELLED, last_error="The campaign was cancelled.")
    record_audit(
        actor=actor, action="campaign.cancelled", target=campaign, changes={"stopped": stopped}
    )
    return campaign
