"""Client portal: clients only, their own records; profile changes go
through the services."""

import re
from email.utils import parseaddr

import pytest
from django.core import mail
from django.urls import reverse

from apps.core.models import AuditLog
from apps.leads.models import Client, ConsentSource

pytestmark = pytest.mark.django_db

PAGES = [
    "client_portal:dashboard",
    "client_portal:profile",
    "client_portal:bookings",
    "client_portal:quotes",
    "client_portal:invoices",
    "client_portal:inquiries",
    "client_portal:sites",
]


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_is_sent_to_sign_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("name", PAGES)
def test_staff_are_refused(client, sales_user, name):
    client.force_login(sales_user)
    response = client.get(reverse(name))
    assert response.status_code == 403
    assert reverse("admin_portal:dashboard") in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_client_opens_every_page(client, client_user, name):
    client.force_login(client_user)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert response.content.decode().count("<h1") == 1


def test_staff_cannot_post_profile_forms(client, sales_user):
    client.force_login(sales_user)
    for name in ("profile-details", "profile-email", "profile-preferences"):
        assert client.post(reverse(f"client_portal:{name}"), {}).status_code == 403


def test_dashboard_shows_only_own_record(client, client_user, other_client_user):
    Client.objects.create(name="Not Mine Ltd", user=other_client_user)
    mine = Client.objects.create(name="Wanjiku Home", user=client_user)
    client.force_login(client_user)
    response = client.get(reverse("client_portal:dashboard"))
    assert response.context["client"] == mine


def test_update_name_and_phone(client, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("client_portal:profile-details"),
        {"full_name": "Wanjiku K. Kariuki", "phone": "0722 555 111"},
    )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.full_name == "Wanjiku K. Kariuki"
    assert str(client_user.phone) == "+254722555111"


def test_bad_phone_keeps_input(client, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("client_portal:profile-details"), {"full_name": "Typed", "phone": "12"}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Typed"' in html and 'aria-invalid="true"' in html


def test_email_change_only_after_link_is_followed(
    client, client_user, password, django_capture_on_commit_callbacks
):
    client.force_login(client_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("client_portal:profile-email"),
            {"email": "wanjiku.new@example.co.ke", "password": password},
        )
    assert response.status_code == 302
    client_user.refresh_from_db()
    assert client_user.email == "wanjiku@example.co.ke"
    assert [parseaddr(a)[1] for a in mail.outbox[0].to] == ["wanjiku.new@example.co.ke"]
    link = re.search(r"/accounts/email/confirm/[^/\s]+/", mail.outbox[0].body).group(0)
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    client_user.refresh_from_db()
    assert client_user.email == "wanjiku.new@example.co.ke"
    assert client_user.email_verified_at is not None
    again = client.post(link)
    assert again.status_code == 400  # single use


def test_email_change_needs_current_password(client, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("client_portal:profile-email"),
        {"email": "elsewhere@example.co.ke", "password": "wrong"},
    )
    assert response.status_code == 400
    assert "Your current password is not correct." in response.content.decode()
    assert len(mail.outbox) == 0


def test_preferences_record_consent_time_and_source(client, client_user):
    client.force_login(client_user)
    response = client.post(
        reverse("client_portal:profile-preferences"),
        {"accepts_email": "on", "accepts_whatsapp": "on", "marketing_opt_in": "on"},
    )
    assert response.status_code == 302
    record = Client.objects.get(user=client_user)
    assert record.accepts_email and not record.accepts_sms and record.accepts_whatsapp
    assert record.marketing_opt_in
    assert record.marketing_opt_in_at is not None
    assert record.marketing_opt_in_source == ConsentSource.PORTAL
    assert AuditLog.objects.filter(action="client.contact_preferences_changed").exists()


def test_unverified_account_does_not_claim_someone_elses_client_record(client, client_user):
    Client.objects.create(name="Existing", email=client_user.email)
    client.force_login(client_user)
    client.post(reverse("client_portal:profile-preferences"), {"accepts_email": "on"})
    assert Client.objects.get(name="Existing").user is None
