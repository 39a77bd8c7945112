"""Staff lists of inquiries, clients and quotations: the query count does
not grow with the rows (1 and 50)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from apps.leads.models import Client, Inquiry, Quotation
from apps.leads.tests.conftest import LINES

pytestmark = pytest.mark.django_db


def _inquiries(n, client, service, sales_user):
    Inquiry.objects.bulk_create(
        [
            Inquiry(
                reference=f"INQ-T{i:04d}",
                client=client,
                service=service,
                contact_name=client.name,
                message="m",
                assignee=sales_user,
            )
            for i in range(n)
        ]
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_inquiry_inbox_query_count(
    as_user, sales_user, lead_client, service, django_assert_num_queries, rows
):
    _inquiries(rows, lead_client, service, sales_user)
    api = as_user(sales_user)
    # 1 the requesting user (JWT), 2 its own permissions, 3 its groups' permissions,
    # 4 count, 5 the page with client, service and assignee joined and the
    # attachment count annotated
    with django_assert_num_queries(5):
        response = api.get(reverse("v1:admin:inquiry-list"), {"page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_client_list_query_count(as_user, sales_user, django_assert_num_queries, rows):
    Client.objects.bulk_create(
        [Client(name=f"Client {i}", email=f"c{i}@example.com", tags=",vip,") for i in range(rows)]
    )
    api = as_user(sales_user)
    # 1 user, 2 user permissions, 3 group permissions, 4 count, 5 the page with
    # booking, inquiry and quotation counts as subqueries and the account joined
    with django_assert_num_queries(5):
        response = api.get(reverse("v1:admin:client-list"), {"page_size": 100, "tag": "vip"})
    assert response.status_code == 200
    assert response.json()["count"] == rows


@pytest.mark.parametrize("rows", [1, 50])
def test_quotation_list_query_count(
    as_user, sales_user, make_quotation, django_assert_num_queries, rows
):
    first = make_quotation(lines=[LINES[0]])
    Quotation.objects.bulk_create(
        [
            Quotation(
                number=f"Q-2099-{i:04d}",
                client=first.client,
                currency="KES",
                valid_until=first.valid_until,
                owner=sales_user,
            )
            for i in range(rows - 1)
        ]
    )
    api = as_user(sales_user)
    # 1 user, 2 user permissions, 3 group permissions, 4 count, 5 the page with
    # client, inquiry, owner, site and the newer version joined
    with django_assert_num_queries(5):
        response = api.get(reverse("v1:admin:quotation-list"), {"page_size": 100})
    assert response.status_code == 200
    assert response.json()["count"] == rows


def test_inbox_filters(as_user, sales_user, lead_client, service, admin_user):
    from apps.leads.services import create_inquiry

    mine = create_inquiry(name="A", email="a@example.com", message="cold room", service=service)
    shared = create_inquiry(
        name="B", email="b@example.com", message="duct", assignee=None, source="phone"
    )
    Inquiry.objects.filter(pk=shared.pk).update(assignee=None)
    api = as_user(sales_user)
    url = reverse("v1:admin:inquiry-list")
    refs = lambda params: [r["reference"] for r in api.get(url, params).json()["results"]]  # noqa: E731
    assert refs({"assignee": "none"}) == [shared.reference]
    assert refs({"assignee": "me"}) == [mine.reference]
    assert refs({"source": "phone"}) == [shared.reference]
    assert refs({"service": str(service.pk)}) == [mine.reference]
    assert refs({"search": "cold"}) == [mine.reference]
    assert refs({"status": "new"}) == [shared.reference, mine.reference]
    assert api.get(url, {"status": "bogus"}).status_code == 400
