"""The public website as a visitor on a phone uses it, in headless Chromium:
browse the catalog, filter the portfolio (with and without JavaScript), open
a post, reach the contact details and the booking and quote buttons, use the
gallery with the keyboard. axe-core finds no serious or critical problem, and
nothing breaks the Content-Security-Policy (JSON-LD blocks included)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from apps.catalog.tests.factories import ServiceCategoryFactory, ServiceFactory
from apps.cms.tests.factories import BannerFactory, BlogPostFactory
from apps.cms.tests.factories import TestimonialFactory as ApprovedTestimonialFactory
from apps.core.services import update_company_settings
from apps.leads.models import ArrivalWindow
from apps.media.tests.factories import MediaAssetFactory
from apps.portfolio.models import ProjectImage
from apps.portfolio.tests.factories import ProjectFactory
from tests.browser.conftest import CSP_LISTENER, PageProbe

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (30, 120, 200)).save(buffer, "JPEG")
    return buffer.getvalue()


JPEG = _jpeg()


@pytest.fixture
def site(db):
    """A small but complete site: categories, services (one not bookable),
    projects in two towns with photos, posts, a banner and testimonials."""
    update_company_settings(
        actor=None,
        phone_primary="+254711000111",
        whatsapp_number="+254711000111",
        email="info@coollight.test",
        address="Mombasa Road, Nairobi",
    )
    installs = ServiceCategoryFactory(name="Air conditioning installation", slug="ac-installation")
    cold = ServiceCategoryFactory(name="Cold rooms", slug="cold-rooms")
    split = ServiceFactory(
        category=installs,
        name="Split AC installation",
        slug="split-ac-installation",
        hero_image=MediaAssetFactory(alt="A split unit on a bedroom wall"),
        base_price_min=Decimal("55000"),
    )
    ServiceFactory(
        category=cold, name="Cold room design", slug="cold-room-design", is_bookable=False
    )
    for n, (title, town) in enumerate(
        [("Westlands office", "Nairobi"), ("Nyali hotel", "Mombasa"), ("Kilimani flats", "Nairobi")]
    ):
        project = ProjectFactory(
            title=title,
            slug=title.lower().replace(" ", "-"),
            town=town,
            services=[split],
            is_featured=True,
            completed_on=dt.date(2025, 3, 1) + dt.timedelta(days=n),
        )
        for order, caption in enumerate(("Outdoor units on the roof", "The finished office")):
            ProjectImage.objects.create(
                project=project,
                asset=MediaAssetFactory(alt=f"{title}: {caption.lower()}"),
                caption=caption,
                order=order,
            )
    BlogPostFactory(
        title="How often should you service your AC?",
        slug="how-often-to-service",
        cover=MediaAssetFactory(alt="Filters being cleaned"),
        tags=",maintenance,",
        body="<h2>Every three months</h2><p>Dust clogs filters fast.</p>",
    )
    BannerFactory(headline="Cool air, all year", image=MediaAssetFactory(alt=""))
    ApprovedTestimonialFactory.create_batch(2)
    # Arrival windows (transactional tests flush the migrated ones), so the
    # service page has a next free slot to show.
    for start in (8, 10, 13, 15):
        ArrivalWindow.objects.create(
            start_time=dt.time(start), end_time=dt.time(start + 2), capacity=2
        )


@pytest.fixture
def visitor(browser, live_server):
    """``visitor(width=…, javascript=…)``: a fresh context with demo images
    answered locally (test media live in memory, not on the test server)."""
    contexts = []

    def make(*, width=1280, height=800, javascript=True) -> PageProbe:
        context = browser.new_context(
            viewport={"width": width, "height": height}, java_script_enabled=javascript
        )
        context.add_init_script(CSP_LISTENER)
        context.set_default_timeout(10_000)
        context.route(
            "**/media/**",
            lambda route: route.fulfill(status=200, body=JPEG, content_type="image/jpeg"),
        )
        context.add_cookies(
            [{"name": "cookie_consent", "value": "essential", "url": live_server.url}]
        )
        contexts.append(context)
        return PageProbe(context.new_page(), live_server.url)

    yield make
    for context in contexts:
        context.close()


def _no_overflow(probe):
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360


def test_on_a_phone_a_visitor_goes_from_services_to_booking_and_quote(site, visitor):
    probe = visitor(**PHONE)
    probe.goto("/")
    probe.page.get_by_test_id("mobile-menu-button").click()
    probe.page.locator("#mobile-menu").get_by_role("link", name="Services").click()
    probe.page.wait_for_url("**/services/")
    _no_overflow(probe)
    probe.page.get_by_role("link", name="Split AC installation").click()
    probe.page.wait_for_url("**/services/split-ac-installation/")
    book = probe.page.get_by_test_id("book-button")
    quote = probe.page.get_by_test_id("quote-button")
    assert book.is_visible() and quote.is_visible()
    assert book.get_attribute("href") == "/book/?service=split-ac-installation"
    assert quote.get_attribute("href") == "/quote/?service=split-ac-installation"
    # The buttons are on the first screen, above the photo and the specifications.
    assert book.bounding_box()["y"] < 740
    # htmx brings the next free slot in under the Book button.
    next_slot = probe.page.get_by_test_id("next-free-slot")
    expect(next_slot).to_be_visible()
    assert (
        next_slot.get_by_role("link")
        .get_attribute("href")
        .startswith("/book/?service=split-ac-installation&slot=")
    )
    assert next_slot.bounding_box()["y"] > book.bounding_box()["y"]
    _no_overflow(probe)
    book.click()
    probe.page.wait_for_url("**/book/?service=split-ac-installation")
    assert probe.errors == [] and probe.csp_violations() == []


def test_a_service_that_cannot_be_booked_shows_only_the_quote_button(site, visitor):
    probe = visitor(**PHONE)
    probe.goto("/services/cold-room-design/")
    assert probe.page.get_by_test_id("book-button").count() == 0
    assert probe.page.get_by_test_id("quote-button").is_visible()


def test_portfolio_filter_with_javascript_swaps_the_results_and_keeps_the_address(site, visitor):
    probe = visitor(**PHONE)
    probe.goto("/portfolio/")
    probe.page.evaluate("window.__sameDocument = true")
    assert probe.page.get_by_test_id("project-card").count() == 3
    with probe.page.expect_response(lambda r: "town=Mombasa" in r.url):
        probe.page.select_option("#id_town", "Mombasa")
    # A locator wait, not wait_for_function (a string evaluated in the page
    # would break the page's CSP).
    expect(probe.page.get_by_test_id("project-card")).to_have_count(1)
    assert "town=Mombasa" in probe.page.url
    assert probe.page.evaluate("window.__sameDocument === true")  # no full reload
    assert probe.page.locator("#portfolio-status").inner_text() == "1 project found"
    assert probe.page.get_by_test_id("project-card").inner_text().count("Nyali hotel") == 1
    _no_overflow(probe)
    # Reloading the pushed address gives the same filtered page.
    probe.page.reload()
    assert probe.page.get_by_test_id("project-card").count() == 1
    assert probe.page.locator("#id_town").input_value() == "Mombasa"
    assert probe.errors == [] and probe.csp_violations() == []


def test_portfolio_filter_works_without_javascript(site, visitor):
    probe = visitor(javascript=False, **PHONE)
    probe.goto("/portfolio/")
    probe.page.select_option("#id_town", "Nairobi")
    with probe.page.expect_navigation():
        probe.page.get_by_role("button", name="Show").click()
    assert "town=Nairobi" in probe.page.url
    titles = probe.page.get_by_test_id("project-card").all_inner_texts()
    assert len(titles) == 2 and all("NAIROBI" in t.upper() for t in titles)
    _no_overflow(probe)


def test_on_a_phone_a_visitor_opens_a_post_and_finds_the_contact_details(site, visitor):
    probe = visitor(**PHONE)
    probe.goto("/blog/")
    probe.page.get_by_role("link", name="How often should you service your AC?").click()
    probe.page.wait_for_url("**/blog/how-often-to-service/")
    assert probe.page.locator("h1").inner_text() == "How often should you service your AC?"
    _no_overflow(probe)
    probe.page.get_by_test_id("mobile-menu-button").click()
    probe.page.locator("#mobile-menu").get_by_role("link", name="Contact").click()
    probe.page.wait_for_url("**/contact/")
    details = probe.page.get_by_test_id("contact-details")
    call = details.get_by_role("link", name="Call +254 711 000111")
    assert call.is_visible() and call.get_attribute("href") == "tel:+254711000111"
    assert details.get_by_role("link", name="Chat on WhatsApp").get_attribute("href") == (
        "https://wa.me/254711000111"
    )
    assert probe.page.locator("iframe").count() == 0  # no map before the visitor asks
    _no_overflow(probe)
    assert probe.errors == [] and probe.csp_violations() == []


def test_contact_form_keeps_what_was_typed_and_thanks_the_visitor(site, visitor):
    probe = visitor(**PHONE)
    probe.goto("/contact/")
    probe.page.fill("#id_name", "Achieng Odhiambo")
    probe.page.fill("#id_email", "not-an-address")
    probe.page.fill("#id_message", "Our outdoor unit rattles at night.")
    with probe.page.expect_navigation():
        probe.page.get_by_role("button", name="Send message").click()
    assert probe.page.locator("#id_email_error").is_visible()
    assert probe.page.input_value("#id_name") == "Achieng Odhiambo"
    probe.page.fill("#id_email", "achieng@example.co.ke")
    with probe.page.expect_navigation():
        probe.page.get_by_role("button", name="Send message").click()
    assert probe.page.get_by_test_id("contact-sent").is_visible()


def test_gallery_is_keyboard_navigable_and_the_lightbox_an_enhancement(site, visitor):
    probe = visitor()
    probe.goto("/portfolio/westlands-office/")
    links = probe.page.locator("[data-gallery] a[data-lightbox]")
    assert links.count() == 2
    assert probe.page.locator("[data-gallery] figcaption").all_inner_texts() == [
        "Outdoor units on the roof",
        "The finished office",
    ]
    links.first.focus()
    probe.page.keyboard.press("Enter")
    dialog = probe.page.locator("dialog.lightbox")
    dialog.wait_for(state="visible")
    assert dialog.locator("[data-lb-counter]").inner_text() == "1 / 2"
    assert (
        dialog.locator("img").get_attribute("alt") == "Westlands office: outdoor units on the roof"
    )
    probe.page.keyboard.press("ArrowRight")
    assert dialog.locator("[data-lb-counter]").inner_text() == "2 / 2"
    assert dialog.locator("[data-lb-caption]").inner_text() == "The finished office"
    probe.page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    assert probe.page.evaluate("document.activeElement.hasAttribute('data-lightbox')")
    assert probe.errors == [] and probe.csp_violations() == []
    # Without JavaScript the photo is a plain link to the large image.
    plain = visitor(javascript=False)
    plain.goto("/portfolio/westlands-office/")
    href = plain.page.locator("[data-gallery] a[data-lightbox]").first.get_attribute("href")
    assert href.startswith("/media/")


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/services/split-ac-installation/",
        "/portfolio/",
        "/portfolio/westlands-office/",
        "/blog/how-often-to-service/",
        "/contact/",
    ],
)
@pytest.mark.parametrize("width", [360, 1280])
def test_no_serious_accessibility_problem_console_error_or_csp_violation(
    site, visitor, path, width
):
    probe = visitor(width=width)
    response = probe.goto(path)
    assert response.status == 200
    assert probe.axe() == []
    assert probe.errors == []
    assert probe.csp_violations() == []
    if width == 360:
        _no_overflow(probe)
