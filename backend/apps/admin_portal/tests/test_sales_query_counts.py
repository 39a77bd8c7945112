"""Query counts the page tests leave out: a quotation page with 20 lines
(test_quotation_pages grows the versions, each of 3 lines) and an inquiry
page with many files on its replies (test_inquiry_pages adds one)."""

from __future__ import annotations

import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.admin_portal.tests import inquiry_fixtures as fx
from apps.leads.models import InquiryAttachment, InquiryResponse, ResponseKind
from apps.leads.tests.conftest import LINES

pytestmark = pytest.mark.django_db

inquiry = fx.inquiry


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.parametrize("page", ["quotation-detail", "quotation-edit"])
def test_quotation_page_query_count_does_not_grow_with_lines(
    client, sales_user, frozen_now, make_quotation, send, service, page
):
    def lines(n):
        body = [{**LINES[0], "service": service, "description": f"Line {i}"} for i in range(n)]
        return [*body, {**LINES[2], "service": service}]

    one, twenty = make_quotation(lines=lines(1)), make_quotation(lines=lines(20))
    if page == "quotation-detail":
        one, twenty = send(one), send(twenty)
    client.force_login(sales_user)
    client.get(reverse(f"admin_portal:{page}", args=[one.pk]))
    _, few, _ = _count(client, reverse(f"admin_portal:{page}", args=[one.pk]))
    response, many, sql = _count(client, reverse(f"admin_portal:{page}", args=[twenty.pk]))
    if page == "quotation-detail":
        assert len(response.context["lines"]) == 20
    # session, user, permissions, company settings, the quotation (joined),
    # its lines (service joined), versions, activity, messages: the same for
    # 1 line or 20.
    assert many == few, sql


def _files(inquiry, sales_user, n):
    for i in range(n):
        for kind in ResponseKind.values:
            response = InquiryResponse.objects.create(
                inquiry=inquiry, kind=kind, author=sales_user, author_name="Brian", body=f"{i}"
            )
            for j in range(2):
                InquiryAttachment.objects.create(
                    inquiry=inquiry,
                    response=response,
                    file_name=f"inquiries/{secrets.token_hex(8)}.png",
                    original_name=f"{kind}-{i}-{j}.png",
                    content_type="image/png",
                    kind="image",
                    size=100,
                    sha256="0" * 64,
                    uploaded_by=sales_user,
                )


def test_inquiry_page_query_count_does_not_grow_with_files(client, sales_user, inquiry):
    client.force_login(sales_user)
    url = reverse("admin_portal:inquiry-detail", args=[inquiry.reference])
    client.get(url)
    _, few, _ = _count(client, url)
    _files(inquiry, sales_user, 6)
    response, many, sql = _count(client, url)
    assert len(response.context["thread"]) == 3 * 6
    assert many == few, sql
