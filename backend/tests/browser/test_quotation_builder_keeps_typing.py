"""Nothing typed in the quotation builder is lost (issue 11): the title and
the other header fields survive every builder action (a line from the
catalog, a blank line, removing one, the live price preview, choosing the
client), with JavaScript and without, and land in the database on save."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from apps.leads.models import ClientSite, Quotation
from apps.leads.tests.conftest import category, service  # noqa: F401
from tests.factories import DEFAULT_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TYPED = {
    "#id_title": "Office cooling, 2nd floor",
    "#id_terms": "50% deposit, balance on commissioning.",
    "#id_notes": "Installation takes two days.",
    "#id_internal_notes": "Ask for the loading bay key.",
}


@pytest.fixture
def scene(quotation_scene):
    """The quotation builder's scene, the client with a site."""
    site = ClientSite.objects.create(
        client=quotation_scene["client"], label="Warehouse", address="Nyali, Mombasa"
    )
    return {**quotation_scene, "site": site}


def _valid_until() -> str:
    return (timezone.localdate() + timezone.timedelta(days=20)).isoformat()


def _type_header(page, valid_until: str) -> None:
    for selector, value in TYPED.items():
        page.fill(selector, value)
    page.fill("#id_valid_until", valid_until)


def _assert_header_kept(page, valid_until: str, where: str) -> None:
    for selector, value in TYPED.items():
        assert page.input_value(selector) == value, f"{selector} lost after {where}"
    assert page.input_value("#id_valid_until") == valid_until, f"valid until lost after {where}"


def _assert_saved(scene, valid_until: str, lines: int) -> None:
    quotation = Quotation.objects.get()
    assert quotation.title == TYPED["#id_title"]
    assert quotation.terms == TYPED["#id_terms"]
    assert quotation.notes == TYPED["#id_notes"]
    assert quotation.internal_notes == TYPED["#id_internal_notes"]
    assert quotation.valid_until.isoformat() == valid_until
    assert quotation.client == scene["client"]
    assert quotation.site == scene["site"]
    assert quotation.lines.count() == lines


def test_header_typed_before_each_builder_action_is_kept_and_saved(probe, scene):
    page = probe.page
    valid_until = _valid_until()
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    probe.goto("/admin/quotations/new/")

    # Typed first, before anything else, as a salesperson does.
    _type_header(page, valid_until)
    page.fill("#client_q", "nyali")
    page.locator("#client-results").get_by_label("Hassan Ali").check()
    expect(page.get_by_test_id("client-current")).to_be_checked()
    _assert_header_kept(page, valid_until, "choosing the client")
    page.select_option("#id_site", value=str(scene["site"].pk))

    catalog = page.get_by_test_id("catalog")
    catalog.get_by_role("button", name="Add Split AC installation").click()
    expect(page.locator("#id_lines-0-description")).to_have_value("Split AC installation")
    _assert_header_kept(page, valid_until, "adding a line from the catalog")

    page.get_by_test_id("add-line").click()
    expect(page.locator("[data-line]")).to_have_count(2)
    _assert_header_kept(page, valid_until, "adding a blank line")

    catalog.get_by_role("button", name="Add Copper piping per metre").click()
    # The blank line made way for it.
    expect(page.locator("#id_lines-1-description")).to_have_value("Copper piping per metre")
    page.fill("#id_lines-1-quantity", "6")
    expect(page.locator("#lines-1-amount")).to_contain_text("KES 9,000.00")  # live price
    _assert_header_kept(page, valid_until, "the price preview")

    page.get_by_test_id("add-line").click()
    expect(page.locator("[data-line]")).to_have_count(3)
    page.locator("[data-line]").nth(2).get_by_test_id("remove-line").click()
    expect(page.locator("[data-line]")).to_have_count(2)
    _assert_header_kept(page, valid_until, "removing a line")
    assert page.input_value("#id_site") == str(scene["site"].pk)

    with page.expect_navigation():
        page.get_by_test_id("save-draft").click()
    _assert_saved(scene, valid_until, lines=2)
    assert probe.errors == [] and probe.csp_violations() == []


