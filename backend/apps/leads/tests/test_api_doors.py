"""The API's owner / staff / token doors (apps.api.access.reach) keep each
record's own rules: a technician's scoping lets the other doors open, and a
booking reads its token from the query only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.leads.tokens import booking_access_token

pytestmark = pytest.mark.django_db


def _detail(booking, **query):
    url = reverse("v1:leads:booking-detail", args=[booking.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


@pytest.fixture
def client_booking(frozen_now, book, client_user):
    return book(user=client_user, email=client_user.email)


def test_a_technician_off_the_visit_still_comes_in_by_its_token(
    frozen_now, as_user, client_booking, technician_user
):
    tech = as_user(technician_user)
    assert tech.get(_detail(client_booking)).status_code == 404
    by_token = tech.get(_detail(client_booking, token=booking_access_token(client_booking)))
    # The token door, so the customer's view: no internal notes.
    assert by_token.status_code == 200 and "admin_notes" not in by_token.json()


def test_a_booking_token_in_the_body_opens_nothing(frozen_now, api, client_booking):
    token = booking_access_token(client_booking)
    response = api.patch(
        _detail(client_booking), {"token": token, "status": "cancelled"}, format="json"
    )
    assert response.status_code == 401
    client_booking.refresh_from_db()
    assert client_booking.status != "cancelled"
