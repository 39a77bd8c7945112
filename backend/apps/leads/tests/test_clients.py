from __future__ import annotations

import pytest

from apps.leads.models import Client
from apps.leads.services import match_or_create_client

pytestmark = pytest.mark.django_db


def test_same_customer_by_email_or_phone_is_one_client():
    first = match_or_create_client(name="Achieng", email="Achieng@Example.com")
    by_email = match_or_create_client(
        name="A. Otieno", email="achieng@example.com", phone="+254722000111"
    )
    by_phone = match_or_create_client(name="Achieng O", phone="+254722000111")
    assert first.pk == by_email.pk == by_phone.pk
    first.refresh_from_db()
    assert first.name == "Achieng"  # details on file are kept
    assert str(first.phone) == "+254722000111"  # blanks are filled in
    assert Client.objects.count() == 1


def test_signed_in_customer_is_matched_by_account(client_user):
    own = match_or_create_client(name="Wanjiku", email="other@example.com", user=client_user)
    again = match_or_create_client(name="W", email="different@example.com", user=client_user)
    assert own.pk == again.pk and own.user == client_user
