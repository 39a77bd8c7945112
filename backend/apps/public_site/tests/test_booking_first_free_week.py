"""The booking calendar opens on the week of the next free visit, the one
the service page announces (one selector, ``first_free_day``), not on a week
where every day is past, too soon, full or closed.

The clock is frozen on a Friday evening in Nairobi, computed from today: with
a day's notice the earliest day is Saturday, whose only window that fits is
full, and Sunday is closed, so the next free visit is in the following week."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from apps.leads.selectors import first_free_day, next_free_slots
from apps.public_site.booking_calendar import availability_week, slot_value
from apps.public_site.templatetags.booking_slots import next_free_slot_for

NAIROBI = ZoneInfo("Africa/Nairobi")


def _friday_evening() -> dt.datetime:
    today = timezone.localdate()
    friday = today + dt.timedelta(days=(4 - today.weekday()) % 7)
    return dt.datetime.combine(friday, dt.time(19, 30), tzinfo=NAIROBI)


@pytest.fixture
def friday_evening(db):
    with time_machine.travel(_friday_evening(), tick=False):
        yield timezone.localdate()


@pytest.fixture
def saturday_full(friday_evening, service, windows, book):
    """Both places of Saturday's one fitting window (10:00-12:00, inside the
    09:00-13:00 Saturday hours) are taken."""
    saturday = friday_evening + dt.timedelta(days=1)
    window = windows[1]
    for n in range(window.capacity):
        book(preferred_date=saturday, window=window, email=f"sat{n}@example.co.ke")
    return saturday


def _monday_of(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def test_next_free_visit_is_next_week_on_a_friday_evening(friday_evening, saturday_full, service):
    first = first_free_day(service)
    assert first is not None
    assert _monday_of(first) == _monday_of(friday_evening) + dt.timedelta(days=7)
    # The same rule the service page's "Next free visit" reads.
    announced = next_free_slot_for(service)
    assert announced is not None
    assert timezone.localtime(announced["start"]).date() == first
    assert timezone.localtime(next_free_slots(service, limit=1)[0].start).date() == first


def test_calendar_opens_on_the_week_of_the_next_free_visit(friday_evening, saturday_full, service):
    first = first_free_day(service)
    week = availability_week(service)
    assert week.start == _monday_of(first)
    assert week.has_free_slot
    # The current week can still be paged back to (Saturday is bookable, just full).
    assert week.previous == _monday_of(friday_evening)
    # A week asked for is still the one shown.
    assert availability_week(service, friday_evening).start == _monday_of(friday_evening)


def test_booking_step_opens_on_the_week_the_service_page_announces(
    client, friday_evening, saturday_full, service
):
    announced = next_free_slot_for(service)
    day = timezone.localtime(announced["start"]).date()
    response = client.get(reverse("public_site:book"), {"service": service.slug})
    assert response.status_code == 200
    assert response.context["step"] == "slot"
    assert response.context["week"].start == _monday_of(day)
    html = response.content.decode()
    assert f'value="{slot_value(day, announced["window_id"])}"' in html
    assert f'data-day="{friday_evening.isoformat()}"' not in html


def test_availability_fragment_without_a_week_opens_on_the_first_free_week(
    client, friday_evening, saturday_full, service
):
    response = client.get(reverse("public_site:booking-availability"), {"service": service.slug})
    assert response.status_code == 200
    assert response.context["week"].start == _monday_of(first_free_day(service))
