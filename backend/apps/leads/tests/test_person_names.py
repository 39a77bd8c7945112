"""Invisible names are refused, and names are trimmed and in NFC, whichever
door takes them: the API (booking, inquiry, register, profile, quote
signature) and the services behind every door."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from apps.core.exceptions import DomainError
from apps.leads.models import Booking, Client, Inquiry
from apps.leads.services import create_booking, create_inquiry
from apps.leads.services.clients import create_client, match_or_create_client, update_client
from apps.leads.tokens import quotation_access_token
from apps.users import services as user_services

pytestmark = pytest.mark.django_db

ZWSP = "\u200b"
DECOMPOSED = "Rene\u0301e Wanjiru"  # "Renée" typed as e + combining accent
COMPOSED = "Ren\u00e9e Wanjiru"


def _booking_payload(service, **overrides):
    data = {
        "service_slug": service.slug,
        "name": "Peter Kamau",
        "phone": "0712345678",
        "preferred_date": (timezone.localdate() + dt.timedelta(days=3)).isoformat(),
        "preferred_time_slot": "08:00",
        "address": "Kilimani, Nairobi",
    }
    data.update(overrides)
    return data


# --- through the API ----------------------------------------------------------


def test_booking_api_refuses_a_zero_width_name(api, service, windows):
    response = api.post(
        reverse("v1:leads:booking-create"), _booking_payload(service, name=ZWSP), format="json"
    )
    assert response.status_code == 400, response.json()
    assert "name" in response.json()["errors"]
    assert not Booking.objects.exists()


def test_inquiry_api_refuses_a_zero_width_name(api):
    response = api.post(
        reverse("v1:leads:inquiry-create"),
        {"name": ZWSP * 3, "email": "x@example.co.ke", "message": "A cold room"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "name" in response.json()["errors"]
    assert not Inquiry.objects.exists()


def test_inquiry_api_stores_the_name_in_nfc(api):
    response = api.post(
        reverse("v1:leads:inquiry-create"),
        {"name": f" {DECOMPOSED}{ZWSP}", "email": "r@example.co.ke", "message": "A cold room"},
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    inquiry = Inquiry.objects.get()
    assert inquiry.contact_name == COMPOSED
    assert inquiry.client.name == COMPOSED


def test_register_api_refuses_an_invisible_full_name(api):
    response = api.post(
        reverse("v1:auth:register"),
        {"email": "ghost@example.co.ke", "password": "Tsavo-Elephant-Trail-7", "full_name": ZWSP},
    )
    assert response.status_code == 400
    assert "full_name" in response.json()["errors"]


def test_profile_api_refuses_an_invisible_full_name(as_user, client_user):
    response = as_user(client_user).patch(reverse("v1:auth:profile"), {"full_name": "\u3164"})
    assert response.status_code == 400
    assert "full_name" in response.json()["errors"]
    client_user.refresh_from_db()
    assert client_user.full_name == "Wanjiku Kariuki"


def test_quote_acceptance_refuses_an_invisible_signature(api, sent_quotation):
    url = reverse("v1:leads:quotation-accept", args=[sent_quotation.pk])
    token = quotation_access_token(sent_quotation)
    response = api.post(url, {"signer_name": ZWSP * 5, "consent": True, "token": token})
    assert response.status_code == 400
    assert "signer_name" in response.json()["errors"]


# --- through the services -----------------------------------------------------


def test_create_booking_refuses_an_invisible_name(service, windows):
    with pytest.raises(DomainError) as caught:
        create_booking(
            service=service,
            name=ZWSP,
            phone="0712345678",
            address="Kilimani",
            preferred_date=timezone.localdate() + dt.timedelta(days=3),
            window=windows[0],
        )
    assert caught.value.field == "name"


def test_create_inquiry_refuses_an_invisible_name():
    with pytest.raises(DomainError) as caught:
        create_inquiry(name=ZWSP, message="Hello", email="x@example.co.ke")
    assert caught.value.field == "name"


def test_client_services_refuse_invisible_names_and_store_nfc(sales_user):
    with pytest.raises(DomainError) as caught:
        create_client(name=ZWSP, actor=sales_user, email="a@example.co.ke")
    assert caught.value.field == "name"
    with pytest.raises(DomainError):
        match_or_create_client(name=ZWSP, email="b@example.co.ke")
    client = create_client(name=DECOMPOSED, actor=sales_user, email="c@example.co.ke")
    assert client.name == COMPOSED
    with pytest.raises(DomainError) as caught:
        update_client(client=client, actor=sales_user, name=f" {ZWSP} ")
    assert caught.value.field == "name"
    assert Client.objects.get(pk=client.pk).name == COMPOSED


def test_user_services_refuse_invisible_names(client_user):
    with pytest.raises(ValidationError) as caught:
        user_services.register_client(
            email="ghost@example.co.ke", password="Tsavo-Elephant-Trail-7", full_name=ZWSP
        )
    assert "full_name" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        user_services.update_profile(user=client_user, full_name=ZWSP)
    assert "full_name" in caught.value.message_dict
    user = user_services.update_profile(user=client_user, full_name=DECOMPOSED)
    assert user.full_name == COMPOSED
