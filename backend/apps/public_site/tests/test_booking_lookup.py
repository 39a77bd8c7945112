""" "Find my booking": reference plus the e-mail or phone it was made with;
a phone is compared normalised (0722… == +254722…); a wrong contact
reveals nothing."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from apps.leads.selectors import booking_for_reference_and_contact
from apps.leads.tokens import booking_access_token

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "booking_rules")]

URL = reverse("public_site:booking-find")


@pytest.fixture
def booking(book):
    return book(email="peter@example.co.ke", phone="+254722555111")


@pytest.mark.parametrize(
    "contact",
    ["+254722555111", "0722555111", "0722 555 111", "254722555111", "PETER@example.co.ke"],
)
def test_reference_and_contact_find_the_booking(booking, contact):
    assert (
        booking_for_reference_and_contact(reference=booking.reference, contact=contact) == booking
    )


@pytest.mark.parametrize("contact", ["0722555112", "+254733555111", "other@example.co.ke", "x", ""])
def test_a_wrong_contact_finds_nothing(booking, contact):
    assert booking_for_reference_and_contact(reference=booking.reference, contact=contact) is None


def test_a_phone_only_booking_is_found_by_phone_but_not_by_an_empty_email(book):
    booking = book(email="", phone="+254722000111")
    assert booking_for_reference_and_contact(reference=booking.reference, contact="0722000111")
    assert booking_for_reference_and_contact(reference=booking.reference, contact="@") is None


def test_the_page_sends_to_the_tracking_page(client, booking):
    response = client.post(URL, {"reference": booking.reference.lower(), "contact": "0722555111"})
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "public_site:booking-track", args=[booking_access_token(booking)]
    )


def test_a_wrong_phone_does_not_reveal_the_booking(client, booking):
    wrong = client.post(URL, {"reference": booking.reference, "contact": "0722555112"})
    unknown = client.post(URL, {"reference": "BK-NOPE1", "contact": "0722555111"})
    assert wrong.status_code == unknown.status_code == 400
    for response in (wrong, unknown):
        html = response.content.decode()
        assert "We could not find a booking" in html
        assert booking_access_token(booking) not in html
        assert booking.service.name not in html
        assert "Location" not in response


def test_attempts_are_limited_per_address(client, booking, settings):
    settings.BOOKING_LOOKUPS_PER_HOUR = 2
    for _ in range(2):
        assert (
            client.post(URL, {"reference": "BK-NOPE1", "contact": "0722555111"}).status_code == 400
        )
    right = client.post(URL, {"reference": booking.reference, "contact": "0722555111"})
    assert right.status_code == 429


def test_the_empty_form_names_both_fields(client):
    response = client.post(URL, {})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"reference", "contact"}
    assert client.get(URL).status_code == 200


def _without_csrf(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


def test_a_known_and_an_unknown_reference_answer_the_same_page(client, booking):
    """Whether a reference exists cannot be read off the answer: a real
    reference with the wrong phone and a made-up one get the same page."""
    wrong = client.post(URL, {"reference": booking.reference, "contact": "0722555112"})
    unknown = client.post(URL, {"reference": "BK-ZZZZZ9", "contact": "0722555112"})
    # The page repeats what was typed; put the same reference in both to compare.
    assert _without_csrf(wrong.content.decode()).replace(
        booking.reference, "BK-ZZZZZ9"
    ) == _without_csrf(unknown.content.decode())
    assert wrong.status_code == unknown.status_code == 400


def test_anyone_is_limited_on_every_reference_they_try(client, booking, settings):
    """The limit is per address whatever is typed, so references cannot be
    walked one after another."""
    settings.BOOKING_LOOKUPS_PER_HOUR = 3
    codes = [
        client.post(URL, {"reference": f"BK-TRY{n:02d}", "contact": "0722555111"}).status_code
        for n in range(5)
    ]
    assert codes == [400, 400, 400, 429, 429]
    other = Client(REMOTE_ADDR="203.0.113.9")
    assert other.post(URL, {"reference": "BK-TRY99", "contact": "0722555111"}).status_code == 400
