"""Which windows are offered, and how many places are left."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.leads.models import BlackoutDate, CategoryWindowLimit
from apps.leads.selectors import available_slots, next_free_slots

from .conftest import SATURDAY, SUNDAY, TUESDAY

pytestmark = pytest.mark.django_db


def _day(days, date):
    return next(d for d in days if d.date == date)


def test_windows_and_capacity_for_an_open_day(frozen_now, service, windows, booking_rules):
    days = available_slots(service, TUESDAY, TUESDAY)
    assert [s.label for s in days[0].slots] == [
        "08:00–10:00",
        "10:00–12:00",
        "13:00–15:00",
        "15:00–17:00",
    ]
    assert all(s.remaining == 2 for s in days[0].slots)
    first = days[0].slots[0]
    assert first.start.isoformat() == "2026-03-03T08:00:00+03:00"


def test_today_is_too_soon_and_beyond_horizon_is_too_far(
    frozen_now, service, windows, booking_rules
):
    today = dt.date(2026, 3, 2)
    days = available_slots(service, today, today)
    assert days[0].closed_reason == "too_soon" and days[0].slots == []
    far = today + dt.timedelta(days=booking_rules.horizon_days + 1)
    assert available_slots(service, far, far)[0].closed_reason == "too_far"


def test_sunday_and_holidays_are_closed_saturday_is_half_day(
    frozen_now, service, windows, booking_rules
):
    BlackoutDate.objects.create(date=TUESDAY, reason="Staff training")
    days = available_slots(service, TUESDAY, SUNDAY)
    assert _day(days, TUESDAY).closed_reason == "Staff training"
    assert _day(days, SUNDAY).closed_reason == "closed"
    # Saturday opens 09:00-13:00 in the default hours: only 10:00-12:00 fits.
    assert [s.label for s in _day(days, SATURDAY).slots] == ["10:00–12:00"]


def test_bookings_use_up_places(frozen_now, book, service, windows):
    book()
    book(email="second@example.co.ke", phone="+254700000002")
    slots = available_slots(service, TUESDAY, TUESDAY)[0].slots
    assert slots[0].remaining == 0 and not slots[0].is_free
    assert slots[1].remaining == 2


def test_cancelled_bookings_free_their_place(frozen_now, book, service, admin_user):
    from apps.leads.services import cancel_booking

    booking = book()
    cancel_booking(booking=booking, reason="Customer travelling", actor=admin_user)
    assert available_slots(service, TUESDAY, TUESDAY)[0].slots[0].remaining == 2


def test_a_long_visit_takes_several_windows(frozen_now, book, service, windows):
    service.visit_duration_minutes = 240
    service.save()
    slots = available_slots(service, TUESDAY, TUESDAY)[0].slots
    # Four hours from 08:00 needs 08-10 and 10-12; from 13:00 needs 13-15 and 15-17;
    # from 15:00 there is not enough day left.
    assert [(s.label, s.end.strftime("%H:%M")) for s in slots] == [
        ("08:00–10:00", "12:00"),
        ("10:00–12:00", "15:00"),
        ("13:00–15:00", "17:00"),
    ]
    book()  # takes 08-10 and 10-12
    book(email="b@example.co.ke", phone="+254700000009")
    slots = available_slots(service, TUESDAY, TUESDAY)[0].slots
    assert [s.remaining for s in slots] == [0, 0, 2]


def test_a_whole_day_visit(frozen_now, service, windows, booking_rules):
    service.visit_duration_minutes = 8 * 60
    service.save()
    slots = available_slots(service, TUESDAY, TUESDAY)[0].slots
    assert len(slots) == 1 and slots[0].end.strftime("%H:%M") == "17:00"


def test_category_limit_caps_a_window(frozen_now, book, service, first_window):
    CategoryWindowLimit.objects.create(category=service.category, window=first_window, capacity=1)
    book()
    assert available_slots(service, TUESDAY, TUESDAY)[0].slots[0].remaining == 0


@pytest.mark.parametrize("days", [1, 31])
def test_constant_queries_for_any_range(
    frozen_now, service, windows, booking_rules, book, django_assert_num_queries, days
):
    book()
    CategoryWindowLimit.objects.create(category=service.category, window=windows[1], capacity=1)
    # rules, company hours, windows, closed dates, category limits, occupancy,
    # category occupancy
    with django_assert_num_queries(7):
        result = available_slots(service, TUESDAY, TUESDAY + dt.timedelta(days=days - 1))
    assert len(result) == days


def test_next_free_slots_skip_full_windows(frozen_now, book, service):
    book()
    book(email="x@example.co.ke", phone="+254700000003")
    suggestions = next_free_slots(service, after=TUESDAY, limit=2)
    assert [s.label for s in suggestions] == ["10:00–12:00", "13:00–15:00"]
