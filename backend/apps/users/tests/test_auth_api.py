"""The /api/v1/auth/ flows, end to end through HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.users.models import Role, User

pytestmark = pytest.mark.django_db

STRONG = "Ngong-Hills-Breeze-88"


def url(name: str) -> str:
    return reverse(f"v1:auth:{name}")


def test_register_login_profile_refresh_logout_round_trip(api):
    response = api.post(
        url("register"),
        {
            "email": "Kamau@Example.co.ke",
            "password": STRONG,
            "full_name": "Peter Kamau",
            "phone": "0712345678",
        },
    )
    assert response.status_code == 201, response.json()
    assert response.json()["user"]["email"] == "kamau@example.co.ke"
    assert response.json()["user"]["phone"] == "+254712345678"
    assert response.json()["user"]["role"] == "client"

    login = api.post(url("login"), {"email": "KAMAU@example.co.ke", "password": STRONG})
    assert login.status_code == 200
    access, refresh = login.json()["access"], login.json()["refresh"]

    api.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    profile = api.get(url("profile"))
    assert profile.status_code == 200
    assert profile.json()["full_name"] == "Peter Kamau"
    assert profile.json()["groups"] == ["Client"]
    api.credentials()

    rotated = api.post(url("refresh"), {"refresh": refresh})
    assert rotated.status_code == 200
    new_refresh = rotated.json()["refresh"]
    assert new_refresh != refresh
    # The old refresh token was blacklisted by the rotation.
    reused = api.post(url("refresh"), {"refresh": refresh})
    assert reused.status_code == 401
    assert reused.json()["code"] == "token_not_valid"

    assert api.post(url("logout"), {"refresh": new_refresh}).status_code == 204
    after_logout = api.post(url("refresh"), {"refresh": new_refresh})
    assert after_logout.status_code == 401


def test_register_duplicate_email_names_the_field_case_insensitively(api, client_user):
    response = api.post(url("register"), {"email": client_user.email.upper(), "password": STRONG})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert "email" in body["errors"]
    assert User.objects.filter(email__iexact=client_user.email).count() == 1


def test_register_weak_password_is_refused_on_password_field(api):
    response = api.post(url("register"), {"email": "a@example.co.ke", "password": "short"})
    assert response.status_code == 400
    assert "password" in response.json()["errors"]
    assert not User.objects.filter(email="a@example.co.ke").exists()


def test_register_cannot_make_staff_whatever_is_sent(api):
    response = api.post(
        url("register"),
        {
            "email": "sneaky@example.co.ke",
            "password": STRONG,
            "role": "admin",
            "is_superuser": True,
        },
    )
    assert response.status_code == 201
    user = User.objects.get(email="sneaky@example.co.ke")
    assert user.role == Role.CLIENT
    assert not user.is_superuser


def test_wrong_login_gets_one_generic_401(api, client_user, password):
    wrong_password = api.post(url("login"), {"email": client_user.email, "password": "nope-nope-1"})
    unknown_email = api.post(url("login"), {"email": "nobody@example.co.ke", "password": password})
    assert wrong_password.status_code == unknown_email.status_code == 401
    assert wrong_password.json() == unknown_email.json()
    assert "password" not in wrong_password.json()["errors"]


def test_inactive_user_cannot_log_in(api, client_user, password):
    client_user.is_active = False
    client_user.save()
    assert (
        api.post(url("login"), {"email": client_user.email, "password": password}).status_code
        == 401
    )


def test_malformed_json_is_a_400(api):
    response = api.post(url("login"), data='{"email": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "parse_error"


def test_missing_fields_are_named(api):
    response = api.post(url("login"), {})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"email", "password"}


def test_profile_needs_a_token(api):
    response = api.get(url("profile"))
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_profile_patch_changes_only_name_and_phone(as_user, client_user):
    api = as_user(client_user)
    response = api.patch(
        url("profile"),
        {
            "full_name": "Wanjiku K.",
            "phone": "+254 733 000 111",
            "email": "hijack@example.co.ke",
            "role": "admin",
        },
    )
    assert response.status_code == 200
    client_user.refresh_from_db()
    assert client_user.full_name == "Wanjiku K."
    assert str(client_user.phone) == "+254733000111"
    assert client_user.email == "wanjiku@example.co.ke"
    assert client_user.role == Role.CLIENT


def test_profile_patch_bad_phone_names_the_field(as_user, client_user):
    response = as_user(client_user).patch(url("profile"), {"phone": "12"})
    assert response.status_code == 400
    assert "phone" in response.json()["errors"]


def test_password_change_revokes_refresh_tokens(api, as_user, client_user, password):
    old_refresh = api.post(url("login"), {"email": client_user.email, "password": password}).json()[
        "refresh"
    ]
    client = as_user(client_user)
    wrong = client.post(
        url("password-change"), {"old_password": "wrong-one-123", "new_password": STRONG}
    )
    assert wrong.status_code == 400 and "old_password" in wrong.json()["errors"]
    weak = client.post(url("password-change"), {"old_password": password, "new_password": "123"})
    assert weak.status_code == 400 and "new_password" in weak.json()["errors"]
    ok = client.post(url("password-change"), {"old_password": password, "new_password": STRONG})
    assert ok.status_code == 200 and ok.json()["refresh"]
    api.credentials()
    assert api.post(url("refresh"), {"refresh": old_refresh}).status_code == 401
    assert (
        api.post(url("login"), {"email": client_user.email, "password": STRONG}).status_code == 200
    )
