"""E-mail templates, the notification outbox and bulk-mail campaigns.

The outbox (``Notification``) is the source of truth for every message the
company sends: a row is written inside the business transaction that causes
it, and delivery (a Celery task enqueued on commit, plus a periodic sweeper)
moves it queued → sending → sent or failed. See ``services.py``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from apps.core.models import BaseModel
from apps.notifications.catalog import CATALOG
from apps.notifications.defaults import validate_template_fields


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")


class NotificationStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")
    # A scheduled message whose event changed, or one the recipient does not accept.
    CANCELLED = "cancelled", _("Cancelled")


class EmailTemplate(BaseModel):
    """One message the company sends, editable by staff.

    Subject, HTML body and text body use Django template syntax; the HTML body
    is wrapped in the shared branded layout when rendered. Defaults ship as
    files in ``email_templates/<key>/`` and are loaded by ``load_email_templates``
    without overwriting what staff changed (``is_customised``)."""

    key = models.SlugField(_("key"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("when it is sent"), blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    body_html = models.TextField(_("HTML body"))
    body_text = models.TextField(_("plain-text body"))
    sms_text = models.TextField(
        _("SMS text"), blank=True, help_text=_("Used when the message goes by SMS.")
    )
    is_customised = models.BooleanField(_("changed by staff"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("e-mail template")
        verbose_name_plural = _("e-mail templates")
        ordering = ["key"]

    def __str__(self) -> str:
        return self.name or self.key

    def clean(self) -> None:
        if self.key not in CATALOG:
            raise ValidationError({"key": [f"Unknown message key “{self.key}”."]})
        validate_template_fields(
            self.key,
            subject=self.subject,
            body_html=self.body_html,
            body_text=self.body_text,
            sms_text=self.sms_text,
        )


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class Campaign(BaseModel):
    """A bulk e-mail to a segment of opted-in clients, sent from the
    ``campaign`` template. Recipients are expanded into outbox rows in
    batches (``expanded_until`` is the cursor) and sent at a limited rate."""

    name = models.CharField(_("name"), max_length=150)
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(
        _("message"),
        help_text=_("Plain text; {{ client.name }} and the other variables work."),
    )
    segment = models.CharField(_("segment"), max_length=64, default="all_opted_in")
    segment_params = models.JSONField(_("segment options"), default=dict, blank=True)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
        db_index=True,
    )
    rate_per_minute = models.PositiveIntegerField(_("messages per minute"), default=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)
    expanded_until = models.CharField(_("expanded until client"), max_length=64, blank=True)
    expansion_done = models.BooleanField(_("all recipients queued"), default=False)
    expansion_touched_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at"]
        permissions = [("send_campaign", "Can send a campaign")]

    def __str__(self) -> str:
        return self.name


class Notification(BaseModel):
    """One message to one recipient: the transactional outbox row."""

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    template_key = models.CharField(_("template"), max_length=64, db_index=True)
    to_address = models.CharField(_("recipient"), max_length=254, db_index=True)
    to_name = models.CharField(_("recipient name"), max_length=150, blank=True)
    client = models.ForeignKey(
        "leads.Client",
        verbose_name=_("client"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )
    subject = models.CharField(_("subject"), max_length=255, blank=True)
    body_html = models.TextField(_("HTML body"), blank=True)
    body_text = models.TextField(_("text"), blank=True)
    context = models.JSONField(_("variables"), default=dict, blank=True)
    # Files sent with an e-mail, read from storage at send time (so the row
    # stays small and a retry sends the same bytes):
    # [{"storage": "private", "name": "<path>", "filename": "Q-2026-0001-v1.pdf",
    #   "mimetype": "application/pdf"}]
    attachments = models.JSONField(_("attachments"), default=list, blank=True)
    is_marketing = models.BooleanField(_("marketing"), default=False)
    # Secret-bearing messages (password reset, invitations): body hidden from
    # staff screens and the API, and never resent.
    is_sensitive = models.BooleanField(_("contains a secret link"), default=False)

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=NotificationStatus.choices,
        default=NotificationStatus.QUEUED,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    send_after = models.DateTimeField(_("send after"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("provider message id"), max_length=255, blank=True, db_index=True
    )
    delivery_status = models.CharField(_("delivery report"), max_length=64, blank=True)
    delivered_at = models.DateTimeField(_("delivery reported at"), null=True, blank=True)

    related_type = models.CharField(_("about (type)"), max_length=64, blank=True)
    related_id = models.CharField(_("about (id)"), max_length=64, blank=True)
    idempotency_key = models.CharField(_("idempotency key"), max_length=200, unique=True)
    # Scheduled messages that belong together (e.g. a booking's reminders), so
    # they can be cancelled when the event changes.
    group_key = models.CharField(_("group"), max_length=200, blank=True, db_index=True)
    campaign = models.ForeignKey(
        Campaign,
        verbose_name=_("campaign"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("queued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at"]
        permissions = [
            ("send_notification", "Can send a message"),
            ("resend_notification", "Can resend a message"),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notif_due_idx"),
            models.Index(fields=["status", "claimed_at"], name="notif_claimed_idx"),
            models.Index(fields=["campaign", "status"], name="notif_campaign_status_idx"),
            models.Index(fields=["related_type", "related_id"], name="notif_related_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.template_key} → {self.to_address} ({self.status})"
