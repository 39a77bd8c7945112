"""The booking fixtures of apps.leads (a bookable service, the default
windows, a frozen Monday morning), shared with the admin portal's tests."""

from apps.leads.tests.conftest import (  # noqa: F401
    book,
    booking_rules,
    category,
    first_window,
    frozen_now,
    service,
    windows,
)
