"""Two-step sign-in with an authenticator app and backup codes."""

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

pytestmark = pytest.mark.django_db


def _code(device) -> str:
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _enrol(client):
    page = client.get(reverse("accounts:two-factor-setup"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html and "<script" not in html.split("<body", 1)[1].split("</body>")[0]
    device = TOTPDevice.objects.get(confirmed=False)
    response = client.post(
        reverse("accounts:two-factor-setup"), {"device_id": device.pk, "token": _code(device)}
    )
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    codes = codes_page.context["codes"]
    assert len(codes) == 10
    return device, codes


def test_enrolment_then_sign_in_asks_for_code(client, admin_user, password):
    client.force_login(admin_user)
    device, _codes = _enrol(client)
    device.refresh_from_db()
    assert device.confirmed
    client.logout()
    step_one = client.post(
        reverse("accounts:login"), {"email": admin_user.email, "password": password}
    )
    assert step_one["Location"] == reverse("accounts:login-verify")
    assert client.get("/admin/").status_code == 302  # not signed in yet
    wrong = client.post(reverse("accounts:login-verify"), {"token": "000000"})
    assert wrong.status_code == 400
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.last_t = -1
    device.save()
    ok = client.post(reverse("accounts:login-verify"), {"token": _code(device)})
    assert ok["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_backup_code_works_once(client, client_user, password):
    client.force_login(client_user)
    _device, codes = _enrol(client)
    client.logout()
    for expected in ("/portal/", None):
        client.post(reverse("accounts:login"), {"email": client_user.email, "password": password})
        response = client.post(reverse("accounts:login-verify"), {"token": codes[0]})
        if expected:
            assert response["Location"] == expected
            client.logout()
        else:
            assert response.status_code == 400


def test_too_many_wrong_codes_restart_sign_in(client, client_user, password):
    client.force_login(client_user)
    _enrol(client)
    client.logout()
    client.post(reverse("accounts:login"), {"email": client_user.email, "password": password})
    for _i in range(5):
        response = client.post(reverse("accounts:login-verify"), {"token": "12345678"})
    assert response["Location"] == reverse("accounts:login")
    assert client.get(reverse("accounts:login-verify"))["Location"] == reverse("accounts:login")


def test_disable_needs_password(client, client_user, password):
    client.force_login(client_user)
    _enrol(client)
    bad = client.post(reverse("accounts:two-factor-disable"), {"password": "nope"})
    assert bad.status_code == 400
    client.post(reverse("accounts:two-factor-disable"), {"password": password})
    assert not TOTPDevice.objects.filter(user=client_user).exists()


def test_admins_must_enrol_when_required(client, admin_user, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    client.force_login(admin_user)
    response = client.get("/admin/")
    assert response["Location"] == reverse("accounts:two-factor-setup")
    _enrol(client)
    assert client.get("/admin/").status_code == 200


def test_admin_with_unverified_session_is_asked_for_code(client, admin_user, settings):
    client.force_login(admin_user)
    _enrol(client)
    settings.REQUIRE_2FA_FOR_ADMINS = True
    client.logout()
    client.force_login(admin_user)  # a session that skipped the code step
    response = client.get("/admin/users/")
    assert response["Location"].startswith("/accounts/login/verify/")


def test_staff_are_not_forced_when_only_admins_are(client, sales_user, settings):
    settings.REQUIRE_2FA_FOR_ADMINS = True
    client.force_login(sales_user)
    assert client.get("/admin/").status_code == 200
