"""Client portal quotes: own quotes only and never a draft (outsiders 404,
staff 403, anonymous to sign-in), the current version of each, the answers
through the same forms and services as the e-mailed link (IP and browser
recorded), decided and expired quotes without buttons, the PDF for its owner
only, and a list whose query count does not grow with the quotes."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.billing.models import Invoice
from apps.core.models import AuditLog
from apps.leads.models import (
    InquiryResponse,
    Quotation,
    QuotationStatus,
    RejectionReason,
    ResponseKind,
)
from apps.leads.services import accept_quotation, revise_quotation
from apps.leads.services.quotations import mark_expired

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(make_quotation, send):
    return send(make_quotation(title="Bedrooms", terms="Payment: 50% upfront."))


@pytest.fixture
def theirs(make_quotation, send, their_client):
    return send(make_quotation(client=their_client, title="Outsider's shop"))


def detail(quotation, suffix=""):
    return reverse("client_portal:quote-detail", args=[quotation.pk]) + suffix


def pdf(quotation):
    return reverse("client_portal:quote-pdf", args=[quotation.pk])


ACCEPT = {"action": "accept", "signer_name": "Wanjiku Kariuki", "consent": "on"}


# --- who may see what -------------------------------------------------------------


def test_list_shows_own_sent_quotes_never_drafts_or_others(
    client, client_user, mine, theirs, make_quotation
):
    draft = make_quotation(title="Still a draft")
    client.force_login(client_user)
    response = client.get(reverse("client_portal:quotes"))
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["show"] == "open"  # something awaits an answer
    assert mine.number in html and "Bedrooms" in html
    assert theirs.number not in html and draft.number not in html
    assert "99,037.03" in html and "Awaiting your answer" in html


def test_only_the_current_version_is_listed(client, client_user, mine, sales_user, send):
    second = revise_quotation(quotation=mine, actor=sales_user)
    client.force_login(client_user)
    revising = client.get(reverse("client_portal:quotes") + "?show=all").context["quotes"]
    assert [q.pk for q in revising] == [mine.pk]  # v2 is a draft: v1 shows, being revised
    assert revising[0].state_label == "Being revised"
    send(second)
    listed = client.get(reverse("client_portal:quotes") + "?show=all").context["quotes"]
    assert [q.pk for q in listed] == [second.pk]


@pytest.mark.parametrize("which", ["detail", "pdf"])
def test_anonymous_is_sent_to_sign_in(client, mine, which):
    url = detail(mine) if which == "detail" else pdf(mine)
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_staff_are_refused(client, sales_user, mine):
    client.force_login(sales_user)
    assert client.get(reverse("client_portal:quotes")).status_code == 403
    assert client.get(detail(mine)).status_code == 403
    assert client.get(pdf(mine)).status_code == 403
    assert client.post(detail(mine), ACCEPT).status_code == 403
    mine.refresh_from_db()
    assert mine.status == QuotationStatus.SENT


def test_outsider_gets_404_on_every_page(client, other_client_user, mine):
    client.force_login(other_client_user)
    assert client.get(detail(mine)).status_code == 404
    assert client.get(pdf(mine)).status_code == 404
    for action in (
        ACCEPT,
        {"action": "reject", "reason_code": "price"},
        {"action": "changes", "message": "Cheaper please"},
    ):
        assert client.post(detail(mine), action).status_code == 404
    mine.refresh_from_db()
    assert mine.status == QuotationStatus.SENT and not mine.change_request


def test_a_draft_is_never_shown_to_its_client(client, client_user, make_quotation):
    draft = make_quotation()
    client.force_login(client_user)
    assert client.get(detail(draft)).status_code == 404
    assert client.get(pdf(draft)).status_code == 404
    assert client.post(detail(draft), ACCEPT).status_code == 404


def test_owner_downloads_the_pdf(client, client_user, mine):
    client.force_login(client_user)
    response = client.get(pdf(mine))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


# --- the page -----------------------------------------------------------------------


def test_detail_shows_lines_options_totals_terms_and_answers(client, client_user, mine):
    client.force_login(client_user)
    response = client.get(detail(mine))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Copper piping" in html and "Annual maintenance plan" in html
    assert "99,037.03" in html and "VAT 16%" in html
    assert "Payment: 50% upfront." in html
    assert f'href="{pdf(mine)}"' in html
    for form in ("accept-form", "reject-form", "changes-form"):
        assert f'data-testid="{form}"' in html
    assert html.count("<h1") == 1
    assert not re.search(r"\sstyle=\"", html) and not re.search(r"\son[a-z]+=", html)


def test_accept_with_name_and_an_optional_item(client, client_user, mine, service):
    line = mine.lines.first()
    line.service = service
    line.save()
    optional = mine.lines.get(is_optional=True)
    client.force_login(client_user)
    response = client.post(
        detail(mine),
        {**ACCEPT, "optional_lines": [str(optional.pk)]},
        HTTP_USER_AGENT="Phone browser",
        REMOTE_ADDR="197.248.1.2",
    )
    assert response.status_code == 302 and response["Location"] == detail(mine)
    mine.refresh_from_db()
    assert mine.status == QuotationStatus.ACCEPTED
    assert mine.signer_name == "Wanjiku Kariuki"
    assert mine.signer_ip == "197.248.1.2" and mine.signer_user_agent == "Phone browser"
    assert mine.lines.get(pk=optional.pk).is_selected
    assert Invoice.objects.filter(quotation=mine).count() == 1
    assert AuditLog.objects.get(action="quotation.accepted").actor == client_user
    page = client.get(detail(mine)).content.decode()
    assert 'data-testid="state-accepted"' in page and "Wanjiku Kariuki" in page
    assert f'href="/book/?service={service.slug}"' in page  # the same offer as the token page
    assert 'data-testid="accept-form"' not in page


def test_no_booking_offer_when_nothing_in_the_quote_can_be_booked_online(client, client_user, mine):
    accept_quotation(quotation=mine, signer_name="Wanjiku Kariuki")  # no line has a service
    client.force_login(client_user)
    html = client.get(detail(mine)).content.decode()
    assert 'data-testid="state-accepted"' in html and 'data-testid="book-visit"' not in html
    assert "will contact you to plan the work" in html


def test_accept_without_consent_keeps_the_name_and_says_why(client, client_user, mine):
    client.force_login(client_user)
    response = client.post(detail(mine), {"action": "accept", "signer_name": "Wanjiku K"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Tick the box" in html and 'value="Wanjiku K"' in html
    mine.refresh_from_db()
    assert mine.status == QuotationStatus.SENT


def test_reject_with_a_reason(client, client_user, mine):
    client.force_login(client_user)
    missing = client.post(detail(mine), {"action": "reject", "reason_text": "Too dear"})
    assert missing.status_code == 400
    assert 'id="id_reason_code_error"' in missing.content.decode()
    assert "Too dear</textarea>" in missing.content.decode()
    response = client.post(
        detail(mine), {"action": "reject", "reason_code": "price", "reason_text": "Too dear"}
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == QuotationStatus.REJECTED
    assert mine.rejection_reason == RejectionReason.PRICE
    page = client.get(detail(mine)).content.decode()
    assert 'data-testid="state-rejected"' in page and 'data-testid="reject-form"' not in page


def test_ask_for_changes_goes_into_the_request_thread(client, client_user, mine, ask, sales_user):
    inquiry = ask(client_user)
    Quotation.objects.filter(pk=mine.pk).update(inquiry=inquiry)
    client.force_login(client_user)
    response = client.post(detail(mine), {"action": "changes", "message": "A 12,000 BTU unit?"})
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status == QuotationStatus.SENT and mine.change_request == "A 12,000 BTU unit?"
    reply = InquiryResponse.objects.get(inquiry=inquiry, kind=ResponseKind.CLIENT_REPLY)
    assert "A 12,000 BTU unit?" in reply.body
    thread = client.get(
        reverse("client_portal:inquiry-detail", args=[inquiry.reference])
    ).content.decode()
    assert "A 12,000 BTU unit?" in thread and detail(mine) in thread


def test_a_decided_quote_has_no_buttons_and_a_second_answer_changes_nothing(
    client, client_user, mine
):
    accept_quotation(quotation=mine, signer_name="Wanjiku Kariuki")
    client.force_login(client_user)
    again = client.post(detail(mine), {"action": "reject", "reason_code": "price"})
    assert again.status_code == 302
    mine.refresh_from_db()
    assert mine.status == QuotationStatus.ACCEPTED
    html = client.get(detail(mine)).content.decode()
    assert "<form" not in html.split('data-testid="quote-page"')[1].split("</main>")[0]


@pytest.mark.date_sensitive
@pytest.mark.parametrize("how", ["past_validity", "marked_expired"])
def test_an_expired_quote_says_so_without_buttons(client, client_user, mine, sales_user, how):
    if how == "past_validity":
        Quotation.objects.filter(pk=mine.pk).update(
            valid_until=timezone.localdate() - dt.timedelta(days=1)
        )
    else:
        mark_expired(quotation=mine, actor=sales_user)
    client.force_login(client_user)
    html = client.get(detail(mine)).content.decode()
    assert 'data-testid="state-expired"' in html
    assert 'data-testid="accept-form"' not in html
    response = client.post(detail(mine), ACCEPT)
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.status != QuotationStatus.ACCEPTED
    listed = client.get(reverse("client_portal:quotes") + "?show=all").context["quotes"]
    assert listed[0].state_label == "Expired"


def test_a_replaced_version_points_to_the_new_one(client, client_user, mine, sales_user, send):
    second = send(revise_quotation(quotation=mine, actor=sales_user))
    client.force_login(client_user)
    html = client.get(detail(mine)).content.decode()
    assert 'data-testid="state-superseded"' in html
    assert f"replaced by {second.display_number}" in html
    assert f'href="{detail(second)}"' in html
    assert 'data-testid="accept-form"' not in html


@pytest.mark.date_sensitive
def test_dashboard_lists_quotes_awaiting_an_answer(client, client_user, mine, theirs):
    client.force_login(client_user)
    html = client.get(reverse("client_portal:dashboard")).content.decode()
    assert 'data-testid="awaiting-quotes"' in html
    assert detail(mine) in html and theirs.number not in html


# --- speed ----------------------------------------------------------------------------


def _quotes_for(lead_client, sales_user, count):
    valid = timezone.localdate() + dt.timedelta(days=30)
    Quotation.objects.bulk_create(
        [
            Quotation(
                number=f"Q-2026-{n:04d}",
                client=lead_client,
                owner=sales_user,
                status=QuotationStatus.SENT,
                currency="KES",
                valid_until=valid,
                total=1000 + n,
                sent_at=timezone.now(),
            )
            for n in range(count)
        ]
    )


@pytest.mark.parametrize("count", [1, 50])
def test_list_query_count_does_not_grow(
    client, client_user, lead_client, sales_user, count, django_assert_num_queries
):
    _quotes_for(lead_client, sales_user, count)
    client.force_login(client_user)
    url = reverse("client_portal:quotes")
    client.get(url)  # warm the company settings row
    # Queries: 1 session, 2 user, 3 company settings (context processor),
    # 4 the two tab counts in one aggregate, 5 the page of quotes (client,
    # inquiry, owner, site and the replacing version joined).
    with django_assert_num_queries(5):
        response = client.get(url)
    assert len(response.context["quotes"]) == min(count, 10)


def test_the_portal_address_of_a_quote_is_the_one_links_names(mine):
    from django.urls import resolve

    from apps.leads import links

    path = links.PORTAL_QUOTATION_PATH.format(pk=mine.pk)
    assert resolve(path).view_name == "client_portal:quote-detail"
    assert path == detail(mine)
