"""What only PostgreSQL and a real Redis can prove: row locks between two
sweepers, and a broker outage at commit time caught up by the sweeper.

Run with DATABASE_URL and REDIS_URL set (skipped otherwise)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.db import connection, transaction
from django.utils import timezone

from apps.notifications.models import Notification, NotificationStatus
from apps.notifications.services import queue_notification, sweep_outbox
from apps.notifications.tests.backends import CountingBackend


def _due_rows(n: int) -> list[str]:
    past = timezone.now() - dt.timedelta(minutes=5)
    rows = [
        Notification(
            channel="email",
            template_key="booking_confirmed",
            to_address=f"c{i}@example.co.ke",
            subject=f"Message {i}",
            body_text="Hello",
            next_attempt_at=past,
            idempotency_key=f"race:{i}",
        )
        for i in range(n)
    ]
    Notification.objects.bulk_create(rows)
    return [str(r.pk) for r in rows]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_workers_sweeping_at_once_send_each_notification_once(settings):
    settings.EMAIL_BACKEND = "apps.notifications.tests.backends.CountingBackend"
    CountingBackend.sent = {}
    ids = _due_rows(120)
    start = threading.Barrier(3)
    results: list[dict[str, int]] = []
    errors: list[BaseException] = []

    def worker():
        try:
            start.wait()
            results.append(sweep_outbox())
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert sorted(CountingBackend.sent) == sorted(ids)
    assert set(CountingBackend.sent.values()) == {1}  # nobody sent a row twice
    assert sum(r["sent"] for r in results) == 120
    assert all(r["sent"] > 0 for r in results), results  # they really ran side by side
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 120


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_broker_unreachable_at_commit_message_still_sent_after_the_sweeper(settings, customer):
    """The web request commits while Redis is unreachable: the enqueue fails
    (logged), the row stays queued; once the broker is back, beat's sweep
    task travels through Redis to a real worker, which sends the message."""
    from celery.contrib.testing.worker import start_worker

    from apps.notifications import tasks
    from config.celery import app

    settings.NOTIFICATIONS_GRACE_SECONDS = 0
    good_broker = settings.CELERY_BROKER_URL

    def use_broker(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    eager = app.conf.task_always_eager
    app.conf.task_always_eager = False
    try:
        use_broker("redis://127.0.0.1:1/0")  # nothing listens there
        with transaction.atomic():
            notification = queue_notification(
                template_key="booking_confirmed",
                client=customer,
                idempotency_key="outage:1",
                context={"booking": {"reference": "BK-1", "date": "Tue", "time": "10:00"}},
            )
        notification.refresh_from_db()
        assert notification.status == NotificationStatus.QUEUED
        assert mail.outbox == []

        use_broker(good_broker)
        app.control.purge()
        with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
            tasks.sweep_outbox.delay()
            for _ in range(100):
                notification.refresh_from_db()
                if notification.status == NotificationStatus.SENT:
                    break
                threading.Event().wait(0.1)
    finally:
        app.conf.task_always_eager = eager
        use_broker(good_broker)
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_sweepers_behind_a_slow_relay_never_send_a_message_twice(settings):
    """Two sweeper loops (as ``process_outbox --loop``) behind a relay that
    takes a while per message, with a lease shorter than a whole batch takes
    but far longer than one message. A sweeper that claimed a whole batch at
    once let the rows late in it outlive their lease while they waited their
    turn; the other sweeper took them back and both sent them. The lease
    covers one message being sent, so nothing goes out twice."""
    settings.EMAIL_BACKEND = "apps.notifications.tests.backends.CountingBackend"
    settings.NOTIFICATIONS_LEASE_SECONDS = 1
    CountingBackend.sent = {}
    ids = _due_rows(24)
    start = threading.Barrier(2)
    errors: list[BaseException] = []
    deadline = time.monotonic() + 30

    def sweeper_loop(offset: float):
        try:
            start.wait()
            time.sleep(offset)
            while time.monotonic() < deadline:
                sweep_outbox()
                if not Notification.objects.exclude(status=NotificationStatus.SENT).exists():
                    return
                time.sleep(0.05)
        except BaseException as exc:  # surfaced below
            errors.append(exc)
        finally:
            connection.close()

    original_delay = CountingBackend.delay
    CountingBackend.delay = 0.12  # 24 messages ≈ 2.9 s, well past the 1 s lease
    try:
        threads = [threading.Thread(target=sweeper_loop, args=(o,)) for o in (0, 0.3)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=40)
    finally:
        CountingBackend.delay = original_delay
    assert not errors, errors
    duplicated = {pk: n for pk, n in CountingBackend.sent.items() if n > 1}
    assert duplicated == {}, f"{len(duplicated)} of {len(ids)} sent twice"
    assert sorted(CountingBackend.sent) == sorted(ids)
    assert set(Notification.objects.values_list("status", "attempts").distinct()) == {
        (NotificationStatus.SENT, 1)
    }
