"""The contact page: details, a map only on request, and a form that makes
an inquiry (source: contact page) in the staff inbox: routed to a
salesperson, audited, confirmed to the sender. No ContactMessage is written
any more; old ones stay readable in the Django admin."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from apps.cms.models import ContactMessage
from apps.core.models import AuditLog
from apps.core.services import update_company_settings
from apps.leads.models import Inquiry, InquirySource
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db

URL = "/contact/"
VALID = {
    "name": "Achieng Odhiambo",
    "email": "achieng@example.co.ke",
    "phone": "0722 123456",
    "subject": "Noisy outdoor unit",
    "message": "Our outdoor unit in Kileleshwa rattles at night. Can someone look?",
}


@pytest.fixture
def company():
    return update_company_settings(
        actor=None,
        email="info@coollight.test",
        phone_primary="+254711000111",
        phone_secondary="+254733000222",
        whatsapp_number="+254711000111",
        address="Mombasa Road, Nairobi",
        business_hours={"mon": [["08:00", "17:00"]], "sun": []},
    )


def test_contact_page_shows_phones_whatsapp_address_and_hours(client, company):
    html = client.get(URL).content.decode()
    assert 'href="tel:+254711000111"' in html and 'href="tel:+254733000222"' in html
    assert 'href="https://wa.me/254711000111"' in html
    assert 'href="mailto:info@coollight.test"' in html
    assert "Mombasa Road, Nairobi" in html
    assert "08:00\u201317:00" in html and "Closed" in html
    assert reverse("public_site:book") in html and reverse("public_site:quote") in html


def test_a_valid_message_becomes_an_inquiry_routed_and_confirmed(
    client, company, sales_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, VALID, REMOTE_ADDR="41.90.1.2")
    assert response.status_code == 302
    assert response["Location"] == reverse("public_site:contact-sent")
    inquiry = Inquiry.objects.get()
    assert inquiry.source == InquirySource.CONTACT_PAGE
    assert inquiry.contact_name == "Achieng Odhiambo"
    assert inquiry.contact_email == "achieng@example.co.ke"
    assert inquiry.contact_phone == "+254722123456"
    assert inquiry.subject == "Noisy outdoor unit"
    assert "rattles at night" in inquiry.message
    assert inquiry.assignee == sales_user
    assert not ContactMessage.objects.exists()  # the interim store is no longer written
    entry = AuditLog.objects.get(action="inquiry.created")
    assert entry.target_id == str(inquiry.pk)
    confirmation = Notification.objects.get(template_key="inquiry_received")
    assert confirmation.to_address == "achieng@example.co.ke"
    assigned = Notification.objects.get(template_key="inquiry_assigned")
    assert assigned.to_address == "sales@coollight.test"
    assert "rattles at night" in assigned.body_text
    assert {m.to[0].split("<")[-1].rstrip(">") for m in mail.outbox} == {
        "achieng@example.co.ke",
        "sales@coollight.test",
    }
    thanks = client.get(response["Location"]).content.decode()
    assert "We have your message" in thanks


def test_a_signed_in_client_writes_on_their_own_record(client, company, client_user):
    client.force_login(client_user)
    client.post(URL, {**VALID, "email": client_user.email})
    assert Inquiry.objects.get().client.user == client_user


def test_an_invalid_message_keeps_what_was_typed_and_says_why_next_to_the_field(client, company):
    response = client.post(URL, {**VALID, "email": "not-an-email", "message": "Hi"})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'value="Achieng Odhiambo"' in html and 'value="Noisy outdoor unit"' in html
    assert 'value="not-an-email"' in html
    assert '<p id="id_email_error" class="field-error">' in html
    assert '<p id="id_message_error" class="field-error">' in html
    assert 'aria-invalid="true"' in html
    assert "Please correct the errors below." in html
    assert not Inquiry.objects.exists()


def test_the_honeypot_drops_robots_quietly(client, company):
    response = client.post(URL, {**VALID, "website": "http://spam.example"})
    assert response.status_code == 302  # looks like it worked
    assert not Inquiry.objects.exists()
    assert not Notification.objects.exists()


def test_too_many_messages_from_one_address_are_refused_with_the_input_kept(
    client, company, settings
):
    settings.CONTACT_MESSAGES_PER_HOUR = 2
    for _ in range(2):
        assert client.post(URL, VALID, REMOTE_ADDR="41.90.1.3").status_code == 302
    response = client.post(URL, VALID, REMOTE_ADDR="41.90.1.3")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Please call us instead." in html and 'value="Achieng Odhiambo"' in html
    assert Inquiry.objects.count() == 2
    # Someone else is not affected.
    assert client.post(URL, VALID, REMOTE_ADDR="41.90.9.9").status_code == 302


def test_the_map_loads_only_when_asked_and_csp_allows_its_frame_only_then(client, company):
    page = client.get(URL)
    html = page.content.decode()
    assert "<iframe" not in html and "openstreetmap.org/export" not in html
    assert "frame-src" not in page["Content-Security-Policy"]
    assert 'href="?map=1#map"' in html
    for _ in range(2):  # the second answer comes from the cache: the header still follows
        shown = client.get(URL + "?map=1")
        assert '<iframe src="https://www.openstreetmap.org/export/embed.html?' in (
            shown.content.decode()
        )
        assert "frame-src https://www.openstreetmap.org" in shown["Content-Security-Policy"]
    assert shown["X-Cache"] == "hit"
    assert "frame-src" not in client.get(URL)["Content-Security-Policy"]


def test_contact_message_template_renders_with_its_sample():
    from apps.notifications.defaults import default_texts, validate_template_fields

    texts = default_texts("contact_message")
    validate_template_fields(
        "contact_message",
        subject=texts["subject"],
        body_html=texts["body_html"],
        body_text=texts["body_text"],
    )
