"""Fixtures for bookings: a bookable service, the default windows, a fixed 'now'."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.leads.models import ArrivalWindow, BookingSettings
from apps.services.models import Service, ServiceCategory

NAIROBI = ZoneInfo("Africa/Nairobi")
# A Monday morning; the next working day is Tuesday 3 March 2026.
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=NAIROBI)
TUESDAY = dt.date(2026, 3, 3)
SATURDAY = dt.date(2026, 3, 7)
SUNDAY = dt.date(2026, 3, 8)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def category(db):
    return ServiceCategory.objects.create(name="Air conditioning", slug="ac")


@pytest.fixture
def service(category):
    return Service.objects.create(
        category=category,
        name="Split AC installation",
        slug="split-ac",
        base_price_min=Decimal("55000"),
        base_price_max=Decimal("95000"),
        visit_duration_minutes=120,
        is_bookable=True,
    )


DEFAULT_WINDOWS = ((8, 10), (10, 12), (13, 15), (15, 17))


@pytest.fixture
def windows(db):
    """The four default windows (as the data migration makes them), capacity 2 each.
    Made again here because transactional tests flush migrated rows."""
    if not ArrivalWindow.objects.exists():
        for start, end in DEFAULT_WINDOWS:
            ArrivalWindow.objects.create(
                start_time=dt.time(start), end_time=dt.time(end), capacity=2
            )
    return list(ArrivalWindow.objects.order_by("start_time"))


@pytest.fixture
def first_window(windows):
    return windows[0]


@pytest.fixture
def booking_rules(db):
    rules = BookingSettings.get_solo()
    rules.min_notice_days, rules.horizon_days, rules.change_cutoff_hours = 1, 60, 24
    rules.save()
    return rules


@pytest.fixture
def book(service, first_window, booking_rules):
    """``book(**overrides)`` makes a booking through the service."""
    from apps.leads.services import create_booking

    def _book(**overrides):
        values = {
            "service": service,
            "name": "Peter Kamau",
            "email": "peter@example.co.ke",
            "phone": "+254712345678",
            "address": "Kilimani, Nairobi",
            "preferred_date": TUESDAY,
            "window": first_window,
        }
        values.update(overrides)
        return create_booking(**values)

    return _book


def complete_visit(booking, *, staff, technician):
    """Confirm, start (on the visit's day, as the workflow requires) and
    complete a booking; the clock goes back to where it was afterwards."""
    from apps.leads.models import BookingStatus
    from apps.leads.services import change_booking_status, confirm_booking

    booking = confirm_booking(booking=booking, technicians=[technician], actor=staff)
    with time_machine.travel(booking.scheduled_start, tick=False):
        booking = change_booking_status(
            booking=booking, to_status=BookingStatus.IN_PROGRESS, actor=staff
        )
        return change_booking_status(
            booking=booking, to_status=BookingStatus.COMPLETED, actor=staff
        )
