"""Outsiders on the issue-7 API (inquiries, follow-ups, clients, quotations).

/api/v1/admin/: every endpoint answers 401 to an anonymous caller and 403
to a client, a content editor, staff with no group, and a technician except
where the technician reads (inquiries and clients): what test_quote_api
checks for a few endpoints, here for all of them, and nothing changes.

/api/v1/leads/: what test_quote_api leaves out: the client's quotation
list (anonymous, another client), the reject and request-changes answers
and the staff-only create for outsiders, the client reply for staff (a
client-only action), and a file of another inquiry under one's own id."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.leads.models import (
    Client,
    ClientSite,
    FollowUp,
    Inquiry,
    InquiryResponse,
    InquiryStatus,
    Quotation,
    QuotationStatus,
)
from apps.leads.services import client_for_user, create_inquiry
from apps.leads.tests.conftest import LINES, image_bytes, upload
from apps.leads.tokens import inquiry_access_token, quotation_access_token
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


# --- /api/v1/admin/ --------------------------------------------------------------------


@pytest.fixture
def no_perm_staff(db):
    return StaffUserFactory(email="newstarter@coollight.test", groups=[])


@pytest.fixture
def scene(sales_user, lead_client, make_quotation):
    """An inquiry, its follow-up, a client with a duplicate, a draft quotation."""
    inquiry = create_inquiry(
        name="Grace Achieng", email="grace@lakeview.example", message="Two split units"
    )
    follow_up = FollowUp.objects.create(
        inquiry=inquiry,
        client=inquiry.client,
        owner=sales_user,
        note="Call back",
        due_at=timezone.now() + dt.timedelta(days=1),
    )
    duplicate = Client.objects.create(name="H. Ali", phone="+254733000111")
    return {
        "inquiry": inquiry,
        "follow_up": follow_up,
        "client": lead_client,
        "duplicate": duplicate,
        "quotation": make_quotation(),
        "sales": sales_user,
    }


def _payload(name: str, s: dict) -> dict:
    """A body Sales could post (send, assign, merge... succeed; the other
    quotation actions then answer 409 for a draft): a 401 or 403 is the
    permission's doing, before any state check."""
    bodies: dict[str, dict] = {
        "inquiry-assign": {"assignee": str(s["sales"].pk)},
        "inquiry-status": {"status": InquiryStatus.IN_PROGRESS},
        "inquiry-reply": {"body": "Mallory was here"},
        "inquiry-note": {"body": "Mallory was here"},
        "follow-up-list": {
            "inquiry": str(s["inquiry"].pk),
            "note": "Mallory was here",
            "due_at": (timezone.now() + dt.timedelta(days=7)).isoformat(),
        },
        "client-detail": {"name": "Mallory"},
        "client-merge": {"duplicate": str(s["duplicate"].pk)},
        "client-sites": {"label": "Mallory's", "address": "Nowhere"},
        "quotation-detail": {"title": "Mallory"},
    }
    return bodies.get(name, {})


# (method, URL name, the record in the path, whether a technician may call it:
# none since issue 11, technicians see their visits, not the inbox or the clients)
ADMIN_ENDPOINTS = [
    ("get", "inquiry-list", None, False),
    ("get", "inquiry-detail", "inquiry", False),
    ("post", "inquiry-assign", "inquiry", False),
    ("post", "inquiry-status", "inquiry", False),
    ("post", "inquiry-reply", "inquiry", False),
    ("post", "inquiry-note", "inquiry", False),
    ("get", "follow-up-list", None, False),
    ("post", "follow-up-list", None, False),
    ("post", "follow-up-complete", "follow_up", False),
    ("get", "client-list", None, False),
    ("get", "client-detail", "client", False),
    ("patch", "client-detail", "client", False),
    ("post", "client-merge", "client", False),
    ("post", "client-sites", "client", False),
    ("get", "quotation-list", None, False),
    ("get", "quotation-detail", "quotation", False),
    ("patch", "quotation-detail", "quotation", False),
    ("post", "quotation-send", "quotation", False),
    ("post", "quotation-resend", "quotation", False),
    ("post", "quotation-revise", "quotation", False),
    ("post", "quotation-mark-expired", "quotation", False),
    ("post", "quotation-retry-pdf", "quotation", False),
    ("get", "quotation-preview-pdf", "quotation", False),
]


def _call(api, method, name, record, s):
    args = [s[record].pk] if record else []
    url = reverse(f"v1:admin:{name}", args=args)
    return getattr(api, method)(url, _payload(name, s) if method != "get" else {}, format="json")


def _nothing_changed(s):
    inquiry = Inquiry.objects.get(pk=s["inquiry"].pk)
    assert inquiry.status == InquiryStatus.NEW
    assert not InquiryResponse.objects.filter(body="Mallory was here").exists()
    assert not FollowUp.objects.filter(note="Mallory was here").exists()
    assert FollowUp.objects.get(pk=s["follow_up"].pk).done_at is None
    assert Client.objects.filter(pk=s["duplicate"].pk).exists()
    assert not Client.objects.filter(name="Mallory").exists()
    assert not ClientSite.objects.exists()
    assert list(Quotation.objects.values_list("status", "title")) == [
        (QuotationStatus.DRAFT, s["quotation"].title)
    ]


