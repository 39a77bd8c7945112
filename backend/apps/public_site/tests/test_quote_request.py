"""/quote/: "Request a quote". The service comes preselected from a service
page; a valid request becomes an inquiry with its photos (checked by their
content); every error names its field and keeps what was typed, and photos
that passed the checks are kept for the next try."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from apps.catalog.models import Service
from apps.core.models import AuditLog
from apps.leads.models import (
    Client,
    ConsentSource,
    Inquiry,
    InquiryAttachment,
    InquirySource,
)
from apps.leads.tests.conftest import image_bytes, pdf_bytes, upload
from apps.notifications.models import Notification
from apps.public_site import kept_uploads

pytestmark = pytest.mark.django_db

URL = "/quote/"


@pytest.fixture
def survey_service(category):
    return Service.objects.create(
        category=category, name="Cold room installation", slug="cold-room", is_bookable=False
    )


@pytest.fixture
def valid(service):
    return {
        "service": service.slug,
        "name": "Amina Hassan",
        "phone": "0712 345 678",
        "email": "amina@example.co.ke",
        "location": "Kilimani, Nairobi",
        "message": "Two bedrooms need split units, 12,000 BTU each.",
    }


def photo(name="room.png"):
    return upload(name, image_bytes(), "image/png")


def test_the_service_page_links_here_with_the_service(client, service):
    html = client.get(reverse("public_site:service", args=[service.slug])).content.decode()
    assert f'href="/quote/?service={service.slug}"' in html


def test_the_service_is_preselected_and_limits_are_shown(client, service, survey_service):
    html = client.get(f"{URL}?service={survey_service.slug}").content.decode()
    assert f'<option value="{survey_service.slug}" selected>' in html
    assert f'<option value="{service.slug}">' in html  # the other services are offered too
    assert 'type="file" name="attachments"' in html and "multiple" in html
    assert "Up to 5 files" in html and "10 MB each" in html
    assert (
        'name="marketing_opt_in"' in html
        and "checked" not in html.split('name="marketing_opt_in"')[1].split(">")[0]
    )
    # Strict CSP: no inline script or style.
    assert not re.search(r"\sstyle=\"", html) and not re.search(r"\son[a-z]+=", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)


def test_an_unknown_service_is_ignored(client, service):
    response = client.get(f"{URL}?service=no-such-thing")
    assert response.status_code == 200
    assert '<option value="" selected>' in response.content.decode()


def test_a_request_with_two_photos_becomes_an_inquiry(
    client, valid, service, sales_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL,
            {**valid, "attachments": [photo("a.png"), upload("plan.pdf", pdf_bytes())]},
        )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.source == InquirySource.WEBSITE_FORM
    assert inquiry.service == service and inquiry.site_address == "Kilimani, Nairobi"
    assert inquiry.contact_phone == "+254712345678"
    assert inquiry.assignee == sales_user
    assert sorted(a.original_name for a in inquiry.attachments.all()) == ["a.png", "plan.pdf"]
    assert not inquiry.client.marketing_opt_in
    assert AuditLog.objects.filter(action="inquiry.created").exists()
    assert Notification.objects.filter(template_key="inquiry_received").exists()
    assert Notification.objects.filter(template_key="inquiry_assigned").exists()
    sent = client.get(response["Location"])
    html = sent.content.decode()
    assert sent.status_code == 200 and inquiry.reference in html
    assert "2 files attached" in html and "amina@example.co.ke" in html
    assert sent["X-Robots-Tag"] == "noindex"


def test_six_photos_are_refused_with_the_input_kept(client, valid):
    response = client.post(URL, {**valid, "attachments": [photo(f"{n}.png") for n in range(6)]})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachments_error"' in html and "at most 5 files" in html
    assert 'value="Amina Hassan"' in html and "12,000 BTU each.</textarea>" in html
    assert not Inquiry.objects.exists()


def test_an_html_page_named_jpg_is_refused_with_a_clear_message(client, valid):
    fake = upload("photo.jpg", b"<!doctype html><script>alert(1)</script>", "image/jpeg")
    response = client.post(URL, {**valid, "attachments": [photo("ok.png"), fake]})
    assert response.status_code == 400
    html = response.content.decode()
    error = re.search(r'id="id_attachments_error"[^>]*>([^<]+)<', html).group(1)
    assert "photo.jpg" in error
    assert 'value="amina@example.co.ke"' in html
    assert not Inquiry.objects.exists() and not InquiryAttachment.objects.exists()


def test_an_oversized_file_is_refused(client, valid, settings):
    settings.INQUIRY_MAX_ATTACHMENT_BYTES = 1024 * 1024
    big = upload("big.png", b"\x89PNG" + b"0" * (1024 * 1024 + 10), "image/png")
    response = client.post(URL, {**valid, "attachments": [big]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "big.png" in html and "the limit is 1 MB per file" in html
    assert not Inquiry.objects.exists()


def test_missing_name_and_contact_are_named_and_the_photos_kept(client, valid):
    # Issue 11: a phone number or an e-mail is enough; neither is named on "email".
    response = client.post(
        URL, {**valid, "name": "", "phone": "", "email": "", "attachments": [photo("kept.png")]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_name_error"' in html and "Tell us your name." in html
    assert 'id="id_email_error"' in html and "Give an e-mail address or a phone number" in html
    assert 'value="Kilimani, Nairobi"' in html
    assert "12,000 BTU each.</textarea>" in html
    assert 'data-testid="kept-files"' in html and "kept.png" in html
    token = re.search(r'name="keep" value="([^"]+)"', html).group(1)
    # The next try sends only what was missing; the kept photo comes along.
    done = client.post(URL, {**valid, "keep": [token]})
    assert done.status_code == 302
    inquiry = Inquiry.objects.get()
    assert [a.original_name for a in inquiry.attachments.all()] == ["kept.png"]
    assert kept_uploads.SESSION_KEY not in client.session


def test_an_unticked_kept_photo_is_left_out(client, valid):
    first = client.post(URL, {**valid, "name": "", "attachments": [photo("drop.png")]})
    assert 'name="keep"' in first.content.decode()
    done = client.post(URL, valid)  # the box unticked: no "keep" sent
    assert done.status_code == 302
    assert not Inquiry.objects.get().attachments.exists()


def test_a_kept_photo_belongs_to_its_session_only(client, valid, django_user_model):
    from django.test import Client as Browser

    html = client.post(URL, {**valid, "name": "", "attachments": [photo()]}).content.decode()
    token = re.search(r'name="keep" value="([^"]+)"', html).group(1)
    stranger = Browser()
    assert stranger.post(URL, {**valid, "keep": [token]}).status_code == 302
    assert not Inquiry.objects.get().attachments.exists()


def test_a_fresh_visit_forgets_kept_photos(client, valid):
    client.post(URL, {**valid, "name": "", "attachments": [photo()]})
    assert kept_uploads.kept(_request_with(client))
    client.get(URL)
    assert not kept_uploads.kept(_request_with(client))


def _request_with(client):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.session = client.session
    return request


def test_the_honeypot_drops_robots_quietly(client, valid):
    response = client.post(URL, {**valid, "website": "http://spam.example"})
    assert response.status_code == 200 and "Thank you" in response.content.decode()
    assert not Inquiry.objects.exists() and not Client.objects.exists()


def test_too_many_requests_are_refused_with_the_input_kept(client, valid, settings):
    settings.CONTACT_MESSAGES_PER_HOUR = 1
    assert client.post(URL, valid, REMOTE_ADDR="41.90.1.3").status_code == 302
    response = client.post(URL, valid, REMOTE_ADDR="41.90.1.3")
    assert response.status_code == 429
    assert "Please call us instead." in response.content.decode()
    assert 'value="Amina Hassan"' in response.content.decode()
    assert Inquiry.objects.count() == 1


def test_the_offers_box_asks_the_address_to_confirm_first(
    client, valid, django_capture_on_commit_callbacks
):
    """Anyone can type anyone's address: consent is recorded only when the
    link e-mailed to it is followed (double opt-in)."""
    from django.core import mail

    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {**valid, "marketing_opt_in": "on"})
    customer = Inquiry.objects.get().client
    assert not customer.marketing_opt_in
    (ask,) = [m for m in mail.outbox if "confirm" in m.subject.lower()]
    assert "amina@example.co.ke" in ask.to[0]
    link = re.search(r"https?://[^/\s]+(/offers/confirm/[^/\s]+/)", ask.body).group(1)

    page = client.get(link)  # a mail scanner opening it changes nothing
    assert page.status_code == 200 and 'data-testid="offers-ask"' in page.content.decode()
    customer.refresh_from_db()
    assert not customer.marketing_opt_in

    done = client.post(link)
    assert 'data-testid="offers-done"' in done.content.decode()
    customer.refresh_from_db()
    assert customer.marketing_opt_in
    assert customer.marketing_opt_in_source == ConsentSource.EMAIL_CONFIRMED
    assert AuditLog.objects.filter(action="client.contact_preferences_changed").exists()
    again = client.post(link)
    assert 'data-testid="offers-already"' in again.content.decode()


@pytest.mark.date_sensitive
def test_an_offers_link_that_is_forged_old_or_for_a_changed_address_opens_nothing(client, valid):
    import datetime as dt

    import time_machine
    from django.utils import timezone

    from apps.leads.links import offers_confirmation_url

    def path(url: str) -> str:
        return "/" + url.split("//", 1)[1].split("/", 1)[1]

    client.post(URL, valid)
    customer = Inquiry.objects.get().client
    link = path(offers_confirmation_url(customer, customer.email))
    assert client.get(link.replace("/confirm/", "/confirm/x")).status_code == 400
    other = path(offers_confirmation_url(customer, "someone.else@example.com"))
    assert client.post(other).status_code == 400
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = client.post(link)
    assert (
        response.status_code == 400 and 'data-testid="offers-invalid"' in response.content.decode()
    )
    customer.refresh_from_db()
    assert not customer.marketing_opt_in


def test_a_signed_in_client_ticking_offers_is_recorded_at_once(client, client_user, valid):
    Client.objects.create(name="Wanjiku Kariuki", email=client_user.email, user=client_user)
    client.force_login(client_user)
    client.post(URL, {**valid, "name": "Wanjiku Kariuki", "marketing_opt_in": "on"})
    customer = Inquiry.objects.get().client
    assert customer.user == client_user and customer.marketing_opt_in
    assert customer.marketing_opt_in_source == ConsentSource.WEBSITE_FORM


def test_a_signed_in_client_is_prefilled_and_followed_in_the_portal(client, client_user, valid):
    Client.objects.create(
        name="Wanjiku Kariuki", email=client_user.email, phone="+254722555111", user=client_user
    )
    client.force_login(client_user)
    html = client.get(URL).content.decode()
    assert 'value="Wanjiku Kariuki"' in html and f'value="{client_user.email}"' in html
    assert 'value="0722 555111"' in html
    response = client.post(URL, {**valid, "name": "Wanjiku Kariuki"})
    inquiry = Inquiry.objects.get()
    assert inquiry.client.user == client_user
    sent = client.get(response["Location"]).content.decode()
    assert reverse("client_portal:inquiry-detail", args=[inquiry.reference]) in sent


def test_a_bad_confirmation_link_is_a_404(client):
    assert client.get("/quote/sent/not-a-token/").status_code == 404


def test_an_unticked_offers_box_never_withdraws_consent(client, valid):
    Client.objects.create(name="Amina Hassan", email="amina@example.co.ke", marketing_opt_in=True)
    client.post(URL, valid)
    assert Inquiry.objects.get().client.marketing_opt_in


def test_copies_left_by_abandoned_forms_are_swept(client, valid):
    from django.core.files.base import ContentFile

    from apps.leads.services.attachments import private_storage

    storage = private_storage()
    stale = storage.save(f"{kept_uploads.FOLDER}/20000101/old.png", ContentFile(b"x"))
    client.post(URL, {**valid, "name": "", "attachments": [photo()]})
    assert not storage.exists(stale)
    [fresh] = kept_uploads._entries(_request_with(client))
    assert storage.exists(fresh["path"])
    client.post(URL, valid)  # sent: the copy goes too
    assert not storage.exists(fresh["path"])


def test_the_offers_link_path_is_the_one_the_site_routes():
    from apps.leads import links

    assert reverse("public_site:offers-confirm", args=["abc:def"]) == (
        links.OFFERS_CONFIRM_PATH.format(token="abc:def")
    )


def test_a_phone_number_is_enough(client, valid):
    response = client.post(URL, {**valid, "email": ""})
    assert response.status_code == 302, response.content.decode()[:2000]
    inquiry = Inquiry.objects.get()
    assert inquiry.contact_email == "" and inquiry.contact_phone == "+254712345678"


def test_an_email_is_enough(client, valid):
    response = client.post(URL, {**valid, "phone": ""})
    assert response.status_code == 302
    assert Inquiry.objects.get().contact_email == "amina@example.co.ke"
