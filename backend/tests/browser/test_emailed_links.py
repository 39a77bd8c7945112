"""Every form a customer reaches from an e-mailed or texted link, submitted in
real Chromium, with the outcome read back from the database.

The Django test client sends no Origin header and follows no referrer
policy, so it cannot see the bug these guard against: a page sent with
``Referrer-Policy: no-referrer`` makes Chromium post ``Origin: null``, and
Django's CSRF check refuses every form on it (quote accept, decline, ask for
changes, the cookie banner and the language switch). One site-wide
``same-origin`` policy keeps the tokens in these URLs out of other sites'
Referer while a same-origin POST keeps its real Origin."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from apps.leads.models import (
    Booking,
    BookingStatus,
    Client,
    Inquiry,
    InquiryResponse,
    Quotation,
    QuotationStatus,
)
from apps.leads.services import create_inquiry, create_quotation, send_quotation
from apps.leads.tokens import (
    booking_access_token,
    inquiry_access_token,
    offers_confirmation_token,
    quotation_access_token,
)
from apps.notifications.services import unsubscribe_token
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 800}
ELSEWHERE = "https://elsewhere.example"


# --- Data -------------------------------------------------------------------


@pytest.fixture
def customer(db):
    return Client.objects.create(
        name="Hassan Ali", email="hassan@nyalifresh.example", phone="+254720300400"
    )


@pytest.fixture
def quotation(customer) -> Quotation:
    """A sent quotation with one optional line, answering an inquiry (so a
    request for changes lands in the inquiry's thread)."""
    sales = StaffUserFactory(email="sales@coollight.test")
    inquiry = create_inquiry(
        name=customer.name,
        email=customer.email,
        message="Two split units for the office, please.",
        client=customer,
    )
    quotation = create_quotation(
        client=customer,
        actor=sales,
        inquiry=inquiry,
        title="Office cooling, Nyali",
        lines=[
            {
                "description": "Split AC 18,000 BTU supply and installation",
                "quantity": "2",
                "unit_price": "45000",
                "tax_rate": "16",
            },
            {
                "description": "Annual maintenance plan",
                "quantity": "1",
                "unit_price": "12000",
                "tax_rate": "0",
                "is_optional": True,
            },
        ],
    )
    send_quotation(quotation=quotation, actor=sales)
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.SENT
    return quotation


def _quote_path(quotation: Quotation) -> str:
    return f"/quotes/{quotation_access_token(quotation)}/"


def _track_path(booking: Booking) -> str:
    return f"/bookings/track/{booking_access_token(booking)}/"


def _clean(probe, width: int) -> None:
    """No console error, no CSP report, nothing wider than the screen."""
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= width
    assert probe.errors == [] and probe.csp_violations() == []


def _no_csrf_refusal(page) -> None:
    assert "CSRF" not in page.content()


# --- The quotation (/quotes/<token>/) ---------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["360", "1280"])
def test_a_customer_accepts_the_emailed_quote_by_typing_their_name(
    probe_factory, quotation, viewport
):
    probe = probe_factory(**viewport)
    page = probe.page
    probe.goto(_quote_path(quotation))
    page.get_by_test_id("accept-form").wait_for()
    assert probe.axe() == []
    page.get_by_label("Annual maintenance plan").check()
    page.fill("#id_signer_name", "Hassan Ali")
    page.get_by_label("I accept this quotation").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Accept and sign").click()
    _no_csrf_refusal(page)
    expect(page.get_by_test_id("state-accepted")).to_contain_text("Hassan Ali")
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.ACCEPTED
    assert quotation.signer_name == "Hassan Ali" and quotation.signer_user_agent
    assert quotation.lines.get(is_optional=True).is_selected
    _clean(probe, viewport["width"])


def test_a_customer_declines_the_emailed_quote_with_a_reason(probe_factory, quotation):
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(_quote_path(quotation))
    form = page.get_by_test_id("reject-form")
    form.locator("#id_reason_code").select_option("price")
    form.locator("#id_reason_text").fill("Another company quoted 20% less.")
    with page.expect_navigation():
        form.get_by_role("button", name="Decline").click()
    _no_csrf_refusal(page)
    page.get_by_test_id("state-rejected").wait_for()
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.REJECTED
    assert quotation.rejection_reason == "price"
    assert "20% less" in quotation.rejection_note
    _clean(probe, 360)


def test_a_customer_asks_for_changes_to_the_emailed_quote(probe_factory, quotation):
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(_quote_path(quotation))
    form = page.get_by_test_id("changes-form")
    form.locator("#id_message").fill("Could you quote a 24,000 BTU unit instead?")
    with page.expect_navigation():
        form.get_by_role("button", name="Send my request").click()
    _no_csrf_refusal(page)
    expect(page.locator("body")).to_contain_text("we will send you a revised quotation")
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.SENT  # open until staff revise it
    assert quotation.change_request == "Could you quote a 24,000 BTU unit instead?"
    assert quotation.changes_requested_at is not None
    reply = InquiryResponse.objects.get(inquiry=quotation.inquiry_id, body__contains="24,000 BTU")
    assert reply.author_name == "Hassan Ali"
    _clean(probe, 360)


# --- The booking tracking page (/bookings/track/<token>/) --------------------


def test_a_customer_moves_the_visit_from_the_texted_tracking_link(probe_factory, booking):
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(_track_path(booking))
    page.get_by_test_id("reschedule").locator("summary").click()
    current = f"{booking.preferred_date.isoformat()}|{booking.window_id}"
    choice = page.locator(
        f"#availability label:has(input[name=slot]:not([disabled]):not([value='{current}']))"
    ).first
    value = choice.locator("input").get_attribute("value")
    choice.click()
    with page.expect_navigation():
        page.get_by_test_id("reschedule-submit").click()
    _no_csrf_refusal(page)
    booking.refresh_from_db()
    assert f"{booking.preferred_date.isoformat()}|{booking.window_id}" == value
    assert "moved to" in page.content()
    _clean(probe, 360)


def test_a_customer_cancels_the_visit_from_the_texted_tracking_link(probe_factory, booking):
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(_track_path(booking))
    page.get_by_text("Cancel this visit").click()
    page.locator("#id_reason").fill("We moved office.")
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel the visit").click()
    _no_csrf_refusal(page)
    expect(page.locator("body")).to_contain_text("Your visit is cancelled")
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancellation_reason == "We moved office."
    _clean(probe, 360)


# --- Offers double opt-in and unsubscribe ------------------------------------


def test_a_customer_confirms_offers_from_the_emailed_link(probe_factory, customer):
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(f"/offers/confirm/{offers_confirmation_token(customer, customer.email)}/")
    page.get_by_test_id("offers-ask").wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, send me offers").click()
    page.get_by_test_id("offers-done").wait_for()
    customer.refresh_from_db()
    assert customer.marketing_opt_in
    _clean(probe, 360)


def test_a_customer_unsubscribes_from_the_emailed_link(probe_factory, customer):
    customer.marketing_opt_in = True
    customer.save(update_fields=["marketing_opt_in"])
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(f"/notifications/unsubscribe/{unsubscribe_token(customer)}/")
    page.get_by_test_id("unsubscribe-ask").wait_for()
    with page.expect_navigation():
        page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_test_id("unsubscribe-done").wait_for()
    customer.refresh_from_db()
    assert not customer.marketing_opt_in
    _clean(probe, 360)


# --- The cookie banner and the language switch on those pages ----------------


def _token_pages(quotation: Quotation, booking: Booking, customer: Client) -> list[str]:
    inquiry = Inquiry.objects.get(pk=quotation.inquiry_id)
    return [
        _quote_path(quotation),
        f"/quote/sent/{inquiry_access_token(inquiry)}/",
        _track_path(booking),
        f"/offers/confirm/{offers_confirmation_token(customer, customer.email)}/",
        f"/notifications/unsubscribe/{unsubscribe_token(customer)}/",
    ]


def test_the_cookie_banner_answers_on_every_emailed_page(
    probe_factory, quotation, booking, customer
):
    for path in _token_pages(quotation, booking, customer):
        probe = probe_factory(**PHONE)
        page = probe.page
        probe.goto(path)
        banner = page.get_by_test_id("cookie-banner")
        with page.expect_navigation():
            banner.get_by_role("button", name="Essential only").click()
        _no_csrf_refusal(page)
        assert page.url.endswith(path), path  # back on the page it was answered on
        expect(page.get_by_test_id("cookie-banner")).to_have_count(0)
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        assert cookies.get("cookie_consent") == "essential", path
        _clean(probe, 360)


def test_the_language_switch_works_on_every_emailed_page(
    probe_factory, quotation, booking, customer
):
    for path in _token_pages(quotation, booking, customer):
        probe = probe_factory(**DESKTOP)
        page = probe.page
        probe.goto(path)
        with page.expect_navigation():
            page.locator("#language-dark").select_option("sw")  # submits on change
        _no_csrf_refusal(page)
        assert page.url.endswith(path), path
        expect(page.locator("html")).to_have_attribute("lang", "sw")
        cookies = {c["name"]: c["value"] for c in page.context.cookies()}
        assert cookies.get("django_language") == "sw", path
        _clean(probe, 1280)


# --- The token stays on this site -------------------------------------------


def test_no_token_goes_into_another_sites_referer(probe_factory, quotation, booking, customer):
    """Following a link from an e-mailed page to another site sends no
    Referer at all, so the token in the path never leaves; the form posts
    on the page still carry the site's own Origin."""
    for path in _token_pages(quotation, booking, customer):
        probe = probe_factory(**PHONE)
        page = probe.page
        seen: list[dict] = []

        def elsewhere(route, request, seen=seen):
            seen.append(request.headers)
            route.fulfill(status=200, content_type="text/html", body="<p>elsewhere</p>")

        page.route(f"{ELSEWHERE}/**", elsewhere)
        probe.goto(path)
        token = path.rstrip("/").rsplit("/", 1)[-1]
        # A link in the page's own content, as a rich-text note or a map
        # embed would give (added from DevTools, so CSP does not apply).
        page.evaluate(
            """(href) => { const a = document.createElement('a'); a.href = href;
               a.textContent = 'out'; a.id = 'out'; document.body.prepend(a); }""",
            f"{ELSEWHERE}/landing",
        )
        with page.expect_navigation():
            page.click("#out")
        assert seen, path
        headers = seen[-1]
        assert "referer" not in headers, (path, headers.get("referer"))
        assert token not in " ".join(headers.values()), path


# --- When the check does refuse a post ---------------------------------------


def test_a_refused_post_shows_the_sites_page_and_the_way_back_works(probe_factory, quotation):
    """The CSRF cookie lost (cleared, expired, another browser profile): the
    site's own 403 page, and "Back to the page" then lets the answer through."""
    probe = probe_factory(**PHONE)
    page = probe.page
    path = _quote_path(quotation)
    probe.goto(path)
    page.context.clear_cookies()
    page.fill("#id_signer_name", "Hassan Ali")
    page.get_by_label("I accept this quotation").check()
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Accept and sign").click()
    assert navigation.value.status == 403
    # Chromium logs the 403 itself ("Failed to load resource"); nothing else may.
    assert [e for e in probe.errors if "403" not in e] == []
    probe.errors.clear()
    expect(page.get_by_test_id("csrf-failure")).to_contain_text("reload the page and try again")
    assert "CSRF" not in page.content()
    assert page.locator("footer").count() == 1  # the public layout
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.SENT
    assert probe.axe() == []
    with page.expect_navigation():
        page.get_by_test_id("csrf-back").click()
    assert page.url.endswith(path)
    page.fill("#id_signer_name", "Hassan Ali")
    page.get_by_label("I accept this quotation").check()
    with page.expect_navigation():
        page.get_by_role("button", name="Accept and sign").click()
    page.get_by_test_id("state-accepted").wait_for()
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.ACCEPTED
    _clean(probe, 360)


def test_on_a_phone_the_cookie_banner_never_covers_the_end_of_the_page(probe_factory, quotation):
    """At 360 px the unanswered banner once sat fixed over the footer, so the
    language switch at the very end of the quote page could not be reached."""
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(_quote_path(quotation))
    page.get_by_test_id("cookie-banner").wait_for()
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    switch = page.locator("#language-dark")
    box = switch.bounding_box()
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.id || ''",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top == "language-dark"
    with page.expect_navigation():
        switch.select_option("sw")
    expect(page.locator("html")).to_have_attribute("lang", "sw")
    _clean(probe, 360)
