"""SMS: E.164 numbers, Africa's Talking at its HTTP boundary, delivery reports,
marketing only in opening hours."""

from __future__ import annotations

import datetime as dt

import pytest
import responses
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from apps.notifications.models import Channel, Notification, NotificationStatus
from apps.notifications.phone import to_e164
from apps.notifications.services import queue_notification, sweep_outbox
from apps.notifications.sms import AfricasTalkingSmsBackend, SmsError

AT_URL = "https://api.sandbox.africastalking.com/version1/messaging"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0722 555 111", "+254722555111"),
        ("722555111", "+254722555111"),
        ("+254 (0)722-555-111", "+254722555111"),
        ("254722555111", "+254722555111"),
        ("+256 772 123456", "+256772123456"),
    ],
)
def test_numbers_are_normalised_to_e164_with_kenya_as_default(raw, expected):
    assert to_e164(raw) == expected


@pytest.mark.parametrize("raw", ["", "12", "hello", "0722"])
def test_invalid_numbers_are_refused(raw):
    with pytest.raises(ValidationError):
        to_e164(raw)


def _at_response(status_code=101, status="Success", message_id="ATXid_1"):
    return {
        "SMSMessageData": {
            "Message": "Sent to 1/1 Total Cost: KES 0.8000",
            "Recipients": [
                {
                    "statusCode": status_code,
                    "number": "+254722555111",
                    "status": status,
                    "cost": "KES 0.8000",
                    "messageId": message_id,
                }
            ],
        }
    }


@pytest.fixture
def at_settings(settings):
    settings.AFRICASTALKING_USERNAME = "sandbox"
    settings.AFRICASTALKING_API_KEY = "test-key"
    settings.AFRICASTALKING_SENDER_ID = "COOLLIGHT"
    return settings


@responses.activate
def test_africastalking_backend_sends_and_returns_the_message_id(at_settings):
    responses.post(AT_URL, json=_at_response(), status=201)
    result = AfricasTalkingSmsBackend().send(to="+254722555111", message="Hello")
    assert result.message_id == "ATXid_1"
    request = responses.calls[0].request
    assert request.headers["apiKey"] == "test-key"
    assert "to=%2B254722555111" in request.body and "from=COOLLIGHT" in request.body


@responses.activate
def test_africastalking_invalid_number_is_a_permanent_error(at_settings):
    responses.post(AT_URL, json=_at_response(403, "InvalidPhoneNumber", "None"), status=201)
    with pytest.raises(SmsError) as exc:
        AfricasTalkingSmsBackend().send(to="+254722555111", message="Hello")
    assert exc.value.permanent


@responses.activate
def test_africastalking_outage_is_a_temporary_error(at_settings):
    responses.post(AT_URL, body="Service Unavailable", status=503)
    with pytest.raises(SmsError) as exc:
        AfricasTalkingSmsBackend().send(to="+254722555111", message="Hello")
    assert not exc.value.permanent


@pytest.mark.django_db
@responses.activate
def test_sms_through_the_outbox_with_africastalking_and_its_delivery_report(
    at_settings, customer, django_capture_on_commit_callbacks, api
):
    at_settings.SMS_BACKEND = "apps.notifications.sms.AfricasTalkingSmsBackend"
    responses.post(AT_URL, json=_at_response(message_id="ATXid_42"), status=201)
    with django_capture_on_commit_callbacks(execute=True):
        notification = queue_notification(
            template_key="booking_confirmed",
            channel=Channel.SMS,
            client=customer,
            context={"booking": {"reference": "BK-9", "date": "Tue", "time": "10:00"}},
        )
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert notification.provider_message_id == "ATXid_42"
    assert "BK-9" in notification.body_text

    url = reverse("v1:public:sms-delivery-report")
    report = {"id": "ATXid_42", "status": "Failed", "phoneNumber": "+254722555111",
              "failureReason": "AbsentSubscriber"}  # fmt: skip
    assert api.post(url + "?token=wrong", report, format="multipart").status_code == 403
    response = api.post(url + "?token=test-sms-callback-token", report, format="multipart")
    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.delivery_status == "Failed"
    assert notification.status == NotificationStatus.FAILED
    assert "AbsentSubscriber" in notification.last_error


@pytest.mark.django_db
def test_marketing_sms_waits_for_opening_hours_transactional_does_not(
    customer, django_capture_on_commit_callbacks, sms_outbox
):
    evening = dt.datetime(2026, 3, 2, 20, 30, tzinfo=dt.timezone(dt.timedelta(hours=3)))
    with time_machine.travel(evening, tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            offer = queue_notification(
                template_key="campaign",
                channel=Channel.SMS,
                client=customer,
                context={"message": "10% off servicing"},
            )
            receipt = queue_notification(
                template_key="payment_received",
                channel=Channel.SMS,
                client=customer,
                context={"payment": {"amount": "KES 100"}, "invoice": {"number": "INV-1"}},
            )
        sweep_outbox()
    assert [m["message"] for m in sms_outbox if "INV-1" in m["message"]]
    assert not [m for m in sms_outbox if "10% off" in m["message"]]
    offer.refresh_from_db()
    assert offer.status == NotificationStatus.QUEUED
    assert offer.send_after == dt.datetime(
        2026, 3, 3, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=3))
    )
    with time_machine.travel(offer.send_after + dt.timedelta(minutes=1), tick=False):
        sweep_outbox()
    offer.refresh_from_db()
    assert offer.status == NotificationStatus.SENT
    assert receipt.channel == Channel.SMS
    assert Notification.objects.filter(status=NotificationStatus.SENT).count() == 2


@pytest.mark.django_db
def test_sms_to_a_client_who_refuses_sms_is_not_sent(customer, sms_outbox):
    customer.accepts_sms = False
    customer.save()
    notification = queue_notification(
        template_key="booking_confirmed", channel=Channel.SMS, client=customer
    )
    assert notification.status == NotificationStatus.CANCELLED
    assert sms_outbox == []
