"""The notification pages of the admin portal (/admin/notifications/): who may
open what, the query count of every list, the template editor's preview and
errors, and the actions that change state (POST only, through the services)."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from apps.catalog.models import ServiceCategory
from apps.core.selectors import company_settings
from apps.notifications import services as svc
from apps.notifications.catalog import CATALOG
from apps.notifications.models import (
    Campaign,
    CampaignStatus,
    EmailTemplate,
    Notification,
    NotificationStatus,
)
from apps.notifications.tests.factories import ClientFactory

pytestmark = pytest.mark.django_db

# Issue 11: a message carries the data its template declares as required.
VISIT = {"booking": {"reference": "BK-1", "date": "Tue", "time": "10:00"}}


@pytest.fixture(autouse=True)
def _quiet_outbox(settings):
    settings.NOTIFICATIONS_GRACE_SECONDS = 30
    mail.outbox = []


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    def _run():
        return django_capture_on_commit_callbacks(execute=True)

    return _run


@pytest.fixture
def notification(db):
    n = svc.queue_notification(
        template_key="booking_confirmed",
        client=ClientFactory(name="Wanjiku Kariuki", email="wanjiku@example.co.ke"),
        context=VISIT,
    )
    Notification.objects.filter(pk=n.pk).update(
        status=NotificationStatus.FAILED, attempts=5, last_error="SMTP 550 mailbox unavailable"
    )
    n.refresh_from_db()
    return n


@pytest.fixture
def campaign(admin_user):
    ClientFactory.create_batch(2)
    return svc.create_campaign(
        actor=admin_user, name="March offer", subject="Hi {{ client.name }}", body="10% off."
    )


def _url(name, notification, campaign):
    args = {
        "notification-detail": [notification.pk],
        "notification-frame": [notification.pk],
        "notification-resend": [notification.pk],
        "template-edit": ["booking_confirmed"],
        "template-reset": ["booking_confirmed"],
        "campaign-detail": [campaign.pk],
        "campaign-edit": [campaign.pk],
        "campaign-frame": [campaign.pk],
        "campaign-progress": [campaign.pk],
        "campaign-send": [campaign.pk, "send"],
        "campaign-cancel": [campaign.pk, "cancel"],
    }.get(name, [])
    route = "campaign-action" if name in ("campaign-send", "campaign-cancel") else name
    return reverse(f"notifications_admin:{route}", args=args)


# (page, a staff member allowed to open it, a staff member refused). Sales see
# the log and may resend; content editors write templates and campaigns;
# technicians have no message permission at all.
PAGES = [
    ("notification-list", "sales_user", "editor_user"),
    ("notification-detail", "sales_user", "editor_user"),
    ("notification-frame", "sales_user", "editor_user"),
    ("notification-resend", "sales_user", "editor_user"),
    ("template-list", "sales_user", "technician_user"),
    ("template-edit", "sales_user", "technician_user"),
    ("template-reset", "editor_user", "sales_user"),
    ("campaign-list", "sales_user", "technician_user"),
    ("campaign-create", "editor_user", "sales_user"),
    ("campaign-detail", "sales_user", "technician_user"),
    ("campaign-edit", "editor_user", "sales_user"),
    ("campaign-frame", "sales_user", "technician_user"),
    ("campaign-progress", "sales_user", "technician_user"),
    ("campaign-send", "editor_user", "sales_user"),
    ("campaign-cancel", "editor_user", "sales_user"),
]
PAGE_NAMES = [name for name, _allowed, _refused in PAGES]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_anonymous_is_sent_to_sign_in(client, notification, campaign, name):
    url = _url(name, notification, campaign)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={url}"


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_client_gets_403(client, client_user, notification, campaign, name):
    client.force_login(client_user)
    assert client.get(_url(name, notification, campaign)).status_code == 403


@pytest.mark.parametrize(("name", "allowed", "refused"), PAGES)
def test_staff_without_the_permission_get_403_and_with_it_200(
    client, request, notification, campaign, name, allowed, refused
):
    url = _url(name, notification, campaign)
    client.force_login(request.getfixturevalue(refused))
    assert client.get(url).status_code == 403
    client.force_login(request.getfixturevalue(allowed))
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_admin_opens_every_page(client, admin_user, notification, campaign, name):
    client.force_login(admin_user)
    assert client.get(_url(name, notification, campaign)).status_code == 200


def test_sidebar_links_to_the_sections_each_role_may_open(client, sales_user, editor_user):
    client.force_login(sales_user)
    html = client.get(reverse("notifications_admin:notification-list")).content.decode()
    assert 'href="/admin/notifications/" class=' in html and 'aria-current="page"' in html
    assert 'data-nav="email-templates"' in html and 'data-nav="campaigns"' in html
    client.force_login(editor_user)
    html = client.get(reverse("notifications_admin:campaign-list")).content.decode()
    assert 'data-nav="notifications"' not in html  # editors do not read the log
    assert 'data-nav="email-templates"' in html and 'data-nav="campaigns"' in html


# --- Query counts: the same with 1 row as with 30 --------------------------------

# Every staff page starts with: the session, the user, the user's own
# permissions, their groups' permissions, and the company settings (layout).
PAGE_BASE = 5


@pytest.fixture
def django_assert_num_queries(django_assert_num_queries):
    company_settings()  # created on first use; exists on any real site
    return django_assert_num_queries


def _queue(count):
    for _ in range(count):
        svc.queue_notification(
            template_key="booking_confirmed", client=ClientFactory(), context=VISIT
        )


@pytest.mark.parametrize("rows", [1, 30])
def test_log_list_query_count(client, sales_user, django_assert_num_queries, rows):
    _queue(rows)
    client.force_login(sales_user)
    url = reverse("notifications_admin:notification-list")
    # PAGE_BASE + the paginator's count + one page of rows (client and
    # campaign joined, bodies deferred).
    with django_assert_num_queries(PAGE_BASE + 2):
        response = client.get(url, {"status": "queued", "sort": "-sent_at"})
    assert response.status_code == 200
    assert response.content.decode().count("/admin/notifications/") >= rows


@pytest.mark.parametrize("rows", [1, 30])
def test_template_list_query_count(client, editor_user, django_assert_num_queries, rows):
    keep = list(EmailTemplate.objects.order_by("key").values_list("pk", flat=True)[:rows])
    EmailTemplate.objects.exclude(pk__in=keep).delete()
    for i in range(rows - len(keep)):
        EmailTemplate.objects.create(
            key=f"extra-{i}", name=f"Extra {i}", subject="s", body_html="h", body_text="t"
        )
    EmailTemplate.objects.update(is_customised=True, updated_by=editor_user)
    assert EmailTemplate.objects.count() == rows
    client.force_login(editor_user)
    # PAGE_BASE + the paginator's count + one page of templates (with who
    # changed them joined, bodies deferred).
    with django_assert_num_queries(PAGE_BASE + 2):
        response = client.get(reverse("notifications_admin:template-list"), {"sort": "name"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 30])
def test_campaign_list_query_count(
    client, editor_user, admin_user, django_assert_num_queries, rows
):
    for i in range(rows):
        svc.create_campaign(actor=admin_user, name=f"Campaign {i}", subject="s", body="b")
    client.force_login(editor_user)
    # PAGE_BASE + the paginator's count + one page of campaigns with their
    # per-status counts aggregated and the author joined.
    with django_assert_num_queries(PAGE_BASE + 2):
        response = client.get(reverse("notifications_admin:campaign-list"))
    assert response.status_code == 200
    assert response.content.decode().count("Campaign ") >= rows


@pytest.mark.parametrize("rows", [1, 30])
def test_campaign_recipients_query_count(
    client, editor_user, admin_user, django_assert_num_queries, rows
):
    ClientFactory.create_batch(rows)
    campaign = svc.create_campaign(actor=admin_user, name="Offer", subject="s", body="b")
    svc.start_campaign(campaign=campaign, actor=admin_user)
    while svc.expand_campaign_batch(campaign_id=str(campaign.pk)):
        pass
    client.force_login(editor_user)
    url = reverse("notifications_admin:campaign-detail", args=[campaign.pk])
    # PAGE_BASE + the campaign (author joined) + the progress counts by status
    # + the paginator's count + one page of recipients.
    with django_assert_num_queries(PAGE_BASE + 4):
        response = client.get(url, {"status": "queued"})
    assert response.status_code == 200
    assert response.content.decode().count("@example.co.ke</span>") == rows


# --- The notification log ------------------------------------------------------------


def test_detail_shows_the_error_history_and_the_html_in_a_sandboxed_frame(
    client, sales_user, notification
):
    client.force_login(sales_user)
    html = client.get(
        reverse("notifications_admin:notification-detail", args=[notification.pk])
    ).content.decode()
    assert "SMTP 550 mailbox unavailable" in html
    frame_url = reverse("notifications_admin:notification-frame", args=[notification.pk])
    assert f'sandbox src="{frame_url}"' in html
    assert "<!doctype html>" not in html.lower().split("<body", 1)[1]  # not injected
    assert 'data-dialog-open="confirm-resend"' in html

    frame = client.get(frame_url)
    assert frame.status_code == 200
    assert frame.content.decode() == notification.body_html
    csp = frame["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "sandbox" in csp and "script-src" not in csp
    assert "frame-ancestors 'self'" in csp
    assert frame["X-Frame-Options"] == "SAMEORIGIN"


def test_a_secret_link_message_is_neither_shown_nor_resendable(client, admin_user):
    n = svc.queue_notification(
        template_key="password_reset", to="someone@example.co.ke", context={"reset_url": "x"}
    )
    assert n.is_sensitive
    client.force_login(admin_user)
    html = client.get(reverse("notifications_admin:notification-detail", args=[n.pk])).content
    assert b"holds a secret link" in html and b"confirm-resend" not in html
    frame = client.get(reverse("notifications_admin:notification-frame", args=[n.pk]))
    assert frame.status_code == 404 and n.body_html.encode() not in frame.content


def test_resend_confirms_on_get_and_acts_on_post_only(client, sales_user, notification, on_commit):
    client.force_login(sales_user)
    url = reverse("notifications_admin:notification-resend", args=[notification.pk])
    page = client.get(url)
    assert page.status_code == 200 and b"Send this message again?" in page.content
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.FAILED  # GET changed nothing
    with on_commit():
        response = client.post(url)
    assert response.status_code == 302
    notification.refresh_from_db()
    assert notification.status in (NotificationStatus.QUEUED, NotificationStatus.SENT)
    assert notification.attempts <= 1


def test_log_filters_and_empty_state(client, sales_user, notification):
    client.force_login(sales_user)
    url = reverse("notifications_admin:notification-list")
    found = client.get(url, {"q": "wanjiku", "status": "failed"}).content.decode()
    assert "wanjiku@example.co.ke" in found
    none = client.get(url, {"q": "nobody-here"}).content.decode()
    assert "No message matches these filters" in none
    bad_dates = client.get(url, {"date_from": "2026-03-02", "date_to": "2026-03-01"})
    assert b"The end date is before the start date." in bad_dates.content


# --- E-mail templates -------------------------------------------------------------------

FORM = {
    "subject": "Confirmed {{ booking.date }}",
    "body_html": "<p>Hi {{ client.name }}</p>",
    "body_text": "Hi {{ client.name }}",
    "sms_text": "",
}


def _frame_src(html: str) -> str:
    match = re.search(r'sandbox src="([^"]+)"', html)
    assert match, "no preview frame"
    return match.group(1)


def test_editor_shows_the_documented_variables_and_a_preview(client, sales_user):
    client.force_login(sales_user)
    html = client.get(
        reverse("notifications_admin:template-edit", args=["booking_confirmed"])
    ).content.decode()
    for name in CATALOG["booking_confirmed"].variables:
        assert f"{{{{ {name} }}}}" in html
    assert "{{ company.name }}" in html  # the variables every message gets
    assert client.get(_frame_src(html)).status_code == 200
    assert 'name="action" value="save"' not in html  # sales may look, not change
    assert "readonly" in html


def test_preview_endpoint_escapes_variables(client, editor_user, monkeypatch):
    monkeypatch.setitem(CATALOG["booking_confirmed"].sample["client"], "name", '<b>Bold</b> & "Co"')
    client.force_login(editor_user)
    url = reverse("notifications_admin:template-preview", args=["booking_confirmed"])
    response = client.post(
        url, {**FORM, "subject": "For {{ client.name }}"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    fragment = response.content.decode()
    assert "<b>Bold</b>" not in fragment
    assert "For &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot;" in fragment
    frame = client.get(_frame_src(fragment)).content.decode()
    assert "<p>Hi &lt;b&gt;Bold&lt;/b&gt; &amp; &quot;Co&quot;</p>" in frame
    assert "<b>Bold</b>" not in frame
    assert not EmailTemplate.objects.get(key="booking_confirmed").is_customised  # saves nothing


def test_preview_endpoint_is_post_only_and_needs_the_view_permission(
    client, technician_user, sales_user
):
    url = reverse("notifications_admin:template-preview", args=["booking_confirmed"])
    client.force_login(technician_user)
    assert client.post(url, FORM).status_code == 403
    client.force_login(sales_user)
    assert client.get(url).status_code == 405
    assert client.post(url, FORM).status_code == 200


def test_preview_frames_belong_to_the_person_who_made_them(client, editor_user, sales_user):
    client.force_login(editor_user)
    fragment = client.post(
        reverse("notifications_admin:template-preview", args=["booking_confirmed"]), FORM
    ).content.decode()
    src = _frame_src(fragment)
    assert b"Hi Wanjiku" in client.get(src).content
    client.force_login(sales_user)
    other = client.get(src)
    assert other.status_code == 404 and b"Hi Wanjiku" not in other.content
    cache.clear()


def test_broken_template_keeps_the_typed_text_and_shows_the_error_next_to_the_field(
    client, editor_user
):
    client.force_login(editor_user)
    url = reverse("notifications_admin:template-edit", args=["booking_confirmed"])
    typed = "<p>Dear {{ client.name }}</p>{% if %}"
    response = client.post(url, {**FORM, "body_html": typed, "action": "save"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "&lt;p&gt;Dear {{ client.name }}&lt;/p&gt;{% if %}</textarea>" in html
    errors = html.split('id="id_body_html_errors"', 1)[1].split("</div>", 1)[0]
    assert "This template has an error" in errors
    assert 'aria-invalid="true"' in html
    assert not EmailTemplate.objects.get(key="booking_confirmed").is_customised

    # The live preview reports the same error next to the field (out of band).
    live = client.post(
        reverse("notifications_admin:template-preview", args=["booking_confirmed"]),
        {**FORM, "body_html": typed},
        headers={"HX-Request": "true"},
    ).content.decode()
    assert 'id="id_body_html_errors" hx-swap-oob="true"' in live
    assert "This template has an error" in live.split('id="id_body_html_errors"', 1)[1]


def test_editor_previews_saves_and_sends_a_test(client, editor_user, on_commit):
    client.force_login(editor_user)
    url = reverse("notifications_admin:template-edit", args=["booking_confirmed"])
    preview = client.post(url, {**FORM, "action": "preview"})
    assert b"Confirmed Tuesday 3 March 2026" in preview.content
    assert not EmailTemplate.objects.get(key="booking_confirmed").is_customised

    with on_commit():
        tested = client.post(url, {**FORM, "body_text": "Unsaved words", "action": "send_test"})
    assert tested.status_code == 200 and b"Unsaved words</textarea>" in tested.content
    assert mail.outbox[-1].subject == "[TEST] Confirmed Tuesday 3 March 2026"
    assert editor_user.email in mail.outbox[-1].to[0]

    saved = client.post(url, {**FORM, "body_text": "Hi\r\nthere", "action": "save"})
    assert saved.status_code == 302
    template = EmailTemplate.objects.get(key="booking_confirmed")
    assert template.is_customised and template.subject == "Confirmed {{ booking.date }}"
    assert template.body_text == "Hi\nthere"  # browsers' CRLF stored as LF


def test_sales_cannot_save_send_a_test_or_reset(client, sales_user):
    client.force_login(sales_user)
    url = reverse("notifications_admin:template-edit", args=["booking_confirmed"])
    for action in ("save", "send_test"):
        assert client.post(url, {**FORM, "action": action}).status_code == 403
    reset = reverse("notifications_admin:template-reset", args=["booking_confirmed"])
    assert client.post(reset).status_code == 403
    assert not EmailTemplate.objects.get(key="booking_confirmed").is_customised


def test_reset_to_default_confirms_then_resets(client, editor_user):
    template = EmailTemplate.objects.get(key="booking_confirmed")
    svc.update_email_template(template=template, actor=editor_user, subject="Changed")
    client.force_login(editor_user)
    edit = client.get(reverse("notifications_admin:template-edit", args=["booking_confirmed"]))
    assert b'data-dialog-open="confirm-reset"' in edit.content
    url = reverse("notifications_admin:template-reset", args=["booking_confirmed"])
    assert b"Reset this template" in client.get(url).content
    template.refresh_from_db()
    assert template.subject == "Changed"  # GET changed nothing
    assert client.post(url).status_code == 302
    template.refresh_from_db()
    assert not template.is_customised and template.subject != "Changed"


# --- Campaigns -----------------------------------------------------------------------

CAMPAIGN = {
    "name": "March offer",
    "subject": "Hi {{ client.name }}",
    "body": "Ten percent off.",
    "segment": "all_opted_in",
    "rate_per_minute": 300,
}


def test_campaign_create_keeps_input_on_errors_then_saves_a_draft(client, editor_user):
    client.force_login(editor_user)
    url = reverse("notifications_admin:campaign-create")
    bad = client.post(url, {**CAMPAIGN, "body": "{% if %}", "name": ""})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "This field is required" in html and "{% if %}</textarea>" in html
    created = client.post(url, CAMPAIGN)
    campaign = Campaign.objects.get(name="March offer")
    assert created.status_code == 302 and created["Location"].endswith(f"/{campaign.pk}/")
    assert campaign.status == CampaignStatus.DRAFT and campaign.created_by == editor_user


def test_campaign_segment_choice_comes_from_the_registry_with_its_options(client, editor_user):
    category = ServiceCategory.objects.create(name="Cold rooms", slug="cold-rooms")
    client.force_login(editor_user)
    url = reverse("notifications_admin:campaign-create")
    html = client.get(url).content.decode()
    assert 'value="service_category"' in html and 'data-segment-for="service_category"' in html
    missing = client.post(url, {**CAMPAIGN, "segment": "service_category"})
    assert missing.status_code == 400
    assert (
        "This option is required for the segment."
        in missing.content.decode().split('id="id_param_category_error"', 1)[1]
    )
    client.post(url, {**CAMPAIGN, "segment": "service_category", "param_category": category.pk})
    campaign = Campaign.objects.get()
    assert campaign.segment_params == {"category": str(category.pk)}


def test_campaign_edit_only_while_draft(client, editor_user, campaign, admin_user):
    client.force_login(editor_user)
    url = reverse("notifications_admin:campaign-edit", args=[campaign.pk])
    assert b"March offer" in client.get(url).content
    response = client.post(url, {**CAMPAIGN, "name": "April offer"})
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.name == "April offer"
    svc.start_campaign(campaign=campaign, actor=admin_user)
    assert client.get(url).status_code == 302  # back to the campaign, with a message


def test_campaign_draft_shows_a_framed_preview_and_actions(client, editor_user, campaign):
    client.force_login(editor_user)
    html = client.get(
        reverse("notifications_admin:campaign-detail", args=[campaign.pk])
    ).content.decode()
    frame_url = reverse("notifications_admin:campaign-frame", args=[campaign.pk])
    assert f'sandbox src="{frame_url}"' in html
    assert 'data-dialog-open="confirm-send"' in html and 'data-dialog-open="confirm-cancel"' in html
    assert "2 clients who opted in" in html
    frame = client.get(frame_url)
    assert b"10% off." in frame.content and "sandbox" in frame["Content-Security-Policy"]


def test_campaign_test_send_and_progress(client, editor_user, campaign, on_commit):
    client.force_login(editor_user)
    test_url = reverse("notifications_admin:campaign-action", args=[campaign.pk, "test"])
    assert client.get(test_url).status_code == 405
    with on_commit():
        client.post(test_url)
    assert mail.outbox[-1].subject.startswith("[TEST]")
    assert editor_user.email in mail.outbox[-1].to[0]

    send_url = reverse("notifications_admin:campaign-action", args=[campaign.pk, "send"])
    assert b"Send this campaign now?" in client.get(send_url).content
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT  # GET changed nothing
    with on_commit():
        client.post(send_url)
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING

    detail = client.get(reverse("notifications_admin:campaign-detail", args=[campaign.pk]))
    html = detail.content.decode()
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html
    progress_url = reverse("notifications_admin:campaign-progress", args=[campaign.pk])
    assert f'hx-get="{progress_url}" hx-trigger="every 3s"' in html
    assert "2 recipients" in html

    polled = client.get(progress_url, headers={"HX-Request": "true"})
    assert b"<html" not in polled.content and b'id="campaign-progress"' in polled.content
    assert "HX-Refresh" not in polled
    standalone = client.get(progress_url)
    assert b"<html" in standalone.content and b'http-equiv="refresh"' in standalone.content


def test_progress_poll_reloads_the_page_once_the_campaign_is_over(
    client, editor_user, campaign, admin_user
):
    svc.start_campaign(campaign=campaign, actor=admin_user)
    svc.cancel_campaign(campaign=campaign, actor=admin_user)
    client.force_login(editor_user)
    url = reverse("notifications_admin:campaign-progress", args=[campaign.pk])
    polled = client.get(url, headers={"HX-Request": "true"})
    assert polled["HX-Refresh"] == "true" and b"hx-trigger" not in polled.content


def test_campaign_cancel_confirms_on_get_and_acts_on_post(client, editor_user, campaign):
    client.force_login(editor_user)
    url = reverse("notifications_admin:campaign-action", args=[campaign.pk, "cancel"])
    assert b"Cancel this campaign?" in client.get(url).content
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert client.post(url).status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED


def test_sales_cannot_send_or_cancel_and_unknown_actions_are_404(client, sales_user, campaign):
    client.force_login(sales_user)
    for action in ("send", "cancel", "test"):
        url = reverse("notifications_admin:campaign-action", args=[campaign.pk, action])
        assert client.post(url).status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    nope = reverse("notifications_admin:campaign-action", args=[campaign.pk, "delete"])
    assert client.post(nope).status_code == 404


def test_recipients_filter_by_status_and_search(client, editor_user, campaign, admin_user):
    svc.start_campaign(campaign=campaign, actor=admin_user)
    svc.expand_campaign_batch(campaign_id=str(campaign.pk))
    first = Notification.objects.filter(campaign=campaign).first()
    Notification.objects.filter(pk=first.pk).update(
        status=NotificationStatus.FAILED, last_error="bounced"
    )
    client.force_login(editor_user)
    url = reverse("notifications_admin:campaign-detail", args=[campaign.pk])
    failed = client.get(url, {"status": "failed"}).content.decode()
    assert first.to_address in failed and "bounced" in failed
    assert failed.count("@example.co.ke</span>") == 1
    assert "No recipient matches" in client.get(url, {"q": "zzz"}).content.decode()