def test_header_is_kept_without_javascript(probe_factory, scene):
    probe = probe_factory(javascript=False)
    page = probe.page
    valid_until = _valid_until()
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    probe.goto(f"/admin/quotations/new/?client={scene['client'].pk}")
    _type_header(page, valid_until)

    with page.expect_navigation():
        page.get_by_test_id("catalog").get_by_role(
            "button", name="Add Split AC installation"
        ).click()
    _assert_header_kept(page, valid_until, "adding a line from the catalog (no JavaScript)")
    with page.expect_navigation():
        page.get_by_test_id("add-line").click()
    _assert_header_kept(page, valid_until, "adding a blank line (no JavaScript)")
    with page.expect_navigation():
        page.locator("[data-line]").nth(1).get_by_test_id("remove-line").click()
    _assert_header_kept(page, valid_until, "removing a line (no JavaScript)")
    page.fill("#id_lines-0-quantity", "2")
    with page.expect_navigation():
        page.get_by_test_id("update-totals").click()
    _assert_header_kept(page, valid_until, "updating the totals (no JavaScript)")

    with page.expect_navigation():
        page.get_by_test_id("save-draft").click()
    _assert_saved(scene, valid_until, lines=1)
    assert Quotation.objects.get().lines.get().quantity == 2


class HeldPosts:
    """Holds the builder's htmx posts until released, so typing lands while
    the request is in flight, as it does on a slow connection."""

    def __init__(self, page, path: str):
        self.held: list = []
        page.route(f"**{path}", self._hold)

    def _hold(self, route):
        if route.request.method == "POST" and route.request.headers.get("hx-request"):
            self.held.append(route)
        else:
            route.continue_()

    def wait(self, page) -> None:
        for _ in range(100):
            if self.held:
                return
            page.wait_for_timeout(20)
        raise AssertionError("no builder request was sent")

    def release(self) -> None:
        while self.held:
            self.held.pop(0).continue_()


def test_typing_while_a_builder_request_is_in_flight_is_kept(probe, scene):
    page = probe.page
    valid_until = _valid_until()
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    probe.goto("/admin/quotations/new/")
    held = HeldPosts(page, "/admin/quotations/new/")

    # The client is picked and, before the client section comes back, the
    # title typed: the swapped section used to bring back an empty Title.
    page.fill("#client_q", "nyali")
    page.locator("#client-results").get_by_label("Hassan Ali").check()
    held.wait(page)
    _type_header(page, valid_until)
    held.release()
    expect(page.get_by_test_id("client-current")).to_be_checked()
    page.evaluate("() => new Promise((r) => setTimeout(r, 300))")
    _assert_header_kept(page, valid_until, "the client section came back")
    assert page.evaluate("document.activeElement.id") == "id_valid_until"

    # A catalog line is asked for; the title is changed meanwhile.
    page.get_by_test_id("catalog").get_by_role("button", name="Add Split AC installation").click()
    held.wait(page)
    page.fill("#id_title", "Office cooling, 2nd and 3rd floors")
    held.release()
    expect(page.locator("#id_lines-0-description")).to_have_value("Split AC installation")
    assert page.input_value("#id_title") == "Office cooling, 2nd and 3rd floors"

    # Two more lines; the second is removed while the third's quantity is typed:
    # the third comes back as the second, with its quantity.
    page.get_by_test_id("add-line").click()
    held.wait(page)
    held.release()
    expect(page.locator("[data-line]")).to_have_count(2)
    page.fill("#id_lines-1-description", "Labour")
    page.get_by_test_id("add-line").click()
    held.wait(page)
    held.release()
    expect(page.locator("[data-line]")).to_have_count(3)
    page.fill("#id_lines-2-description", "Transport")
    page.locator("[data-line]").nth(1).get_by_test_id("remove-line").click()
    held.wait(page)
    page.fill("#id_lines-2-quantity", "3")
    held.release()
    expect(page.locator("[data-line]")).to_have_count(2)
    expect(page.locator("#id_lines-1-description")).to_have_value("Transport")
    expect(page.locator("#id_lines-1-quantity")).to_have_value("3")
    page.fill("#id_lines-1-unit_price", "2000")

    page.unroute("**/admin/quotations/new/")
    with page.expect_navigation():
        page.get_by_test_id("save-draft").click()
    quotation = Quotation.objects.get()
    assert quotation.title == "Office cooling, 2nd and 3rd floors"
    assert quotation.notes == TYPED["#id_notes"]
    assert quotation.valid_until.isoformat() == valid_until
    lines = list(quotation.lines.order_by("position"))
    assert [line.description for line in lines] == ["Split AC installation", "Transport"]
    assert lines[1].quantity == 3
    assert probe.errors == [] and probe.csp_violations() == []
