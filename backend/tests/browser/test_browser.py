"""The web foundation as a person uses it, in a real (headless) Chromium."""

from __future__ import annotations

import base64
import time

import pytest

from apps.users import roles
from tests.factories import (
    DEFAULT_PASSWORD,
    AdminUserFactory,
    ClientUserFactory,
    StaffUserFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _people():
    return {
        "admin": AdminUserFactory(email="amina@coollight.test", full_name="Amina Admin"),
        "sales": StaffUserFactory(email="brian@coollight.test", groups=[roles.SALES]),
        "client": ClientUserFactory(email="david@example.co.ke", full_name="David Mwangi"),
    }


@pytest.mark.parametrize(
    ("role", "landing", "heading"),
    [
        ("admin", "/admin/", "Dashboard"),
        ("sales", "/admin/", "Dashboard"),
        ("client", "/portal/", "Hello, David"),
    ],
)
def test_each_role_signs_in_and_lands_in_its_portal(probe, role, landing, heading):
    person = _people()[role]
    probe.login(person.email, DEFAULT_PASSWORD)
    assert probe.page.url == probe.base_url + landing
    assert heading in probe.page.locator("h1").inner_text()
    assert probe.errors == []


def test_client_who_opens_the_admin_portal_is_refused(probe):
    person = _people()["client"]
    probe.login(person.email, DEFAULT_PASSWORD)
    response = probe.goto("/admin/")
    assert response.status == 403
    assert "not for your account" in probe.page.locator("h1").inner_text()
    assert probe.page.get_by_role("link", name="Go to my account").is_visible()
    assert probe.page.locator("[data-nav]").count() == 0


def test_mobile_menu_opens_at_360px(probe_factory):
    probe = probe_factory(width=360, height=740)
    probe.goto("/")
    menu = probe.page.locator("#mobile-menu")
    button = probe.page.get_by_test_id("mobile-menu-button")
    assert not menu.is_visible()
    assert button.get_attribute("aria-expanded") == "false"
    button.click()
    menu.get_by_role("link", name="Services").wait_for(state="visible")
    assert button.get_attribute("aria-expanded") == "true"
    assert menu.get_by_role("link", name="Book a service").is_visible()
    probe.page.keyboard.press("Escape")
    menu.wait_for(state="hidden")
    # Nothing sticks out sideways on a small phone.
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.errors == [] and probe.csp_violations() == []


def test_mobile_menu_opens_without_javascript_at_360px(probe_factory):
    probe = probe_factory(width=360, height=740, javascript=False)
    probe.goto("/")
    menu = probe.page.locator("#mobile-menu")
    assert not menu.is_visible()
    # The menu button is a link to the menu, shown while it is the :target.
    probe.page.get_by_test_id("mobile-menu-button").click()
    menu.get_by_role("link", name="Services").wait_for(state="visible")
    assert probe.page.url.endswith("/#mobile-menu")
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360
    probe.page.get_by_test_id("mobile-menu-close").click()
    menu.wait_for(state="hidden")
    probe.page.get_by_test_id("mobile-menu-button").click()
    with probe.page.expect_navigation():
        menu.get_by_role("link", name="Services").click()
    assert probe.page.url == probe.base_url + "/services/"
    assert probe.page.locator("h1").inner_text() == "Our services"
    assert not probe.page.locator("#mobile-menu").is_visible()


def test_admin_sidebar_is_a_drawer_at_360px(probe_factory):
    person = _people()["admin"]
    probe = probe_factory(width=360, height=740)
    probe.login(person.email, DEFAULT_PASSWORD)
    sidebar = probe.page.locator("#admin-sidebar")
    assert not sidebar.is_visible()
    probe.page.get_by_test_id("sidebar-button").click()
    sidebar.get_by_role("link", name="Users & roles").wait_for(state="visible")
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360


def test_admin_sidebar_is_reachable_without_javascript_at_360px(probe_factory):
    person = _people()["admin"]
    probe = probe_factory(width=360, height=740, javascript=False)
    probe.login(person.email, DEFAULT_PASSWORD)
    assert probe.page.url == probe.base_url + "/admin/"
    sidebar = probe.page.locator("#admin-sidebar")
    assert not sidebar.is_visible()
    # The menu button is a link to the navigation, shown while it is the :target.
    probe.page.get_by_test_id("sidebar-button").click()
    users = sidebar.get_by_role("link", name="Users & roles")
    users.wait_for(state="visible")
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360
    probe.page.get_by_test_id("sidebar-close").click()
    sidebar.wait_for(state="hidden")
    probe.page.get_by_test_id("sidebar-button").click()
    with probe.page.expect_navigation():
        users.click()
    assert "/admin/users/" in probe.page.url
    assert not probe.page.locator("#admin-sidebar").is_visible()


def _totp(secret: str, offset: int = 0) -> str:
    from django_otp.oath import totp

    key = base64.b32decode(secret.replace(" ", ""))
    return f"{totp(key, step=30, t0=0, digits=6, drift=offset):06d}"


def _early_in_a_time_step(margin: float = 12.0) -> None:
    """Wait for a fresh 30-second step when this one is nearly over. A code
    typed in one step and checked in the next makes django-otp learn a drift
    of one step, and the "next code" the test types later is then refused:
    a flake on a loaded machine, not a bug."""
    left = 30 - time.time() % 30
    if left < margin:
        time.sleep(left + 0.5)


def test_two_factor_enrolment_round_trip(probe):
    person = _people()["client"]
    probe.login(person.email, DEFAULT_PASSWORD)
    probe.goto("/accounts/two-factor/setup/")
    assert probe.page.locator("[data-testid=qr] svg").is_visible()
    secret = probe.page.get_by_test_id("totp-secret").text_content().strip()
    _early_in_a_time_step()
    probe.page.fill("#id_token", _totp(secret))
    probe.page.get_by_role("button", name="Turn on two-step sign-in").click()
    codes = probe.page.get_by_test_id("backup-codes").locator("li").all_text_contents()
    assert len(codes) == 10
    # Sign out, sign in again: the code step is asked for.
    probe.goto("/accounts/logout/")
    probe.page.get_by_role("button", name="Sign out").first.click()
    probe.login(person.email, DEFAULT_PASSWORD)
    assert probe.page.url.endswith("/accounts/login/verify/")
    probe.page.fill("#id_token", _totp(secret, offset=1))  # the next code: not yet used
    with probe.page.expect_navigation():
        probe.page.get_by_role("button", name="Verify").click()
    assert probe.page.url == probe.base_url + "/portal/"
    assert probe.errors == [] and probe.csp_violations() == []


def test_global_search_shows_results_as_you_type(probe):
    person = _people()["admin"]
    probe.login(person.email, DEFAULT_PASSWORD)
    probe.page.fill("#global-search", "david")
    results = probe.page.get_by_test_id("search-results")
    results.wait_for(state="visible")
    assert "David Mwangi" in results.inner_text()
    assert probe.errors == [] and probe.csp_violations() == []


def test_confirm_dialog_opens_and_cancels(probe):
    people = _people()
    probe.login(people["admin"].email, DEFAULT_PASSWORD)
    probe.goto(f"/admin/users/{people['client'].pk}/")
    probe.page.get_by_role("link", name="Deactivate").click()
    dialog = probe.page.locator("dialog#confirm-deactivate")
    dialog.wait_for(state="visible")
    assert probe.page.url.endswith(f"/admin/users/{people['client'].pk}/")  # not navigated
    dialog.get_by_role("button", name="Cancel").click()
    dialog.wait_for(state="hidden")


PAGES = [
    ("anonymous", "/"),
    ("anonymous", "/accounts/login/"),
    ("admin", "/admin/"),
    ("client", "/portal/"),
]


@pytest.mark.parametrize(("who", "path"), PAGES)
@pytest.mark.parametrize("width", [360, 1280])
def test_no_serious_accessibility_violations_console_errors_or_csp_reports(
    probe_factory, who, path, width
):
    probe = probe_factory(width=width)
    if who != "anonymous":
        person = _people()[who]
        probe.login(person.email, DEFAULT_PASSWORD)
    response = probe.goto(path)
    assert response.status == 200
    assert probe.axe() == []
    assert probe.page.locator("h1").count() == 1
    assert probe.page.locator("main#main").count() == 1
    assert probe.errors == []
    assert probe.csp_violations() == []
