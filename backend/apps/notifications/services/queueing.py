"""Writing messages to the outbox, now or scheduled, inside the caller's transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from apps.core.services import _jsonable, record_audit
from apps.core.tasks import enqueue_on_commit
from apps.leads.models import Client
from apps.notifications.catalog import (
    MARKETING,
    message_kind,
    missing_variables,
)
from apps.notifications.models import (
    Channel,
    Notification,
    NotificationStatus,
)
from apps.notifications.phone import to_e164
from apps.notifications.rendering import (
    RenderedMessage,
    company_context,
    render_email,
    render_sms,
)
from apps.notifications.selectors import template_texts
from apps.notifications.services.consent import (
    _refusal,
    next_marketing_sms_time,
    unsubscribe_url,
)


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
        # Function-level: tasks.py imports this package at module level, so a
        # module-level import here would close the services ↔ tasks cycle.
        from apps.notifications.tasks import deliver_notification

        enqueue_on_commit(deliver_notification, str(notification.pk))
    return notification


def _clean_attachments(attachments: list[dict[str, str]] | None) -> list[dict[str, str]]:
    """Check the attachment descriptors: a configured storage and a file name."""
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
        texts = template_texts(key=template_key)
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
    # Function-level: tasks.py imports this package at module level, so a
    # module-level import here would close the services ↔ tasks cycle.
    from apps.notifications.tasks import deliver_notification

    enqueue_on_commit(deliver_notification, str(target.pk))
    return target
