"""Browser tests: Playwright for Python driving Debian's Chromium.

``make test`` installs /usr/bin/chromium with apt when it is missing; if it
still is not there the tests are skipped with the reason. Playwright's own
browser downloads are never used."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from apps.catalog.models import Service, ServiceCategory
from apps.leads.models import ArrivalWindow, Booking, BookingSettings, Client
from apps.leads.selectors import next_free_slots
from apps.leads.services import create_booking
from apps.users import roles
from tests.factories import StaffUserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE = Path(__file__).resolve().parents[2] / "assets" / "node_modules" / "axe-core" / "axe.min.js"

# Playwright's sync API runs an event loop in this thread; the ORM calls the
# tests make (factories) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# Records CSP violations the page reports, before any page script runs.
CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', function (e) {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is missing and could not be installed (make test runs apt-get)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        yield browser
        browser.close()


SETTLE = """async () => {
  const busy = ".htmx-request, .htmx-swapping, .htmx-settling, .htmx-added";
  for (let i = 0; i < 100 && document.querySelector(busy); i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const finite = document.getAnimations().filter(
    (a) => a.effect && a.effect.getTiming().iterations !== Infinity
  );
  await Promise.all(finite.map((a) => a.finished.catch(() => null)));
}"""


class PageProbe:
    """A page plus what went wrong on it: console errors, page errors and
    CSP violations."""

    def __init__(self, page, base_url: str):
        self.page = page
        self.base_url = base_url
        self.errors: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda exc: self.errors.append(f"pageerror: {exc}"))

    def _console(self, message):
        if message.type == "error":
            self.errors.append(f"console: {message.text}")

    def goto(self, path: str):
        response = self.page.goto(self.base_url + path)
        self.page.wait_for_load_state("load")
        return response

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")

    def login(self, email: str, password: str):
        self.goto("/accounts/login/")
        self.page.fill("#id_email", email)
        self.page.fill("#id_password", password)
        with self.page.expect_navigation():
            self.page.click("form[action='/accounts/login/'] button[type=submit]")

    def axe(self) -> list[dict]:
        """Serious and critical axe-core violations on the current page."""
        if not self.page.evaluate("typeof window.axe !== 'undefined'"):
            # Evaluated through the DevTools protocol, so the page's CSP (which
            # rightly forbids inline scripts) does not apply to the checker.
            self.page.evaluate(AXE.read_text())
        # Check the page at rest: while htmx swaps or a CSS transition fades
        # a block back in (opacity 0.5 -> 1), axe measures washed-out colours
        # and reports a contrast failure the reader never sees.
        self.page.evaluate(SETTLE)
        result = self.page.evaluate(
            "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        )
        return [
            {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result
            if v["impact"] in ("serious", "critical")
        ]


@pytest.fixture
def probe_factory(browser, live_server):
    contexts = []

    def make(width: int = 1280, height: int = 800, *, javascript: bool = True) -> PageProbe:
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        context.add_init_script(CSP_LISTENER)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return PageProbe(context.new_page(), live_server.url)

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def probe(probe_factory):
    return probe_factory()


# --- a bookable service and a visit ahead (the booking, tracking and
# e-mailed-link tests) -------------------------------------------------------


@pytest.fixture
def bookable(db) -> Service:
    """The rows a transactional test flushes: windows, rules, one service."""
    if not ArrivalWindow.objects.exists():
        for start, end in ((8, 10), (10, 12), (13, 15), (15, 17)):
            ArrivalWindow.objects.create(start_time=dt.time(start), end_time=dt.time(end))
    rules = BookingSettings.get_solo()
    rules.min_notice_days, rules.horizon_days, rules.change_cutoff_hours = 1, 60, 24
    rules.save()
    category = ServiceCategory.objects.create(name="Air conditioning", slug="ac")
    return Service.objects.create(
        category=category,
        name="AC servicing",
        slug="ac-servicing",
        summary="Clean filters and coils, check gas.",
        base_price_min=Decimal("3500"),
        visit_duration_minutes=120,
        is_bookable=True,
    )


def future_booking(service: Service, *, user=None) -> Booking:
    """A visit at least three days ahead (well before the change cut-off)."""
    slot = next_free_slots(service, after=timezone.localdate() + dt.timedelta(days=3), limit=1)[0]
    return create_booking(
        service=service,
        name="Peter Kamau",
        email=user.email if user else "peter@example.co.ke",
        phone="+254712345678",
        address="Westlands, Nairobi",
        preferred_date=timezone.localtime(slot.start).date(),
        window=ArrivalWindow.objects.get(pk=slot.window_id),
        user=user,
    )


@pytest.fixture
def booking(bookable) -> Booking:
    return future_booking(bookable)


@pytest.fixture
def quotation_scene(service, category):
    """A salesperson, a second catalog line and a client, for the quotation
    builder (``service`` and ``category`` are the leads fixtures each module
    imports)."""
    sales = StaffUserFactory(
        email="brian@coollight.test", full_name="Brian Otieno", groups=[roles.SALES]
    )
    Service.objects.create(
        category=category,
        name="Copper piping per metre",
        slug="copper-piping",
        base_price_min=Decimal("1500"),
    )
    client = Client.objects.create(
        name="Hassan Ali", company="Nyali Fresh Produce Ltd", email="hassan@nyalifresh.example"
    )
    return {"sales": sales, "client": client}
