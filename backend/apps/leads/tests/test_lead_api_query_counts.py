"""Query counts of the issue-7 API endpoints test_quote_lists does not
measure: the follow-ups list, the client's own quotation list, and the
inquiry, client and quotation details. Each is read with one row (reply,
file, follow-up, site, line, quotation) and with many; the count must not
grow."""

from __future__ import annotations

import datetime as dt
import secrets

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.leads.models import (
    ClientSite,
    FollowUp,
    InquiryAttachment,
    InquiryResponse,
    ResponseKind,
)
from apps.leads.services import client_for_user, create_inquiry
from apps.leads.tests.conftest import LINES
from apps.leads.tokens import inquiry_access_token, quotation_access_token

pytestmark = pytest.mark.django_db


def _same(api, url, grow, params=None):
    """The queries of ``url`` before and after ``grow()`` adds rows."""
    assert api.get(url, params or {}).status_code == 200  # warm caches
    with CaptureQueriesContext(connection) as few:
        assert api.get(url, params or {}).status_code == 200
    grow()
    with CaptureQueriesContext(connection) as many:
        response = api.get(url, params or {})
    assert response.status_code == 200
    sql = [q["sql"] for q in many.captured_queries]
    return len(few), len(many), sql, response


# --- follow-ups (staff) ------------------------------------------------------------------


def test_admin_follow_up_list_query_count(as_user, sales_user, lead_client):
    due = timezone.now() + dt.timedelta(days=1)

    def follow_up(n):
        inquiry = create_inquiry(name=f"Client {n}", email=f"c{n}@example.com", message="Hi")
        FollowUp.objects.create(
            inquiry=inquiry, client=inquiry.client, owner=sales_user, note=f"Call {n}", due_at=due
        )

    follow_up(0)
    api = as_user(sales_user)
    url = reverse("v1:admin:follow-up-list")
    few, many, sql, response = _same(
        api, url, lambda: [follow_up(n) for n in range(1, 30)], {"page_size": 100}
    )
    assert response.json()["count"] == 30
    # user, its permissions, its groups' permissions, count, the page (owner,
    # inquiry and client joined): the same for 1 or 30.
    assert many == few, sql


# --- the client's own quotations -----------------------------------------------------------


def _lines(service, n):
    return [{**LINES[0], "service": service, "description": f"Line {i}"} for i in range(n)]


def test_client_quotation_list_query_count(as_user, client_user, make_quotation, send, service):
    mine = client_for_user(user=client_user)
    send(make_quotation(client=mine, lines=_lines(service, 1)))
    api = as_user(client_user)

    def grow():
        for _n in range(10):
            send(make_quotation(client=mine, lines=_lines(service, 3)))

    few, many, sql, response = _same(api, reverse("v1:leads:quotation-list"), grow)
    assert len(response.json()) == 11
    # user, the client's quotations (client, inquiry, owner, site, newer
    # version joined), their lines (service joined): the same for 1 or 11.
    assert many == few, sql


# --- inquiry detail ------------------------------------------------------------------------


@pytest.fixture
def my_inquiry(client_user):
    client_user.email_verified_at = client_user.date_joined
    client_user.save()
    client_for_user(user=client_user)
    return create_inquiry(
        name="Wanjiku Kariuki", email=client_user.email, message="Quote two units", user=client_user
    )


def _thread(inquiry, sales_user, n):
    """``n`` staff replies, client replies, internal notes and files, and follow-ups."""
    for i in range(n):
        for kind in ResponseKind.values:
            response = InquiryResponse.objects.create(
                inquiry=inquiry, kind=kind, author=sales_user, author_name="Brian", body=f"{i}"
            )
            InquiryAttachment.objects.create(
                inquiry=inquiry,
                response=response,
                file_name=f"inquiries/{secrets.token_hex(8)}.png",
                original_name=f"photo{i}.png",
                content_type="image/png",
                kind="image",
                size=100,
                sha256="0" * 64,
            )
        FollowUp.objects.create(
            inquiry=inquiry,
            client=inquiry.client,
            owner=sales_user,
            note=f"Step {i}",
            due_at=timezone.now() + dt.timedelta(days=i + 1),
        )


@pytest.mark.parametrize("how", ["owner", "token"])
def test_client_inquiry_detail_query_count(api, as_user, client_user, sales_user, my_inquiry, how):
    _thread(my_inquiry, sales_user, 1)
    params = {}
    if how == "owner":
        api = as_user(client_user)
    else:
        params = {"token": inquiry_access_token(my_inquiry)}
    url = reverse("v1:leads:inquiry-detail", args=[my_inquiry.pk])
    few, many, sql, response = _same(api, url, lambda: _thread(my_inquiry, sales_user, 8), params)
    assert len(response.json()["responses"]) == 18  # internal notes left out
    assert many == few, sql


@pytest.mark.parametrize("name", ["v1:admin:inquiry-detail", "v1:leads:inquiry-detail"])
def test_staff_inquiry_detail_query_count(as_user, sales_user, my_inquiry, name):
    _thread(my_inquiry, sales_user, 1)
    url = reverse(name, args=[my_inquiry.pk])
    few, many, sql, response = _same(
        as_user(sales_user), url, lambda: _thread(my_inquiry, sales_user, 8)
    )
    body = response.json()
    assert len(body["responses"]) == 27 and len(body["follow_ups"]) == 9
    assert many == few, sql


# --- client detail (staff) ------------------------------------------------------------------


def test_admin_client_detail_query_count(as_user, sales_user, lead_client):
    ClientSite.objects.create(client=lead_client, label="Site 0", address="Nyali")

    def grow():
        for n in range(1, 15):
            ClientSite.objects.create(client=lead_client, label=f"Site {n}", address="Nyali")

    url = reverse("v1:admin:client-detail", args=[lead_client.pk])
    few, many, sql, response = _same(as_user(sales_user), url, grow)
    assert len(response.json()["sites"]) == 15
    # user, permissions (2), the client with its counts, its sites.
    assert many == few, sql


# --- quotation detail --------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["staff", "admin-api", "owner", "token"])
def test_quotation_detail_query_count(
    api, as_user, client_user, sales_user, make_quotation, send, service, how
):
    mine = client_for_user(user=client_user)
    one = send(make_quotation(client=mine, lines=_lines(service, 1)))
    twenty = send(make_quotation(client=mine, lines=_lines(service, 20)))
    name = "v1:admin:quotation-detail" if how == "admin-api" else "v1:leads:quotation-detail"
    if how in ("staff", "admin-api"):
        api = as_user(sales_user)
    elif how == "owner":
        api = as_user(client_user)

    def get(q):
        params = {"token": quotation_access_token(q)} if how == "token" else {}
        return api.get(reverse(name, args=[q.pk]), params)

    assert get(one).status_code == 200
    with CaptureQueriesContext(connection) as few:
        get(one)
    with CaptureQueriesContext(connection) as many:
        response = get(twenty)
    assert len(response.json()["lines"]) == 20
    # (user and permissions,) the quotation (client, inquiry, owner, site,
    # newer version joined), its lines (service joined).
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]
