"""Demo notifications: templates loaded, a few messages in each status, a draft campaign.

1,000 opted-in demo clients for a campaign test are created on request, not
here (``manage.py seed_demo_clients``), to keep ``make run`` quick."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.leads.models import Client
from apps.notifications.models import Campaign, Notification, NotificationStatus
from apps.notifications.services import create_campaign, load_email_templates, queue_notification
from apps.users.models import User

BOOKING = {
    "reference": "BK-2026-0007",
    "service": "Split AC servicing",
    "date": "Thursday 5 March 2026",
    "time": "09:00",
    "address": "Kilimani, Argwings Kodhek Rd, Nairobi",
    "technician": "Joseph Kamau",
    "url": "http://127.0.0.1:8000/portal/",
}


def seed(out) -> None:
    counts = load_email_templates()
    out.write(f"  e-mail templates: {counts['created']} created, {counts['updated']} updated")
    if Notification.objects.filter(idempotency_key__startswith="demo:").exists():
        return
    david = Client.objects.filter(email="client@coollight.demo").first()
    grace = Client.objects.filter(email="grace@lakeview.example").first()
    hassan = Client.objects.filter(email="hassan@nyalifresh.example").first()
    if not (david and grace and hassan):
        return
    queue_notification(
        template_key="booking_confirmed",
        client=david,
        context={"booking": BOOKING},
        idempotency_key="demo:booking-confirmed",
    )
    queue_notification(
        template_key="booking_confirmed",
        channel="sms",
        client=david,
        context={"booking": BOOKING},
        idempotency_key="demo:booking-confirmed-sms",
    )
    queue_notification(
        template_key="booking_reminder",
        client=david,
        context={"booking": BOOKING, "hours_before": 24},
        send_after=timezone.now() + dt.timedelta(days=1),
        group_key="booking:demo:reminders",
        idempotency_key="demo:booking-reminder-24h",
    )
    failed = queue_notification(
        template_key="invoice_issued",
        client=grace,
        context={
            "invoice": {
                "number": "INV-2026-0003",
                "total": "KES 92,800.00",
                "balance": "KES 92,800.00",
                "due_date": (timezone.localdate() + dt.timedelta(days=14)).strftime("%-d %B %Y"),
                "url": "",
            }
        },
        idempotency_key="demo:invoice-failed",
    )
    Notification.objects.filter(pk=failed.pk).update(
        status=NotificationStatus.FAILED,
        attempts=6,
        last_error="SMTPRecipientsRefused: {'grace@lakeview.example': (550, b'Mailbox full')}",
    )
    hassan_mail = queue_notification(
        template_key="campaign",
        client=hassan,  # not opted in: recorded as cancelled with the reason
        context={"message": "10% off servicing in March."},
        idempotency_key="demo:marketing-refused",
    )
    admin = User.objects.filter(email="admin@coollight.demo").first()
    if not Campaign.objects.exists():
        create_campaign(
            actor=admin,
            name="Hot season servicing offer",
            subject="{{ client.name }}, get your AC ready for the hot season",
            body=(
                "The hot season is coming. Book a service visit before the end of the month "
                "and get 10% off cleaning and gas top-up.\n\n"
                "Reply to this e-mail or call us to choose a time."
            ),
        )
    out.write(f"  notifications: demo messages queued ({hassan_mail.status} included)")
