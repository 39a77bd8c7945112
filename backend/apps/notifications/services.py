"""Writes owned by the notifications app: the outbox, templates, consent, campaigns.

The outbox contract
-------------------
* ``queue_notification`` is called *inside* the business transaction. The row
  exists if and only if the business change commits; the delivery task is
  enqueued on commit. Same ``idempotency_key`` twice → the first row, no new one.
* ``deliver_notification`` (the task's body) claims one row with an atomic
  conditional UPDATE (queued → sending) and sends it. Only the claimer sends.
* ``sweep_outbox`` (beat, every minute) takes back rows stuck in *sending*
  past their lease, then claims due *queued* rows **one at a time**, just
  before sending each (``SELECT … FOR UPDATE SKIP LOCKED LIMIT 1`` and a
  conditional UPDATE), so a broker outage or a killed worker delays a message
  but never loses it, and two sweepers never send the same row.
* The lease (``NOTIFICATIONS_LEASE_SECONDS``) covers one message being sent,
  never a batch waiting its turn: a row claimed with the rest of a batch
  outlived its lease behind a slow relay and was sent twice. ``claimed_at`` is
  the claim's token: right before the relay is called the claim is renewed
  with a conditional UPDATE on (status *sending*, that ``claimed_at``), and
  every status change after the send carries the same condition, so a sender
  whose claim was taken back neither sends nor overwrites the new claimer.
* A failed attempt goes back to *queued* with exponential backoff and jitter;
  after ``NOTIFICATIONS_MAX_ATTEMPTS`` it is *failed* with the error kept.
  Delivery is at-least-once: a worker killed between the SMTP handshake and
  the status update can send a message twice; the fixed Message-ID lets mail
  clients fold such a duplicate.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets
import time
import uuid
from email.utils import formataddr
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from apps.core.services import _jsonable, diff_fields, record_audit, snapshot
from apps.core.tasks import enqueue_on_commit
from apps.leads.models import Client, ConsentSource
from apps.notifications import segments
from apps.notifications.catalog import (
    ACCOUNT,
    CATALOG,
    MARKETING,
    message_kind,
    missing_variables,
)
from apps.notifications.defaults import default_texts, sample_context
from apps.notifications.models import (
    Campaign,
    CampaignStatus,
    Channel,
    EmailTemplate,
    Notification,
    NotificationStatus,
)
from apps.notifications.phone import to_e164
from apps.notifications.rendering import (
    RenderedMessage,
    company_context,
    render_email,
    render_sms,
    render_string,
    validate_source,
)
from apps.notifications.sms import SmsError, get_sms_backend

logger = logging.getLogger(__name__)

_UNSUBSCRIBE_SALT = "notifications.unsubscribe"
_random = secrets.SystemRandom()


class PermanentDeliveryError(Exception):
    """Retrying will not help (bad address, provider refused the number)."""


# --- Consent and preferences -------------------------------------------------


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


# --- Templates -----------------------------------------------------------------


def _template_texts(key: str) -> dict[str, str]:
    template = EmailTemplate.objects.filter(key=key).first()
    if template is None:  # not loaded yet: the shipped default
        return default_texts(key)
    return {
        "subject": template.subject,
        "body_html": template.body_html,
        "body_text": template.body_text,
        "sms_text": template.sms_text,
    }


def load_email_templates(*, overwrite: bool = False) -> dict[str, int]:
    """Create or refresh the templates from the shipped files.

    A template staff changed (``is_customised``) is kept unless ``overwrite``."""
    counts = {"created": 0, "updated": 0, "kept": 0}
    for key in CATALOG:
        texts = default_texts(key)
        template = EmailTemplate.objects.filter(key=key).first()
        if template is None:
            EmailTemplate.objects.create(key=key, **texts)
            counts["created"] += 1
            continue
        if template.is_customised and not overwrite:
            counts["kept"] += 1
            continue
        changed = [f for f, v in texts.items() if getattr(template, f) != v]
        if changed or template.is_customised:
            for field in changed:
                setattr(template, field, texts[field])
            template.is_customised = False
            template.save(update_fields=[*changed, "is_customised", "updated_at"])
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return counts


TEMPLATE_FIELDS = ("subject", "body_html", "body_text", "sms_text")


@transaction.atomic
def update_email_template(*, template: EmailTemplate, actor: Any, **changes: str) -> EmailTemplate:
    """Save staff edits; a template that does not compile or render is refused
    with a ValidationError naming the field."""
    unknown = set(changes) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValueError(f"Not a template field: {', '.join(sorted(unknown))}")
    template = EmailTemplate.objects.select_for_update().get(pk=template.pk)
    before = snapshot(template, changes)
    for field, value in changes.items():
        setattr(template, field, value)
    template.full_clean()
    changed = [f for f in changes if before[f] != getattr(template, f)]
    if not changed:
        return template
    template.is_customised = True
    template.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    template.save(update_fields=[*changed, "is_customised", "updated_by", "updated_at"])
    record_audit(
        actor=actor,
        action="email_template.updated",
        target=template,
        changes=dict.fromkeys(changed, "changed"),
    )
    return template


@transaction.atomic
def reset_email_template(*, template: EmailTemplate, actor: Any) -> EmailTemplate:
    """Back to the shipped default."""
    texts = default_texts(template.key)
    for field in TEMPLATE_FIELDS:
        setattr(template, field, texts[field])
    template.is_customised = False
    template.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    template.save()
    record_audit(actor=actor, action="email_template.reset", target=template)
    return template


def preview_email_template(
    *,
    key: str,
    subject: str,
    body_html: str,
    body_text: str,
    sms_text: str = "",
) -> dict[str, str]:
    """Render unsaved texts with the sample data (validated first)."""
    from apps.notifications.defaults import validate_template_fields

    message_kind(key)
    validate_template_fields(
        key, subject=subject, body_html=body_html, body_text=body_text, sms_text=sms_text
    )
    context = sample_context(key)
    rendered = render_email(
        subject=subject, body_html=body_html, body_text=body_text, context=context
    )
    sms = render_sms(source=sms_text or body_text, context=context) if sms_text else ""
    return {"subject": rendered.subject, "html": rendered.html, "text": rendered.text, "sms": sms}


def send_test_email(
    *,
    key: str,
    to: str,
    actor: Any,
    subject: str | None = None,
    body_html: str | None = None,
    body_text: str | None = None,
) -> Notification:
    """Send a template (saved, or the unsaved texts given) with sample data."""
    texts = _template_texts(key)
    overrides = {"subject": subject, "body_html": body_html, "body_text": body_text}
    texts.update({k: v for k, v in overrides.items() if v is not None})
    preview = preview_email_template(
        key=key,
        subject=texts["subject"],
        body_html=texts["body_html"],
        body_text=texts["body_text"],
    )
    rendered = RenderedMessage(
        subject=f"[TEST] {preview['subject']}"[:255], html=preview["html"], text=preview["text"]
    )
    with transaction.atomic():
        return _create_notification(
            channel=Channel.EMAIL,
            template_key=key,
            to=_clean_email(to),
            to_name=getattr(actor, "full_name", "") or "",
            rendered=rendered,
            context={"test": True},
            idempotency_key=f"test:{uuid.uuid4()}",
            actor=actor,
            audit_action="notification.test_sent",
        )


# --- Queueing ------------------------------------------------------------------


def _clean_email(address: str) -> str:
    address = (address or "").strip().lower()
    try:
        validate_email(address)
    except ValidationError:
        raise ValidationError({"to": [f"“{address}” is not an e-mail address."]}) from None
    return address


def _base_context(
    *, context: dict[str, Any], client: Client | None, to_name: str, marketing: bool
) -> dict[str, Any]:
    merged = {
        **context,
        "company": company_context(whatsapp=client.accepts_whatsapp if client else True),
        "recipient_name": to_name,
        "site_url": settings.SITE_URL,
    }
    if marketing and client is not None:
        merged["unsubscribe_url"] = unsubscribe_url(client)
    return merged


def _existing(idempotency_key: str) -> Notification | None:
    return Notification.objects.filter(idempotency_key=idempotency_key).first()


def _create_notification(
    *,
    channel: str,
    template_key: str,
    to: str,
    to_name: str,
    rendered: RenderedMessage | None = None,
    sms_text: str = "",
    context: dict[str, Any],
    idempotency_key: str,
    client: Client | None = None,
    marketing: bool = False,
    sensitive: bool = False,
    send_after: dt.datetime | None = None,
    group_key: str = "",
    related: models.Model | None = None,
    actor: Any = None,
    refusal: str = "",
    audit_action: str = "",
    attachments: list[dict[str, str]] | None = None,
) -> Notification:
    now = timezone.now()
    if channel == Channel.SMS and marketing:
        send_after = next_marketing_sms_time(send_after or now)
        if send_after <= now:
            send_after = None
    scheduled = send_after is not None and send_after > now
    grace = dt.timedelta(seconds=settings.NOTIFICATIONS_GRACE_SECONDS)
    due: dt.datetime = send_after if (scheduled and send_after) else now + grace
    notification = Notification(
        channel=channel,
        template_key=template_key,
        to_address=to,
        to_name=to_name[:150],
        client=client,
        subject=rendered.subject if rendered else "",
        body_html=rendered.html if rendered else "",
        body_text=rendered.text if rendered else sms_text,
        context={} if sensitive else _jsonable(context),
        attachments=_clean_attachments(attachments),
        is_marketing=marketing,
        is_sensitive=sensitive,
        status=NotificationStatus.CANCELLED if refusal else NotificationStatus.QUEUED,
        last_error=refusal,
        send_after=send_after if scheduled else None,
        next_attempt_at=due,
        related_type=related._meta.label_lower if related is not None else "",
        related_id=str(related.pk) if related is not None else "",
        idempotency_key=idempotency_key,
        group_key=group_key,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        with transaction.atomic():  # a savepoint: a duplicate key must not break the caller
            notification.save(force_insert=True)
    except IntegrityError:
        existing = _existing(idempotency_key)
        if existing is None:
            raise
        return existing
    if audit_action:
        record_audit(
            actor=actor,
            action=audit_action,
            target=notification,
            target_label=f"{template_key} → {to}",
        )
    if not refusal and not scheduled:
        from apps.notifications.tasks import deliver_notification

        enqueue_on_commit(deliver_notification, str(notification.pk))
    return notification


def _clean_attachments(attachments: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """Check the attachment descriptors: a configured storage and a file name."""
    from django.core.files.storage import storages

    clean = []
    for item in attachments or []:
        storage = item.get("storage", "default")
        if storage not in settings.STORAGES or not item.get("name"):
            raise ValueError(f"Not a stored file: {item!r}")
        storages[storage]
        clean.append(
            {
                "storage": storage,
                "name": item["name"],
                "filename": item.get("filename") or item["name"].rsplit("/", 1)[-1],
                "mimetype": item.get("mimetype") or "application/octet-stream",
            }
        )
    return clean


def queue_notification(
    *,
    template_key: str,
    channel: str = Channel.EMAIL,
    client: Client | None = None,
    to: str = "",
    to_name: str = "",
    context: dict[str, Any] | None = None,
    idempotency_key: str = "",
    related: models.Model | None = None,
    send_after: dt.datetime | None = None,
    group_key: str = "",
    actor: Any = None,
    attachments: list[dict[str, str]] | None = None,
) -> Notification:
    """Write one message to the outbox, inside the caller's transaction.

    The recipient is ``to`` or, when empty, the client's e-mail or phone. The
    message is rendered now from the current template (so the row holds
    exactly what is sent). Pass an ``idempotency_key`` naming the event
    (``"booking:<id>:confirmed"``) so raising the event twice sends once.
    A message the client does not accept (channel, marketing consent) is
    recorded as *cancelled* with the reason, so the log shows why.

    ``attachments`` (e-mail only) lists stored files to attach, as
    ``{"storage", "name", "filename", "mimetype"}``; they are read from
    storage when the message is sent."""
    kind = message_kind(template_key)
    if attachments and channel != Channel.EMAIL:
        raise ValueError("Only e-mails carry attachments.")
    if channel not in Channel.values:
        raise ValidationError({"channel": [f"Unknown channel “{channel}”."]})
    context = dict(context or {})
    with transaction.atomic():
        if idempotency_key:
            existing = _existing(idempotency_key)
            if existing is not None:
                return existing
        else:
            idempotency_key = f"auto:{uuid.uuid4()}"
        if client is not None:
            to = to or (client.email if channel == Channel.EMAIL else str(client.phone or ""))
            to_name = to_name or client.name
            context.setdefault("client", {"name": client.name})
        if not to:
            raise ValidationError({"to": ["There is no address to send this message to."]})
        to = _clean_email(to) if channel == Channel.EMAIL else _clean_phone(to)
        marketing = kind.kind == MARKETING
        full_context = _base_context(
            context=context, client=client, to_name=to_name, marketing=marketing
        )
        refusal = _refusal(kind, channel, client)
        if not refusal:  # a refused message is only logged, never rendered to anyone
            check_context(template_key, full_context)
        texts = _template_texts(template_key)
        rendered = None
        sms_text = ""
        if channel == Channel.EMAIL:
            rendered = render_email(
                subject=texts["subject"],
                body_html=texts["body_html"],
                body_text=texts["body_text"],
                context=full_context,
            )
        else:
            sms_text = render_sms(
                source=texts["sms_text"] or texts["body_text"], context=full_context
            )
        return _create_notification(
            channel=channel,
            template_key=template_key,
            to=to,
            to_name=to_name,
            rendered=rendered,
            sms_text=sms_text,
            context=context,
            idempotency_key=idempotency_key,
            client=client,
            marketing=marketing,
            sensitive=kind.sensitive,
            send_after=send_after,
            group_key=group_key,
            related=related,
            actor=actor,
            refusal=refusal,
            audit_action="notification.queued_by_staff" if actor is not None else "",
            attachments=attachments,
        )


def customer_channel(
    *, email: Any = "", phone: Any = "", client: Client | None = None
) -> tuple[str, str] | None:
    """``(channel, address)`` a message to a customer goes by, from the
    contact they gave: e-mail when there is an address they accept mail at,
    else SMS to their phone (a phone-only customer gets texts), else None.

    The one place the channel is chosen: booking confirmations, reschedules,
    cancellations, reminders, inquiry replies, quotations… all ask it."""
    email = str(email or "").strip()
    phone = str(phone or "").strip()
    accepts_email = client is None or client.accepts_email
    accepts_sms = client is None or client.accepts_sms
    if email and accepts_email:
        return Channel.EMAIL, email
    if phone and accepts_sms:
        return Channel.SMS, phone
    # Nothing they accept: queued anyway so the log shows it was refused and why.
    if email:
        return Channel.EMAIL, email
    if phone:
        return Channel.SMS, phone
    return None


def queue_customer_notification(
    *,
    template_key: str,
    email: Any = "",
    phone: Any = "",
    client: Client | None = None,
    attachments: list[dict[str, str]] | None = None,
    **kwargs: Any,
) -> Notification | None:
    """Queue a customer message by the channel ``customer_channel`` picks
    (None when the customer left no contact at all). An SMS carries no
    attachment: its text holds the link instead."""
    chosen = customer_channel(email=email, phone=phone, client=client)
    if chosen is None:
        return None
    channel, to = chosen
    return queue_notification(
        template_key=template_key,
        channel=channel,
        client=client,
        to=to,
        attachments=attachments if channel == Channel.EMAIL else None,
        **kwargs,
    )


def check_context(template_key: str, context: dict[str, Any]) -> None:
    """Refuse a message whose data lacks a variable its template declares
    as required (``apps.notifications.catalog``): it would go out with holes
    ("Reminder: our visit on at"). The ValidationError names each one."""
    missing = missing_variables(template_key, context)
    if missing:
        described = message_kind(template_key).variables
        raise ValidationError(
            {"context": [f"“{name}” is missing ({described[name]})." for name in missing]}
        )


def _clean_phone(raw: str) -> str:
    try:
        return to_e164(raw)
    except ValidationError as exc:
        raise ValidationError({"to": exc.messages}) from None


def schedule_notification(*, send_at: dt.datetime, group_key: str, **kwargs: Any) -> Notification:
    """Queue a message for later (e.g. a visit reminder 24 h before).

    Give an ``idempotency_key`` that names the event and its time
    (``"booking:<id>:reminder:24h:<visit start>"``) so scheduling twice sends
    once, and a ``group_key`` (``"booking:<id>:reminders"``) to cancel them
    with ``cancel_scheduled`` when the event changes."""
    if not group_key:
        raise ValueError("A scheduled message needs a group_key to be cancellable.")
    return queue_notification(send_after=send_at, group_key=group_key, **kwargs)


def cancel_scheduled(*, group_key: str, reason: str = "The event changed.") -> int:
    """Cancel the messages of a group that are still waiting to be sent."""
    return Notification.objects.filter(
        group_key=group_key, status=NotificationStatus.QUEUED
    ).update(status=NotificationStatus.CANCELLED, last_error=reason, updated_at=timezone.now())


@transaction.atomic
def resend_notification(*, notification: Notification, actor: Any) -> Notification:
    """Send a message again. A failed or cancelled one is queued again as it
    is; a sent one is copied into a new row. Messages holding a secret link
    are never resent (the person asks for a new link)."""
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.is_sensitive:
        raise ValidationError(
            {"non_field_errors": ["This message holds a secret link and cannot be resent."]}
        )
    if notification.status == NotificationStatus.SENDING:
        raise ValidationError({"non_field_errors": ["This message is being sent right now."]})
    now = timezone.now()
    if notification.status == NotificationStatus.SENT:
        copy = Notification.objects.create(
            **{
                f.name: getattr(notification, f.name)
                for f in Notification._meta.concrete_fields
                if f.name
                not in {
                    "id",
                    "created_at",
                    "updated_at",
                    "status",
                    "attempts",
                    "last_error",
                    "send_after",
                    "next_attempt_at",
                    "claimed_at",
                    "sent_at",
                    "provider_message_id",
                    "delivery_status",
                    "delivered_at",
                    "idempotency_key",
                    "created_by",
                    "campaign",
                }
            },
            next_attempt_at=now + dt.timedelta(seconds=settings.NOTIFICATIONS_GRACE_SECONDS),
            idempotency_key=f"resend:{notification.pk}:{uuid.uuid4()}",
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        target = copy
    else:
        notification.status = NotificationStatus.QUEUED
        notification.attempts = 0
        notification.send_after = None
        notification.next_attempt_at = now + dt.timedelta(
            seconds=settings.NOTIFICATIONS_GRACE_SECONDS
        )
        notification.claimed_at = None
        notification.save(
            update_fields=[
                "status",
                "attempts",
                "send_after",
                "next_attempt_at",
                "claimed_at",
                "updated_at",
            ]
        )
        target = notification
    record_audit(
        actor=actor,
        action="notification.resent",
        target=notification,
        target_label=f"{notification.template_key} → {notification.to_address}",
        changes={"resent_as": str(target.pk)},
    )
    from apps.notifications.tasks import deliver_notification

    enqueue_on_commit(deliver_notification, str(target.pk))
    return target


# --- Delivery --------------------------------------------------------------------


def retry_delay(attempt: int) -> float:
    """Seconds before attempt ``attempt + 1``: exponential, capped, with jitter
    (between half and all of the exponential delay), so a burst of failures
    does not retry in lockstep."""
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS * (2 ** max(attempt - 1, 0))
    delay = min(base, settings.NOTIFICATIONS_RETRY_MAX_SECONDS)
    return delay / 2 + _random.uniform(0, delay / 2)


def _message_id(notification: Notification) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">").strip() or "localhost"
    return f"<notification-{notification.pk}@{domain}>"


def _send_email(notification: Notification, *, connection: Any, reply_to: str) -> str:
    headers = {"Message-ID": _message_id(notification), "X-Notification-Id": str(notification.pk)}
    if notification.is_marketing and notification.client is not None:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url(notification.client)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[formataddr((notification.to_name, notification.to_address))],
        reply_to=[reply_to] if reply_to else None,
        headers=headers,
        connection=connection,
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    if notification.attachments:
        from django.core.files.storage import storages

        for item in notification.attachments:
            # A missing file raises: the attempt fails and is retried, so a
            # message never goes out without the document it promises.
            with storages[item["storage"]].open(item["name"], "rb") as fh:
                message.attach(item["filename"], fh.read(), item["mimetype"])
    message.send(fail_silently=False)
    status = getattr(message, "anymail_status", None)  # django-anymail back-ends
    return str(getattr(status, "message_id", "") or "") or headers["Message-ID"]


def _send_sms(notification: Notification, *, backend: Any) -> str:
    try:
        result = backend.send(to=notification.to_address, message=notification.body_text)
    except SmsError as exc:
        if exc.permanent:
            raise PermanentDeliveryError(str(exc)) from exc
        raise
    return result.message_id


def _still_allowed(notification: Notification, now: dt.datetime) -> tuple[str, dt.datetime | None]:
    """Checks made at send time: ("", None) to send; (reason, None) to cancel;
    ("", later) to put back until ``later`` (marketing SMS outside hours)."""
    if notification.is_marketing:
        client = notification.client
        if client is None or not client.marketing_opt_in:
            return "The client is no longer opted in to marketing.", None
        if notification.channel == Channel.SMS:
            opening = next_marketing_sms_time(now)
            if opening > now:
                return "", opening
    return "", None


class _Sender:
    """Sends claimed rows, sharing one SMTP connection and one SMS back-end."""

    def __init__(self) -> None:
        self._connection: Any = None
        self._sms: Any = None
        self._reply_to: str | None = None

    @property
    def reply_to(self) -> str:
        if self._reply_to is None:
            self._reply_to = company_context()["email"] or ""
        return self._reply_to

    def connection(self):
        if self._connection is None:
            self._connection = get_connection(fail_silently=False)
            try:
                self._connection.open()
            except Exception:
                self._connection = None
                raise
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            try:
                self._connection.close()
            except Exception:  # a dead connection cannot be closed cleanly
                logger.debug("closing the mail connection failed", exc_info=True)
            self._connection = None

    def send(self, notification: Notification) -> str:
        """Send one row this worker has claimed (status *sending*, its
        ``claimed_at`` the claim's token). Returns the outcome."""
        now = timezone.now()
        reason, later = _still_allowed(notification, now)
        if reason:
            _ours(notification).update(
                status=NotificationStatus.CANCELLED,
                last_error=reason,
                claimed_at=None,
                updated_at=now,
            )
            return "cancelled"
        if later is not None:
            _ours(notification).update(
                status=NotificationStatus.QUEUED,
                attempts=F("attempts") - 1,  # waiting for opening hours is not an attempt
                next_attempt_at=later,
                send_after=later,
                claimed_at=None,
                updated_at=now,
            )
            return "deferred"
        try:
            if notification.channel == Channel.EMAIL:
                try:
                    connection = self.connection()  # connect before the lease is renewed
                    if not _renew_claim(notification):
                        return "lost"
                    provider_id = _send_email(
                        notification, connection=connection, reply_to=self.reply_to
                    )
                except Exception:
                    self.close()  # a broken connection is not reused for the next row
                    raise
            else:
                if self._sms is None:
                    self._sms = get_sms_backend()
                if not _renew_claim(notification):
                    return "lost"
                provider_id = _send_sms(notification, backend=self._sms)
        except Exception as exc:
            _record_failure(notification, exc)
            return "failed"
        _ours(notification).update(
            status=NotificationStatus.SENT,
            sent_at=timezone.now(),
            provider_message_id=provider_id[:255],
            last_error="",
            claimed_at=None,
            updated_at=timezone.now(),
        )
        return "sent"


def _ours(notification: Notification) -> models.QuerySet[Notification]:
    """The row, only while this worker's claim on it holds."""
    return Notification.objects.filter(
        pk=notification.pk,
        status=NotificationStatus.SENDING,
        claimed_at=notification.claimed_at,
    )


def _renew_claim(notification: Notification) -> bool:
    """Check the claim is still ours and restart its lease, right before the
    relay is called (after the SMTP connection is open). False: the lease ran
    out and the row was taken back (another worker may be sending it), so this
    worker must not send it."""
    renewed_at = timezone.now()
    if not _ours(notification).update(claimed_at=renewed_at, updated_at=renewed_at):
        logger.warning(
            "notification %s: claim lost before sending (lease ran out); not sent",
            notification.pk,
        )
        return False
    notification.claimed_at = renewed_at
    return True


def _record_failure(notification: Notification, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    now = timezone.now()
    permanent = isinstance(exc, PermanentDeliveryError)
    if permanent or notification.attempts >= settings.NOTIFICATIONS_MAX_ATTEMPTS:
        update: dict[str, Any] = {"status": NotificationStatus.FAILED}
        logger.warning(
            "notification %s failed for good after %s attempts: %s",
            notification.pk,
            notification.attempts,
            type(exc).__name__,
        )
    else:
        update = {
            "status": NotificationStatus.QUEUED,
            "next_attempt_at": now + dt.timedelta(seconds=retry_delay(notification.attempts)),
        }
        logger.info(
            "notification %s attempt %s failed (%s); will retry",
            notification.pk,
            notification.attempts,
            type(exc).__name__,
        )
    _ours(notification).update(last_error=error, claimed_at=None, updated_at=now, **update)


def deliver_notification(*, notification_id: str) -> str:
    """Claim one queued row (atomic conditional UPDATE) and send it.

    Only the first, immediate attempt goes this way; retries, scheduled and
    campaign rows are taken by the sweeper when due. Safe to run twice."""
    now = timezone.now()
    claimed = (
        Notification.objects.filter(
            pk=notification_id, status=NotificationStatus.QUEUED, attempts=0
        )
        .filter(Q(send_after__isnull=True) | Q(send_after__lte=now))
        .update(
            status=NotificationStatus.SENDING,
            claimed_at=now,
            attempts=F("attempts") + 1,
            updated_at=now,
        )
    )
    if not claimed:
        return "skipped"
    notification = Notification.objects.select_related("client").get(pk=notification_id)
    sender = _Sender()
    try:
        return sender.send(notification)
    finally:
        sender.close()


def release_stuck(*, now: dt.datetime | None = None) -> int:
    """Rows left in *sending* past the lease (their worker died) go back to the queue."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS)
    stuck = Notification.objects.filter(status=NotificationStatus.SENDING, claimed_at__lt=cutoff)
    error = "The worker stopped while sending; taken back by the sweeper."
    failed = stuck.filter(attempts__gte=settings.NOTIFICATIONS_MAX_ATTEMPTS).update(
        status=NotificationStatus.FAILED, last_error=error, claimed_at=None, updated_at=now
    )
    requeued = stuck.update(
        status=NotificationStatus.QUEUED,
        last_error=error,
        claimed_at=None,
        next_attempt_at=now,
        updated_at=now,
    )
    return failed + requeued


def claim_next(*, now: dt.datetime | None = None) -> Notification | None:
    """Claim the next due queued row for this worker, or None when nothing is due.

    One row at a time, taken just before it is sent, so its lease covers that
    one message and never a batch waiting its turn. ``FOR UPDATE SKIP
    LOCKED``: a second sweeper at the same moment skips the row this one is
    claiming and takes the next. The UPDATE is conditional on the row still
    being queued, which is what keeps SQLite (no row locks) correct too."""
    while True:
        claimed_at = now or timezone.now()
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("client")
                .filter(status=NotificationStatus.QUEUED, next_attempt_at__lte=claimed_at)
                .order_by("next_attempt_at")
                .first()
            )
            if notification is None:
                return None
            claimed = Notification.objects.filter(
                pk=notification.pk, status=NotificationStatus.QUEUED
            ).update(
                status=NotificationStatus.SENDING,
                claimed_at=claimed_at,
                attempts=F("attempts") + 1,
                updated_at=claimed_at,
            )
        if claimed:
            notification.status = NotificationStatus.SENDING
            notification.claimed_at = notification.updated_at = claimed_at
            notification.attempts += 1
            return notification
        # Another worker claimed it between our read and our write (SQLite): next one.


def sweep_outbox(*, time_budget: float | None = None) -> dict[str, int]:
    """The periodic safety net: take back stuck rows, send what is due, move
    campaigns along. Claims and sends one row at a time until nothing is due
    or the time budget (shorter than the beat interval) is spent."""
    budget = settings.NOTIFICATIONS_SWEEP_SECONDS if time_budget is None else time_budget
    started = time.monotonic()
    counts = {"released": release_stuck(), "sent": 0, "failed": 0, "cancelled": 0, "deferred": 0}
    advance_campaigns()
    sender = _Sender()
    try:
        while time.monotonic() - started <= budget:
            notification = claim_next()
            if notification is None:
                break
            outcome = sender.send(notification)
            counts[outcome] = counts.get(outcome, 0) + 1
    finally:
        sender.close()
    finish_campaigns()
    return counts


@transaction.atomic
def record_sms_delivery_report(
    *, message_id: str, status: str, failure_reason: str = ""
) -> Notification | None:
    """Africa's Talking tells us what happened to a message after it left us."""
    notification = (
        Notification.objects.select_for_update()
        .filter(provider_message_id=message_id, channel=Channel.SMS)
        .first()
    )
    if notification is None:
        return None
    notification.delivery_status = status[:64]
    notification.delivered_at = timezone.now()
    fields = ["delivery_status", "delivered_at", "updated_at"]
    if status in ("Failed", "Rejected"):
        notification.status = NotificationStatus.FAILED
        notification.last_error = f"Delivery report: {status} {failure_reason}".strip()[:2000]
        fields += ["status", "last_error"]
    notification.save(update_fields=fields)
    return notification


# --- Campaigns -------------------------------------------------------------------

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
        campaign, client=client, texts=_template_texts("campaign"), company=company_context()
    )


def send_campaign_test(*, campaign: Campaign, actor: Any, to: str = "") -> Notification:
    """Send the campaign to the staff member themselves."""
    rendered = _render_campaign(
        campaign, client=None, texts=_template_texts("campaign"), company=company_context()
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
        texts = _template_texts("campaign")
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
