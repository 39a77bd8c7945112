from __future__ import annotations

import pytest
from django.core import mail

from apps.notifications.sms import LocmemSmsBackend
from apps.notifications.tests.factories import ClientFactory


@pytest.fixture(autouse=True)
def _empty_outboxes(settings):
    settings.NOTIFICATIONS_GRACE_SECONDS = 30
    mail.outbox = []
    LocmemSmsBackend.outbox = []
    yield
    LocmemSmsBackend.outbox = []


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """``with on_commit():`` runs the callbacks registered inside, as a real commit would."""

    def _run():
        return django_capture_on_commit_callbacks(execute=True)

    return _run


@pytest.fixture
def customer(db):
    return ClientFactory(
        name="Wanjiku Kariuki", email="wanjiku@example.co.ke", phone="+254722555111"
    )


@pytest.fixture
def sms_outbox():
    return LocmemSmsBackend.outbox
