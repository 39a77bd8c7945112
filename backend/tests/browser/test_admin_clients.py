"""Sales at work on clients in a real (headless) Chromium, on a 360 px
phone: find a client, open their page, merge a duplicate after reading
what the merge does."""

from __future__ import annotations

import pytest

from apps.leads.models import Client, Inquiry
from apps.users import roles
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(db):
    sales = StaffUserFactory(email="brian@coollight.test", groups=[roles.SALES])
    hotel = Client.objects.create(
        name="Grace Achieng",
        company="Lakeview Hotel",
        email="grace@lakeview.example",
        phone="+254733100200",
        tags=",hotel,vip,",
    )
    duplicate = Client.objects.create(
        name="Grace Achieng", email="reservations@lakeview.example", tags=",kisumu,"
    )
    Inquiry.objects.create(
        reference="INQ-DUP01",
        client=duplicate,
        contact_name="Grace Achieng",
        contact_email=duplicate.email,
        message="The kitchen cold room needs a service.",
    )
    Client.objects.create(name="Hassan Ali", company="Nyali Fresh Produce Ltd")
    return {"sales": sales, "hotel": hotel, "duplicate": duplicate}


def test_sales_finds_a_client_and_merges_a_duplicate_on_a_phone(probe_factory, scene):
    hotel, duplicate = scene["hotel"], scene["duplicate"]
    probe = probe_factory(360, 780)
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    page = probe.page

    probe.goto("/admin/clients/")
    filters = page.get_by_role("search", name="Filter clients")
    filters.get_by_label("Search").fill("lakeview hotel")
    with page.expect_navigation():
        filters.get_by_role("button", name="Apply").click()
    cards = page.get_by_test_id("clients-cards")
    assert cards.is_visible() and not page.get_by_test_id("clients-table").is_visible()
    assert "Lakeview Hotel" in cards.inner_text() and "Hassan" not in cards.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.axe() == []

    with page.expect_navigation():
        cards.get_by_role("link", name="Grace Achieng").click()
    assert page.locator("h1").inner_text() == "Grace Achieng"
    assert "grace@lakeview.example" in page.get_by_test_id("contact-card").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.axe() == []

    with page.expect_navigation():
        page.get_by_test_id("merge-link").click()
    suggestions = page.get_by_test_id("merge-suggestions")
    assert "reservations@lakeview.example" in suggestions.inner_text()
    with page.expect_navigation():
        suggestions.get_by_test_id("review-merge").click()
    preview = page.get_by_test_id("merge-preview")
    assert "Inquiries: 1" in preview.inner_text()
    assert "is then deleted" in preview.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    assert probe.axe() == []
    assert Client.objects.filter(pk=duplicate.pk).exists()  # reading changes nothing

    with page.expect_navigation():
        page.get_by_role("button", name="Merge and delete the duplicate").click()
    assert page.url.endswith(f"/admin/clients/{hotel.pk}/")
    assert "merged into" in page.locator("[data-toast=success]").inner_text()
    assert "Inquiries 1" in page.get_by_test_id("section-links").inner_text().replace("\n", " ")
    assert not Client.objects.filter(pk=duplicate.pk).exists()
    assert Inquiry.objects.get(reference="INQ-DUP01").client_id == hotel.pk
    assert probe.errors == [] and probe.csp_violations() == []
