"""Booking a visit on a 360 px phone, with and without JavaScript; moving it
from the tracking page; axe-core on every booking page."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from playwright.sync_api import expect

from apps.leads.models import Booking, Client
from apps.leads.selectors import available_slots
from apps.leads.tokens import booking_access_token
from tests.browser.conftest import CSP_LISTENER, PageProbe, future_booking
from tests.factories import DEFAULT_PASSWORD, ClientUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


AXE_SECONDS: list[float] = []


def _axe_clean(probe: PageProbe, where: str) -> None:
    started = time.perf_counter()
    violations = probe.axe()
    AXE_SECONDS.append(time.perf_counter() - started)
    assert violations == [], f"{where}: {violations}"


def _fill_details(page) -> None:
    page.fill("#id_name", "Grace Wanjiru")
    page.fill("#id_phone", "0712 345 678")
    page.fill("#id_email", "grace@example.co.ke")
    page.fill("#id_address", "Kilimani, Argwings Kodhek Rd, Apt 4B")


def test_guest_books_at_360px_with_javascript(probe_factory, bookable):
    probe = probe_factory(**PHONE)
    page = probe.page
    AXE_SECONDS.clear()
    started = time.perf_counter()
    probe.goto("/book/")
    _axe_clean(probe, "service step")
    page.get_by_test_id(f"service-{bookable.slug}").click()
    page.locator("#availability").wait_for()
    assert page.locator("[data-booking-step=slot]").count() == 1
    _axe_clean(probe, "slot step")
    # The calendar pages through weeks without reloading the page.
    page.evaluate("window.__notReloaded = true")
    heading = page.locator("#availability-heading")
    first_week = heading.inner_text()
    page.locator("[data-week-nav=next]").click()
    expect(heading).not_to_have_text(first_week)
    page.locator("[data-week-nav=previous]").click()
    expect(heading).to_have_text(first_week)
    page.locator("#availability button[name=slot]:not([disabled])").first.click()
    page.locator("#id_name").wait_for()
    _axe_clean(probe, "details step")
    _fill_details(page)
    page.get_by_role("button", name="Continue").click()
    page.get_by_test_id("confirm-booking").wait_for()
    _axe_clean(probe, "review step")
    assert page.evaluate("window.__notReloaded === true"), "steps swapped in place"
    page.get_by_test_id("confirm-booking").click()
    page.get_by_test_id("booking-reference").wait_for()
    elapsed = time.perf_counter() - started - sum(AXE_SECONDS)
    print(
        f"\nBooking flow with JavaScript at 360 px: {elapsed:.2f} s "
        "(machine time for the page loads, swaps and clicks, axe-core checks left out)"
    )
    booking = Booking.objects.get()
    assert page.get_by_test_id("booking-reference").inner_text() == booking.reference
    assert booking.contact_name == "Grace Wanjiru"
    _axe_clean(probe, "confirmation")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.errors == [] and probe.csp_violations() == []


@pytest.mark.date_sensitive
def test_guest_books_at_360px_without_javascript(browser, live_server, bookable):
    context = browser.new_context(viewport=PHONE, java_script_enabled=False)
    context.add_init_script(CSP_LISTENER)
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        started = time.perf_counter()
        page.goto(live_server.url + "/book/")
        page.get_by_test_id(f"service-{bookable.slug}").click()
        page.locator("#availability").wait_for()
        # Paging weeks posts the form.
        later = page.locator("[data-week-nav=next]")
        next_week = dt.date.fromisoformat(later.get_attribute("value"))
        later.click()
        page.locator("#availability").wait_for()
        page.locator("#availability button[name=slot]:not([disabled])").first.click()
        page.locator("#id_name").wait_for()
        _fill_details(page)
        page.fill("#id_phone", "not a phone")
        page.get_by_role("button", name="Continue").click()
        # The error is on the phone; everything typed is still there.
        assert "valid phone number" in page.locator("#id_phone_error").inner_text()
        assert page.input_value("#id_address") == "Kilimani, Argwings Kodhek Rd, Apt 4B"
        page.fill("#id_phone", "0712 345 678")
        page.get_by_role("button", name="Continue").click()
        page.get_by_test_id("confirm-booking").click()
        page.get_by_test_id("booking-reference").wait_for()
        elapsed = time.perf_counter() - started
        print(f"\nBooking flow without JavaScript at 360 px: {elapsed:.2f} s")
        # The first free window of the week paged to, as the availability rules
        # give it on whatever day this runs (a Friday's next week is 3 days away).
        first_free = next(
            slot
            for day in available_slots(bookable, next_week, next_week + dt.timedelta(days=6))
            for slot in day.slots
            if slot.is_free
        )
        booking = Booking.objects.get()
        assert (booking.preferred_date, str(booking.window_id)) == (
            first_free.start.date(),
            first_free.window_id,
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    finally:
        context.close()


@pytest.mark.date_sensitive
def test_tracking_page_reschedules_at_360px(probe_factory, bookable):
    booking = future_booking(bookable)
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(f"/bookings/track/{booking_access_token(booking)}/")
    _axe_clean(probe, "tracking page")
    page.get_by_test_id("reschedule").locator("summary").click()
    heading = page.locator("#availability-heading")
    this_week = heading.inner_text()
    page.locator("[data-week-nav=next]").click()
    expect(heading).not_to_have_text(this_week)
    choice = page.locator("#availability label:has(input[name=slot]:not([disabled]))").first
    value = choice.locator("input").get_attribute("value")
    choice.click()
    _axe_clean(probe, "tracking page, reschedule open")
    with page.expect_navigation():
        page.get_by_test_id("reschedule-submit").click()
    booking.refresh_from_db()
    assert f"{booking.preferred_date.isoformat()}|{booking.window_id}" == value
    assert "moved to" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.errors == [] and probe.csp_violations() == []


def test_portal_booking_detail_is_accessible(probe_factory, bookable):
    user = ClientUserFactory(email="wanjiku@example.co.ke", full_name="Wanjiku Kariuki")
    Client.objects.create(name="Wanjiku Kariuki", email=user.email, user=user)
    booking = future_booking(bookable, user=user)
    for width in (360, 1280):
        probe = probe_factory(width=width, height=800)
        probe.login(user.email, DEFAULT_PASSWORD)
        probe.goto("/portal/bookings/")
        assert booking.reference in probe.page.content()
        _axe_clean(probe, f"portal bookings list at {width}")
        probe.goto(f"/portal/bookings/{booking.reference}/")
        assert probe.page.get_by_test_id("book-again").is_visible()
        _axe_clean(probe, f"portal booking detail at {width}")
        assert probe.errors == [] and probe.csp_violations() == []
