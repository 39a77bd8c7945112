"""The admin portal's notification pages in a real (headless) Chromium: the
live template preview, live campaign progress, and no accessibility, console
or CSP problems on any of them (the e-mails render in sandboxed frames with
their own policy)."""

from __future__ import annotations

import time

import pytest

from apps.notifications import services as svc
from apps.notifications.models import Notification, NotificationStatus
from apps.notifications.tests.factories import ClientFactory
from tests.factories import DEFAULT_PASSWORD, AdminUserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world(settings):
    # Tests run on a flushed database: load the shipped templates again.
    settings.NOTIFICATIONS_GRACE_SECONDS = 0
    svc.load_email_templates()
    admin = AdminUserFactory(email="amina@coollight.test", full_name="Amina Admin")
    customer = ClientFactory(name="Wanjiku Kariuki", email="wanjiku@example.co.ke")
    ClientFactory.create_batch(2)
    failed = svc.queue_notification(
        template_key="booking_confirmed",
        client=customer,
        # The template declares the data it cannot go without.
        context={"booking": {"reference": "BK-1", "date": "Tue", "time": "10:00"}},
    )
    Notification.objects.filter(pk=failed.pk).update(
        status=NotificationStatus.FAILED, attempts=5, last_error="SMTP 550 mailbox unavailable"
    )
    campaign = svc.create_campaign(
        actor=admin, name="March offer", subject="Hi {{ client.name }}", body="10% off."
    )
    return {"admin": admin, "notification": failed, "campaign": campaign}


def _pages(world):
    n, c = world["notification"], world["campaign"]
    return [
        "/admin/notifications/",
        f"/admin/notifications/{n.pk}/",
        "/admin/notifications/templates/",
        "/admin/notifications/templates/booking_confirmed/",
        "/admin/notifications/campaigns/",
        "/admin/notifications/campaigns/new/",
        f"/admin/notifications/campaigns/{c.pk}/",
    ]


@pytest.mark.parametrize("width", [360, 1280])
def test_pages_have_no_accessibility_console_or_csp_problems(probe_factory, world, width):
    probe = probe_factory(width=width)
    probe.login(world["admin"].email, DEFAULT_PASSWORD)
    for path in _pages(world):
        response = probe.goto(path)
        assert response.status == 200, path
        assert probe.axe() == [], path
        assert probe.page.locator("h1").count() == 1, path
        assert probe.errors == [], path
        assert probe.csp_violations() == [], path


def test_template_preview_follows_typing_and_errors_show_next_to_the_field(probe, world):
    probe.login(world["admin"].email, DEFAULT_PASSWORD)
    probe.goto("/admin/notifications/templates/booking_confirmed/")
    page = probe.page
    # The e-mail renders in its frame (sandboxed, its own policy).
    frame = page.frame_locator("#template-preview iframe")
    assert "Wanjiku Kariuki" in frame.locator("body").inner_text()

    page.fill("#id_subject", "Booked {{ booking.date }} for {{ client.name }}")
    page.wait_for_selector("[data-testid=preview-subject]:has-text('Booked Tuesday')")
    assert "Wanjiku Kariuki" in page.inner_text("[data-testid=preview-subject]")

    page.locator("#id_body_html").press("End")
    page.locator("#id_body_html").type("{% if %}")
    page.wait_for_selector("#id_body_html_errors .field-error")
    assert "This template has an error" in page.inner_text("#id_body_html_errors")
    assert "</p>{% if %}" in page.input_value("#id_body_html")  # nothing typed is lost
    assert probe.errors == [] and probe.csp_violations() == []


def test_campaign_progress_updates_itself_until_done(probe, world):
    campaign = world["campaign"]
    svc.start_campaign(campaign=campaign, actor=world["admin"])
    while svc.expand_campaign_batch(campaign_id=str(campaign.pk)):
        pass
    probe.login(world["admin"].email, DEFAULT_PASSWORD)
    probe.goto(f"/admin/notifications/campaigns/{campaign.pk}/")
    page = probe.page
    assert page.inner_text("[data-testid=progress-percent]") == "0%"

    # The worker sends them (spread at the campaign's rate); nobody reloads the page.
    for _ in range(20):
        svc.sweep_outbox()
        if not Notification.objects.filter(campaign=campaign, status="queued").exists():
            break
        time.sleep(0.2)
    svc.sweep_outbox()  # marks the campaign finished
    page.wait_for_selector("[data-testid=progress-percent]:has-text('100%')", timeout=10_000)
    page.wait_for_selector("main .badge:has-text('Sent')", timeout=10_000)
    assert probe.errors == [] and probe.csp_violations() == []
