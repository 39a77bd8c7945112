"""Outsiders on the portal's requests and quotes, what test_portal_inquiries
and test_portal_quotes leave out: the lists and the POSTs for an anonymous
visitor (to sign-in, nothing changes), and every staff role, not only
Sales (403 on every page and action)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.leads.models import InquiryResponse, QuotationStatus

from .conftest import image_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(ask, lead_client, client_user, make_quotation, send):
    inquiry = ask(client_user, attachments=[upload("drip.png", image_bytes())])
    quote = send(make_quotation(inquiry=inquiry))
    return inquiry, quote


def _gets(inquiry, quote) -> list[str]:
    return [
        reverse("client_portal:inquiries"),
        reverse("client_portal:inquiry-detail", args=[inquiry.reference]),
        reverse(
            "client_portal:inquiry-attachment",
            args=[inquiry.reference, inquiry.attachments.get().pk],
        ),
        reverse("client_portal:quotes"),
        reverse("client_portal:quote-detail", args=[quote.pk]),
        reverse("client_portal:quote-pdf", args=[quote.pk]),
    ]


def _posts(inquiry, quote) -> list[tuple[str, dict]]:
    detail = reverse("client_portal:quote-detail", args=[quote.pk])
    return [
        (
            reverse("client_portal:inquiry-reply", args=[inquiry.reference]),
            {"body": "Mallory was here"},
        ),
        (detail, {"action": "accept", "signer_name": "Mallory", "consent": "on"}),
        (detail, {"action": "reject", "reason_code": "price"}),
        (detail, {"action": "changes", "message": "Mallory was here"}),
    ]


def _nothing_changed(inquiry, quote):
    assert not InquiryResponse.objects.filter(body="Mallory was here").exists()
    quote.refresh_from_db()
    assert quote.status == QuotationStatus.SENT and not quote.change_request


def test_anonymous_is_sent_to_sign_in_everywhere(client, records):
    for url in _gets(*records):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    for url, data in _posts(*records):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    _nothing_changed(*records)


@pytest.mark.parametrize("who", ["editor_user", "technician_user", "admin_user"])
def test_every_staff_role_is_refused(client, request, records, who):
    client.force_login(request.getfixturevalue(who))
    for url in _gets(*records):
        assert client.get(url).status_code == 403, url
    for url, data in _posts(*records):
        assert client.post(url, data).status_code == 403, url
    _nothing_changed(*records)


def test_another_client_sees_neither_in_the_lists(client, other_client_user, records):
    inquiry, quote = records
    client.force_login(other_client_user)
    inquiries = client.get(reverse("client_portal:inquiries") + "?show=closed")
    assert inquiry.reference not in client.get(reverse("client_portal:inquiries")).content.decode()
    assert inquiry.reference not in inquiries.content.decode()
    quotes = client.get(reverse("client_portal:quotes") + "?show=all").content.decode()
    assert quote.number not in quotes
    dashboard = client.get(reverse("client_portal:dashboard")).content.decode()
    assert inquiry.reference not in dashboard and quote.number not in dashboard
