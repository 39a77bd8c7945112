"""E-mails can carry stored files, read from storage when sent."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import storages

from apps.notifications.models import NotificationStatus
from apps.notifications.services import deliver_notification, queue_notification

pytestmark = pytest.mark.django_db


def _queue(name: str):
    return queue_notification(
        template_key="quotation_sent",
        to="client@example.com",
        context={
            "client": {"name": "C"},
            "quotation": {"number": "Q-1", "url": "https://x.test/q/"},
        },
        idempotency_key=f"test:{name}",
        attachments=[
            {
                "storage": "private",
                "name": name,
                "filename": "Q-1-v1.pdf",
                "mimetype": "application/pdf",
            }
        ],
    )


def test_attachment_is_read_from_storage_at_send_time():
    name = storages["private"].save("tests/q.pdf", ContentFile(b"%PDF-1.7 test"))
    note = _queue(name)
    assert deliver_notification(notification_id=str(note.pk)) == "sent"
    assert mail.outbox[-1].attachments == [("Q-1-v1.pdf", b"%PDF-1.7 test", "application/pdf")]


def test_missing_file_fails_the_attempt_instead_of_sending_without_it():
    note = _queue("tests/missing.pdf")
    assert deliver_notification(notification_id=str(note.pk)) == "failed"
    note.refresh_from_db()
    assert note.status == NotificationStatus.QUEUED  # retried later
    assert not mail.outbox


def test_unknown_storage_or_sms_attachments_are_refused():
    with pytest.raises(ValueError):
        queue_notification(
            template_key="quotation_sent",
            to="a@example.com",
            # Issue 11: the data the template declares as required.
            context={"quotation": {"number": "Q-1", "url": "https://x.test/q/"}},
            attachments=[{"storage": "nowhere", "name": "x"}],
        )
    with pytest.raises(ValueError):
        queue_notification(
            template_key="quotation_sent",
            channel="sms",
            to="+254712345678",
            attachments=[{"storage": "private", "name": "x"}],
        )
