"""A salesperson works an inquiry on a phone, in a real (headless) Chromium:
the inbox, the inquiry, a reply, an internal note, a follow-up; the pages
fit 360 px, pass axe and break no CSP rule."""

from __future__ import annotations

import pytest

from apps.leads.models import FollowUp, InquiryStatus, ResponseKind
from apps.leads.services import create_inquiry
from apps.leads.tests.conftest import category, image_bytes, service, upload  # noqa: F401
from apps.users import roles
from tests.factories import DEFAULT_PASSWORD, StaffUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scene(service):  # noqa: F811
    sales = StaffUserFactory(
        email="brian@coollight.test", full_name="Brian Otieno", groups=[roles.SALES]
    )
    inquiry = create_inquiry(
        name="Grace Achieng",
        email="grace@lakeview.example",
        phone="+254733100200",
        message="Two hotel rooms need split units before the conference season.",
        service=service,
        attachments=[upload("room.png", image_bytes(), "image/png")],
    )
    return {"sales": sales, "inquiry": inquiry}


def _fits(probe) -> None:
    assert probe.page.evaluate("document.documentElement.scrollWidth") <= 360


def test_salesperson_answers_an_inquiry_on_a_phone(probe_factory, scene):
    inquiry = scene["inquiry"]
    probe = probe_factory(width=360, height=740)
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)

    probe.goto("/admin/inquiries/")
    cards = probe.page.get_by_test_id("inquiry-cards")
    assert cards.is_visible()
    assert not probe.page.get_by_test_id("inquiries-table").is_visible()
    _fits(probe)
    assert probe.axe() == []
    with probe.page.expect_navigation():
        cards.get_by_role("link", name=inquiry.reference).click()
    assert probe.page.locator("h1").inner_text() == inquiry.reference
    assert probe.page.get_by_alt_text("Photo: room.png").is_visible()
    _fits(probe)
    assert probe.axe() == []

    reply = probe.page.get_by_test_id("reply-form")
    reply.get_by_label("Reply to the client").fill("Our engineer can survey on Thursday at 10:00.")
    with probe.page.expect_navigation():
        reply.get_by_role("button", name="Send reply").click()
    assert "Reply sent to grace@lakeview.example." in probe.page.locator("body").inner_text()
    assert "In progress" in probe.page.get_by_test_id("inquiry-status").inner_text()

    note = probe.page.get_by_test_id("note-form")
    note.get_by_label("Internal note").fill("Ask about the generator before quoting.")
    with probe.page.expect_navigation():
        note.get_by_role("button", name="Add internal note").click()
    thread = probe.page.get_by_test_id("thread")
    internal = thread.locator("[data-kind='internal_note']")
    assert "Internal — the client never sees this" in internal.inner_text()
    assert "Ask about the generator" in internal.inner_text()

    follow = probe.page.get_by_test_id("follow-up-form")
    follow.get_by_label("What to do").fill("Call Grace to confirm the survey")
    with probe.page.expect_navigation():
        follow.get_by_role("button", name="Add follow-up").click()
    follow_ups = probe.page.get_by_test_id("follow-ups").inner_text()
    assert "Call Grace to confirm the survey" in follow_ups
    _fits(probe)
    assert probe.axe() == []

    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_PROGRESS
    kinds = list(inquiry.responses.values_list("kind", flat=True))
    assert kinds == [ResponseKind.STAFF_REPLY, ResponseKind.INTERNAL_NOTE]
    assert FollowUp.objects.get().owner == scene["sales"]
    assert probe.errors == [] and probe.csp_violations() == []


def test_marking_lost_asks_for_a_reason_in_a_dialog(probe, scene):
    inquiry = scene["inquiry"]
    probe.login(scene["sales"].email, DEFAULT_PASSWORD)
    probe.goto(f"/admin/inquiries/{inquiry.reference}/")
    probe.page.get_by_test_id("mark-lost").click()
    dialog = probe.page.locator("#lost-dialog")
    assert dialog.is_visible()
    dialog.get_by_label("Why was it lost?").fill("Went with another company")
    with probe.page.expect_navigation():
        dialog.get_by_role("button", name="Mark lost").click()
    assert "Lost" in probe.page.get_by_test_id("inquiry-status").inner_text()
    assert "Went with another company" in probe.page.get_by_test_id("inquiry-status").inner_text()
    assert probe.axe() == []
    assert probe.errors == [] and probe.csp_violations() == []
