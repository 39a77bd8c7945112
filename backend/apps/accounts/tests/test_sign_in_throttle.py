"""Password spraying on the web sign-in form: one address trying many
accounts is limited per address, by the same rule (and rate) as the API's
sign-in endpoint; the per-account lock-out stays django-axes'."""

import pytest
from django.urls import reverse
from rest_framework.settings import api_settings

pytestmark = pytest.mark.django_db

SPRAYED_PASSWORD = "Summer2026!"


def _limit() -> int:
    return int(api_settings.DEFAULT_THROTTLE_RATES["auth"].split("/")[0])


def _login(client, email, password, **extra):
    return client.post(reverse("accounts:login"), {"email": email, "password": password}, **extra)


def test_spraying_new_emails_from_one_address_is_limited(client):
    limit = _limit()
    codes = [
        _login(client, f"guess{i}@example.co.ke", SPRAYED_PASSWORD).status_code
        for i in range(limit + 1)
    ]
    assert set(codes[:limit]) == {400}
    assert codes[-1] == 429


def test_the_limited_page_is_readable_in_the_public_layout(client):
    for i in range(_limit()):
        _login(client, f"guess{i}@example.co.ke", SPRAYED_PASSWORD)
    response = _login(client, "one-more@example.co.ke", SPRAYED_PASSWORD)
    assert response.status_code == 429
    assert response["Content-Type"].startswith("text/html")
    assert int(response["Retry-After"]) > 0
    html = response.content.decode()
    assert "Too many sign-in attempts" in html
    assert 'role="alert"' in html
    assert reverse("accounts:password-reset") in html  # the public layout's page
    assert "<nav" in html or "<header" in html


def test_another_address_is_not_affected(client, client_user, password):
    for i in range(_limit() + 1):
        _login(client, f"guess{i}@example.co.ke", SPRAYED_PASSWORD)
    response = _login(client, client_user.email, password, REMOTE_ADDR="203.0.113.77")
    assert response.status_code == 302


def test_a_legit_user_under_the_limit_signs_in(client, client_user, password):
    for i in range(_limit() - 2):
        assert _login(client, f"guess{i}@example.co.ke", SPRAYED_PASSWORD).status_code == 400
    assert _login(client, client_user.email, password)["Location"] == "/portal/"


def test_the_web_form_and_the_api_count_against_one_limit(client, api):
    limit = _limit()
    url = reverse("v1:auth:login")
    for i in range(limit - 1):
        api.post(url, {"email": f"guess{i}@example.co.ke", "password": SPRAYED_PASSWORD})
    assert _login(client, "web@example.co.ke", SPRAYED_PASSWORD).status_code == 400
    assert _login(client, "web2@example.co.ke", SPRAYED_PASSWORD).status_code == 429
    assert api.post(url, {"email": "x@example.co.ke", "password": "x"}).status_code == 429
