"""The bookings fixtures (a bookable service, the default windows, a fixed
Monday morning) for the booking pages' tests."""

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
