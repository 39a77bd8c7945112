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
from email.utils import formataddr
from typing import Any

from django.conf import settings
from django.core.files.storage import storages
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from apps.notifications.models import (
    Channel,
    Notification,
    NotificationStatus,
)
from apps.notifications.rendering import (
    company_context,
)
from apps.notifications.services.campaigns import advance_campaigns, finish_campaigns
from apps.notifications.services.consent import (
    next_marketing_sms_time,
    unsubscribe_url,
)
from apps.notifications.sms import SmsError, get_sms_backend

logger = logging.getLogger(__name__)

_random = secrets.SystemRandom()


class PermanentDeliveryError(Exception):
    """Retrying will not help (bad address, provider refused the number)."""


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
