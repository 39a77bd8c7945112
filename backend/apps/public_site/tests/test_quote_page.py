"""/quotes/<token>/: GET shows and changes nothing; POST accepts, rejects or
asks for changes; a link that can no longer act explains why (200)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from apps.billing.models import Invoice
from apps.core.models import AuditLog
from apps.leads.models import Quotation, QuotationStatus
from apps.leads.services import accept_quotation, reject_quotation, revise_quotation
from apps.leads.tokens import quotation_access_token

pytestmark = pytest.mark.django_db


def _url(quotation: Quotation) -> str:
    return f"/quotes/{quotation_access_token(quotation)}/"


def test_get_shows_the_quote_and_changes_nothing(client, sent_quotation):
    before = AuditLog.objects.count()
    response = client.get(_url(sent_quotation))
    assert response.status_code == 200
    html = response.content.decode()
    assert sent_quotation.number in html
    assert "Copper piping" in html and "Annual maintenance plan" in html
    assert 'data-testid="accept-form"' in html and 'data-testid="reject-form"' in html
    assert 'data-testid="changes-form"' in html
    assert "99,037.03" in html
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.SENT
    assert AuditLog.objects.count() == before
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "same-origin"  # the site-wide policy, not no-referrer
    # Strict CSP: no inline script or style on the page.
    assert "<style" not in html and not re.search(r"\sstyle=\"", html)
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)
    assert not re.search(r"\son[a-z]+=", html)


def test_accept_with_name_options_and_consent(client, sent_quotation, service):
    line = sent_quotation.lines.first()
    line.service = service
    line.save()
    optional = sent_quotation.lines.get(is_optional=True)
    url = _url(sent_quotation)
    missing = client.post(url, {"action": "accept", "signer_name": "Hassan Ali"})
    assert missing.status_code == 400
    assert "Tick the box" in missing.content.decode()
    assert 'value="Hassan Ali"' in missing.content.decode()  # input kept
    response = client.post(
        url,
        {
            "action": "accept",
            "signer_name": "Hassan Ali",
            "consent": "on",
            "optional_lines": [str(optional.pk)],
        },
        HTTP_USER_AGENT="Firefox",
    )
    assert response.status_code == 302
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.ACCEPTED
    assert sent_quotation.signer_user_agent == "Firefox"
    assert Invoice.objects.filter(quotation=sent_quotation).count() == 1
    page = client.get(url).content.decode()
    assert "Accepted on" in page and "Hassan Ali" in page
    assert f"/book/?service={service.slug}" in page, re.findall(r"href=\"/book[^\"]*\"", page)
    # A second POST (back button, second tab) changes nothing and explains.
    again = client.post(url, {"action": "accept", "signer_name": "X Y Z", "consent": "on"})
    assert again.status_code == 200 and "Accepted on" in again.content.decode()
    assert Invoice.objects.count() == 1


def test_reject_needs_a_reason(client, sent_quotation):
    url = _url(sent_quotation)
    response = client.post(url, {"action": "reject", "reason_code": ""})
    assert response.status_code == 400
    response = client.post(url, {"action": "reject", "reason_code": "timing"})
    assert response.status_code == 302
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.REJECTED
    assert "You declined" in client.get(url).content.decode()


def test_ask_for_changes(client, sent_quotation):
    url = _url(sent_quotation)
    response = client.post(url, {"action": "changes", "message": "Smaller units"})
    assert response.status_code == 302
    sent_quotation.refresh_from_db()
    assert sent_quotation.change_request == "Smaller units"
    assert "revised quotation will follow" in client.get(url).content.decode()


def test_revised_link_says_it_was_replaced(client, sent_quotation, sales_user):
    url = _url(sent_quotation)
    revise_quotation(quotation=sent_quotation, actor=sales_user)
    response = client.get(url)
    assert response.status_code == 200
    assert "replaced by version 2" in response.content.decode()
    refused = client.post(url, {"action": "accept", "signer_name": "Hassan Ali", "consent": "on"})
    assert refused.status_code == 200
    assert not Invoice.objects.exists()


@pytest.mark.date_sensitive
def test_expired_link_says_so(client, sent_quotation):
    Quotation.objects.filter(pk=sent_quotation.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    response = client.get(_url(sent_quotation))
    assert response.status_code == 200
    assert "expired on" in response.content.decode()
    assert 'data-testid="accept-form"' not in response.content.decode()


def test_decided_links_explain(client, sent_quotation, make_quotation, send):
    accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")
    assert "Accepted on" in client.get(_url(sent_quotation)).content.decode()
    other = send(make_quotation())
    reject_quotation(quotation=other, reason_code="price")
    assert "You declined" in client.get(_url(other)).content.decode()


def test_tampered_or_foreign_tokens_open_nothing(client, sent_quotation, make_quotation):
    token = quotation_access_token(sent_quotation)
    assert client.get(f"/quotes/{token[:-2]}xx/").status_code == 404
    assert client.get("/quotes/not-a-token/").status_code == 404
    draft = make_quotation()
    assert client.get(_url(draft)).status_code == 404  # drafts have no public page
    response = client.post(f"/quotes/{token[:-2]}xx/", {"action": "reject", "reason_code": "price"})
    assert response.status_code == 404
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.SENT


def test_pdf_download_by_token(client, sent_quotation):
    response = client.get(f"{_url(sent_quotation)}pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert sent_quotation.pdf_filename in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
