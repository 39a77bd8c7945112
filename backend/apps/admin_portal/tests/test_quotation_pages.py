"""The admin portal's quotation list and detail pages and their actions:
who may open them, what they show, how many queries they take, and the
state rules of send / resend / revise / expire / retry PDF through real POSTs
(every change goes through apps.leads.services)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.billing.models import Invoice, InvoiceStatus
from apps.core.models import AuditLog
from apps.leads.models import Client, PdfStatus, Quotation, QuotationStatus
from apps.leads.services import accept_quotation, reject_quotation, revise_quotation
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db

LIST = "/admin/quotations/"


@pytest.fixture
def staff(client, sales_user, frozen_now):
    client.force_login(sales_user)
    return client


def _messages(response) -> list[str]:
    """The messages this response added (earlier ones wait in the session
    when a test does not follow its redirects)."""
    return [str(m) for m in get_messages(response.wsgi_request)][-1:]


def _later(minutes: int):
    return time_machine.travel(timezone.now() + dt.timedelta(minutes=minutes), tick=False)


def page_urls(q: Quotation) -> list[str]:
    pk = q.pk
    return [
        LIST,
        reverse("admin_portal:quotation-new"),
        reverse("admin_portal:quotation-detail", args=[pk]),
        reverse("admin_portal:quotation-edit", args=[pk]),
        reverse("admin_portal:quotation-pdf", args=[pk]),
        reverse("admin_portal:quotation-pdf-status", args=[pk]),
        reverse("admin_portal:quotation-catalog"),
        reverse("admin_portal:quotation-clients"),
        reverse("admin_portal:quotation-send", args=[pk]),
        reverse("admin_portal:quotation-resend", args=[pk]),
        reverse("admin_portal:quotation-revise", args=[pk]),
        reverse("admin_portal:quotation-expire", args=[pk]),
        reverse("admin_portal:quotation-retry-pdf", args=[pk]),
    ]


POST_ONLY = ["admin_portal:quotation-totals"]


# --- who may open them -----------------------------------------------------------------


def test_anonymous_is_sent_to_sign_in_everywhere(client, make_quotation):
    q = make_quotation()
    for url in [*page_urls(q), *map(reverse, POST_ONLY)]:
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/accounts/login/"), url


@pytest.mark.parametrize("who", ["client_user", "editor_user", "technician_user"])
def test_clients_editors_and_technicians_get_403_everywhere(client, make_quotation, request, who):
    q = make_quotation()
    client.force_login(request.getfixturevalue(who))
    for url in page_urls(q):
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    assert client.post(reverse("admin_portal:quotation-totals")).status_code == 403
    q.refresh_from_db()
    assert q.status == QuotationStatus.DRAFT


def test_sidebar_leads_to_the_quotations_list(staff):
    html = staff.get(reverse("admin_portal:dashboard")).content.decode()
    assert 'data-nav="quotations"' in html and f'href="{LIST}"' in html


def test_view_only_staff_see_no_actions(client, sent_quotation):
    from apps.users import roles
    from tests.factories import StaffUserFactory

    viewer = StaffUserFactory(email="viewer@coollight.test", groups=[roles.TECHNICIAN])
    from django.contrib.auth.models import Permission

    viewer.user_permissions.add(Permission.objects.get(codename="view_quotation"))
    client.force_login(viewer)
    response = client.get(reverse("admin_portal:quotation-detail", args=[sent_quotation.pk]))
    assert response.status_code == 200
    assert not any(response.context[k] for k in ("can_send", "can_revise", "can_expire"))
    assert (
        client.post(reverse("admin_portal:quotation-expire", args=[sent_quotation.pk])).status_code
        == 403
    )
    assert client.get(reverse("admin_portal:quotation-new")).status_code == 403


# --- the list -----------------------------------------------------------------------------


def test_list_shows_current_versions_with_kpis(staff, sent_quotation, make_quotation, sales_user):
    draft = make_quotation(title="Office")
    new = revise_quotation(quotation=sent_quotation, actor=sales_user)
    response = staff.get(LIST)
    assert response.status_code == 200
    shown = {q.pk for q in response.context["page"].object_list}
    assert shown == {draft.pk, new.pk}  # the replaced v1 is left out
    html = response.content.decode()
    assert f"{new.number} v2" in html
    response = staff.get(LIST, {"all_versions": "on"})
    assert {q.pk for q in response.context["page"].object_list} == {
        draft.pk,
        new.pk,
        sent_quotation.pk,
    }


def test_kpis(staff, make_quotation, send, sales_user, lead_client):
    open_one = send(make_quotation())
    won = send(make_quotation())
    lost = send(make_quotation())
    accept_quotation(quotation=won, signer_name="Hassan Ali")
    reject_quotation(quotation=lost, reason_code="price")
    kpis = staff.get(LIST).context["kpis"]
    assert kpis.open_count == 1 and kpis.open_value == open_one.total
    won.refresh_from_db()
    assert kpis.accepted_month_count == 1 and kpis.accepted_month_value == won.total
    assert kpis.decided_count == 2 and kpis.accepted_rate == 50
    assert "50 %" in staff.get(LIST).content.decode()


def test_list_filters(staff, make_quotation, send, sales_user, admin_user, book):
    other = Client.objects.create(name="Zawadi Mutua", email="zawadi@example.co.ke")
    booking = book()
    a = make_quotation(title="Cold room")
    b = send(make_quotation(client=other, owner=admin_user))
    c = make_quotation(client=booking.client, booking=booking)

    def shown(**params):
        response = staff.get(LIST, params)
        assert response.status_code == 200
        return {q.pk for q in response.context["page"].object_list}

    assert shown(status="sent") == {b.pk}
    assert shown(status=["draft", "sent"]) == {a.pk, b.pk, c.pk}
    assert shown(q="zawadi") == {b.pk}
    assert shown(q=a.number) == {a.pk}
    assert shown(q="cold room") == {a.pk}
    assert shown(owner=str(admin_user.pk)) == {b.pk}
    assert shown(client=str(other.pk)) == {b.pk}
    assert shown(booking=str(booking.pk)) == {c.pk}
    assert shown(date_from="2026-03-02", date_to="2026-03-02") == {a.pk, b.pk, c.pk}
    assert shown(date_from="2026-03-03") == set()
    assert shown(expiring="on") == set()  # valid 30 days
    Quotation.objects.filter(pk=b.pk).update(valid_until=dt.date(2026, 3, 6))
    assert shown(expiring="on") == {b.pk}
    # Nonsense is ignored, not a 500.
    assert shown(booking="nonsense", date_from="yesterday", sort="drop") == {a.pk, b.pk, c.pk}


def test_list_search_by_inquiry_reference(staff, make_quotation, service):
    from apps.leads.services import create_inquiry

    inquiry = create_inquiry(name="Hassan Ali", email="hassan@nyalifresh.example", message="Hi")
    q = make_quotation(inquiry=inquiry)
    make_quotation()
    response = staff.get(LIST, {"q": inquiry.reference.lower()})
    assert [x.pk for x in response.context["page"].object_list] == [q.pk]


def test_list_from_a_booking_offers_the_builder(staff, book):
    booking = book()
    response = staff.get(LIST, {"booking": str(booking.pk)})
    html = response.content.decode()
    assert response.status_code == 200
    assert booking.reference in html
    assert f"/admin/quotations/new/?booking={booking.pk}" in html


def test_list_sorts_and_paginates(staff, make_quotation):
    made = [
        make_quotation(lines=[{"description": "x", "unit_price": str(n + 1)}]) for n in range(27)
    ]
    response = staff.get(LIST, {"sort": "-total"})
    page = response.context["page"]
    assert page.paginator.count == 27 and len(page.object_list) == 25
    assert page.object_list[0].pk == made[-1].pk
    response = staff.get(LIST, {"sort": "total", "page": "2"})
    assert [q.pk for q in response.context["page"].object_list] == [made[-2].pk, made[-1].pk]
    assert staff.get(LIST, {"page": "99"}).status_code == 200


def test_list_query_count_does_not_grow(staff, make_quotation, sent_quotation):
    staff.get(LIST)
    with CaptureQueriesContext(connection) as one:
        assert staff.get(LIST).status_code == 200
    for _n in range(49):
        make_quotation()
    with CaptureQueriesContext(connection) as fifty:
        response = staff.get(LIST)
    assert response.context["page"].paginator.count == 50
    # session, user, permissions, company settings, the salespeople for the
    # filter, the KPI aggregate, count, the page (client, inquiry, owner,
    # site and replacing version joined): the same for 1 or 50.
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


# --- the detail ----------------------------------------------------------------------------


def test_draft_detail(staff, make_quotation):
    q = make_quotation(title="Cold room")
    response = staff.get(reverse("admin_portal:quotation-detail", args=[q.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["can_edit"] and response.context["can_send"]
    assert not response.context["can_revise"] and not response.context["can_resend"]
    assert reverse("admin_portal:quotation-edit", args=[q.pk]) in html
    assert reverse("admin_portal:quotation-pdf", args=[q.pk]) in html  # preview
    # The send confirmation names the recipient.
    assert "hassan@nyalifresh.example" in html
    assert "Annual maintenance plan" in html  # optional item
    assert "VAT 16 % on" in html
    assert "Draft created" in html


def test_sent_detail(staff, sent_quotation):
    response = staff.get(reverse("admin_portal:quotation-detail", args=[sent_quotation.pk]))
    html = response.content.decode()
    ctx = response.context
    assert ctx["can_revise"] and ctx["can_expire"]
    assert not ctx["can_edit"] and not ctx["can_send"]
    assert ctx["can_resend"]
    assert sent_quotation.pdf_sha256 in html
    assert "/quotes/" in ctx["public_url"] and ctx["public_url"] in html
    assert "quotation_sent" in html  # messages sent
    assert (
        reverse("notifications_admin:notification-detail", args=[Notification.objects.get().pk])
        in html
    )
    assert "Sent" in html and "To hassan@nyalifresh.example" in html  # activity


def test_accepted_detail_shows_signature_choices_and_invoice(staff, sent_quotation):
    optional = sent_quotation.lines.get(is_optional=True)
    accept_quotation(
        quotation=sent_quotation,
        signer_name="Hassan Ali",
        chosen_optional_line_ids=[optional.pk],
        ip="196.201.214.10",
        user_agent="Mozilla/5.0 (Linux; Android 14)",
    )
    response = staff.get(reverse("admin_portal:quotation-detail", args=[sent_quotation.pk]))
    html = response.content.decode()
    invoice = Invoice.objects.get()
    assert response.context["invoice"] == invoice
    assert invoice.number in html
    assert "Hassan Ali" in html and "196.201.214.10" in html and "Android 14" in html
    assert "Chosen" in html
    assert not any(response.context[k] for k in ("can_revise", "can_expire", "can_resend"))
    assert "Accepted: the quotation is locked." in html


def test_accepted_detail_shows_no_void_invoice(staff, sent_quotation):
    """A void invoice is not the quotation's invoice: the page reads the same
    selector as the accept (``invoice_for_quotation``), so it does not show
    one that the accept would ignore."""
    accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")
    invoice = Invoice.objects.get()
    Invoice.objects.filter(pk=invoice.pk).update(status=InvoiceStatus.VOID)
    response = staff.get(reverse("admin_portal:quotation-detail", args=[sent_quotation.pk]))
    assert response.context["invoice"] is None
    assert invoice.number not in response.content.decode()


def test_rejected_detail_shows_the_reason(staff, sent_quotation):
    reject_quotation(quotation=sent_quotation, reason_code="price", reason_text="Too dear")
    html = staff.get(
        reverse("admin_portal:quotation-detail", args=[sent_quotation.pk])
    ).content.decode()
    assert "The price is too high" in html and "Too dear" in html


def test_replaced_version_says_so_and_links_the_new_one(staff, sent_quotation, sales_user):
    new = revise_quotation(quotation=sent_quotation, actor=sales_user)
    response = staff.get(reverse("admin_portal:quotation-detail", args=[sent_quotation.pk]))
    html = response.content.decode()
    assert "This version was replaced by version 2." in html
    assert reverse("admin_portal:quotation-detail", args=[new.pk]) in html
    assert [v.pk for v in response.context["versions"]] == [sent_quotation.pk, new.pk]
    # The new version's activity shows both versions' history.
    response = staff.get(reverse("admin_portal:quotation-detail", args=[new.pk]))
    titles = [event["title"] for event in response.context["activity"]]
    assert "Revised" in titles and "Sent" in titles and "Replaced" in titles


def test_unknown_quotation_is_404(staff):
    url = "/admin/quotations/00000000-0000-0000-0000-000000000000/"
    assert staff.get(url).status_code == 404
    assert staff.get(url + "pdf/").status_code == 404
    assert staff.post(url + "send/").status_code == 404


def test_detail_query_count_is_constant(staff, make_quotation, send, sales_user):
    q = send(make_quotation())
    url = reverse("admin_portal:quotation-detail", args=[q.pk])
    staff.get(url)
    with CaptureQueriesContext(connection) as few:
        staff.get(url)
    # More versions, more history, more messages.
    with _later(5):
        new = revise_quotation(quotation=q, actor=sales_user)
    new = send(new)
    newer = revise_quotation(quotation=new, actor=sales_user)
    send(newer)
    with CaptureQueriesContext(connection) as many:
        response = staff.get(url)
    assert len(response.context["versions"]) == 3
    assert len(response.context["activity"]) >= 6
    # session, user, permissions, company settings, the quotation (joined),
    # its lines, the versions, the audit entries, the messages.
    assert len(many) == len(few), [x["sql"] for x in many.captured_queries]


# --- the PDF --------------------------------------------------------------------------------


def test_preview_pdf_of_a_draft_for_staff(staff, make_quotation):
    q = make_quotation()
    response = staff.get(reverse("admin_portal:quotation-pdf", args=[q.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{q.number}-draft.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content.startswith(b"%PDF-")


def test_stored_pdf_of_a_sent_version(staff, sent_quotation):
    response = staff.get(reverse("admin_portal:quotation-pdf", args=[sent_quotation.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    import hashlib

    assert hashlib.sha256(body).hexdigest() == sent_quotation.pdf_sha256


def test_pdf_status_polls_while_pending_and_stops_when_ready(staff, make_quotation, sales_user):
    from apps.leads.services import send_quotation

    q = send_quotation(quotation=make_quotation(), actor=sales_user)  # render not run yet
    url = reverse("admin_portal:quotation-pdf-status", args=[q.pk])
    html = staff.get(url).content.decode()
    assert 'hx-trigger="every 4s"' in html and "being prepared" in html
    detail = staff.get(reverse("admin_portal:quotation-detail", args=[q.pk])).content.decode()
    assert 'hx-trigger="every 4s"' in detail
    assert staff.get(reverse("admin_portal:quotation-pdf", args=[q.pk])).status_code == 503
    from apps.leads.services.quotations import store_quotation_pdf

    store_quotation_pdf(quotation_id=q.pk)
    html = staff.get(url).content.decode()
    assert "hx-trigger" not in html and "Download" in html


# --- the actions -----------------------------------------------------------------------------


def test_send_a_draft(staff, make_quotation, run_on_commit):
    q = make_quotation()
    url = reverse("admin_portal:quotation-send", args=[q.pk])
    confirm = staff.get(url)  # the confirmation page without JavaScript
    assert confirm.status_code == 200
    assert "hassan@nyalifresh.example" in confirm.content.decode()
    with run_on_commit():
        response = staff.post(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin_portal:quotation-detail", args=[q.pk])
    q.refresh_from_db()
    assert q.status == QuotationStatus.SENT and q.pdf_status == PdfStatus.READY
    assert Notification.objects.filter(template_key="quotation_sent").count() == 1
    assert "is sent" in _messages(response)[0]


def test_the_send_page_says_a_phone_only_client_gets_a_text(staff, make_quotation, lead_client):
    """The channel named on the confirmation is the one the message goes by
    (the customer's channel rule), e-mail or text."""
    q = make_quotation()
    url = reverse("admin_portal:quotation-send", args=[q.pk])
    assert "goes by e-mail to hassan@nyalifresh.example" in staff.get(url).content.decode()
    Client.objects.filter(pk=lead_client.pk).update(email="")
    html = staff.get(url).content.decode()
    assert "goes by text message to +254720300400" in html


def test_send_refused_when_not_a_draft_or_no_email(
    staff, sent_quotation, make_quotation, lead_client
):
    response = staff.post(reverse("admin_portal:quotation-send", args=[sent_quotation.pk]))
    assert response.status_code == 302
    assert _messages(response) == ["This quotation cannot be changed now."]
    # Issue 11: a client with a phone gets the quotation by SMS; only no contact at all stops it.
    Client.objects.filter(pk=lead_client.pk).update(email="", phone="")
    q = make_quotation()
    response = staff.post(reverse("admin_portal:quotation-send", args=[q.pk]))
    assert _messages(response) == [
        "The client has no e-mail address or phone number to send it to."
    ]
    q.refresh_from_db()
    assert q.status == QuotationStatus.DRAFT
    # The confirmation page of a sent quotation says the step is not possible.
    page = staff.get(reverse("admin_portal:quotation-send", args=[sent_quotation.pk]))
    assert "not possible now" in page.content.decode()


def test_resend(staff, sent_quotation):
    url = reverse("admin_portal:quotation-resend", args=[sent_quotation.pk])
    response = staff.post(url)  # right after sending: refused
    assert "a moment ago" in _messages(response)[0]
    with _later(10):
        response = staff.post(url)
    assert _messages(response) == [f"{sent_quotation.number} is e-mailed again."]
    assert Notification.objects.filter(template_key="quotation_sent").count() == 2
    assert AuditLog.objects.filter(action="quotation.resent").count() == 1


def test_resend_refused_for_a_draft(staff, make_quotation):
    q = make_quotation()
    response = staff.post(reverse("admin_portal:quotation-resend", args=[q.pk]))
    assert "has not been sent yet" in _messages(response)[0]
    assert not Notification.objects.exists()


def test_revise_lands_in_the_new_drafts_builder(staff, sent_quotation):
    response = staff.post(reverse("admin_portal:quotation-revise", args=[sent_quotation.pk]))
    new = Quotation.objects.get(number=sent_quotation.number, version=2)
    assert response["Location"] == reverse("admin_portal:quotation-edit", args=[new.pk])
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.SUPERSEDED
    assert staff.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("status", [QuotationStatus.DRAFT, QuotationStatus.ACCEPTED])
def test_revise_refused_for_drafts_and_accepted(staff, sent_quotation, status):
    Quotation.objects.filter(pk=sent_quotation.pk).update(status=status)
    response = staff.post(reverse("admin_portal:quotation-revise", args=[sent_quotation.pk]))
    assert response["Location"] == reverse(
        "admin_portal:quotation-detail", args=[sent_quotation.pk]
    )
    assert _messages(response)
    assert Quotation.objects.count() == 1


def test_mark_expired(staff, sent_quotation, make_quotation):
    response = staff.post(reverse("admin_portal:quotation-expire", args=[sent_quotation.pk]))
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.EXPIRED
    assert "marked expired" in _messages(response)[0]
    draft = make_quotation()
    response = staff.post(reverse("admin_portal:quotation-expire", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.status == QuotationStatus.DRAFT
    assert "has not been sent yet" in _messages(response)[0]


def test_retry_a_failed_pdf(staff, sent_quotation, run_on_commit):
    Quotation.objects.filter(pk=sent_quotation.pk).update(
        pdf_status=PdfStatus.FAILED, pdf_error="fonts missing", pdf_file=""
    )
    detail = staff.get(reverse("admin_portal:quotation-detail", args=[sent_quotation.pk]))
    html = detail.content.decode()
    assert "PDF failed — retry" in html and "fonts missing" in html
    with run_on_commit():
        response = staff.post(reverse("admin_portal:quotation-retry-pdf", args=[sent_quotation.pk]))
    assert "being rendered again" in _messages(response)[0]
    sent_quotation.refresh_from_db()
    assert sent_quotation.pdf_status == PdfStatus.READY
    assert AuditLog.objects.filter(action="quotation.pdf_retried").count() == 1


def test_retry_pdf_refused_for_a_draft(staff, make_quotation):
    q = make_quotation()
    response = staff.post(reverse("admin_portal:quotation-retry-pdf", args=[q.pk]))
    assert "rendered on preview" in _messages(response)[0]


def test_global_search_finds_quotations(staff, make_quotation, client, editor_user):
    q = make_quotation(title="Cold room")
    response = staff.get(reverse("admin_portal:search"), {"q": q.number})
    html = response.content.decode()
    assert f"{q.number} · Hassan Ali" in html
    assert reverse("admin_portal:quotation-detail", args=[q.pk]) in html
    client.force_login(editor_user)
    html = client.get(reverse("admin_portal:search"), {"q": q.number}).content.decode()
    assert reverse("admin_portal:quotation-detail", args=[q.pk]) not in html


def test_the_staff_link_in_e_mails_is_this_detail_page(staff, make_quotation, settings):
    from apps.leads.links import quotation_staff_url

    q = make_quotation()
    path = quotation_staff_url(q).removeprefix(settings.SITE_URL)
    assert path == reverse("admin_portal:quotation-detail", args=[q.pk])
    assert staff.get(path).status_code == 200
