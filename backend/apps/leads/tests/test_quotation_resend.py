"""Resending a sent quotation's e-mail: the same stored PDF and link, as a
new message in the outbox, audited; refused when it would mislead or spam."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from apps.core.models import AuditLog
from apps.leads.models import PdfStatus, Quotation, QuotationStatus
from apps.leads.services import QuotationStateError, resend_quotation
from apps.notifications.models import Notification

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


def _later(minutes: int):
    return time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes), tick=False)


def test_resend_queues_the_same_pdf_again_and_audits(sent_quotation, sales_user):
    with _later(5):
        resend_quotation(quotation=sent_quotation, actor=sales_user)
    notes = Notification.objects.filter(template_key="quotation_sent").order_by("created_at")
    assert notes.count() == 2
    first, again = notes
    assert again.idempotency_key != first.idempotency_key
    assert again.idempotency_key.startswith(f"quotation:{sent_quotation.pk}:resent:")
    assert again.to_address == first.to_address == "hassan@nyalifresh.example"
    assert again.attachments == first.attachments  # the stored PDF, not a new render
    entry = AuditLog.objects.get(action="quotation.resent")
    assert entry.target_id == str(sent_quotation.pk)
    assert entry.changes == {"to": "hassan@nyalifresh.example"}
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.SENT


def test_a_double_click_resends_once(sent_quotation, sales_user):
    with _later(5):
        resend_quotation(quotation=sent_quotation, actor=sales_user)
        with pytest.raises(QuotationStateError):
            resend_quotation(quotation=sent_quotation, actor=sales_user)
    assert Notification.objects.filter(template_key="quotation_sent").count() == 2


def test_resend_right_after_sending_is_refused(sent_quotation, sales_user):
    with pytest.raises(QuotationStateError, match="a moment ago"):
        resend_quotation(quotation=sent_quotation, actor=sales_user)


def test_resend_waits_for_the_pdf(make_quotation, sales_user):
    from apps.leads.services import send_quotation

    quotation = send_quotation(quotation=make_quotation(), actor=sales_user)  # task not run
    assert quotation.pdf_status == PdfStatus.PENDING
    with _later(5), pytest.raises(QuotationStateError, match="PDF"):
        resend_quotation(quotation=quotation, actor=sales_user)
    assert not Notification.objects.filter(template_key="quotation_sent").exists()


@pytest.mark.parametrize(
    "status", [QuotationStatus.DRAFT, QuotationStatus.ACCEPTED, QuotationStatus.EXPIRED]
)
def test_resend_only_while_sent(sent_quotation, sales_user, status):
    Quotation.objects.filter(pk=sent_quotation.pk).update(status=status)
    with _later(5), pytest.raises(QuotationStateError):
        resend_quotation(quotation=sent_quotation, actor=sales_user)
    assert not AuditLog.objects.filter(action="quotation.resent").exists()


def test_resend_refused_past_the_validity_date(sent_quotation, sales_user):
    with (
        time_machine.travel(
            dt.datetime.combine(
                sent_quotation.valid_until + dt.timedelta(days=1),
                dt.time(9),
                tzinfo=ZoneInfo("Africa/Nairobi"),
            ),
            tick=False,
        ),
        pytest.raises(QuotationStateError, match="validity"),
    ):
        resend_quotation(quotation=sent_quotation, actor=sales_user)


def test_staff_resend_through_the_api(as_user, sales_user, editor_user, sent_quotation):
    from django.urls import reverse

    url = reverse("v1:admin:quotation-resend", args=[sent_quotation.pk])
    assert as_user(editor_user).post(url).status_code == 403
    api = as_user(sales_user)
    too_soon = api.post(url)
    assert too_soon.status_code == 409
    with _later(5):
        response = api.post(url)
    assert response.status_code == 200 and response.json()["status"] == "sent"
    assert Notification.objects.filter(template_key="quotation_sent").count() == 2
