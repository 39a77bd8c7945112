"""Celery is configured for at-least-once delivery, JSON only, and tasks go
out after commit."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db import transaction

from apps.core.tasks import enqueue_on_commit
from config.celery import app


def test_celery_settings_for_reliable_delivery():
    conf = app.conf
    assert conf.task_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.task_time_limit and conf.task_soft_time_limit < conf.task_time_limit
    assert conf.timezone == "Africa/Nairobi"


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in app.tasks, f"beat entry {name} names unknown task {entry['task']}"


@pytest.mark.django_db(transaction=True)
def test_enqueue_on_commit_sends_after_commit_and_never_on_rollback():
    task = mock.Mock()
    task.name = "fake"
    with transaction.atomic():
        enqueue_on_commit(task, "pk-1")
        task.apply_async.assert_not_called()
    # One attempt, no publish retries: the outbox sweeper is the retry.
    task.apply_async.assert_called_once_with(args=("pk-1",), kwargs={}, retry=False)

    task.reset_mock()
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_on_commit(task, "pk-2")
        raise RuntimeError("business change failed")
    task.apply_async.assert_not_called()


def test_an_unreachable_broker_host_costs_one_short_connect_timeout():
    assert app.conf.broker_transport_options["socket_connect_timeout"] <= 1


@pytest.mark.django_db(transaction=True)
def test_broker_down_does_not_undo_the_business_change(caplog):
    task = mock.Mock()
    task.name = "fake"
    task.apply_async.side_effect = ConnectionRefusedError("broker down")
    with transaction.atomic():
        enqueue_on_commit(task, "pk-3")
    assert "could not enqueue fake" in caplog.text


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_task_travels_through_the_real_broker_to_a_worker(settings):
    """With Redis as the broker (not eager), a task enqueued on commit reaches
    a worker and runs."""
    import time
    import uuid

    from celery.contrib.testing.worker import start_worker
    from django.core.cache import cache

    from config.tests.celery_probe import write_marker

    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.task_always_eager = False
    marker = f"probe:{uuid.uuid4().hex}"
    try:
        with start_worker(app, perform_ping_check=False, pool="solo", loglevel="WARNING"):
            with transaction.atomic():
                enqueue_on_commit(write_marker, marker)
            deadline = time.monotonic() + 15
            while cache.get(marker) is None and time.monotonic() < deadline:
                time.sleep(0.1)
    finally:
        app.conf.task_always_eager = True
    assert cache.get(marker) == "done"
