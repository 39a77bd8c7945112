"""Password reset by e-mailed link: works once, expires, never tells who has an account."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

NEW_PASSWORD = "Tsavo-Elephant-Trail-7"


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    return django_capture_on_commit_callbacks


def _request_and_read_link(api, email: str, on_commit) -> tuple[str, str]:
    mail.outbox.clear()
    with on_commit(execute=True):
        response = api.post(reverse("v1:auth:password-reset"), {"email": email})
    assert response.status_code == 202
    assert len(mail.outbox) == 1
    match = re.search(r"/accounts/reset/([^/]+)/([^/]+)/", mail.outbox[0].body)
    assert match, mail.outbox[0].body
    return match.group(1), match.group(2)


def test_reset_token_works_once(api, client_user, on_commit):
    uid, token = _request_and_read_link(api, client_user.email, on_commit)
    confirm = reverse("v1:auth:password-reset-confirm")
    first = api.post(confirm, {"uid": uid, "token": token, "new_password": NEW_PASSWORD})
    assert first.status_code == 200
    second = api.post(confirm, {"uid": uid, "token": token, "new_password": "Another-Pass-991"})
    assert second.status_code == 400
    assert "token" in second.json()["errors"]
    login = api.post(
        reverse("v1:auth:login"), {"email": client_user.email, "password": NEW_PASSWORD}
    )
    assert login.status_code == 200


def test_reset_token_expires(api, client_user, settings, on_commit):
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False):
        uid, token = _request_and_read_link(api, client_user.email, on_commit)
    late = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC) + dt.timedelta(
        seconds=settings.PASSWORD_RESET_TIMEOUT + 60
    )
    with time_machine.travel(late, tick=False):
        response = api.post(
            reverse("v1:auth:password-reset-confirm"),
            {"uid": uid, "token": token, "new_password": NEW_PASSWORD},
        )
    assert response.status_code == 400
    assert "token" in response.json()["errors"]


def test_reset_request_does_not_reveal_unknown_addresses(api, client_user):
    known = api.post(reverse("v1:auth:password-reset"), {"email": client_user.email})
    mail.outbox.clear()
    unknown = api.post(reverse("v1:auth:password-reset"), {"email": "ghost@example.co.ke"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert mail.outbox == []


def test_reset_confirm_with_garbage_uid_is_a_clear_400(api):
    response = api.post(
        reverse("v1:auth:password-reset-confirm"),
        {"uid": "!!!", "token": "x-y", "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 400
    assert "token" in response.json()["errors"]


def test_reset_email_is_sent_after_commit_only(
    api, client_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        api.post(reverse("v1:auth:password-reset"), {"email": client_user.email})
    assert mail.outbox == []
    assert len(callbacks) == 1
