"""Writes are limited per account as well as per address: registration is
open, so a signed-in client must not be able to flood the calendar or the
sales inbox where an anonymous visitor cannot."""

from __future__ import annotations

import pytest
from django.urls import reverse
from rest_framework.settings import api_settings
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

pytestmark = pytest.mark.django_db


def _limit(scope: str) -> int:
    return int(api_settings.DEFAULT_THROTTLE_RATES[scope].split("/")[0])


def _signed_in(user) -> APIClient:
    api = APIClient()
    token = RefreshToken.for_user(user).access_token
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return api


def test_the_per_account_rate_is_a_setting():
    assert "user_write" in api_settings.DEFAULT_THROTTLE_RATES


@pytest.mark.parametrize("name", ["v1:leads:booking-create", "v1:leads:inquiry-create"])
def test_a_signed_in_client_is_throttled_after_the_limit(name, client_user, other_client_user):
    api = _signed_in(client_user)
    url = reverse(name)
    limit = _limit("user_write")
    # Invalid bodies: the limit counts attempts, before any validation.
    codes = [api.post(url, {}, format="json").status_code for _ in range(limit + 1)]
    assert set(codes[:limit]) == {400}
    assert codes[-1] == 429
    body = api.post(url, {}, format="json").json()
    assert body["code"] == "throttled" and body["retry_after"] > 0
    # Counted per account: another client (same address) is not affected.
    assert _signed_in(other_client_user).post(url, {}, format="json").status_code == 400


def test_one_account_shares_its_limit_across_the_write_endpoints(client_user):
    api = _signed_in(client_user)
    limit = _limit("user_write")
    for i in range(limit):
        name = "v1:leads:booking-create" if i % 2 else "v1:leads:inquiry-create"
        assert api.post(reverse(name), {}, format="json").status_code == 400
    assert api.post(reverse("v1:leads:booking-create"), {}, format="json").status_code == 429


def test_reads_are_not_counted(client_user):
    api = _signed_in(client_user)
    for _ in range(_limit("user_write") + 1):
        assert api.get(reverse("v1:leads:quotation-list")).status_code == 200
    assert api.post(reverse("v1:leads:booking-create"), {}, format="json").status_code == 400
