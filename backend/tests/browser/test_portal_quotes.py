"""On a 360 px phone: a customer asks for a quote with a photo from a service
page (the service comes preselected), and a signed-in client accepts a sent
quotation in the portal by typing their name."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from apps.catalog.models import Service, ServiceCategory
from apps.leads.models import Client, Inquiry, InquirySource, QuotationStatus
from apps.leads.services import create_quotation, send_quotation
from tests.factories import DEFAULT_PASSWORD, ClientUserFactory, StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture
def service(db):
    category = ServiceCategory.objects.create(name="Refrigeration", slug="refrigeration")
    return Service.objects.create(
        category=category,
        name="Cold room installation",
        slug="cold-room-installation",
        summary="Walk-in cold rooms for produce, meat and dairy.",
        base_price_min=Decimal("850000"),
        is_bookable=False,
    )


def _photo_file() -> dict:
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (20, 110, 190)).save(buffer, "JPEG")
    return {"name": "site.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}


def test_a_customer_asks_for_a_quote_with_a_photo_from_a_service_page(probe_factory, service):
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.goto(f"/services/{service.slug}/")
    page.get_by_test_id("quote-button").click()
    page.get_by_test_id("quote-request-form").wait_for()
    expect(page.locator("#id_service")).to_have_value(service.slug)
    assert probe.axe() == []
    page.fill("#id_message", "A 20 m³ cold room for fresh produce in Nyali, Mombasa.")
    page.fill("#id_location", "Nyali, Mombasa")
    page.set_input_files("#id_attachments", [_photo_file()])
    page.fill("#id_name", "Hassan Ali")
    page.fill("#id_phone", "0720 300 400")
    page.fill("#id_email", "hassan@nyalifresh.example")
    page.get_by_test_id("quote-request-submit").click()
    page.get_by_test_id("quote-request-sent").wait_for()
    inquiry = Inquiry.objects.get()
    expect(page.get_by_test_id("inquiry-reference")).to_have_text(inquiry.reference)
    assert inquiry.service == service and inquiry.source == InquirySource.WEBSITE_FORM
    assert [a.original_name for a in inquiry.attachments.all()] == ["site.jpg"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.errors == [] and probe.csp_violations() == []


def test_a_client_accepts_a_sent_quote_in_the_portal(probe_factory, service):
    user = ClientUserFactory(email="wanjiku@example.co.ke", full_name="Wanjiku Kariuki")
    customer = Client.objects.create(name="Wanjiku Kariuki", email=user.email, user=user)
    sales = StaffUserFactory(email="sales@coollight.test")
    split = Service.objects.create(
        category=service.category, name="Split AC installation", slug="split-ac", is_bookable=True
    )
    quotation = create_quotation(
        client=customer,
        actor=sales,
        title="Bedrooms, Kilimani",
        lines=[
            {
                "service": split,
                "description": "Split AC 12,000 BTU, supply and installation",
                "quantity": "2",
                "unit_price": "61000",
                "tax_rate": "16",
            },
            {
                "description": "Annual maintenance plan (2 visits)",
                "quantity": "1",
                "unit_price": "12000",
                "tax_rate": "0",
                "is_optional": True,
            },
        ],
    )
    send_quotation(quotation=quotation, actor=sales)
    probe = probe_factory(**PHONE)
    page = probe.page
    probe.login(user.email, DEFAULT_PASSWORD)
    probe.goto("/portal/quotes/")
    page.get_by_test_id("quote-cards").get_by_text(quotation.number).click()
    page.get_by_test_id("accept-form").wait_for()
    assert probe.axe() == []
    page.get_by_label("Annual maintenance plan").check()
    page.fill("#id_signer_name", "Wanjiku Kariuki")
    page.get_by_label("I accept this quotation").check()
    page.get_by_role("button", name="Accept and sign").click()
    page.get_by_test_id("state-accepted").wait_for()
    expect(page.get_by_test_id("state-accepted")).to_contain_text("Wanjiku Kariuki")
    expect(page.get_by_test_id("book-visit")).to_have_attribute("href", "/book/?service=split-ac")
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.ACCEPTED
    assert quotation.signer_name == "Wanjiku Kariuki" and quotation.signer_user_agent
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.errors == [] and probe.csp_violations() == []


def test_confirming_offers_from_the_emailed_link(probe_factory):
    """The double opt-in page in a real browser: its POST must pass CSRF
    checks (a no-referrer policy once made the browser send Origin: null)."""
    from apps.leads.links import offers_confirmation_url

    customer = Client.objects.create(name="Mercy Chebet", email="mercy@example.co.ke")
    url = offers_confirmation_url(customer, customer.email)
    probe = probe_factory(**PHONE)
    probe.goto("/" + url.split("//", 1)[1].split("/", 1)[1])
    probe.page.get_by_test_id("offers-ask").wait_for()
    assert probe.axe() == []
    probe.page.get_by_role("button", name="Yes, send me offers").click()
    probe.page.get_by_test_id("offers-done").wait_for()
    customer.refresh_from_db()
    assert customer.marketing_opt_in
    assert probe.errors == [] and probe.csp_violations() == []