@pytest.mark.parametrize(("method", "name", "record", "_tech"), ADMIN_ENDPOINTS)
def test_admin_api_anonymous_gets_401(api, scene, method, name, record, _tech):
    response = _call(api, method, name, record, scene)
    assert response.status_code == 401
    _nothing_changed(scene)


@pytest.mark.parametrize("who", ["client_user", "editor_user", "no_perm_staff"])
@pytest.mark.parametrize(("method", "name", "record", "_tech"), ADMIN_ENDPOINTS)
def test_admin_api_clients_editors_and_bare_staff_get_403(
    as_user, request, scene, who, method, name, record, _tech
):
    api = as_user(request.getfixturevalue(who))
    response = _call(api, method, name, record, scene)
    assert response.status_code == 403
    _nothing_changed(scene)


@pytest.mark.parametrize(("method", "name", "record", "tech"), ADMIN_ENDPOINTS)
def test_admin_api_technician_gets_no_inquiry_or_client(
    as_user, technician_user, scene, method, name, record, tech
):
    response = _call(as_user(technician_user), method, name, record, scene)
    assert response.status_code == (200 if tech else 403)
    _nothing_changed(scene)


# --- /api/v1/leads/ quotations ------------------------------------------------------------


@pytest.fixture
def owned_quotation(client_user, make_quotation, send):
    return send(make_quotation(client=client_for_user(user=client_user)))


def test_quotation_list_needs_a_sign_in(api, owned_quotation):
    assert api.get(reverse("v1:leads:quotation-list")).status_code == 401


@pytest.mark.parametrize("who", ["other_client_user", "sales_user", "editor_user"])
def test_quotation_list_never_shows_another_clients_quotation(
    as_user, request, owned_quotation, who
):
    response = as_user(request.getfixturevalue(who)).get(reverse("v1:leads:quotation-list"))
    assert response.status_code == 200
    assert response.json() == []


@pytest.mark.parametrize("who", ["editor_user", "technician_user", "other_client_user"])
def test_only_sales_create_quotations(as_user, request, lead_client, who):
    payload = {"client": str(lead_client.pk), "lines": [LINES[0]]}
    api = as_user(request.getfixturevalue(who))
    assert api.post(reverse("v1:leads:quotation-list"), payload).status_code == 403
    assert not Quotation.objects.exists()


DECISIONS = [
    ("quotation-reject", {"reason_code": "price"}),
    ("quotation-changes", {"message": "Cheaper please"}),
    ("quotation-accept", {"signer_name": "Mallory", "consent": True}),
]


@pytest.mark.parametrize(("name", "body"), DECISIONS)
@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("anonymous", 401),
        ("other_client_user", 404),
        ("editor_user", 404),
        # Staff never decide for the client through the client's endpoints.
        ("sales_user", 404),
        ("other_token", 404),
    ],
)
def test_outsiders_cannot_answer_a_quotation(
    api, as_user, request, owned_quotation, make_quotation, send, name, body, who, expected
):
    data = dict(body)
    if who == "other_token":
        data["token"] = quotation_access_token(send(make_quotation()))
    elif who != "anonymous":
        api = as_user(request.getfixturevalue(who))
    response = api.post(reverse(f"v1:leads:{name}", args=[owned_quotation.pk]), data)
    assert response.status_code == expected
    owned_quotation.refresh_from_db()
    assert owned_quotation.status == QuotationStatus.SENT
    assert not owned_quotation.change_request and owned_quotation.changes_requested_at is None


# --- /api/v1/leads/ inquiries ---------------------------------------------------------------


@pytest.fixture
def my_inquiry(client_user):
    client_user.email_verified_at = client_user.date_joined
    client_user.save()
    client_for_user(user=client_user)
    return create_inquiry(
        name="Wanjiku Kariuki",
        email=client_user.email,
        message="Please quote two split units",
        user=client_user,
        attachments=[upload("room.png", image_bytes())],
    )


@pytest.fixture
def their_inquiry(db):
    return create_inquiry(
        name="Otieno Outsider",
        email="otieno@example.co.ke",
        message="Cold room",
        attachments=[upload("theirs.png", image_bytes())],
    )


@pytest.mark.parametrize("who", ["sales_user", "technician_user", "admin_user"])
def test_staff_cannot_post_a_client_reply(as_user, request, my_inquiry, who):
    url = reverse("v1:leads:inquiry-replies", args=[my_inquiry.pk])
    response = as_user(request.getfixturevalue(who)).post(url, {"body": "As if I were her"})
    assert response.status_code == 404
    assert not my_inquiry.responses.exists()


@pytest.mark.parametrize("how", ["owner", "token", "sales"])
def test_a_file_of_another_inquiry_cannot_ride_on_my_id(
    api, as_user, request, my_inquiry, their_inquiry, how
):
    theirs = their_inquiry.attachments.get()
    url = reverse("v1:leads:inquiry-attachment", args=[my_inquiry.pk, theirs.pk])
    params = {}
    if how == "token":
        params = {"token": inquiry_access_token(my_inquiry)}
    else:
        api = as_user(request.getfixturevalue("client_user" if how == "owner" else "sales_user"))
    assert api.get(url, params).status_code == 404
