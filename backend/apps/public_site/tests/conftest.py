"""Fixtures of the public site's tests: a warm cache record and company row,
so a measured request runs only the page's own queries; and the leads
app's fixtures for the booking and quotation pages' tests."""

from __future__ import annotations

import pytest

from apps.core.public_cache import content_version
from apps.core.selectors import company_settings

# The bookings and quotation fixtures of the leads app.
from apps.leads.tests.conftest import *  # noqa: F403
from apps.leads.tests.conftest import (  # noqa: F401
    NOW,
    SATURDAY,
    SUNDAY,
    TUESDAY,
    book,
    booking_rules,
    category,
    first_window,
    frozen_now,
    service,
    windows,
)


@pytest.fixture
def warm():
    """Call after creating the rows and before measuring: computing the
    content version looks up the next scheduled change once per content
    change (not per request), and the company row is created on first use."""

    def _warm():
        company_settings()
        content_version()

    return _warm
