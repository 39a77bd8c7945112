"""Client portal requests (inquiries): own requests only (outsiders 404,
staff 403, anonymous to sign-in), the thread without internal notes, the
reply with files (and the salesperson's e-mail), files served only to their
owner, and a list whose query count does not grow with the requests."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from apps.leads.models import (
    Inquiry,
    InquiryResponse,
    InquiryStatus,
    ResponseKind,
)
from apps.leads.services import add_internal_note, change_inquiry_status, reply_to_inquiry
from apps.leads.services.attachments import store_attachments, validate_attachments
from apps.notifications.models import Notification

from .conftest import image_bytes, upload

pytestmark = pytest.mark.django_db

NOTE = "Client is price-sensitive; offer 5% only after the survey."


@pytest.fixture
def mine(ask, lead_client, client_user, sales_user):
    inquiry = ask(
        client_user,
        subject="Dripping bedroom unit",
        attachments=[upload("drip.png", image_bytes())],
    )
    reply_to_inquiry(inquiry=inquiry, body="Is the drip on the inside unit?", actor=sales_user)
    add_internal_note(inquiry=inquiry, body=NOTE, actor=sales_user)
    return inquiry


@pytest.fixture
def theirs(ask, their_client, other_client_user):
    return ask(
        other_client_user,
        subject="Outsider's cold room",
        attachments=[upload("theirs.png", image_bytes())],
    )


def detail(inquiry, suffix=""):
    return reverse("client_portal:inquiry-detail", args=[inquiry.reference]) + suffix


def file_url(inquiry, attachment):
    return reverse("client_portal:inquiry-attachment", args=[inquiry.reference, attachment.pk])


# --- who may see what -------------------------------------------------------------


def test_list_shows_own_requests_with_new_reply_marker(client, client_user, mine, theirs):
    client.force_login(client_user)
    response = client.get(reverse("client_portal:inquiries"))
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.reference in html and theirs.reference not in html
    assert "Dripping bedroom unit" in html
    assert 'data-testid="new-reply"' in html  # our answer is the latest message
    assert reverse("public_site:quote") in html  # "Request a new quote"


def test_closed_tab_and_search(client, client_user, mine, ask, sales_user):
    other = ask(client_user, subject="Quote for the office", message="Office needs two units.")
    change_inquiry_status(
        inquiry=other, to_status=InquiryStatus.LOST, actor=sales_user, reason="No reply"
    )
    client.force_login(client_user)
    url = reverse("client_portal:inquiries")
    open_html = client.get(url).content.decode()
    closed_html = client.get(url + "?show=closed").content.decode()
    assert mine.reference in open_html and other.reference not in open_html
    assert other.reference in closed_html and mine.reference not in closed_html
    found = client.get(url + "?show=open&q=dripping").content.decode()
    assert mine.reference in found
    assert "Nothing matches" in client.get(url + "?q=zebra").content.decode()


@pytest.mark.parametrize("suffix", ["", "reply/"])
def test_anonymous_is_sent_to_sign_in(client, mine, suffix):
    response = client.get(detail(mine, suffix))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_anonymous_cannot_fetch_a_file(client, mine):
    response = client.get(file_url(mine, mine.attachments.get()))
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_are_refused(client, sales_user, mine):
    client.force_login(sales_user)
    assert client.get(reverse("client_portal:inquiries")).status_code == 403
    assert client.get(detail(mine)).status_code == 403
    assert client.get(file_url(mine, mine.attachments.get())).status_code == 403
    assert client.post(detail(mine, "reply/"), {"body": "Hi"}).status_code == 403


def test_outsider_gets_404_on_every_page(client, other_client_user, mine):
    client.force_login(other_client_user)
    attachment = mine.attachments.get()
    assert client.get(detail(mine)).status_code == 404
    assert client.post(detail(mine, "reply/"), {"body": "Mine now"}).status_code == 404
    assert client.get(file_url(mine, attachment)).status_code == 404
    assert not InquiryResponse.objects.filter(body="Mine now").exists()


def test_a_file_of_another_request_cannot_ride_on_my_reference(client, client_user, mine, theirs):
    client.force_login(client_user)
    assert client.get(file_url(mine, theirs.attachments.get())).status_code == 404


# --- the thread -------------------------------------------------------------------


def test_thread_shows_replies_and_own_messages_never_internal_notes(client, client_user, mine):
    client.force_login(client_user)
    response = client.get(detail(mine))
    html = response.content.decode()
    assert response.status_code == 200
    assert "The bedroom unit drips water" in html
    assert "Is the drip on the inside unit?" in html
    assert NOTE not in html and "price-sensitive" not in html
    assert html.count('data-testid="message-staff"') == 1
    assert html.count('data-testid="message-mine"') == 1
    assert file_url(mine, mine.attachments.get()) in html
    assert response.content.decode().count("<h1") == 1


def test_a_file_on_an_internal_note_is_never_listed_or_served(
    client, client_user, mine, sales_user
):
    note = InquiryResponse.objects.get(inquiry=mine, kind=ResponseKind.INTERNAL_NOTE)
    [hidden] = store_attachments(
        inquiry=mine,
        files=validate_attachments([upload("note.png", image_bytes())]),
        actor=sales_user,
        response=note,
    )
    client.force_login(client_user)
    assert file_url(mine, hidden) not in client.get(detail(mine)).content.decode()
    assert client.get(file_url(mine, hidden)).status_code == 404
    # The rule lives in the selector, so the API's doors keep it too.
    from django.urls import reverse

    from apps.leads.selectors import inquiry_detail

    assert hidden not in inquiry_detail(mine.pk, for_client=True).attachments.all()
    assert hidden in inquiry_detail(mine.pk, for_client=False).attachments.all()
    api_file = reverse("v1:leads:inquiry-attachment", args=[mine.pk, hidden.pk])
    assert client.get(api_file).status_code == 404


def test_owner_downloads_a_file_with_safe_headers(client, client_user, mine):
    client.force_login(client_user)
    response = client.get(file_url(mine, mine.attachments.get()))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


# --- replying ---------------------------------------------------------------------


def test_reply_with_a_photo_reaches_the_thread_and_the_salesperson(
    client, client_user, mine, django_capture_on_commit_callbacks
):
    client.force_login(client_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail(mine, "reply/"),
            {"body": "Yes, the inside one.", "attachments": [upload("inside.png", image_bytes())]},
        )
    assert response.status_code == 302
    assert response["Location"] == detail(mine, "#latest")
    reply = InquiryResponse.objects.get(inquiry=mine, body="Yes, the inside one.")
    assert reply.kind == ResponseKind.CLIENT_REPLY and reply.author == client_user
    assert reply.attachments.get().original_name == "inside.png"
    mail = Notification.objects.get(template_key="inquiry_client_replied")
    assert mail.to_address == mine.assignee.email
    assert "Yes, the inside one." in mail.body_text
    page = client.get(detail(mine)).content.decode()
    assert "Yes, the inside one." in page and "inside.png" in page
    assert (
        'data-testid="new-reply"'
        not in client.get(reverse("client_portal:inquiries")).content.decode()
    )


def test_empty_reply_says_why_and_asks_for_the_files_again(client, client_user, mine):
    client.force_login(client_user)
    response = client.post(
        detail(mine, "reply/"), {"body": "  ", "attachments": [upload("a.png", image_bytes())]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_body_error"' in html and "Write a message." in html
    assert "Please choose your files again" in html
    assert mine.responses.filter(kind=ResponseKind.CLIENT_REPLY).count() == 0


def test_a_disguised_file_is_refused_and_the_message_kept(client, client_user, mine):
    client.force_login(client_user)
    fake = upload("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")
    response = client.post(
        detail(mine, "reply/"), {"body": "Here is the photo", "attachments": [fake]}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_attachments_error"' in html and "photo.jpg" in html
    assert "Here is the photo</textarea>" in html
    assert not InquiryResponse.objects.filter(body="Here is the photo").exists()


def test_no_file_field_once_the_request_is_full(client, client_user, mine, sales_user):
    files = validate_attachments(
        [upload(f"{n}.png", image_bytes()) for n in range(settings.INQUIRY_MAX_ATTACHMENTS - 1)],
        already=1,
    )
    store_attachments(inquiry=mine, files=files, actor=sales_user)
    client.force_login(client_user)
    html = client.get(detail(mine)).content.decode()
    assert 'name="attachments"' not in html and "the most it can take" in html
    response = client.post(detail(mine, "reply/"), {"body": "One more thing"})
    assert response.status_code == 302


def test_a_reply_on_a_lost_request_opens_it_again(client, client_user, mine, sales_user):
    change_inquiry_status(
        inquiry=mine, to_status=InquiryStatus.LOST, actor=sales_user, reason="Went quiet"
    )
    client.force_login(client_user)
    client.post(detail(mine, "reply/"), {"body": "Sorry, I was away. Still interested."})
    mine.refresh_from_db()
    assert mine.status == InquiryStatus.IN_PROGRESS


# --- dashboard and speed ----------------------------------------------------------


def test_dashboard_lists_requests_with_a_new_reply(client, client_user, mine, theirs):
    client.force_login(client_user)
    html = client.get(reverse("client_portal:dashboard")).content.decode()
    assert 'data-testid="new-replies"' in html
    assert detail(mine) in html and theirs.reference not in html


def _requests_for(user, lead_client, count):
    Inquiry.objects.bulk_create(
        [
            Inquiry(
                reference=f"INQ-T{n:04d}",
                client=lead_client,
                contact_name="Wanjiku",
                message=f"Request {n}",
            )
            for n in range(count)
        ]
    )
    for inquiry in Inquiry.objects.filter(client=lead_client):
        InquiryResponse.objects.create(
            inquiry=inquiry, kind=ResponseKind.STAFF_REPLY, author_name="Brian", body="On it"
        )
        InquiryResponse.objects.create(
            inquiry=inquiry, kind=ResponseKind.INTERNAL_NOTE, author_name="Brian", body="x"
        )


@pytest.mark.parametrize("count", [1, 50])
def test_list_query_count_does_not_grow(
    client, client_user, lead_client, count, django_assert_num_queries
):
    _requests_for(client_user, lead_client, count)
    client.force_login(client_user)
    url = reverse("client_portal:inquiries")
    client.get(url)  # warm the company settings row
    # Queries: 1 session, 2 user, 3 company settings (context processor),
    # 4 the two tab counts in one aggregate, 5 the page of requests (service
    # joined; latest reply, its kind and the reply count as subqueries).
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(response.context["inquiries"]) == min(count, 10)
    assert all(i.has_new_reply for i in response.context["inquiries"])


def test_the_link_in_emails_is_this_page(mine):
    from django.urls import resolve

    from apps.leads import links

    path = links.PORTAL_INQUIRY_PATH.format(reference=mine.reference)
    assert resolve(path).view_name == "client_portal:inquiry-detail"
    assert links.inquiry_customer_url(mine).endswith(detail(mine))
