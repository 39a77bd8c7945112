"""The outbox: a message exists iff its transaction committed, is sent once,
survives failures with backoff, and can be resent."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from apps.notifications import services
from apps.notifications.models import Notification, NotificationStatus
from apps.notifications.services import queue_notification, sweep_outbox
from config.celery import app

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

BOOKING = {
    "booking": {"reference": "BK-1", "service": "AC service", "date": "Tue", "time": "10:00"}
}


def _queue(customer, **kwargs):
    params = {"template_key": "booking_confirmed", "client": customer, "context": BOOKING}
    params.update(kwargs)
    return queue_notification(**params)


def test_message_is_sent_after_commit_with_html_text_and_reply_to(customer, on_commit):
    with on_commit() as callbacks, transaction.atomic():
        notification = _queue(customer, idempotency_key="booking:1:confirmed")
        assert mail.outbox == []  # nothing leaves before commit
    assert len(callbacks) == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 1
    assert notification.sent_at is not None
    message = mail.outbox[0]
    assert message.to == ["Wanjiku Kariuki <wanjiku@example.co.ke>"]
    assert message.reply_to == ["info@coollight.co.ke"]
    assert "AC service" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "AC service" in html and "Global Cool-Light" in html
    assert notification.provider_message_id == message.extra_headers["Message-ID"]


def test_rolled_back_transaction_leaves_no_notification(customer, on_commit):
    class Boom(Exception):
        pass

    with on_commit(), pytest.raises(Boom), transaction.atomic():
        _queue(customer)
        raise Boom
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_same_idempotency_key_twice_sends_one_message(customer, on_commit):
    with on_commit():
        first = _queue(customer, idempotency_key="booking:7:confirmed")
    with on_commit():
        second = _queue(customer, idempotency_key="booking:7:confirmed")
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_delivery_task_running_twice_sends_once(customer, on_commit):
    with on_commit():
        notification = _queue(customer)
    assert services.deliver_notification(notification_id=str(notification.pk)) == "skipped"
    assert len(mail.outbox) == 1


def test_smtp_refusal_is_retried_with_backoff_then_failed_then_resent(
    customer, on_commit, settings, admin_user
):
    settings.EMAIL_BACKEND = "apps.notifications.tests.backends.RefusingBackend"
    settings.NOTIFICATIONS_MAX_ATTEMPTS = 4
    start = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)
    delays = []
    with time_machine.travel(start, tick=False) as clock:
        with on_commit():
            notification = _queue(customer)
        notification.refresh_from_db()
        assert notification.status == NotificationStatus.QUEUED
        assert notification.attempts == 1
        assert "554" in notification.last_error
        while notification.status == NotificationStatus.QUEUED:
            delays.append((notification.next_attempt_at - timezone.now()).total_seconds())
            assert sweep_outbox()["sent"] == 0  # not due yet: nothing happens
            clock.move_to(notification.next_attempt_at)
            sweep_outbox()
            notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == 4
    assert "SMTPDataError" in notification.last_error
    # Exponential with jitter: each wait is between half and all of base·2ⁿ.
    base = settings.NOTIFICATIONS_RETRY_BASE_SECONDS
    for n, delay in enumerate(delays):
        assert base * 2**n / 2 <= delay <= base * 2**n
    assert mail.outbox == []

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with on_commit():
        services.resend_notification(notification=notification, actor=admin_user)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.last_error == ""
    assert len(mail.outbox) == 1


def test_resending_a_sent_message_sends_a_copy(customer, on_commit, admin_user):
    with on_commit():
        original = _queue(customer)
    with on_commit():
        copy = services.resend_notification(notification=original, actor=admin_user)
    assert copy.pk != original.pk
    copy.refresh_from_db()
    assert copy.status == NotificationStatus.SENT
    assert copy.body_html == Notification.objects.get(pk=original.pk).body_html
    assert len(mail.outbox) == 2


def test_broker_down_at_commit_is_caught_up_by_the_sweeper(customer, on_commit, monkeypatch):
    from apps.notifications import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("broker unreachable")

    monkeypatch.setattr(tasks.deliver_notification, "apply_async", broker_down)
    with on_commit():
        notification = _queue(customer)
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.QUEUED
    assert mail.outbox == []
    assert sweep_outbox()["sent"] == 0  # still inside the grace period
    with time_machine.travel(timezone.now() + dt.timedelta(seconds=31), tick=False):
        assert sweep_outbox()["sent"] == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


def test_row_stuck_in_sending_is_taken_back_and_sent(customer, settings):
    with transaction.atomic():
        notification = _queue(customer)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING, claimed_at=timezone.now(), attempts=1
    )
    assert sweep_outbox()["sent"] == 0  # the worker may still be busy with it
    later = timezone.now() + dt.timedelta(seconds=settings.NOTIFICATIONS_LEASE_SECONDS + 1)
    with time_machine.travel(later, tick=False):
        counts = sweep_outbox()
    assert counts["released"] == 1 and counts["sent"] == 1
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.attempts == 2


def test_message_of_a_killed_worker_goes_out_within_minutes(customer, settings):
    """The lease covers one message being sent, so a row whose worker died is
    sent again after the lease and at most one beat interval: minutes, not
    the 11 a 600 s lease took."""
    sweep_interval = app.conf.beat_schedule["notifications-sweep-outbox"]["schedule"]
    assert settings.NOTIFICATIONS_LEASE_SECONDS + sweep_interval <= 180
    # ...and a live send always fits: every SMTP socket operation is bounded.
    assert settings.NOTIFICATIONS_LEASE_SECONDS >= 3 * settings.EMAIL_TIMEOUT
    with transaction.atomic():
        notification = _queue(customer)
    killed_at = timezone.now()
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENDING, claimed_at=killed_at, attempts=1
    )
    with time_machine.travel(killed_at + dt.timedelta(seconds=170), tick=False):
        assert sweep_outbox()["sent"] == 1
    assert len(mail.outbox) == 1


def test_sender_whose_claim_was_taken_back_does_not_send(customer):
    """A claim is checked (and its lease renewed) right before the relay is
    called: a sender whose row was taken back in the meantime leaves it to
    the new claimer, and cannot overwrite the new claimer's status either."""
    with transaction.atomic():
        _queue(customer)
    Notification.objects.update(next_attempt_at=timezone.now())
    claimed = services.claim_next()
    assert claimed is not None and claimed.status == NotificationStatus.SENDING
    # The lease ran out and another sweeper claimed the row again.
    Notification.objects.filter(pk=claimed.pk).update(
        claimed_at=timezone.now() + dt.timedelta(seconds=1)
    )
    assert services.delivery._Sender().send(claimed) == "lost"
    assert mail.outbox == []
    claimed.refresh_from_db()
    assert claimed.status == NotificationStatus.SENDING  # still the other sweeper's


