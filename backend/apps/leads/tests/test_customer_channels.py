"""Every customer message goes by the channels the customer gave: a
phone-only customer gets text messages (reference and tracking link)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.leads.links import customer_url, quotation_public_url
from apps.leads.models import BookingSettings
from apps.leads.services import cancel_booking, confirm_booking, create_inquiry, reschedule_booking
from apps.notifications.models import Channel, Notification
from apps.notifications.services import customer_channel

from .conftest import TUESDAY
from .test_booking_api import CREATE, payload

pytestmark = pytest.mark.django_db


def _customer_messages(booking, key):
    return Notification.objects.filter(related_id=str(booking.pk), template_key=key)


def test_a_phone_only_booking_is_confirmed_by_sms_with_reference_and_link(frozen_now, book):
    booking = book(email="", phone="+254722000111")
    sms = _customer_messages(booking, "booking_received").get()
    assert sms.channel == Channel.SMS and sms.to_address == "+254722000111"
    assert sms.status == "queued"
    assert booking.reference in sms.body_text
    assert customer_url(booking) in sms.body_text
    assert "/bookings/track/" in sms.body_text


def test_a_phone_only_api_booking_gets_the_sms(frozen_now, api, service, windows, booking_rules):
    response = api.post(reverse(CREATE), payload(service, email=""), format="json")
    assert response.status_code == 201, response.json()
    sms = Notification.objects.get(template_key="booking_received")
    assert sms.channel == Channel.SMS and sms.to_address == "+254712345678"
    assert response.json()["reference"] in sms.body_text


def test_a_booking_with_an_email_still_gets_an_email(frozen_now, book):
    booking = book()
    message = _customer_messages(booking, "booking_received").get()
    assert message.channel == Channel.EMAIL and message.to_address == "peter@example.co.ke"


def test_every_booking_message_follows_the_channel(
    frozen_now, book, windows, admin_user, technician_user
):
    booking = book(email="", phone="+254722000111")
    booking = confirm_booking(booking=booking, technicians=[technician_user], actor=admin_user)
    booking = reschedule_booking(
        booking=booking, preferred_date=TUESDAY, window=windows[1], actor=admin_user
    )
    cancel_booking(booking=booking, reason="The client asked.", actor=admin_user)
    for key in ("booking_confirmed", "booking_rescheduled", "booking_cancelled"):
        message = _customer_messages(booking, key).get()
        assert message.channel == Channel.SMS, key
        assert booking.reference in message.body_text, key
        assert customer_url(booking) in message.body_text, key


def test_the_day_before_reminder_of_a_phone_only_customer_is_a_text(
    frozen_now, book, admin_user, technician_user
):
    booking = book(email="", phone="+254722000111")
    # A visit far enough ahead for both reminders.
    BookingSettings.get_solo()
    confirm_booking(booking=booking, technicians=[technician_user], actor=admin_user)
    reminders = _customer_messages(booking, "booking_reminder")
    assert reminders.exists()
    assert set(reminders.values_list("channel", flat=True)) == {Channel.SMS}


def test_the_channel_rule():
    assert customer_channel(email="a@b.co", phone="+254722000111") == (Channel.EMAIL, "a@b.co")
    assert customer_channel(email="", phone="+254722000111") == (Channel.SMS, "+254722000111")
    assert customer_channel(email="", phone="") is None


def test_a_client_who_refuses_email_gets_a_text(lead_client):
    lead_client.accepts_email = False
    assert customer_channel(
        email=lead_client.email, phone=str(lead_client.phone), client=lead_client
    ) == (Channel.SMS, str(lead_client.phone))


def test_a_phone_only_inquiry_is_acknowledged_by_sms(db):
    inquiry = create_inquiry(
        name="Amina", email="", phone="+254722000333", message="Two split units please."
    )
    sms = Notification.objects.get(template_key="inquiry_received")
    assert sms.channel == Channel.SMS and inquiry.reference in sms.body_text


def test_a_phone_only_client_gets_the_quotation_link_by_sms(lead_client, make_quotation, send):
    lead_client.email = ""
    lead_client.save()
    quotation = send(make_quotation())
    sms = Notification.objects.get(template_key="quotation_sent")
    assert sms.channel == Channel.SMS and sms.to_address == "+254720300400"
    assert sms.attachments == []
    assert quotation.display_number in sms.body_text
    assert quotation_public_url(quotation).split("/quotes/")[0] in sms.body_text
    assert "/quotes/" in sms.body_text
