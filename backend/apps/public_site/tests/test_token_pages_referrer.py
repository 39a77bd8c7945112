"""Every page opened from an e-mailed or texted link carries the one
site-wide referrer policy, ``same-origin``: the token in its URL never goes
into a Referer sent to another site, and no page overrides it with
``no-referrer`` (with it Chromium posts ``Origin: null`` and the CSRF check
refuses the page's forms; the browser side is tests/browser/test_emailed_links.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.leads.models import ArrivalWindow, Inquiry
from apps.leads.selectors import next_free_slots
from apps.leads.services import create_booking, create_inquiry
from apps.leads.tokens import (
    booking_access_token,
    inquiry_access_token,
    offers_confirmation_token,
    quotation_access_token,
)
from apps.notifications.services import unsubscribe_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def token_pages(sent_quotation, service, windows, booking_rules, lead_client):
    slot = next_free_slots(service, after=timezone.localdate() + dt.timedelta(days=3), limit=1)[0]
    booking = create_booking(
        service=service,
        name="Peter Kamau",
        email="peter@example.co.ke",
        phone="+254712345678",
        address="Kilimani, Nairobi",
        preferred_date=slot.start.date(),
        window=ArrivalWindow.objects.get(pk=slot.window_id),
    )
    inquiry: Inquiry = create_inquiry(
        name="Hassan Ali", email=lead_client.email, message="A cold room, please."
    )
    quote = quotation_access_token(sent_quotation)
    track = booking_access_token(booking)
    return {
        "quote": reverse("public_site:quote-view", args=[quote]),
        "quote-sent": reverse("public_site:quote-sent", args=[inquiry_access_token(inquiry)]),
        "booking-confirmed": reverse("public_site:booking-confirmed", args=[track]),
        "booking-track": reverse("public_site:booking-track", args=[track]),
        "offers-confirm": reverse(
            "public_site:offers-confirm",
            args=[offers_confirmation_token(lead_client, lead_client.email)],
        ),
        "unsubscribe": reverse("notifications:unsubscribe", args=[unsubscribe_token(lead_client)]),
        "quote-invalid": reverse("public_site:quote-view", args=["not-a-token"]),
        "track-invalid": reverse("public_site:booking-track", args=["not-a-token"]),
    }


def test_the_policy_is_one_site_wide_setting_that_keeps_paths_on_this_site():
    assert settings.SECURE_REFERRER_POLICY == "same-origin"


def test_no_page_under_the_token_routes_sends_no_referrer(client, token_pages):
    for name, path in token_pages.items():
        response = client.get(path)
        assert response.status_code in (200, 400, 404), name
        assert response["Referrer-Policy"] == "same-origin", name


def test_answers_to_posts_on_token_pages_keep_the_policy(client, token_pages):
    """A form that fails validation re-renders the page (400) with the same policy."""
    response = client.post(token_pages["quote"], {"action": "accept", "signer_name": ""})
    assert response.status_code == 400
    assert response["Referrer-Policy"] == "same-origin"
    response = client.post(token_pages["booking-track"] + "cancel/", {"reason": ""})
    assert response["Referrer-Policy"] == "same-origin"
