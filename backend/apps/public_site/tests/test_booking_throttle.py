"""The booking pages limit writes per account for signed-in clients, as the
API does (the ``user_write`` rate), and per address for anonymous visitors."""

import pytest
from rest_framework.settings import api_settings

from apps.public_site.booking_views import throttled

pytestmark = pytest.mark.django_db


def _attempt(rf, user, ip="198.51.100.7"):
    request = rf.post("/book/", REMOTE_ADDR=ip)
    request.user = user
    return throttled(request)


def test_a_signed_in_client_is_limited_per_account(rf, client_user, other_client_user):
    limit = int(api_settings.DEFAULT_THROTTLE_RATES["user_write"].split("/")[0])
    results = [_attempt(rf, client_user) for _ in range(limit + 1)]
    assert results[-1] is True and not any(results[:-1])
    assert _attempt(rf, other_client_user) is False  # same address, another account
