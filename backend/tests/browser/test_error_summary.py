"""A form that fails validation moves focus to its error summary (the shared
<c-form-errors>), which is in view, announced (role=alert) and links to each
field: "Move my visit" sent with nothing chosen, at 360 px and 1280 px, with
and without JavaScript; and the sign-in form, another door to the component."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from apps.leads.models import Booking
from apps.leads.tokens import booking_access_token

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = Path(os.environ.get("UX_SCREENSHOTS", "")) if os.environ.get("UX_SCREENSHOTS") else None

SUMMARY_STATE = """() => {
  const el = document.activeElement;
  const box = el.getBoundingClientRect();
  return {
    summary: el.hasAttribute("data-form-errors"),
    role: el.getAttribute("role"),
    inView: box.top >= 0 && box.bottom <= window.innerHeight && box.height > 0,
    links: [...el.querySelectorAll("a[href^='#']")].map((a) => a.getAttribute("href")),
    text: el.innerText,
  };
}"""


def _move_with_nothing_chosen(probe, booking: Booking):
    page = probe.page
    probe.goto(f"/bookings/track/{booking_access_token(booking)}/")
    page.get_by_test_id("reschedule").locator("summary").click()
    with page.expect_navigation():
        page.get_by_test_id("reschedule-submit").click()
    page.wait_for_load_state("load")
    return page


@pytest.mark.parametrize("width", [360, 1280])
def test_move_my_visit_with_nothing_chosen_focuses_the_error_summary(probe_factory, booking, width):
    probe = probe_factory(width, 740 if width == 360 else 800)
    page = _move_with_nothing_chosen(probe, booking)
    state = page.evaluate(SUMMARY_STATE)
    assert state["summary"], "focus is not on the error summary"
    assert state["role"] == "alert"
    assert state["inView"], "the error summary is out of sight"
    assert "Choose a date and an arrival window." in state["text"]
    assert state["links"] == ["#availability"]
    # The link leads to the calendar the visit is moved on, and focuses a window.
    assert page.locator("#availability input[name=slot]").count() > 0
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"move-my-visit-errors-{width}.png"))
    page.locator("[data-form-errors] a").first.click()
    focused = page.evaluate(
        "() => [document.activeElement.name, !!document.activeElement.closest('#availability')]"
    )
    assert focused == ["slot", True]
    if width == 360:
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # The page itself answers 400 (the form failed validation), which Chromium logs.
    assert [e for e in probe.errors if "status of 400" not in e] == []
    assert probe.csp_violations() == []


def test_error_summary_takes_focus_without_javascript(probe_factory, booking):
    probe = probe_factory(360, 740, javascript=False)
    page = _move_with_nothing_chosen(probe, booking)
    state = page.evaluate(SUMMARY_STATE)  # Playwright still evaluates; the page runs no script
    assert state["summary"] and state["inView"]
    assert state["links"] == ["#availability"]


def test_sign_in_errors_go_through_the_same_summary(probe_factory, db):
    probe = probe_factory(360, 740)
    page = probe.page
    probe.goto("/accounts/login/")
    with page.expect_navigation():
        page.click("form[action='/accounts/login/'] button[type=submit]")
    state = page.evaluate(SUMMARY_STATE)
    assert state["summary"] and state["inView"] and state["role"] == "alert"
    assert "#id_email" in state["links"]
    expect(page.locator("#id_email")).to_be_attached()


def test_a_step_swapped_in_by_htmx_focuses_its_error_summary(probe_factory, booking):
    probe = probe_factory(360, 740)
    page = probe.page
    probe.goto(f"/book/?service={booking.service.slug}")
    page.evaluate("window.__notReloaded = true")
    page.locator("#availability button[name=slot]:not([disabled])").first.click()
    page.locator("#id_name").wait_for()
    page.fill("#id_name", "Grace Wanjiru")
    page.fill("#id_phone", "not a phone")
    page.fill("#id_address", "Kilimani, Nairobi")
    page.get_by_role("button", name="Continue").click()
    page.locator("[data-form-errors]").wait_for()
    page.wait_for_function("document.activeElement.hasAttribute('data-form-errors')")
    state = page.evaluate(SUMMARY_STATE)
    assert state["inView"] and state["role"] == "alert"
    assert "#id_phone" in state["links"]
    assert page.evaluate("window.__notReloaded") is True  # swapped in place, not reloaded
    assert page.input_value("#id_address") == "Kilimani, Nairobi"
