"""Sign-in pages: each role lands in its portal, lock-out is friendly,
registration verifies the address, resets and changes work once."""

import re
from email.utils import parseaddr

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.models import AuditLog
from apps.users.models import User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Tsavo-Elephant-Trail-7"


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"email": email, "password": password})


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        ("admin_user", "/admin/"),
        ("sales_user", "/admin/"),
        ("technician_user", "/admin/"),
        ("editor_user", "/admin/"),
        ("client_user", "/portal/"),
    ],
)
def test_each_role_lands_in_its_portal(client, request, password, who, landing):
    user = request.getfixturevalue(who)
    response = _login(client, user.email, password)
    assert response.status_code == 302
    assert response["Location"] == landing
    assert client.get(landing).status_code == 200


def test_next_is_followed_only_inside_own_portal(client, client_user, password):
    response = client.post(
        reverse("accounts:login") + "?next=/admin/users/",
        {"email": client_user.email, "password": password, "next": "/admin/users/"},
    )
    assert response["Location"] == "/portal/"
    client.logout()
    response = client.post(
        reverse("accounts:login"),
        {"email": client_user.email, "password": password, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/portal/"


def test_wrong_password_keeps_email_and_says_so(client, client_user):
    response = _login(client, client_user.email, "wrong-password-123")
    assert response.status_code == 400
    html = response.content.decode()
    assert "The e-mail or password is not correct." in html
    assert f'value="{client_user.email}"' in html
    assert 'role="alert"' in html


def test_failed_logins_count_toward_lockout_with_friendly_page(client, client_user, settings):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, client_user.email, "wrong-password-123")
    response = _login(client, client_user.email, "wrong-password-123")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "15 minutes" in html
    assert reverse("accounts:password-reset") in html


def test_logout_needs_post(client, client_user):
    client.force_login(client_user)
    assert client.get(reverse("accounts:logout")).status_code == 200
    assert client.get("/portal/").status_code == 200
    client.post(reverse("accounts:logout"))
    assert client.get("/portal/").status_code == 302


def test_registration_logs_in_and_emails_a_verification_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:register"),
            {
                "full_name": "Achieng Odhiambo",
                "email": "achieng@example.co.ke",
                "phone": "0712345678",
                "password": NEW_PASSWORD,
                "password_again": NEW_PASSWORD,
            },
        )
    assert response.status_code == 302 and response["Location"] == "/portal/"
    user = User.objects.get(email="achieng@example.co.ke")
    assert user.is_client and user.email_verified_at is None
    assert str(user.phone) == "+254712345678"
    assert len(mail.outbox) == 1 and [parseaddr(a)[1] for a in mail.outbox[0].to] == [
        "achieng@example.co.ke"
    ]
    link = re.search(r"/accounts/verify-email/[^/\s]+/", mail.outbox[0].body).group(0)
    # GET only shows a button (mail scanners open links).
    assert client.get(link).status_code == 200
    user.refresh_from_db()
    assert user.email_verified_at is None
    assert client.post(link).status_code == 302
    user.refresh_from_db()
    assert user.email_verified_at is not None
    assert AuditLog.objects.filter(action="user.email_verified", target_id=str(user.pk)).exists()


def test_registration_errors_keep_input(client, client_user):
    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "Someone",
            "email": client_user.email,
            "password": NEW_PASSWORD,
            "password_again": "different-Pass-99",
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The two passwords do not match." in html
    assert 'value="Someone"' in html
    assert 'aria-invalid="true"' in html


def test_registration_with_taken_email(client, client_user):
    response = client.post(
        reverse("accounts:register"),
        {
            "full_name": "Someone",
            "email": client_user.email,
            "password": NEW_PASSWORD,
            "password_again": NEW_PASSWORD,
        },
    )
    assert "An account with this e-mail already exists." in response.content.decode()


def test_tampered_verification_link_is_refused(client):
    response = client.post("/accounts/verify-email/not-a-token/")
    assert response.status_code == 400
    assert "invalid or has expired" in response.content.decode()


def test_password_reset_pages_round_trip(client, client_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password-reset"), {"email": client_user.email})
    assert response.status_code == 200
    link = re.search(r"/accounts/reset/[^/]+/[^/]+/", mail.outbox[0].body).group(0)
    assert client.get(link).status_code == 200
    done = client.post(link, {"new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD})
    assert done.status_code == 302 and done["Location"] == reverse("accounts:login")
    assert client.get(link).status_code == 400  # used once
    assert _login(client, client_user.email, NEW_PASSWORD).status_code == 302


def test_password_reset_says_the_same_for_unknown_address(client):
    response = client.post(reverse("accounts:password-reset"), {"email": "nobody@example.com"})
    assert response.status_code == 200
    assert len(mail.outbox) == 0


def test_password_change(client, client_user, password):
    client.force_login(client_user)
    bad = client.post(
        reverse("accounts:password-change"),
        {"old_password": "nope", "new_password": NEW_PASSWORD, "new_password_again": NEW_PASSWORD},
    )
    assert "Your current password is not correct." in bad.content.decode()
    good = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": password,
            "new_password": NEW_PASSWORD,
            "new_password_again": NEW_PASSWORD,
            "next": "/portal/profile/",
        },
    )
    assert good["Location"] == "/portal/profile/"
    assert client.get("/portal/").status_code == 200  # still signed in
    client_user.refresh_from_db()
    assert client_user.check_password(NEW_PASSWORD)
