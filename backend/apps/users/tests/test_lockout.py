"""django-axes: a few failures lock a (username, address) pair, a cool-off releases it."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]

START = dt.datetime(2026, 5, 4, 8, 0, tzinfo=dt.UTC)


def _login(api, email, password, ip="198.51.100.7"):
    return api.post(
        reverse("v1:auth:login"), {"email": email, "password": password}, REMOTE_ADDR=ip
    )


def test_locked_after_limit_then_released_after_cooloff(api, client_user, password, settings):
    limit = settings.AXES_FAILURE_LIMIT
    with time_machine.travel(START, tick=False):
        for _ in range(limit):
            assert _login(api, client_user.email, "wrong-password-1").status_code in (401, 429)
        locked = _login(api, client_user.email, password)
        assert locked.status_code == 429
        assert locked.json()["code"] == "locked_out"
        # Same answer whatever the password: the lock does not reveal it.
        assert _login(api, client_user.email, "wrong-password-1").status_code == 429

    with time_machine.travel(
        START + settings.AXES_COOLOFF_TIME - dt.timedelta(minutes=1), tick=False
    ):
        assert _login(api, client_user.email, password).status_code == 429

    with time_machine.travel(
        START + settings.AXES_COOLOFF_TIME + dt.timedelta(minutes=1), tick=False
    ):
        assert _login(api, client_user.email, password).status_code == 200


def test_attacker_elsewhere_cannot_lock_out_the_real_user(api, client_user, password, settings):
    with time_machine.travel(START, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT + 2):
            _login(api, client_user.email, "guess-guess-1", ip="203.0.113.66")
        assert _login(api, client_user.email, password, ip="203.0.113.66").status_code == 429
        assert _login(api, client_user.email, password, ip="198.51.100.7").status_code == 200


def test_email_case_does_not_dodge_the_counter(api, client_user, settings):
    with time_machine.travel(START, tick=False):
        for i in range(settings.AXES_FAILURE_LIMIT):
            email = client_user.email.upper() if i % 2 else client_user.email
            _login(api, email, "wrong-password-1")
        assert _login(api, client_user.email.title(), "wrong-password-1").status_code == 429
