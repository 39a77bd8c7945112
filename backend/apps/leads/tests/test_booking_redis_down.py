"""Redis down (the one Redis production uses for the cache and the broker):
bookings are still made, their messages wait in the outbox, and a booking
is not slowed by the broker being unreachable."""

from __future__ import annotations

import pytest
from celery import Task
from django.core import mail
from django.urls import reverse
from rest_framework.settings import api_settings

from apps.leads.models import Booking
from apps.notifications.models import Notification, NotificationStatus
from config.celery import app
from config.settings.base import redis_cache

from .test_booking_api import CREATE, payload

pytestmark = [pytest.mark.django_db, pytest.mark.redis_server]


@pytest.fixture
def redis_for_cache_and_broker(own_redis, settings):
    """The cache and the Celery broker on our own redis-server, tasks really
    sent to the broker (not run in-process), as production has them."""
    settings.CACHES = {"default": redis_cache(own_redis.url, key_prefix="down")}

    def use_broker(url: str) -> None:
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    eager, broker = app.conf.task_always_eager, app.conf.broker_url
    app.conf.task_always_eager = False
    use_broker(own_redis.url)
    try:
        yield own_redis
    finally:
        app.conf.task_always_eager = eager
        use_broker(broker)


def test_booking_is_made_with_redis_stopped_and_its_messages_wait_in_the_outbox(
    frozen_now,
    api,
    service,
    windows,
    booking_rules,
    redis_for_cache_and_broker,
    django_capture_on_commit_callbacks,
    caplog,
):
    redis_for_cache_and_broker.stop()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(reverse(CREATE), payload(service), format="json")
    assert response.status_code == 201, response.content
    booking = Booking.objects.get(pk=response.json()["booking_id"])
    messages = Notification.objects.all()
    assert messages.exists()
    assert {m.status for m in messages} == {NotificationStatus.QUEUED}  # the sweeper sends them
    assert mail.outbox == []
    assert booking.reference
    logged = " ".join(r.getMessage() for r in caplog.records)
    assert "cache unreachable" in logged
    assert "could not enqueue" in logged


def test_write_limits_still_hold_per_process_while_redis_is_down(
    frozen_now, api, service, windows, booking_rules, redis_for_cache_and_broker
):
    """Throttle counters fall back to the process's own cache: the limit is
    conservative (per process), not dropped."""
    redis_for_cache_and_broker.stop()
    limit = int(api_settings.DEFAULT_THROTTLE_RATES["anon_write"].split("/")[0])
    codes = [
        api.post(
            reverse(CREATE), payload(service, preferred_time_slot="bad"), format="json"
        ).status_code
        for _ in range(limit + 1)
    ]
    assert codes[-1] == 429 and set(codes[:-1]) == {400}


def test_broker_down_does_not_slow_a_booking(
    frozen_now,
    api,
    service,
    windows,
    booking_rules,
    redis_for_cache_and_broker,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    """One short attempt per enqueue, no publish retries: the outbox sweeper
    is the retry. (Before: about 0.6 s of retries per message, 1.26 s a
    booking; the figures are in docs/performance.md. Asserted here by what is
    attempted, not by a timer, which a loaded machine would make flaky.)"""
    redis_for_cache_and_broker.stop()
    publish_retries = []
    original = Task.apply_async

    def recording_apply_async(self, *args, **kwargs):
        publish_retries.append(kwargs.get("retry", app.conf.task_publish_retry))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Task, "apply_async", recording_apply_async)
    for slot in ("08:00", "10:00"):
        with django_capture_on_commit_callbacks(execute=True):
            response = api.post(
                reverse(CREATE), payload(service, preferred_time_slot=slot), format="json"
            )
        assert response.status_code == 201, response.content
    assert publish_retries, "the booking enqueued nothing"
    assert all(retry is False for retry in publish_retries), publish_retries
    assert Booking.objects.count() == 2
