"""Booking on the real calendar, not a frozen Monday: whatever day the suite
runs (a Friday evening, a Sunday, New Year's Eve, a public holiday, 29 February;
see docs/dev/testing.md), the first free visit respects the notice, the
horizon, the opening hours and Kenya's public holidays, and books."""

from __future__ import annotations

import datetime as dt

import holidays
import pytest
from django.conf import settings
from django.utils import timezone

from apps.core.business_hours import periods_for
from apps.core.selectors import company_settings
from apps.leads.models import ArrivalWindow, BlackoutDate, BookingSettings
from apps.leads.selectors import available_slots, next_free_slots
from apps.leads.selectors.availability import booking_window_dates
from apps.leads.services import create_booking
from apps.leads.services.bookings import BookingError
from apps.leads.services.holidays import load_public_holidays

pytestmark = [pytest.mark.django_db, pytest.mark.date_sensitive]


@pytest.fixture
def calendar(windows):
    """This year's and next year's public holidays closed, as the daily task keeps them."""
    year = timezone.localdate().year
    load_public_holidays(years=[year, year + 1])
    return holidays.country_holidays(settings.PUBLIC_HOLIDAYS_COUNTRY, years=[year, year + 1])


def _book(service, day: dt.date, window: ArrivalWindow):
    return create_booking(
        service=service,
        name="Achieng Odhiambo",
        phone="+254712345678",
        address="Kileleshwa, Nairobi",
        preferred_date=day,
        window=window,
    )


def test_first_free_visit_follows_the_rules_and_books(service, calendar):
    today = timezone.localdate()
    earliest, latest = booking_window_dates()
    slot = next_free_slots(service, limit=1)[0]
    day = slot.start.date()
    assert slot.start.tzinfo is not None and timezone.localtime(slot.start).date() == day
    assert earliest <= day <= latest and day > today
    assert day not in calendar, f"{day} is {calendar.get(day)}"
    opens = periods_for(company_settings().business_hours, day)
    window = ArrivalWindow.objects.get(pk=slot.window_id)
    assert any(a <= window.start_time and window.end_time <= b for a, b in opens)
    # Every day before it is closed for a reason the customer is told.
    for earlier in available_slots(service, today, day - dt.timedelta(days=1)):
        assert earlier.closed_reason and not earlier.has_free_slot, earlier.date
    booking = _book(service, day, window)
    assert booking.preferred_date == day
    assert timezone.localtime(booking.scheduled_start).date() == day
    assert timezone.localtime(booking.scheduled_start).time() == window.start_time


def test_notice_and_horizon_hold_at_their_edges(service, calendar):
    earliest, latest = booking_window_dates()
    window = ArrivalWindow.objects.filter(is_active=True).order_by("start_time").first()
    with pytest.raises(BookingError) as too_soon:
        _book(service, earliest - dt.timedelta(days=1), window)
    assert too_soon.value.field == "preferred_date"
    with pytest.raises(BookingError) as too_far:
        _book(service, latest + dt.timedelta(days=1), window)
    assert too_far.value.field == "preferred_date"
    days = available_slots(service, latest - dt.timedelta(days=6), latest)
    assert days[-1].date == latest and all(d.closed_reason != "too_far" for d in days)
    assert available_slots(service, latest, latest + dt.timedelta(days=1))[1].closed_reason == (
        "too_far"
    )


def test_the_next_public_holiday_is_closed_to_bookings(service, calendar):
    today = timezone.localdate()
    holiday = min(day for day in calendar if day > today)
    rules = BookingSettings.get_solo()
    # Open bookings far enough ahead to reach it (holidays can be months apart).
    rules.horizon_days = max(rules.horizon_days, (holiday - today).days + 1)
    rules.save()
    assert BlackoutDate.objects.get(date=holiday).is_public_holiday
    (shown,) = available_slots(service, holiday, holiday)
    assert shown.closed_reason == str(calendar[holiday]) and not shown.slots
    window = ArrivalWindow.objects.filter(is_active=True).order_by("start_time").first()
    with pytest.raises(BookingError) as closed:
        _book(service, holiday, window)
    assert closed.value.field == "preferred_date"
    assert all(slot.start.date() != holiday for slot in next_free_slots(service, limit=20))
