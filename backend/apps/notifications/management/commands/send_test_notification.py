"""Send one message through the whole outbox path, e.g. to check SMTP or SMS settings.

manage.py send_test_notification you@example.com
manage.py send_test_notification 0722555111 --channel sms --template booking_reminder
"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.notifications.catalog import TEMPLATE_KEYS
from apps.notifications.defaults import sample_context
from apps.notifications.models import Notification
from apps.notifications.services import deliver_notification, queue_notification


class Command(BaseCommand):
    help = "Queue a message with sample data and deliver it now; prints the outcome."

    def add_arguments(self, parser):
        parser.add_argument("to", help="E-mail address, or phone number with --channel sms")
        parser.add_argument("--channel", choices=["email", "sms"], default="email")
        parser.add_argument("--template", choices=TEMPLATE_KEYS, default="booking_confirmed")

    def handle(self, *args, to: str, channel: str, template: str, **options):
        context = {
            k: v
            for k, v in sample_context(template).items()
            if k not in ("company", "recipient_name", "site_url", "unsubscribe_url")
        }
        try:
            with transaction.atomic():
                notification = queue_notification(
                    template_key=template, channel=channel, to=to, context=context
                )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        # Eager mode has sent it on commit already; otherwise send it here.
        deliver_notification(notification_id=str(notification.pk))
        notification = Notification.objects.get(pk=notification.pk)
        self.stdout.write(
            f"{notification.template_key} to {notification.to_address}: {notification.status}"
            + (f" ({notification.last_error})" if notification.last_error else "")
        )
        if notification.status != "sent":
            raise CommandError("The message was not sent.")
