"""Staff pages under /admin/notifications/: who may see them, and the main actions."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.notifications.models import Campaign, EmailTemplate, Notification, NotificationStatus
from apps.notifications.services import create_campaign, queue_notification
from apps.notifications.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def browser_as(client):
    def _as(user):
        client.force_login(user)
        return client

    return _as


PAGES = [
    reverse("notifications_admin:notification-list"),
    reverse("notifications_admin:template-list"),
    reverse("notifications_admin:template-edit", args=["booking_confirmed"]),
    reverse("notifications_admin:campaign-list"),
    reverse("notifications_admin:campaign-create"),
]


@pytest.mark.parametrize("url", PAGES)
def test_anonymous_is_sent_to_sign_in(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("who", ["client_user", "technician_user"])
def test_outsiders_get_403(browser_as, request, url, who):
    assert browser_as(request.getfixturevalue(who)).get(url).status_code == 403


@pytest.mark.parametrize("url", PAGES)
def test_admin_sees_every_page(browser_as, admin_user, url):
    assert browser_as(admin_user).get(url).status_code == 200


def test_log_page_query_count_does_not_grow(browser_as, sales_user):
    browser = browser_as(sales_user)
    url = reverse("notifications_admin:notification-list")

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert browser.get(url, {"status": "queued"}).status_code == 200
        return len(ctx.captured_queries)

    queue_notification(template_key="booking_confirmed", client=ClientFactory())
    few = count()
    for _ in range(12):
        queue_notification(template_key="booking_confirmed", client=ClientFactory())
    # session, user, permissions, company settings, count, one page of rows
    assert count() == few <= 8


def test_editor_previews_saves_and_sees_errors_next_to_the_field(
    browser_as, editor_user, on_commit
):
    browser = browser_as(editor_user)
    url = reverse("notifications_admin:template-edit", args=["booking_confirmed"])
    template = EmailTemplate.objects.get(key="booking_confirmed")
    form = {
        "subject": "Confirmed {{ booking.date }}",
        "body_html": "<p>Hi {{ client.name }}</p>",
        "body_text": "Hi {{ client.name }}",
        "sms_text": "",
        "test_to": "",
    }
    preview = browser.post(url, {**form, "action": "preview"})
    assert b"Confirmed Tuesday 3 March 2026" in preview.content
    template.refresh_from_db()
    assert not template.is_customised  # preview saves nothing

    broken = browser.post(url, {**form, "body_html": "{% if %}", "action": "save"})
    assert broken.status_code == 200 and b"This template has an error" in broken.content
    assert b"{% if %}" in broken.content  # what the person typed is kept

    saved = browser.post(url, {**form, "action": "save"})
    assert saved.status_code == 302
    template.refresh_from_db()
    assert template.is_customised and template.subject == "Confirmed {{ booking.date }}"

    with on_commit():
        browser.post(url, {**form, "action": "send_test"})
    assert mail.outbox[-1].subject == "[TEST] Confirmed Tuesday 3 March 2026"


def test_sales_cannot_save_a_template(browser_as, sales_user):
    url = reverse("notifications_admin:template-edit", args=["booking_confirmed"])
    response = browser_as(sales_user).post(
        url, {"subject": "x", "body_html": "x", "body_text": "x", "action": "save"}
    )
    assert response.status_code == 403


def test_detail_and_resend(browser_as, sales_user, customer):
    n = queue_notification(template_key="booking_confirmed", client=customer)
    Notification.objects.filter(pk=n.pk).update(status=NotificationStatus.FAILED, last_error="boom")
    browser = browser_as(sales_user)
    page = browser.get(reverse("notifications_admin:notification-detail", args=[n.pk]))
    assert b"boom" in page.content and b"Resend" in page.content
    response = browser.post(reverse("notifications_admin:notification-resend", args=[n.pk]))
    assert response.status_code == 302
    n.refresh_from_db()
    assert n.status in (NotificationStatus.QUEUED, NotificationStatus.SENT)


def test_campaign_pages_create_test_send_and_progress(browser_as, editor_user, on_commit):
    ClientFactory.create_batch(3)
    browser = browser_as(editor_user)
    bad = browser.post(reverse("notifications_admin:campaign-create"), {"name": "x"})
    assert bad.status_code == 200 and b"This field is required" in bad.content
    created = browser.post(
        reverse("notifications_admin:campaign-create"),
        {
            "name": "March offer",
            "subject": "Hi {{ client.name }}",
            "body": "Ten percent off.",
            "segment": "all_opted_in",
            "rate_per_minute": 300,
        },
    )
    campaign = Campaign.objects.get(name="March offer")
    assert created.status_code == 302
    detail_url = reverse("notifications_admin:campaign-detail", args=[campaign.pk])
    page = browser.get(detail_url)
    assert b"Ten percent off." in page.content and b"Send to the segment" in page.content
    with on_commit():
        browser.post(reverse("notifications_admin:campaign-action", args=[campaign.pk, "test"]))
    assert mail.outbox[-1].subject.startswith("[TEST]")
    with on_commit():
        browser.post(reverse("notifications_admin:campaign-action", args=[campaign.pk, "send"]))
    campaign.refresh_from_db()
    assert campaign.status == "sending"
    page = browser.get(detail_url)
    assert b'http-equiv="refresh"' in page.content and b"3 recipients" in page.content
    progress = browser.get(reverse("notifications_admin:campaign-progress", args=[campaign.pk]))
    assert b"3 queued" in progress.content


def test_sales_cannot_send_a_campaign(browser_as, sales_user, admin_user):
    ClientFactory()
    campaign = create_campaign(actor=admin_user, name="x", subject="s", body="b")
    url = reverse("notifications_admin:campaign-action", args=[campaign.pk, "send"])
    assert browser_as(sales_user).post(url).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == "draft"


def test_campaign_list_query_count(browser_as, editor_user, admin_user):
    browser = browser_as(editor_user)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert browser.get(reverse("notifications_admin:campaign-list")).status_code == 200
        return len(ctx.captured_queries)

    create_campaign(actor=admin_user, name="a", subject="s", body="b")
    few = count()
    for i in range(5):
        create_campaign(actor=admin_user, name=f"c{i}", subject="s", body="b")
    assert count() == few <= 8
