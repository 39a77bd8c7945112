"""The token pages of issue 7, what test_quote_page and test_quote_request
leave out: the PDF link with a bad, tampered or draft token (404); every
answer POSTed with a bad token (404, nothing changes); the "request sent"
page linking to the portal only for the request's own client; and the
quote page's query count with 1 line and with 20."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.leads.models import Client, QuotationStatus
from apps.leads.services import create_inquiry
from apps.leads.tests.conftest import LINES
from apps.leads.tokens import inquiry_access_token, quotation_access_token

pytestmark = pytest.mark.django_db


def test_pdf_link_with_a_bad_or_draft_token_is_404(client, sent_quotation, make_quotation):
    token = quotation_access_token(sent_quotation)
    assert client.get(f"/quotes/{token}/pdf/").status_code == 200
    assert client.get(f"/quotes/{token[:-2]}xx/pdf/").status_code == 404
    assert client.get("/quotes/not-a-token/pdf/").status_code == 404
    draft = make_quotation()
    assert client.get(f"/quotes/{quotation_access_token(draft)}/pdf/").status_code == 404


@pytest.mark.parametrize(
    "data",
    [
        {"action": "accept", "signer_name": "Mallory", "consent": "on"},
        {"action": "reject", "reason_code": "price"},
        {"action": "changes", "message": "Mallory was here"},
    ],
)
@pytest.mark.parametrize("token", ["tampered", "draft", "garbage"])
def test_answers_with_a_bad_token_change_nothing(
    client, sent_quotation, make_quotation, data, token
):
    draft = make_quotation()
    value = {
        "tampered": quotation_access_token(sent_quotation)[:-2] + "xx",
        "draft": quotation_access_token(draft),
        "garbage": "not-a-token",
    }[token]
    assert client.post(f"/quotes/{value}/", data).status_code == 404
    for q in (sent_quotation, draft):
        status = q.status
        q.refresh_from_db()
        assert q.status == status and not q.change_request


@pytest.fixture
def request_of(client_user):
    Client.objects.create(name="Wanjiku Kariuki", email=client_user.email, user=client_user)
    inquiry = create_inquiry(
        name="Wanjiku Kariuki", email=client_user.email, message="Two units", user=client_user
    )
    return f"/quote/sent/{inquiry_access_token(inquiry)}/", inquiry


@pytest.mark.parametrize("who", ["other_client_user", "sales_user", None])
def test_request_sent_page_links_the_portal_only_for_its_owner(
    client, request, request_of, client_user, who
):
    url, inquiry = request_of
    portal = f"/portal/inquiries/{inquiry.reference}/"
    if who:
        client.force_login(request.getfixturevalue(who))
    response = client.get(url)
    assert response.status_code == 200
    assert portal not in response.content.decode()
    client.force_login(client_user)
    assert portal in client.get(url).content.decode()


def test_quote_page_query_count_does_not_grow_with_lines(
    client, make_quotation, send, service, warm
):
    def lines(n):
        return [{**LINES[0], "service": service, "description": f"Line {i}"} for i in range(n)]

    one = send(make_quotation(lines=[*lines(1), LINES[2]]))
    twenty = send(make_quotation(lines=[*lines(20), LINES[2]]))
    warm()
    client.get(f"/quotes/{quotation_access_token(one)}/")
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"/quotes/{quotation_access_token(one)}/").status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"/quotes/{quotation_access_token(twenty)}/")
    assert response.status_code == 200 and len(response.context["lines"]) == 20
    assert twenty.status == QuotationStatus.SENT
    # company settings, the quotation (client, inquiry, owner, site, newer
    # version joined), its lines (service joined): the same for 1 or 20 lines.
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
