"""Query counts of the portal's detail pages (the lists are measured in
test_portal_inquiries and test_portal_quotes): a request with many replies,
files and quotes, and a quote with many lines and versions, take as many
queries as with one."""

from __future__ import annotations

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.leads.models import InquiryAttachment, InquiryResponse, ResponseKind
from apps.leads.services import revise_quotation
from apps.leads.tests.conftest import LINES

pytestmark = pytest.mark.django_db


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries), [q["sql"] for q in queries.captured_queries]


def _messages(inquiry, sales_user, n):
    """``n`` rounds of a staff reply, a client reply and an internal note, each with a file."""
    for i in range(n):
        for kind in ResponseKind.values:
            response = InquiryResponse.objects.create(
                inquiry=inquiry, kind=kind, author=sales_user, author_name="Brian", body=f"{i}"
            )
            InquiryAttachment.objects.create(
                inquiry=inquiry,
                response=response,
                file_name=f"inquiries/{secrets.token_hex(8)}.png",
                original_name=f"{kind}-{i}.png",
                content_type="image/png",
                kind="image",
                size=100,
                sha256="0" * 64,
            )


def test_request_detail_query_count_does_not_grow(
    client, client_user, ask, lead_client, sales_user, make_quotation, send
):
    inquiry = ask(client_user)
    _messages(inquiry, sales_user, 1)
    send(make_quotation(inquiry=inquiry))
    client.force_login(client_user)
    url = reverse("client_portal:inquiry-detail", args=[inquiry.reference])
    client.get(url)  # warm the company settings row
    _, few, _ = _count(client, url)
    _messages(inquiry, sales_user, 8)
    for _n in range(5):
        send(make_quotation(inquiry=inquiry))
    response, many, sql = _count(client, url)
    assert len(response.context["entries"]) == 1 + 2 * 9  # internal notes left out
    assert len(response.context["quotes"]) == 6
    # session, user, company settings, the request's id, the request (client,
    # service, assignee joined), its visible replies, its files, its quotes.
    assert many == few, sql


def _lines(service, n):
    lines = [{**LINES[0], "service": service, "description": f"Line {i}"} for i in range(n)]
    return [*lines, {**LINES[2], "service": service}]  # and an optional item


def test_quote_detail_query_count_does_not_grow(
    client, client_user, lead_client, sales_user, make_quotation, send, service
):
    one = send(make_quotation(lines=_lines(service, 1)))
    long = send(make_quotation(lines=_lines(service, 20)))
    for _n in range(2):
        long = send(revise_quotation(quotation=long, actor=sales_user))
    assert long.version == 3
    client.force_login(client_user)
    first = reverse("client_portal:quote-detail", args=[one.pk])
    client.get(first)  # warm the company settings row
    _, few, _ = _count(client, first)
    response, many, sql = _count(client, reverse("client_portal:quote-detail", args=[long.pk]))
    assert len(response.context["lines"]) == 20
    # session, user, company settings, the ownership check, the quotation
    # (client, inquiry, owner, site, newer version joined), its lines
    # (service joined): the same for 1 line or 20, version 1 or 3.
    assert many == few, sql
    # The replaced first version, too.
    v1 = response.context["q"].supersedes
    _, old, sql = _count(client, reverse("client_portal:quote-detail", args=[v1.pk]))
    assert old == few, sql
