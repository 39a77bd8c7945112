"""The admin portal's inquiry pages: the inbox, a phone call logged by staff,
one inquiry with its thread and actions, its attachments. Who may open
what, how many queries, and the workflow through real POSTs (every change
goes through apps.leads.services)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from apps.admin_portal.tests import inquiry_fixtures as fx
from apps.admin_portal.tests.inquiry_fixtures import NOW, make_inquiry
from apps.core.models import AuditLog
from apps.leads import links
from apps.leads.models import (
    FollowUp,
    Inquiry,
    InquiryResponse,
    InquirySource,
    InquiryStatus,
    ResponseKind,
)
from apps.leads.services import (
    add_follow_up,
    add_internal_note,
    client_reply,
    create_quotation,
    reply_to_inquiry,
)
from apps.leads.tests import conftest as leads_fixtures
from apps.leads.tests.conftest import LINES, image_bytes, pdf_bytes, upload
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db

# The area's fixtures (kept out of the shared conftest).
inquiry = fx.inquiry
no_perm_staff = fx.no_perm_staff
other_sales = fx.other_sales
lead_client = leads_fixtures.lead_client


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def _detail(inquiry) -> str:
    return reverse("admin_portal:inquiry-detail", args=[inquiry.reference])


def _action(name, inquiry) -> str:
    return reverse(f"admin_portal:{name}", args=[inquiry.reference])


# --- who may open what -------------------------------------------------------------


def _pages(inquiry):
    photo = inquiry.attachments.get(kind="image")
    return {
        "inbox": reverse("admin_portal:inquiries"),
        "new": reverse("admin_portal:inquiry-new"),
        "detail": _detail(inquiry),
        "file": reverse("admin_portal:inquiry-attachment", args=[inquiry.reference, photo.pk]),
        "lost": _action("inquiry-status", inquiry),
    }


@pytest.mark.parametrize("page", ["inbox", "new", "detail", "file", "lost"])
def test_anonymous_is_sent_to_sign_in(client, inquiry, page):
    response = client.get(_pages(inquiry)[page])
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize("page", ["inbox", "new", "detail", "file", "lost"])
@pytest.mark.parametrize("who", ["client_user", "editor_user", "no_perm_staff"])
def test_clients_and_staff_without_the_permission_are_refused(client, request, inquiry, page, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_pages(inquiry)[page]).status_code == 403


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("sales_user", {"inbox": 200, "new": 200, "detail": 200, "file": 200, "lost": 200}),
        ("admin_user", {"inbox": 200, "new": 200, "detail": 200, "file": 200, "lost": 200}),
        # Technicians have no inquiries inbox (issue 11): their visits carry the request.
        ("technician_user", {"inbox": 403, "new": 403, "detail": 403, "file": 403, "lost": 403}),
    ],
)
def test_staff_roles(client, request, inquiry, who, expected):
    client.force_login(request.getfixturevalue(who))
    got = {page: client.get(url).status_code for page, url in _pages(inquiry).items()}
    assert got == expected


def test_technician_cannot_act_on_inquiries(client, technician_user, inquiry):
    client.force_login(technician_user)
    assert client.get(_detail(inquiry)).status_code == 403
    posts = {
        "inquiry-reply": {"reply-body": "Hello"},
        "inquiry-note": {"note-body": "Hmm"},
        "inquiry-status": {"status-status": InquiryStatus.IN_PROGRESS},
        "inquiry-assign": {"take": "1"},
        "inquiry-follow-up": {"follow-note": "Call"},
    }
    for name, data in posts.items():
        assert client.post(_action(name, inquiry), data).status_code == 403, name
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW
    assert not inquiry.responses.exists()


def test_sidebar_leads_to_the_inbox_not_a_placeholder(client, sales_user, technician_user):
    client.force_login(sales_user)
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    assert 'data-nav="inquiries"' in html and 'data-nav="follow-ups"' in html
    assert resolve("/admin/inquiries/").url_name == "inquiries"
    client.force_login(technician_user)
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    assert 'data-nav="inquiries"' not in html  # no view_inquiry (issue 11)
    assert 'data-nav="follow-ups"' not in html  # no view_followup


def test_links_in_e_mails_open_these_pages(inquiry):
    assert resolve(links.ADMIN_INQUIRY_PATH.format(reference=inquiry.reference)).url_name == (
        "inquiry-detail"
    )
    assert reverse("admin_portal:follow-ups") == links.ADMIN_FOLLOW_UPS_PATH


# --- the inbox ------------------------------------------------------------------------


def test_inbox_query_count_does_not_grow(client, sales_user, frozen_now, service):
    make_inquiry(0, assignee=sales_user, service=service)
    client.force_login(sales_user)
    url = reverse("admin_portal:inquiries")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 50):
        make_inquiry(n, assignee=sales_user if n % 2 else None, service=service)
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 50
    # session, user, permissions (groups), company settings, the assignee
    # filter's Sales team and services, the new-inquiry counts (one
    # aggregate), count, the page of inquiries (client, service, assignee
    # joined, attachments counted): the same for 1 or 50.
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


def test_inbox_rows_show_what_staff_need(client, sales_user, frozen_now, service):
    make_inquiry(1, assignee=sales_user, service=service, subject="Cold room quote")
    make_inquiry(2, status=InquiryStatus.QUOTED)
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:inquiries"))
    html = response.content.decode()
    # A table for wide screens and cards for phones, both linking to the inquiry.
    assert 'data-testid="inquiries-table"' in html and 'data-testid="inquiry-cards"' in html
    assert html.count(reverse("admin_portal:inquiry-detail", args=["INQ-T0001"])) == 2
    assert "Split AC installation" in html and "Cold room quote" in html
    assert "Quote request form" in html and "Unassigned" in html
    assert ">Quoted<" in html and ">New<" in html


def test_inbox_filters_and_searches(client, sales_user, other_sales, frozen_now, service):
    make_inquiry(1, assignee=sales_user, service=service)
    make_inquiry(2, assignee=other_sales, status=InquiryStatus.IN_PROGRESS)
    make_inquiry(3, source=InquirySource.PHONE, message="Fridge room is too warm")
    make_inquiry(4, status=InquiryStatus.LOST, assignee=sales_user)
    Inquiry.objects.filter(reference="INQ-T0004").update(created_at=NOW - dt.timedelta(days=10))
    client.force_login(sales_user)
    url = reverse("admin_portal:inquiries")

    def refs(**params):
        response = client.get(url, params)
        assert response.status_code == 200
        return sorted(i.reference for i in response.context["page"].object_list)

    assert refs() == ["INQ-T0001", "INQ-T0002", "INQ-T0003", "INQ-T0004"]
    assert refs(status=["new", "lost"]) == ["INQ-T0001", "INQ-T0003", "INQ-T0004"]
    assert refs(assignee="mine") == ["INQ-T0001", "INQ-T0004"]
    assert refs(assignee="unassigned") == ["INQ-T0003"]
    assert refs(assignee="mine-unassigned") == ["INQ-T0001", "INQ-T0003", "INQ-T0004"]
    assert refs(assignee=str(other_sales.pk)) == ["INQ-T0002"]
    assert refs(service=str(service.pk)) == ["INQ-T0001"]
    assert refs(source="phone") == ["INQ-T0003"]
    assert refs(date_to="2026-02-25") == ["INQ-T0004"]
    assert refs(date_from="2026-03-01", date_to="2026-03-02") == [
        "INQ-T0001",
        "INQ-T0002",
        "INQ-T0003",
    ]
    # Search: reference, name, e-mail, phone (typed the local way), message.
    assert refs(q="t0002") == ["INQ-T0002"]
    assert refs(q="Client 3") == ["INQ-T0003"]
    assert refs(q="client4@example") == ["INQ-T0004"]
    assert refs(q="0700 000 001") == ["INQ-T0001"]
    assert refs(q="too warm") == ["INQ-T0003"]
    assert refs(q="nothing like this") == []


def test_inbox_bad_filters_show_everything_and_say_why(client, sales_user, frozen_now):
    make_inquiry(1)
    client.force_login(sales_user)
    url = reverse("admin_portal:inquiries")
    response = client.get(url, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert response.status_code == 200
    assert "The end date is before the start date." in response.content.decode()
    for params in ({"date_from": "yesterday"}, {"status": "bogus"}, {"assignee": "nobody"}):
        response = client.get(url, params)
        assert response.status_code == 200, params
        assert len(response.context["page"].object_list) == 1


def test_inbox_sorts_and_paginates(client, sales_user, frozen_now):
    for n in range(30):
        made = make_inquiry(n)
        Inquiry.objects.filter(pk=made.pk).update(
            created_at=NOW - dt.timedelta(hours=n),
            last_activity_at=NOW - dt.timedelta(hours=30 - n),
        )
    client.force_login(sales_user)
    url = reverse("admin_portal:inquiries")
    first = client.get(url).context["page"]
    assert first.object_list[0].reference == "INQ-T0000"  # newest first
    assert first.paginator.num_pages == 2
    second = client.get(url, {"page": 2}).context["page"]
    assert list(second.object_list)[-1].reference == "INQ-T0029"
    assert client.get(url, {"sort": "received"}).context["page"].object_list[0].reference == (
        "INQ-T0029"
    )
    assert client.get(url, {"sort": "-activity"}).context["page"].object_list[0].reference == (
        "INQ-T0029"
    )
    html = client.get(url, {"status": "new", "page": 2}).content.decode()
    assert "page=1" in html and "status=new" in html  # the filters survive paging


def test_inbox_counts_new_inquiries(client, sales_user, frozen_now):
    make_inquiry(1, assignee=sales_user)
    make_inquiry(2)
    make_inquiry(3)
    make_inquiry(4, assignee=sales_user, status=InquiryStatus.IN_PROGRESS)
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:inquiries"))
    counts = response.context["counts"]
    assert (counts["new_total"], counts["new_mine"], counts["new_unassigned"]) == (3, 1, 2)
    assert counts["open_mine"] == 2
    assert "2 new" in response.content.decode()


def test_inbox_of_one_client(client, sales_user, frozen_now):
    one = make_inquiry(1)
    make_inquiry(2)
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:inquiries"), {"client": str(one.client_id)})
    assert [i.reference for i in response.context["page"].object_list] == ["INQ-T0001"]
    assert "Showing the inquiries of Client 1." in response.content.decode()


# --- a phone call logged by staff --------------------------------------------------------


def _new(**overrides):
    data = {
        "source": InquirySource.PHONE,
        "name": "Joseph Mutua",
        "phone": "0722 555 111",
        "email": "",
        "service": "",
        "subject": "Server room",
        "message": "The server room AC trips every afternoon.",
        "site_address": "Upper Hill, Nairobi",
        "assignee": "",
    }
    data.update(overrides)
    return data


def test_new_inquiry_from_a_phone_call(client, sales_user, frozen_now, service):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:inquiry-new"),
        _new(
            service=str(service.pk),
            attachments=[
                upload("unit.jpg", image_bytes("JPEG"), "image/jpeg"),
                upload("quote-from-before.pdf", pdf_bytes(), "application/pdf"),
            ],
        ),
    )
    inquiry = Inquiry.objects.get()
    assert response.status_code == 302
    assert response["Location"] == _detail(inquiry)
    assert inquiry.source == InquirySource.PHONE
    assert inquiry.contact_phone == "+254722555111"
    assert inquiry.client.name == "Joseph Mutua"
    assert inquiry.service == service
    assert inquiry.created_by == sales_user
    assert inquiry.assignee == sales_user  # routed (the only salesperson)
    assert sorted(a.original_name for a in inquiry.attachments.all()) == [
        "quote-from-before.pdf",
        "unit.jpg",
    ]
    assert f"{inquiry.reference} is logged and assigned to" in _messages(response)[0]
    assert AuditLog.objects.filter(action="inquiry.created", actor=sales_user).exists()


def test_new_inquiry_for_a_client_picked_from_the_records(
    client, sales_user, other_sales, frozen_now, lead_client
):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:inquiry-new"),
        _new(
            source=InquirySource.EMAIL,
            client=str(lead_client.pk),
            name="",
            phone="",
            assignee=str(other_sales.pk),
        ),
    )
    assert response.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.client == lead_client
    assert inquiry.contact_name == "Hassan Ali"
    assert inquiry.contact_email == "hassan@nyalifresh.example"
    assert inquiry.assignee == other_sales
    assert inquiry.source == InquirySource.EMAIL


def test_finding_a_client_without_javascript_keeps_what_was_typed(
    client, sales_user, frozen_now, lead_client
):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:inquiry-new"),
        _new(client_q="nyali", find_client="1", message="Cold room door seal is torn."),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert not Inquiry.objects.exists()
    assert f'value="{lead_client.pk}"' in html and "Nyali Fresh Produce" in html
    assert "Cold room door seal is torn." in html
    assert 'class="field-error"' not in html
    # Picked: the page comes back with the client chosen.
    response = client.get(reverse("admin_portal:inquiry-new"), {"client": str(lead_client.pk)})
    assert 'data-testid="picked-client"' in response.content.decode()


def test_client_search_partial(client, sales_user, lead_client):
    client.force_login(sales_user)
    url = reverse("admin_portal:inquiry-client-search")
    html = client.get(url, {"client_q": "hassan"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Hassan Ali" in html and f'value="{lead_client.pk}"' in html
    assert "No client matches" in client.get(url, {"client_q": "zzz"}).content.decode()
    assert client.get(url, {"client_q": "h"}).content.decode().strip() == ""


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"message": ""}, "message", "Write down what the customer needs."),
        ({"name": ""}, "name", "Give the customer&#x27;s name, or pick a client."),
        ({"phone": "", "email": ""}, "phone", "Give a phone number or an e-mail address."),
        ({"phone": "12"}, "phone", "Enter a valid phone number"),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
    ],
)
def test_new_inquiry_bad_input_is_named_and_kept(
    client, sales_user, frozen_now, overrides, field, message
):
    client.force_login(sales_user)
    response = client.post(reverse("admin_portal:inquiry-new"), _new(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'id="id_{field}_error"' in html
    assert "Upper Hill, Nairobi" in html  # what was typed is still there
    assert not Inquiry.objects.exists()


@pytest.mark.parametrize(
    ("files", "message"),
    [
        (
            [upload("photo.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg")],
            "photo.jpg",
        ),
        (
            [upload("drawing.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "image/svg+xml")],
            "drawing.svg",
        ),
        ([upload("plan.pdf", image_bytes(), "application/pdf")], "is not a valid PDF"),
    ],
)
def test_disguised_attachments_are_refused_on_the_field(
    client, sales_user, frozen_now, files, message
):
    client.force_login(sales_user)
    response = client.post(reverse("admin_portal:inquiry-new"), _new(attachments=files))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_attachments_error"' in html and message in html
    assert "The server room AC trips every afternoon." in html
    assert not Inquiry.objects.exists()


def test_a_bad_file_is_named_with_the_other_mistakes(client, sales_user, frozen_now):
    client.force_login(sales_user)
    bad = upload("photo.jpg", b"<html>not a photo</html>", "image/jpeg")
    response = client.post(reverse("admin_portal:inquiry-new"), _new(message="", attachments=[bad]))
    html = response.content.decode()
    assert response.status_code == 400
    assert 'id="id_message_error"' in html and 'id="id_attachments_error"' in html
    assert "choose them again" in html


def test_oversized_and_too_many_attachments_are_refused(client, sales_user, frozen_now, settings):
    client.force_login(sales_user)
    settings.INQUIRY_MAX_ATTACHMENT_BYTES = 1024
    big = upload("big.png", b"x" * 2048, "image/png")
    response = client.post(reverse("admin_portal:inquiry-new"), _new(attachments=[big]))
    assert response.status_code == 400
    assert "the limit is" in response.content.decode()
    settings.INQUIRY_MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
    many = [upload(f"p{n}.png", image_bytes(), "image/png") for n in range(6)]
    response = client.post(reverse("admin_portal:inquiry-new"), _new(attachments=many))
    assert response.status_code == 400
    assert "Attach at most 5 files" in response.content.decode()
    assert not Inquiry.objects.exists()


# --- one inquiry ------------------------------------------------------------------------


def test_detail_shows_the_request_thread_and_files(client, sales_user, inquiry):
    reply_to_inquiry(inquiry=inquiry, body="We can visit on Thursday.", actor=sales_user)
    add_internal_note(inquiry=inquiry, body="Ask about the generator.", actor=sales_user)
    client_reply(inquiry=inquiry, body="Thursday is fine.")
    client.force_login(sales_user)
    response = client.get(_detail(inquiry))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Two rooms need split units before the conference season." in html
    assert "Milimani, Kisumu" in html and "Hotel rooms" in html
    # The thread, each kind marked; internal notes say the client never sees them.
    assert html.index("We can visit on Thursday.") < html.index("Thursday is fine.")
    assert 'data-kind="internal_note"' in html
    assert "Internal — the client never sees this" in html
    assert "From the client" in html and "Reply to the client" in html
    # Attachments through the staff view: the photo as a thumbnail, the PDF as a download.
    photo = inquiry.attachments.get(kind="image")
    pdf = inquiry.attachments.get(kind="pdf")
    photo_url = reverse("admin_portal:inquiry-attachment", args=[inquiry.reference, photo.pk])
    pdf_url = reverse("admin_portal:inquiry-attachment", args=[inquiry.reference, pdf.pk])
    assert f'<img src="{photo_url}"' in html
    assert f'href="{pdf_url}"' in html and f'<img src="{pdf_url}"' not in html
    # Activity from the audit log.
    assert "Inquiry received" in html and "Reply sent to the client" in html
    assert "Internal note added" in html


def test_detail_by_id_or_lower_case_reference_redirects(client, sales_user, inquiry):
    client.force_login(sales_user)
    for key in (str(inquiry.pk), inquiry.reference.lower()):
        response = client.get(reverse("admin_portal:inquiry-detail", args=[key]))
        assert response.status_code == 302
        assert response["Location"] == _detail(inquiry)
    for key in ("INQ-NOPE1", "00000000-0000-0000-0000-000000000000"):
        assert client.get(reverse("admin_portal:inquiry-detail", args=[key])).status_code == 404


def test_client_card_links_to_the_client(client, sales_user, inquiry):
    client.force_login(sales_user)
    html = client.get(_detail(inquiry)).content.decode()
    url = reverse("admin_portal:client-detail", args=[inquiry.client_id])
    assert f'href="{url}" data-testid="client-link"' in html
    assert f"?client={inquiry.client_id}" in html  # the client's other inquiries


def test_detail_lists_quotations_and_offers_a_new_one(client, sales_user, inquiry):
    quotation = create_quotation(
        client=inquiry.client, inquiry=inquiry, lines=[dict(x) for x in LINES], actor=sales_user
    )
    client.force_login(sales_user)
    response = client.get(_detail(inquiry))
    html = response.content.decode()
    assert quotation.number in html and ">Draft<" in html
    assert "Quotation drafted" in html  # its audit entry is in the activity
    rows = response.context["quotations"]
    assert rows[0]["quotation"] == quotation
    assert rows[0]["url"] == reverse("admin_portal:quotation-detail", args=[quotation.pk])
    # "Create quotation" leads to the builder, prefilled from the inquiry.
    assert 'data-testid="create-quotation"' in html
    assert response.context["quote_url"] == (
        f"{reverse('admin_portal:quotation-new')}?inquiry={inquiry.pk}"
    )


def test_reply_is_sent_and_takes_the_inquiry_up(client, sales_user, inquiry):
    client.force_login(sales_user)
    response = client.post(
        _action("inquiry-reply", inquiry), {"reply-body": "Our engineer can survey on Thursday."}
    )
    assert response.status_code == 302
    assert response["Location"] == _detail(inquiry) + "#thread"
    assert _messages(response) == ["Reply sent to grace@lakeview.example."]
    reply = InquiryResponse.objects.get(inquiry=inquiry)
    assert reply.kind == ResponseKind.STAFF_REPLY and reply.author == sales_user
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_PROGRESS
    assert Notification.objects.filter(
        template_key="inquiry_reply", to_address="grace@lakeview.example"
    ).exists()


def test_empty_reply_is_refused_on_the_field(client, sales_user, inquiry):
    client.force_login(sales_user)
    response = client.post(_action("inquiry-reply", inquiry), {"reply-body": "   "})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Write a reply before sending it." in html and 'id="id_reply-body_error"' in html
    assert not InquiryResponse.objects.exists()


def test_internal_note_is_never_e_mailed(client, sales_user, inquiry):
    client.force_login(sales_user)
    before = Notification.objects.count()
    response = client.post(
        _action("inquiry-note", inquiry), {"note-body": "Budget is tight; offer the 12k BTU."}
    )
    assert response.status_code == 302
    note = InquiryResponse.objects.get(inquiry=inquiry)
    assert note.kind == ResponseKind.INTERNAL_NOTE
    assert Notification.objects.count() == before
    response = client.post(_action("inquiry-note", inquiry), {"note-body": ""})
    assert response.status_code == 400
    assert "Write the note first." in response.content.decode()


def test_status_moves_along_the_allowed_transitions(client, sales_user, inquiry):
    client.force_login(sales_user)
    url = _action("inquiry-status", inquiry)
    html = client.get(_detail(inquiry)).content.decode()
    assert "Mark in progress" in html and "Mark quoted" in html and "Mark won" not in html
    response = client.post(url, {"status-status": InquiryStatus.QUOTED})
    assert response.status_code == 302
    assert _messages(response) == [f"{inquiry.reference} is now quoted."]
    response = client.post(url, {"status-status": InquiryStatus.WON})
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.WON and inquiry.won_at is not None
    # Won is final: another change is refused with the service's message.
    response = client.post(url, {"status-status": InquiryStatus.IN_PROGRESS}, follow=True)
    assert "An inquiry cannot go from Won to In progress." in response.content.decode()
    assert "nothing more to do" in response.content.decode()
    # Nonsense is refused too, without a 500.
    assert client.post(url, {"status-status": "bogus"}).status_code == 302


def test_lost_needs_a_reason(client, sales_user, inquiry):
    client.force_login(sales_user)
    url = _action("inquiry-status", inquiry)
    response = client.post(url, {"lost-status": "lost", "lost-reason": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Say why the inquiry was lost." in html and 'id="id_lost-reason_error"' in html
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.NEW
    # Without a reason through the plain status button too: the service says no.
    response = client.post(url, {"status-status": "lost"}, follow=True)
    assert "Say why the inquiry was lost." in response.content.decode()
    response = client.post(url, {"lost-status": "lost", "lost-reason": "Went with a competitor"})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.LOST
    assert inquiry.lost_reason == "Went with a competitor"
    assert "Went with a competitor" in client.get(_detail(inquiry)).content.decode()


def test_assign_take_and_release(client, sales_user, other_sales, inquiry):
    client.force_login(sales_user)
    url = _action("inquiry-assign", inquiry)
    response = client.post(url, {"assign-assignee": str(other_sales.pk)})
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.assignee == other_sales
    assert Notification.objects.filter(
        template_key="inquiry_assigned", to_address=other_sales.email
    ).exists()
    assert "Take it" in client.get(_detail(inquiry)).content.decode()
    client.post(url, {"take": "1"})
    inquiry.refresh_from_db()
    assert inquiry.assignee == sales_user
    response = client.post(url, {"assign-assignee": ""})
    inquiry.refresh_from_db()
    assert inquiry.assignee is None
    assert _messages(response)[-1] == f"{inquiry.reference} is back in the shared inbox."
    assert AuditLog.objects.filter(action="inquiry.assigned").count() == 3


def test_assign_to_someone_outside_the_team_is_refused(
    client, sales_user, inquiry, technician_user
):
    client.force_login(sales_user)
    response = client.post(
        _action("inquiry-assign", inquiry), {"assign-assignee": str(technician_user.pk)}
    )
    assert response.status_code == 400
    assert 'id="id_assign-assignee_error"' in response.content.decode()


def test_follow_up_is_added_and_completed(client, sales_user, other_sales, inquiry):
    client.force_login(sales_user)
    response = client.post(
        _action("inquiry-follow-up", inquiry),
        {
            "follow-note": "Call Grace about the survey date",
            "follow-due_date": "2026-03-03",
            "follow-due_time": "10:30",
            "follow-owner": str(other_sales.pk),
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#follow-ups")
    follow_up = FollowUp.objects.get()
    assert follow_up.inquiry == inquiry and follow_up.owner == other_sales
    assert follow_up.due_at == dt.datetime(2026, 3, 3, 10, 30, tzinfo=NOW.tzinfo)
    assert "Call Grace about the survey date" in client.get(_detail(inquiry)).content.decode()
    response = client.post(
        reverse("admin_portal:follow-up-complete", args=[follow_up.pk]),
        {"next": _detail(inquiry) + "#follow-ups"},
    )
    assert response["Location"] == _detail(inquiry) + "#follow-ups"
    follow_up.refresh_from_db()
    assert follow_up.done_at is not None
    html = client.get(_detail(inquiry)).content.decode()
    assert "Follow-up done" in html and "1 done" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        (
            {"follow-due_date": "2026-03-01", "follow-due_time": "10:00"},
            "follow-due_date",
            "That time has passed; choose a later one.",
        ),
        ({"follow-note": ""}, "follow-note", "Say what needs doing."),
        ({"follow-due_time": "25:00"}, "follow-due_time", "Enter a valid time."),
        ({"follow-owner": "not-a-person"}, "follow-owner", "is not a valid UUID"),
    ],
)
def test_follow_up_bad_input(client, sales_user, inquiry, data, field, message):
    client.force_login(sales_user)
    values = {
        "follow-note": "Call back with prices",
        "follow-due_date": "2026-03-04",
        "follow-due_time": "09:00",
        "follow-owner": str(sales_user.pk),
        **data,
    }
    response = client.post(_action("inquiry-follow-up", inquiry), values)
    html = response.content.decode()
    assert response.status_code == 400
    assert message in html and f'id="id_{field}_error"' in html
    if field != "follow-note":
        assert "Call back with prices" in html
    assert not FollowUp.objects.exists()


def test_actions_answer_get_with_the_inquiry(client, sales_user, inquiry):
    client.force_login(sales_user)
    for name in ("inquiry-reply", "inquiry-note", "inquiry-assign", "inquiry-follow-up"):
        response = client.get(_action(name, inquiry))
        assert response.status_code == 302 and response["Location"] == _detail(inquiry)
    # The status address without JavaScript: the "lost" page with its form.
    html = client.get(_action("inquiry-status", inquiry)).content.decode()
    assert 'data-testid="lost-form"' in html


def test_detail_query_count_is_constant(client, sales_user, other_sales, inquiry):
    client.force_login(sales_user)
    url = _detail(inquiry)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # More replies, notes, files, follow-ups, quotations and history.
    for n in range(4):
        reply_to_inquiry(inquiry=inquiry, body=f"Reply {n}", actor=sales_user)
        add_internal_note(inquiry=inquiry, body=f"Note {n}", actor=sales_user)
        add_follow_up(
            owner=other_sales,
            due_at=NOW + dt.timedelta(days=n + 1),
            note=f"Step {n}",
            inquiry=inquiry,
            actor=sales_user,
        )
        create_quotation(
            client=inquiry.client, inquiry=inquiry, lines=[dict(LINES[0])], actor=sales_user
        )
    client_reply(
        inquiry=inquiry,
        body="Photos of the other room",
        attachments=[upload("second.png", image_bytes(), "image/png")],
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["thread"]) == 9
    assert len(response.context["quotations"]) == 4
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


# --- attachments --------------------------------------------------------------------------


def test_attachment_headers(client, sales_user, inquiry):
    client.force_login(sales_user)
    photo = inquiry.attachments.get(kind="image")
    pdf = inquiry.attachments.get(kind="pdf")
    response = client.get(
        reverse("admin_portal:inquiry-attachment", args=[inquiry.reference, photo.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    response = client.get(
        reverse("admin_portal:inquiry-attachment", args=[inquiry.reference, pdf.pk])
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert 'filename="floor-plan.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_attachment_of_another_inquiry_is_not_found(client, sales_user, inquiry, frozen_now):
    other = make_inquiry(9)
    photo = inquiry.attachments.get(kind="image")
    client.force_login(sales_user)
    url = reverse("admin_portal:inquiry-attachment", args=[other.reference, photo.pk])
    assert client.get(url).status_code == 404
    by_id = reverse("admin_portal:inquiry-attachment", args=[str(inquiry.pk), photo.pk])
    assert client.get(by_id).status_code == 200