def test_sweeper_claims_each_row_just_before_sending_it(customer, monkeypatch):
    """A row waits its turn *queued*, not *sending*: the lease starts when
    that message is sent, never when the batch was picked."""
    with transaction.atomic():
        for i in range(3):
            _queue(customer, idempotency_key=f"turn:{i}")
    Notification.objects.update(next_attempt_at=timezone.now())
    seen: list[int] = []
    real_send = services.delivery._Sender.send

    def spy(self, notification):
        seen.append(Notification.objects.filter(status=NotificationStatus.SENDING).count())
        return real_send(self, notification)

    monkeypatch.setattr(services.delivery._Sender, "send", spy)
    assert sweep_outbox()["sent"] == 3
    assert seen == [1, 1, 1]  # only the message being sent holds a claim


def test_html_in_a_variable_is_escaped_in_the_html_part(customer, on_commit):
    customer.name = '<script>alert("x")</script> & Sons'
    customer.save()
    with on_commit():
        notification = _queue(customer)
    html = notification.body_html
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Sons" in html
    # The text part is not HTML: no entities there.
    assert '<script>alert("x")</script> & Sons' in notification.body_text


def test_scheduled_message_is_sent_once_when_due_and_cancelled_when_event_changes(
    customer, on_commit
):
    visit = timezone.now() + dt.timedelta(days=2)
    for _ in range(2):  # the schedule runs twice: still one message
        with on_commit():
            reminder = services.schedule_notification(
                template_key="booking_reminder",
                client=customer,
                context=BOOKING,
                send_at=visit - dt.timedelta(hours=24),
                idempotency_key=f"booking:1:reminder:24h:{visit.isoformat()}",
                group_key="booking:1:reminders",
            )
    with on_commit():
        later = services.schedule_notification(
            template_key="booking_reminder",
            client=customer,
            context=BOOKING,
            send_at=visit - dt.timedelta(hours=2),
            idempotency_key=f"booking:1:reminder:2h:{visit.isoformat()}",
            group_key="booking:1:reminders",
        )
    assert Notification.objects.count() == 2
    assert mail.outbox == []
    assert sweep_outbox()["sent"] == 0
    with time_machine.travel(visit - dt.timedelta(hours=23), tick=False):
        assert sweep_outbox()["sent"] == 1
        assert sweep_outbox()["sent"] == 0
    reminder.refresh_from_db()
    assert reminder.status == NotificationStatus.SENT
    # The visit moves: the 2-hour reminder must not go out.
    assert services.cancel_scheduled(group_key="booking:1:reminders") == 1
    with time_machine.travel(visit, tick=False):
        assert sweep_outbox()["sent"] == 0
    later.refresh_from_db()
    assert later.status == NotificationStatus.CANCELLED
    assert len(mail.outbox) == 1


def test_client_who_refuses_email_gets_nothing_and_the_log_says_why(customer, on_commit):
    customer.accepts_email = False
    customer.save()
    with on_commit():
        notification = _queue(customer)
    assert notification.status == NotificationStatus.CANCELLED
    assert notification.last_error == "The client does not accept e-mail."
    assert mail.outbox == []


def test_marketing_needs_opt_in(customer, on_commit):
    customer.marketing_opt_in = False
    customer.save()
    with on_commit():
        notification = queue_notification(
            template_key="campaign", client=customer, context={"message": "Offer"}
        )
    assert notification.status == NotificationStatus.CANCELLED
    assert mail.outbox == []


def test_account_mail_ignores_channel_preferences_and_hides_its_secret(client_user, on_commit):
    with on_commit():
        notification = queue_notification(
            template_key="password_reset",
            to=client_user.email,
            context={"reset_url": "https://x.test/reset/abc/", "valid_hours": 2},
        )
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.is_sensitive and notification.context == {}
    with pytest.raises(ValidationError):
        services.resend_notification(notification=notification, actor=None)


def test_unknown_address_is_a_validation_error(db):
    with pytest.raises(ValidationError) as exc:
        queue_notification(template_key="booking_confirmed", to="not-an-address")
    assert "to" in exc.value.message_dict
