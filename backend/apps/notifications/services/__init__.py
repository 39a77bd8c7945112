"""Writes owned by the notifications app: consent, templates, the outbox, campaigns.

``consent`` (unsubscribe links, who may get what), ``templates`` (shipped
defaults, staff edits, previews), ``queueing`` (writing to the outbox),
``delivery`` (claiming and sending; the outbox contract is in its docstring)
and ``campaigns``."""

from apps.notifications.services.campaigns import (
    CAMPAIGN_FIELDS,
    advance_campaigns,
    cancel_campaign,
    create_campaign,
    expand_campaign_batch,
    finish_campaigns,
    preview_campaign,
    send_campaign_test,
    start_campaign,
    update_campaign,
)
from apps.notifications.services.consent import (
    client_from_unsubscribe_token,
    next_marketing_sms_time,
    unsubscribe,
    unsubscribe_token,
    unsubscribe_url,
)
from apps.notifications.services.delivery import (
    PermanentDeliveryError,
    claim_next,
    deliver_notification,
    record_sms_delivery_report,
    release_stuck,
    retry_delay,
    sweep_outbox,
)
from apps.notifications.services.queueing import (
    cancel_scheduled,
    check_context,
    customer_channel,
    queue_customer_notification,
    queue_notification,
    resend_notification,
    schedule_notification,
)
from apps.notifications.services.templates import (
    TEMPLATE_FIELDS,
    load_email_templates,
    preview_email_template,
    reset_email_template,
    send_test_email,
    update_email_template,
)

__all__ = [
    "CAMPAIGN_FIELDS",
    "TEMPLATE_FIELDS",
    "PermanentDeliveryError",
    "advance_campaigns",
    "cancel_campaign",
    "cancel_scheduled",
    "check_context",
    "claim_next",
    "client_from_unsubscribe_token",
    "create_campaign",
    "customer_channel",
    "deliver_notification",
    "expand_campaign_batch",
    "finish_campaigns",
    "load_email_templates",
    "next_marketing_sms_time",
    "preview_campaign",
    "preview_email_template",
    "queue_customer_notification",
    "queue_notification",
    "record_sms_delivery_report",
    "release_stuck",
    "resend_notification",
    "reset_email_template",
    "retry_delay",
    "schedule_notification",
    "send_campaign_test",
    "send_test_email",
    "start_campaign",
    "sweep_outbox",
    "unsubscribe",
    "unsubscribe_token",
    "unsubscribe_url",
    "update_campaign",
    "update_email_template",
]
