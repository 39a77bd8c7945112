"""Staff at work on bookings, in a real (headless) Chromium: the schedule,
a booking, confirming it with a technician; accessibility and phones."""

from __future__ import annotations

import datetime as dt

import pytest

from apps.leads.models import BookingSource
from apps.leads.selectors import next_free_slots
from apps.leads.services import create_booking
from apps.leads.tests.conftest import category, service, windows  # noqa: F401
from apps.users import roles
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.date_sensitive,
]


def _next_open_day(bookable) -> dt.date:
    """The first day a customer could book, from the availability rules (opening
    hours, notice, closed days), not a weekday guess."""
    return next_free_slots(bookable, limit=1)[0].start.date()


@pytest.fixture
def scene(service, windows):  # noqa: F811
    sales = StaffUserFactory(email="brian@coollight.test", groups=[roles.SALES])
    technician = StaffUserFactory(
        email="juma@coollight.test", full_name="Juma Otieno", groups=[roles.TECHNICIAN]
    )
    day = _next_open_day(service)
    booking = create_booking(
        service=service,
        name="Wanjiku Kariuki",
        email="wanjiku@example.co.ke",
        phone="+254712345678",
        address="Kilimani, Argwings Kodhek Rd",
        preferred_date=day,
        window=windows[1],
        description="Bedroom unit blowing warm air",
        source=BookingSource.PHONE,
        actor=sales,
    )
    return {"sales": sales, "technician": technician, "booking": booking, "day": day}


def test_sales_confirms_a_booking_from_the_week_schedule(probe, scene):
    booking = scene["booking"]
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)

    probe.goto("/admin/bookings/")
    assert booking.reference in probe.page.get_by_test_id("bookings-table").inner_text()
    assert probe.axe() == []

    probe.goto(f"/admin/schedule/?view=week&date={scene['day'].isoformat()}")
    assert probe.axe() == []
    grid = probe.page.get_by_test_id("week-grid")
    chip = grid.locator(f"[data-booking='{booking.reference}']")
    assert "Wanjiku Kariuki" in chip.inner_text()
    with probe.page.expect_navigation():
        chip.click()
    assert probe.page.locator("h1").inner_text() == booking.reference
    assert probe.axe() == []

    form = probe.page.get_by_test_id("confirm-form")
    form.get_by_label("Juma Otieno").check()
    with probe.page.expect_navigation():
        form.get_by_role("button", name="Confirm with these technicians").click()
    assert "Confirmed" in probe.page.get_by_test_id("booking-status").inner_text()
    assert "Juma Otieno" in probe.page.locator("main").inner_text()
    assert probe.errors == [] and probe.csp_violations() == []


def test_moving_a_visit_shows_live_capacity(probe, scene):
    booking = scene["booking"]
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    probe.goto(f"/admin/bookings/{booking.reference}/")
    picker = probe.page.locator("#move-slot-picker")
    assert "2 of 2 free" in picker.inner_text()
    # A Sunday: the picker is swapped in by htmx without reloading the page.
    sunday = scene["day"] + dt.timedelta(days=6 - scene["day"].weekday())
    with probe.page.expect_response(lambda r: "/admin/bookings/slots/" in r.url):
        probe.page.fill("#move-date", sunday.isoformat())
        probe.page.locator("#move-date").dispatch_event("change")
    # A locator wait, not wait_for_function: a string evaluated in the page
    # would itself break the page's CSP (no unsafe-eval).
    picker.get_by_text("Closed that day").first.wait_for()
    assert probe.errors == [] and probe.csp_violations() == []


def test_schedule_fits_a_phone(probe_factory, scene):
    probe = probe_factory(width=360, height=740)
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    for view in ("week", "day", "technician"):
        probe.goto(f"/admin/schedule/?view={view}&date={scene['day'].isoformat()}")
        assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360, view
    probe.goto(f"/admin/schedule/?view=week&date={scene['day'].isoformat()}")
    stacked = probe.page.get_by_test_id("week-stack")
    assert stacked.locator(f"[data-booking='{scene['booking'].reference}']").is_visible()
    probe.goto(f"/admin/bookings/{scene['booking'].reference}/")
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.errors == [] and probe.csp_violations() == []
