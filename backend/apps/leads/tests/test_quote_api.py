"""/api/v1/leads/inquiries/ and /quotations/: bad input, who may see what
(outsiders: anonymous, another client, staff without the permission), and
the client's decision by token or JWT."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.billing.models import Invoice
from apps.core.models import AuditLog
from apps.leads.models import (
    Inquiry,
    InquiryAttachment,
    InquiryStatus,
    QuotationStatus,
)
from apps.leads.services import add_internal_note, create_inquiry, reply_to_inquiry
from apps.leads.tests.conftest import LINES, image_bytes, pdf_bytes, upload
from apps.leads.tokens import inquiry_access_token, quotation_access_token
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db

CREATE = "v1:leads:inquiry-create"


def _post_inquiry(api, files=(), **fields):
    data = {
        "name": "Hassan Ali",
        "email": "hassan@nyalifresh.example",
        "message": "We need a 20 m³ cold room in Nyali.",
        **fields,
    }
    if files:
        data["attachments"] = list(files)
    return api.post(reverse(CREATE), data, format="multipart")


# --- creating inquiries ------------------------------------------------------------


def test_anonymous_inquiry_with_photos_and_a_pdf(api, sales_user, service):
    response = _post_inquiry(
        api,
        files=[
            upload("room.jpg", image_bytes("JPEG")),
            upload("door.png", image_bytes("PNG")),
            upload("plan.pdf", pdf_bytes()),
        ],
        service_slug=service.slug,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"inquiry_id", "reference", "token"}
    assert body["reference"].startswith("INQ-")
    inquiry = Inquiry.objects.get(pk=body["inquiry_id"])
    assert inquiry.source == "api" and inquiry.assignee == sales_user
    kinds = sorted(inquiry.attachments.values_list("kind", flat=True))
    assert kinds == ["image", "image", "pdf"]
    for attachment in inquiry.attachments.all():
        # Non-guessable names in the private storage, not the original names.
        assert attachment.file_name.startswith(f"inquiries/{inquiry.pk}/")
        assert attachment.original_name not in attachment.file_name
    keys = set(Notification.objects.values_list("template_key", flat=True))
    assert {"inquiry_received", "inquiry_assigned"} <= keys
    assert inquiry.client.service_categories.filter(pk=service.category_id).exists()


@pytest.mark.parametrize(
    ("name", "data", "words"),
    [
        ("photo.jpg", b"<html><script>alert(1)</script></html>", "photo.jpg"),
        (
            "logo.jpg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "logo.jpg",
        ),
        ("plan.pdf", image_bytes("PNG"), "not a valid PDF"),
        ("photo.png", image_bytes("JPEG"), "JPEG image"),
        ("notes.txt", b"hello", "JPEG, PNG or WebP"),
        ("page.html", b"<html></html>", "JPEG, PNG or WebP"),
        (
            "evil.pdf",
            b"%PDF-1.4\n1 0 obj << /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>",
            "scripts",
        ),
    ],
)
def test_disguised_attachments_are_refused_naming_the_field(api, sales_user, name, data, words):
    response = _post_inquiry(api, files=[upload(name, data)])
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "attachments" in errors
    assert words in errors["attachments"][0]
    assert not Inquiry.objects.exists()


def test_too_many_attachments_are_refused(api, settings, sales_user):
    settings.INQUIRY_MAX_ATTACHMENTS = 2
    files = [upload(f"p{i}.png", image_bytes()) for i in range(3)]
    response = _post_inquiry(api, files=files)
    assert response.status_code == 400
    assert "at most 2" in response.json()["errors"]["attachments"][0]


def test_oversized_attachment_is_refused(api, settings, sales_user):
    settings.INQUIRY_MAX_ATTACHMENT_BYTES = 100
    response = _post_inquiry(api, files=[upload("big.png", image_bytes(size=(200, 200)))])
    assert response.status_code == 400
    assert "limit" in response.json()["errors"]["attachments"][0]


def test_missing_contact_and_message_are_named(api):
    response = api.post(reverse(CREATE), {"name": "X", "message": ""}, format="multipart")
    assert response.status_code == 400
    assert "message" in response.json()["errors"]


def test_inquiry_creation_is_throttled(api, settings, sales_user):
    from rest_framework.settings import api_settings

    rates = {**api_settings.DEFAULT_THROTTLE_RATES, "anon_write": "2/hour"}
    from apps.api.throttles import AnonWriteThrottle

    old = AnonWriteThrottle.THROTTLE_RATES
    AnonWriteThrottle.THROTTLE_RATES = rates
    try:
        codes = [_post_inquiry(api).status_code for _ in range(3)]
    finally:
        AnonWriteThrottle.THROTTLE_RATES = old
    assert codes == [201, 201, 429]


# --- reading inquiries ---------------------------------------------------------------


@pytest.fixture
def inquiry_with_thread(sales_user, client_user):
    from apps.leads.services import client_for_user

    client_user.email_verified_at = client_user.date_joined
    client_user.save()
    client_for_user(user=client_user)
    inquiry = create_inquiry(
        name="Wanjiku Kariuki",
        email=client_user.email,
        message="Please quote two split units",
        user=client_user,
        attachments=[upload("room.png", image_bytes()), upload("plan.pdf", pdf_bytes())],
    )
    reply_to_inquiry(inquiry=inquiry, body="We will visit on Monday.", actor=sales_user)
    add_internal_note(inquiry=inquiry, body="Client is price sensitive", actor=sales_user)
    return inquiry


def test_owner_sees_the_thread_without_internal_notes(as_user, client_user, inquiry_with_thread):
    url = reverse("v1:leads:inquiry-detail", args=[inquiry_with_thread.pk])
    body = as_user(client_user).get(url).json()
    assert [r["kind"] for r in body["responses"]] == ["staff_reply"]
    assert "price sensitive" not in str(body)
    assert len(body["attachments"]) == 2


def test_token_holder_sees_it_and_can_reply(api, inquiry_with_thread):
    token = inquiry_access_token(inquiry_with_thread)
    url = reverse("v1:leads:inquiry-detail", args=[inquiry_with_thread.pk])
    body = api.get(url, {"token": token}).json()
    assert body["reference"] == inquiry_with_thread.reference
    assert "price sensitive" not in str(body)
    reply = api.post(
        reverse("v1:leads:inquiry-replies", args=[inquiry_with_thread.pk]) + f"?token={token}",
        {"body": "Monday is fine"},
    )
    assert reply.status_code == 201
    assert reply.json()["kind"] == "client_reply"


def test_staff_see_internal_notes(as_user, sales_user, inquiry_with_thread):
    url = reverse("v1:leads:inquiry-detail", args=[inquiry_with_thread.pk])
    body = as_user(sales_user).get(url).json()
    assert "internal_note" in [r["kind"] for r in body["responses"]]


@pytest.mark.parametrize("who", ["anonymous", "other_client", "editor", "bad_token"])
def test_outsiders_never_see_an_inquiry_or_its_files(
    api, as_user, request, inquiry_with_thread, who
):
    detail = reverse("v1:leads:inquiry-detail", args=[inquiry_with_thread.pk])
    attachment = inquiry_with_thread.attachments.first()
    file_url = reverse("v1:leads:inquiry-attachment", args=[inquiry_with_thread.pk, attachment.pk])
    reply_url = reverse("v1:leads:inquiry-replies", args=[inquiry_with_thread.pk])
    params: dict = {}
    if who == "other_client":
        api = as_user(request.getfixturevalue("other_client_user"))
    elif who == "editor":
        api = as_user(request.getfixturevalue("editor_user"))
    elif who == "bad_token":
        other = create_inquiry(name="Else", email="else@example.com", message="Hi")
        params = {"token": inquiry_access_token(other)}
    expected = 401 if who == "anonymous" else 404
    assert api.get(detail, params).status_code == expected
    assert api.get(file_url, params).status_code == expected
    suffix = f"?token={params['token']}" if params else ""
    assert api.post(reply_url + suffix, {"body": "hi"}).status_code == expected
    assert "price sensitive" not in str(api.get(detail, params).content)


def test_attachments_are_served_with_safe_headers(as_user, client_user, inquiry_with_thread):
    api = as_user(client_user)
    image = inquiry_with_thread.attachments.get(kind="image")
    document = inquiry_with_thread.attachments.get(kind="pdf")
    pdf = api.get(
        reverse("v1:leads:inquiry-attachment", args=[inquiry_with_thread.pk, document.pk])
    )
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert b"".join(pdf.streaming_content).startswith(b"%PDF-")
    png = api.get(reverse("v1:leads:inquiry-attachment", args=[inquiry_with_thread.pk, image.pk]))
    assert png["Content-Type"] == "image/png"
    assert png["Content-Disposition"].startswith("inline;")
    assert png["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in png["Content-Security-Policy"]


def test_technician_may_not_open_inquiry_attachments(as_user, technician_user, inquiry_with_thread):
    # Issue 11: inquiries are the office's; a visit carries its own photos.
    attachment = InquiryAttachment.objects.filter(inquiry=inquiry_with_thread).first()
    url = reverse("v1:leads:inquiry-attachment", args=[inquiry_with_thread.pk, attachment.pk])
    assert as_user(technician_user).get(url).status_code == 404


def test_registering_later_with_the_verified_email_shows_earlier_records(
    api, as_user, sales_user, send, make_quotation
):
    """Anonymous inquiry and quote first; the account comes later."""
    from apps.leads.services import client_for_user
    from tests.factories import ClientUserFactory

    inquiry = create_inquiry(name="Late Comer", email="late@example.co.ke", message="Quote pls")
    send(make_quotation(client=inquiry.client, inquiry=inquiry))
    user = ClientUserFactory(email="late@example.co.ke")
    client_for_user(user=user)  # unverified: a new, empty record
    api_user = as_user(user)
    assert api_user.get(reverse("v1:leads:quotation-list")).json() == []
    # Verified: linking happens on first need (the earlier record has no account).
    user.client.delete()
    user.email_verified_at = user.date_joined
    user.save()
    client_for_user(user=user)
    assert len(api_user.get(reverse("v1:leads:quotation-list")).json()) == 1
    detail = reverse("v1:leads:inquiry-detail", args=[inquiry.pk])
    assert api_user.get(detail).status_code == 200


# --- quotations ---------------------------------------------------------------------


def test_staff_create_a_quotation_totals_from_the_server(as_user, sales_user, lead_client):
    payload = {
        "client": str(lead_client.pk),
        "title": "Two split units",
        "lines": [{**LINES[0], "line_total": "1.00"}, LINES[1]],
        "total": "5.00",
        "subtotal": "5.00",
    }
    response = as_user(sales_user).post(reverse("v1:leads:quotation-list"), payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["total"] == "99037.03"
    assert body["lines"][0]["line_total"] == "93960.00"
    assert body["status"] == "draft"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "-2"}, "lines[0].quantity"),
        ({"unit_price": "-100"}, "lines[0].unit_price"),
        ({"tax_rate": "14"}, "lines[0].tax_rate"),
    ],
)
def test_bad_lines_answer_400_naming_the_field(as_user, sales_user, lead_client, change, field):
    payload = {"client": str(lead_client.pk), "lines": [{**LINES[0], **change}]}
    response = as_user(sales_user).post(reverse("v1:leads:quotation-list"), payload)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_clients_and_outsiders_cannot_create_quotations(api, as_user, client_user, lead_client):
    payload = {"client": str(lead_client.pk), "lines": [LINES[0]]}
    assert api.post(reverse("v1:leads:quotation-list"), payload).status_code == 401
    assert as_user(client_user).post(reverse("v1:leads:quotation-list"), payload).status_code == 403


@pytest.fixture
def owned_quotation(client_user, make_quotation, send):
    from apps.leads.services import client_for_user

    client = client_for_user(user=client_user)
    return send(make_quotation(client=client))


@pytest.mark.parametrize("who", ["anonymous", "other_client", "editor", "other_token"])
def test_outsiders_never_see_a_quotation(
    api, as_user, request, owned_quotation, make_quotation, send, who
):
    params: dict = {}
    if who == "other_client":
        api = as_user(request.getfixturevalue("other_client_user"))
    elif who == "editor":
        api = as_user(request.getfixturevalue("editor_user"))
    elif who == "other_token":
        params = {"token": quotation_access_token(send(make_quotation()))}
    expected = 401 if who == "anonymous" else 404
    pk = owned_quotation.pk
    assert api.get(reverse("v1:leads:quotation-detail", args=[pk]), params).status_code == expected
    assert api.get(reverse("v1:leads:quotation-pdf", args=[pk]), params).status_code == expected
    accept = api.post(
        reverse("v1:leads:quotation-accept", args=[pk]),
        {"signer_name": "Mallory", "consent": True, **params},
    )
    assert accept.status_code == expected
    owned_quotation.refresh_from_db()
    assert owned_quotation.status == QuotationStatus.SENT


def test_drafts_are_invisible_to_the_client(as_user, client_user, make_quotation):
    from apps.leads.services import client_for_user

    draft = make_quotation(client=client_for_user(user=client_user))
    api = as_user(client_user)
    assert api.get(reverse("v1:leads:quotation-detail", args=[draft.pk])).status_code == 404
    token = quotation_access_token(draft)
    detail = reverse("v1:leads:quotation-detail", args=[draft.pk])
    assert api.get(detail, {"token": token}).status_code == 404


def test_owner_reads_and_downloads_the_pdf(as_user, client_user, owned_quotation):
    api = as_user(client_user)
    body = api.get(reverse("v1:leads:quotation-detail", args=[owned_quotation.pk])).json()
    assert body["number"] == owned_quotation.number
    assert "internal_notes" not in body
    pdf = api.get(reverse("v1:leads:quotation-pdf", args=[owned_quotation.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert owned_quotation.pdf_filename in pdf["Content-Disposition"]


def test_accept_with_the_token_makes_one_invoice(api, sent_quotation, sales_user):
    token = quotation_access_token(sent_quotation)
    optional = sent_quotation.lines.get(is_optional=True)
    url = reverse("v1:leads:quotation-accept", args=[sent_quotation.pk])
    refused = api.post(url, {"signer_name": "Hassan Ali", "consent": False, "token": token})
    assert refused.status_code == 400 and "consent" in refused.json()["errors"]
    response = api.post(
        url,
        {
            "signer_name": "Hassan Ali",
            "consent": True,
            "optional_line_ids": [optional.pk],
            "token": token,
        },
        HTTP_USER_AGENT="Pixel 8",
        REMOTE_ADDR="197.248.1.2",
    )
    assert response.status_code == 200, response.json()
    assert response.json()["status"] == "accepted"
    assert Decimal(response.json()["total"]) == Decimal("111037.03")
    again = api.post(url, {"signer_name": "Hassan Ali", "consent": True, "token": token})
    assert again.status_code == 409
    assert Invoice.objects.filter(quotation=sent_quotation).count() == 1
    entry = AuditLog.objects.get(action="quotation.accepted")
    assert (entry.ip, entry.user_agent) == ("197.248.1.2", "Pixel 8")


def test_owner_rejects_with_jwt(as_user, client_user, owned_quotation):
    url = reverse("v1:leads:quotation-reject", args=[owned_quotation.pk])
    api = as_user(client_user)
    assert api.post(url, {"reason_code": "nope"}).status_code == 400
    response = api.post(url, {"reason_code": "price", "reason_text": "Too dear"})
    assert response.status_code == 200
    assert response.json()["status"] == "rejected"
    assert Notification.objects.filter(template_key="quotation_rejected").exists()


def test_owner_asks_for_changes(as_user, client_user, owned_quotation):
    url = reverse("v1:leads:quotation-changes", args=[owned_quotation.pk])
    response = as_user(client_user).post(url, {"message": "Smaller units please"})
    assert response.status_code == 200
    assert response.json()["changes_requested_at"]
    assert Notification.objects.filter(template_key="quotation_changes_requested").exists()


@pytest.mark.date_sensitive
def test_staff_actions_send_revise_expire(as_user, sales_user, make_quotation, run_on_commit):
    api = as_user(sales_user)
    draft = make_quotation()
    with run_on_commit():
        sent = api.post(reverse("v1:admin:quotation-send", args=[draft.pk]))
    assert sent.status_code == 200 and sent.json()["status"] == "sent"
    locked = api.patch(reverse("v1:admin:quotation-detail", args=[draft.pk]), {"title": "x"})
    assert locked.status_code == 409
    revised = api.post(reverse("v1:admin:quotation-revise", args=[draft.pk]))
    assert revised.status_code == 201 and revised.json()["version"] == 2
    new_id = revised.json()["id"]
    edit = api.patch(reverse("v1:admin:quotation-detail", args=[new_id]), {"lines": [LINES[1]]})
    assert edit.status_code == 200 and edit.json()["total"] == "5077.03"
    with run_on_commit():
        api.post(reverse("v1:admin:quotation-send", args=[new_id]))
    expired = api.post(reverse("v1:admin:quotation-mark-expired", args=[new_id]))
    assert expired.json()["status"] == "expired"
    preview = api.get(reverse("v1:admin:quotation-preview-pdf", args=[new_id]))
    assert preview["Content-Type"] == "application/pdf"


def test_staff_inquiry_actions(as_user, sales_user, admin_user, db):
    inquiry = create_inquiry(name="A B", email="ab@example.com", message="Hello")
    api = as_user(sales_user)
    assign = api.post(
        reverse("v1:admin:inquiry-assign", args=[inquiry.pk]), {"assignee": str(admin_user.pk)}
    )
    assert assign.status_code == 200 and assign.json()["assignee"]["email"] == admin_user.email
    lost = api.post(reverse("v1:admin:inquiry-status", args=[inquiry.pk]), {"status": "lost"})
    assert lost.status_code == 400 and "reason" in lost.json()["errors"]
    lost = api.post(
        reverse("v1:admin:inquiry-status", args=[inquiry.pk]),
        {"status": "lost", "reason": "Went elsewhere"},
    )
    assert lost.json()["status"] == InquiryStatus.LOST
    bad = api.post(reverse("v1:admin:inquiry-status", args=[inquiry.pk]), {"status": "won"})
    assert bad.status_code == 400
    reply = api.post(reverse("v1:admin:inquiry-reply", args=[inquiry.pk]), {"body": "Hi"})
    assert reply.status_code == 201
    assert Notification.objects.filter(template_key="inquiry_reply").exists()
    note = api.post(reverse("v1:admin:inquiry-note", args=[inquiry.pk]), {"body": "psst"})
    assert note.status_code == 201
    follow = api.post(
        reverse("v1:admin:follow-up-list"),
        {
            "inquiry": str(inquiry.pk),
            "note": "Call back",
            "due_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
        },
    )
    assert follow.status_code == 201
    listed = api.get(reverse("v1:admin:follow-up-list"), {"owner": "me"}).json()
    assert listed["count"] == 1
    done = api.post(reverse("v1:admin:follow-up-complete", args=[follow.json()["id"]]))
    assert done.json()["done_at"]


def test_technician_neither_reads_nor_changes_inquiries(as_user, technician_user, db):
    inquiry = create_inquiry(name="A B", email="ab@example.com", message="Hello")
    api = as_user(technician_user)
    assert api.get(reverse("v1:admin:inquiry-list")).status_code == 403  # issue 11
    note = api.post(reverse("v1:admin:inquiry-note", args=[inquiry.pk]), {"body": "x"})
    assert note.status_code == 403
    assert api.get(reverse("v1:admin:quotation-list")).status_code == 403


def test_merge_clients_endpoint(as_user, sales_user, lead_client, make_quotation):
    from apps.leads.models import Client

    duplicate = Client.objects.create(name="H. Ali", email="", phone="+254733000111", tags=",vip,")
    inquiry = create_inquiry(name="H. Ali", phone="+254733000111", message="Again")
    assert inquiry.client == duplicate
    quotation = make_quotation(client=duplicate)
    response = as_user(sales_user).post(
        reverse("v1:admin:client-merge", args=[lead_client.pk]), {"duplicate": str(duplicate.pk)}
    )
    assert response.status_code == 200, response.json()
    assert response.json()["tags"] == ["vip"]
    assert response.json()["inquiry_count"] == 1 and response.json()["quotation_count"] == 1
    quotation.refresh_from_db()
    assert quotation.client == lead_client
    assert not Client.objects.filter(pk=duplicate.pk).exists()
    assert AuditLog.objects.filter(action="client.merged").exists()
