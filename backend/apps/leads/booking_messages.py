"""What a booking tells people, and when: the customer's messages (by the
channel ``apps.notifications.services.customer_channel`` picks from the
contact they gave: e-mail, or SMS when they left only a phone), the staff
alert, and the reminders before a visit. Called by the booking services
inside their transaction, so a message exists if and only if the change
committed (the notifications outbox delivers it after commit)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import formats, timezone

from apps.leads.links import customer_url, staff_url
from apps.leads.models import Booking, BookingStatus
from apps.notifications.services import (
    cancel_scheduled,
    customer_channel,
    queue_customer_notification,
    queue_notification,
    schedule_notification,
)

REMINDERS = (
    # (hours before, channel): "customer" is the customer's own channel
    # (e-mail, or SMS for a phone-only customer); the last one is a text.
    (24, "customer"),
    (2, "sms"),
)


def booking_context(booking: Booking) -> dict[str, Any]:
    start = timezone.localtime(booking.scheduled_start)
    technicians = ", ".join(str(t) for t in booking.technicians.all())
    return {
        "client": {"name": booking.contact_name or booking.client.name},
        "booking": {
            "reference": booking.reference,
            "service": booking.service.name,
            "date": formats.date_format(start, "l j F Y"),
            "time": start.strftime("%H:%M"),
            "window": str(booking.window),
            "address": booking.site_address,
            "technician": technicians,
            "url": customer_url(booking),
            "status": booking.get_status_display(),
        },
    }


def _queue(booking: Booking, key: str, event: str, **extra: Any) -> None:
    queue_customer_notification(
        template_key=key,
        client=booking.client,
        email=booking.contact_email,
        phone=booking.contact_phone,
        to_name=booking.contact_name,
        context={**booking_context(booking), **extra},
        idempotency_key=f"booking:{booking.pk}:{event}",
        related=booking,
    )


def _staff_alert(booking: Booking) -> None:
    from apps.core.selectors import company_settings

    company = company_settings()
    if not company.email:
        return
    queue_notification(
        template_key="booking_staff_alert",
        to=company.email,
        to_name=company.name,
        context={
            **booking_context(booking),
            "admin_url": staff_url(booking),
            "source": booking.get_source_display(),
        },
        idempotency_key=f"booking:{booking.pk}:staff-alert",
        related=booking,
    )


def _reminder_group(booking: Booking) -> str:
    return f"booking:{booking.pk}:reminders"


def schedule_reminders(booking: Booking) -> None:
    cancel_scheduled(group_key=_reminder_group(booking), reason="The visit moved.")
    if booking.status != BookingStatus.CONFIRMED:
        return
    now = timezone.now()
    stamp = booking.scheduled_start.isoformat()
    for hours, channel in REMINDERS:
        send_at = booking.scheduled_start - dt.timedelta(hours=hours)
        if send_at <= now:
            continue
        if channel == "sms":
            if not (booking.client.accepts_sms and booking.contact_phone):
                continue
            to = booking.contact_phone
        else:
            chosen = customer_channel(
                email=booking.contact_email, phone=booking.contact_phone, client=booking.client
            )
            if chosen is None:
                continue
            channel, to = chosen
        schedule_notification(
            send_at=send_at,
            group_key=_reminder_group(booking),
            template_key="booking_reminder",
            channel=channel,
            client=booking.client,
            to=to,
            to_name=booking.contact_name,
            context={**booking_context(booking), "hours_before": hours},
            # The visit's time is in the key: a moved visit gets fresh reminders,
            # and a schedule run twice sends each one once.
            idempotency_key=f"booking:{booking.pk}:reminder:{hours}:{channel}:{stamp}",
            related=booking,
        )


def cancel_reminders(booking: Booking) -> None:
    cancel_scheduled(group_key=_reminder_group(booking), reason="The visit was closed.")


def booking_created(booking: Booking) -> None:
    _queue(booking, "booking_received", "received")
    _staff_alert(booking)


def booking_rescheduled(booking: Booking, previous: dict[str, str] | None = None) -> None:
    stamp = booking.scheduled_start.isoformat()
    _queue(booking, "booking_rescheduled", f"rescheduled:{stamp}", previous=previous or {})
    schedule_reminders(booking)


def status_changed(booking: Booking, previous: str) -> None:
    status = booking.status
    if status == BookingStatus.CONFIRMED:
        _queue(booking, "booking_confirmed", "confirmed")
        schedule_reminders(booking)
    elif status == BookingStatus.CANCELLED:
        _queue(booking, "booking_cancelled", "cancelled", reason=booking.cancellation_reason)
        cancel_reminders(booking)
    elif status == BookingStatus.COMPLETED:
        _queue(
            booking,
            "booking_completed",
            "completed",
            feedback_url=f"{customer_url(booking)}#feedback",
        )
        cancel_reminders(booking)
    elif status == BookingStatus.NO_SHOW:
        cancel_reminders(booking)
