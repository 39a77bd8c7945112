"""A salesperson builds a quotation in a real (headless) Chromium: two lines
from the catalog, totals updated live by the server as they type, saved,
then sent from the quotation's page. Accessibility checked on the way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from apps.leads.models import PdfStatus, Quotation, QuotationStatus
from apps.leads.tests.conftest import _quick_pdf, category, service  # noqa: F401
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(quotation_scene):
    return quotation_scene


def test_salesperson_builds_and_sends_a_quotation(probe, scene):
    page = probe.page
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    probe.goto("/admin/quotations/")
    with page.expect_navigation():
        page.get_by_test_id("new-quotation").click()
    assert probe.axe() == []

    # The client, found by typing (htmx) and picked.
    page.fill("#client_q", "nyali")
    page.locator("#client-results").get_by_label("Hassan Ali").check()
    expect(page.get_by_test_id("client-current")).to_be_checked()

    # Two lines from the catalog; the empty first row makes way for the first.
    catalog = page.get_by_test_id("catalog")
    catalog.get_by_role("button", name="Add Split AC installation").click()
    expect(page.locator("#id_lines-0-description")).to_have_value("Split AC installation")
    catalog.get_by_role("button", name="Add Copper piping per metre").click()
    expect(page.locator("[data-line]")).to_have_count(2)
    total = page.get_by_test_id("total")
    expect(total).to_have_text("KES 65,540.00")  # 55,000 + 1,500, with 16 % VAT

    # Typing a quantity: the server prices it and the totals follow.
    page.fill("#id_lines-1-quantity", "6")
    expect(total).to_have_text("KES 74,240.00")
    expect(page.locator("#lines-1-amount")).to_contain_text("KES 9,000.00")
    page.fill("#id_lines-0-discount_percent", "10")
    expect(total).to_have_text("KES 67,860.00")
    assert probe.axe() == []

    with page.expect_navigation():
        page.get_by_test_id("save-draft").click()
    quotation = Quotation.objects.get()
    assert quotation.total == Decimal("67860.00")
    assert quotation.lines.count() == 2
    assert page.locator("h1").inner_text() == quotation.number
    assert probe.axe() == []

    # Send, confirming in the dialog that names the recipient.
    page.get_by_role("link", name="Send").click()
    dialog = page.locator("#confirm-send")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("hassan@nyalifresh.example")
    with page.expect_navigation():
        dialog.get_by_role("button", name="Send").click()
    expect(page.get_by_test_id("quotation-status")).to_contain_text("Sent")
    quotation.refresh_from_db()
    assert quotation.status == QuotationStatus.SENT
    # The PDF is stored (the page polls until it is) and its hash shown.
    expect(page.get_by_test_id("pdf-sha")).to_have_text(quotation.pdf_sha256, timeout=15_000)
    assert quotation.pdf_status == PdfStatus.READY
    assert probe.errors == [] and probe.csp_violations() == []
