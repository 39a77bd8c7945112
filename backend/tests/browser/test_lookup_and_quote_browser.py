"""Issue 11, in Chromium: a customer finds a booking by reference plus phone
number (typed the local way), and asks for a quote with a phone number only.
Each submits the real form and checks the database."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest

from apps.catalog.models import Service, ServiceCategory
from apps.leads.models import ArrivalWindow, BookingSettings, Inquiry
from apps.leads.selectors import next_free_slots
from apps.leads.services import create_booking
from apps.notifications.models import Channel, Notification

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def service(db):
    category = ServiceCategory.objects.create(name="Air conditioning", slug="ac")
    return Service.objects.create(
        category=category,
        name="Split AC installation",
        slug="split-ac",
        base_price_min=Decimal("55000"),
        visit_duration_minutes=120,
    )


@pytest.fixture
def phone_only_booking(service):
    if not ArrivalWindow.objects.exists():
        for start, end in ((8, 10), (10, 12), (13, 15), (15, 17)):
            ArrivalWindow.objects.create(start_time=dt.time(start), end_time=dt.time(end))
    rules = BookingSettings.get_solo()
    rules.min_notice_days, rules.horizon_days = 1, 60
    rules.save()
    slot = next_free_slots(service, limit=1)[0]
    return create_booking(
        service=service,
        name="Peter Kamau",
        phone="+254722555111",
        address="Kilimani, Nairobi",
        preferred_date=slot.start.date(),
        window=ArrivalWindow.objects.get(pk=slot.window_id),
    )


def test_a_customer_finds_a_booking_by_reference_and_local_phone(probe_factory, phone_only_booking):
    probe = probe_factory(**PHONE)
    probe.goto("/bookings/find/")
    probe.page.fill("#id_reference", phone_only_booking.reference.lower())
    probe.page.fill("#id_contact", "0722 555 111")
    with probe.page.expect_navigation():
        probe.page.get_by_test_id("find-booking-submit").click()
    assert "/bookings/track/" in probe.page.url
    assert phone_only_booking.reference in probe.page.content()
    # The phone-only customer was texted the reference and this very link.
    sms = Notification.objects.get(template_key="booking_received")
    assert sms.channel == Channel.SMS and phone_only_booking.reference in sms.body_text
    assert probe.errors == [] and probe.csp_violations() == []
    # ... and the link in the text opens the same booking.
    link = re.search(r"(/bookings/track/\S+)", sms.body_text).group(1)
    probe.goto(link)
    assert phone_only_booking.reference in probe.page.content()


def test_a_wrong_phone_does_not_open_the_booking(probe_factory, phone_only_booking):
    probe = probe_factory(**PHONE)
    probe.goto("/bookings/find/")
    probe.page.fill("#id_reference", phone_only_booking.reference)
    probe.page.fill("#id_contact", "0722 555 112")
    with probe.page.expect_navigation():
        probe.page.get_by_test_id("find-booking-submit").click()
    assert "/bookings/find/" in probe.page.url
    html = probe.page.content()
    assert "We could not find a booking" in html and "Split AC installation" not in html


def test_a_quote_request_with_a_phone_number_only(probe_factory, service):
    probe = probe_factory(**PHONE)
    probe.goto("/quote/")
    probe.page.fill("#id_name", "Amina Hassan")
    probe.page.fill("#id_phone", "0712 345 678")
    probe.page.fill("#id_message", "Two bedrooms need split units, 12,000 BTU each.")
    with probe.page.expect_navigation():
        probe.page.locator("form[action='/quote/'] button[type=submit]").click()
    assert "/quote/sent/" in probe.page.url, probe.page.content()[:3000]
    inquiry = Inquiry.objects.get()
    assert inquiry.contact_email == "" and inquiry.contact_phone == "+254712345678"
    sms = Notification.objects.get(template_key="inquiry_received")
    assert sms.channel == Channel.SMS and inquiry.reference in sms.body_text
    assert probe.errors == [] and probe.csp_violations() == []
