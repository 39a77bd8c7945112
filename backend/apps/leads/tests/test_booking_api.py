"""/api/v1/leads/bookings/, the availability endpoint and the staff list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.leads.models import Booking, BookingStatus, Client
from apps.leads.services import confirm_booking
from apps.leads.tokens import booking_access_token

from .conftest import TUESDAY

pytestmark = pytest.mark.django_db

CREATE = "v1:leads:booking-create"


def payload(service, **overrides):
    data = {
        "service_slug": service.slug,
        "name": "Peter Kamau",
        "email": "peter@example.co.ke",
        "phone": "0712345678",
        "preferred_date": TUESDAY.isoformat(),
        "preferred_time_slot": "08:00",
        "address": "Kilimani, Nairobi",
        "notes": "Bedroom unit",
    }
    data.update(overrides)
    return data


def detail(booking, **query):
    url = reverse("v1:leads:booking-detail", args=[booking.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_create_answers_201_with_reference_and_token(
    frozen_now, api, service, windows, booking_rules
):
    response = api.post(reverse(CREATE), payload(service), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert set(body) == {"booking_id", "reference", "status", "token"}
    assert body["status"] == "pending"
    booking = Booking.objects.get(pk=body["booking_id"])
    assert booking.source == "api" and booking.contact_phone == "+254712345678"
    assert booking.description == "Bedroom unit"
    assert api.get(detail(booking, token=body["token"])).status_code == 200


def test_idempotency_key_header_returns_the_same_booking(
    frozen_now, api, service, windows, booking_rules
):
    first = api.post(
        reverse(CREATE), payload(service), format="json", HTTP_IDEMPOTENCY_KEY="abc-123"
    )
    again = api.post(
        reverse(CREATE), payload(service), format="json", HTTP_IDEMPOTENCY_KEY="abc-123"
    )
    assert first.json()["booking_id"] == again.json()["booking_id"]
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"service_slug": "no-such-service"}, "service_slug"),
        ({"preferred_date": "2026-02-20"}, "preferred_date"),
        ({"preferred_date": "2026-09-01"}, "preferred_date"),
        ({"preferred_date": "2026-03-08"}, "preferred_date"),
        ({"preferred_date": "03/03/2026"}, "preferred_date"),
        ({"preferred_time_slot": "07:00"}, "preferred_time_slot"),
        ({"preferred_time_slot": "morning"}, "preferred_time_slot"),
        ({"phone": "12345"}, "phone"),
        ({"email": "not-an-email"}, "email"),
        ({"email": "", "phone": ""}, "email"),
        ({"name": ""}, "name"),
        ({"address": ""}, "address"),
    ],
)
def test_bad_input_is_a_400_naming_the_field(
    frozen_now, api, service, windows, booking_rules, overrides, field
):
    response = api.post(reverse(CREATE), payload(service, **overrides), format="json")
    assert response.status_code == 400, response.json()
    assert field in response.json()["errors"]
    assert not Booking.objects.exists()


def test_unbookable_service_is_refused_on_its_field(
    frozen_now, api, service, windows, booking_rules
):
    service.is_bookable = False
    service.save()
    response = api.post(reverse(CREATE), payload(service), format="json")
    assert response.status_code == 400
    assert "service_slug" in response.json()["errors"]


def test_full_window_is_a_409_with_alternatives(frozen_now, api, service, book):
    book()
    book(email="two@example.co.ke", phone="+254700000010")
    response = api.post(
        reverse(CREATE), payload(service, email="three@example.co.ke"), format="json"
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "slot_taken" and "preferred_time_slot" in body["errors"]
    assert body["alternatives"][0]["window"] == "10:00–12:00"


def test_signed_in_client_booking_is_linked_to_their_account(
    frozen_now, as_user, client_user, service, windows, booking_rules
):
    response = as_user(client_user).post(reverse(CREATE), payload(service), format="json")
    assert response.status_code == 201
    assert Client.objects.get(user=client_user).bookings.count() == 1


def test_booking_creation_query_count(frozen_now, api, service, windows, booking_rules, book):
    """What one booking through the API costs in SQL (docs/performance.md,
    "Bookings"); it does not grow with the bookings and clients already there."""
    for n in range(5):
        book(email=f"earlier{n}@example.co.ke", window=windows[1 + n % 3])
    with CaptureQueriesContext(connection) as captured:
        response = api.post(
            reverse(CREATE),
            payload(service, email="new@example.co.ke", phone="0712000111"),
            format="json",
            HTTP_IDEMPOTENCY_KEY="count-1",
        )
    assert response.status_code == 201, response.json()
    statements = [q["sql"] for q in captured.captured_queries]
    savepoints = [sql for sql in statements if "SAVEPOINT" in sql]
    # 31 statements. Input: 1 service by slug with category, 2 arrival window
    # by start time. create_booking: 3 booking with this idempotency key,
    # 4 booking rules, 5 closed dates, 6 the day's windows, 7 company
    # settings (opening hours), 8 slot lock row insert-or-ignore, 9 slot lock
    # rows FOR UPDATE, 10 places taken, 11 category limits, 12 client by
    # e-mail, 13 client by phone (the name must agree), 14 client insert,
    # 15 its audit entry, 16 reference uniqueness, 17 booking insert, 18
    # booking slots cleared, 19 slot insert, 20 audit entry. Messages, twice
    # (customer's receipt, staff alert): technicians, notification with this
    # idempotency key, company settings, e-mail template, notification insert
    # (21-30); the staff alert's extra company settings read (31).
    assert len(statements) - len(savepoints) == 31
    # Plus six savepoints (SAVEPOINT and RELEASE: 12 statements): the test
    # runs inside a transaction, so create_booking's own atomic block is one;
    # in production that one is BEGIN/COMMIT, the other five remain
    # (client matching, two notifications with their inner inserts).
    assert len(savepoints) == 12


def test_anonymous_creates_are_throttled(frozen_now, api, service, windows, booking_rules):
    from rest_framework.settings import api_settings

    limit = int(api_settings.DEFAULT_THROTTLE_RATES["anon_write"].split("/")[0])
    codes = [
        api.post(
            reverse(CREATE), payload(service, preferred_time_slot="bad"), format="json"
        ).status_code
        for _ in range(limit + 1)
    ]
    assert codes[-1] == 429 and set(codes[:-1]) == {400}


# --- who sees what ------------------------------------------------------------


@pytest.fixture
def client_booking(frozen_now, book, client_user):
    return book(user=client_user, email=client_user.email)


def test_owner_staff_and_token_holder_can_read(
    frozen_now, api, as_user, client_booking, client_user, sales_user
):
    assert as_user(client_user).get(detail(client_booking)).status_code == 200
    staff = as_user(sales_user).get(detail(client_booking))
    assert staff.status_code == 200 and "admin_notes" in staff.json()
    api.credentials()
    by_token = api.get(detail(client_booking, token=booking_access_token(client_booking)))
    assert by_token.status_code == 200 and "admin_notes" not in by_token.json()


def test_outsiders_get_nothing(frozen_now, api, as_user, book, client_booking, other_client_user):
    assert api.get(detail(client_booking)).status_code == 401
    assert as_user(other_client_user).get(detail(client_booking)).status_code == 404
    api.credentials()
    other = book(email="someone@example.co.ke", phone="+254700000011")
    # A token for one booking never opens another.
    assert api.get(detail(client_booking, token=booking_access_token(other))).status_code == 404
    assert api.get(detail(client_booking, token="forged")).status_code == 404
    assert (
        api.patch(
            detail(client_booking, token=booking_access_token(other)),
            {"status": "cancelled"},
            format="json",
        ).status_code
        == 404
    )


def test_revoked_token_stops_working(frozen_now, api, client_booking):
    token = booking_access_token(client_booking)
    Booking.objects.filter(pk=client_booking.pk).update(token_version=2)
    assert api.get(detail(client_booking, token=token)).status_code == 404


def test_customer_reschedules_and_cancels_with_token(frozen_now, api, book, windows):
    booking = book(preferred_date=TUESDAY + dt.timedelta(days=2))
    url = detail(booking, token=booking_access_token(booking))
    moved = api.patch(
        url,
        {
            "preferred_date": (TUESDAY + dt.timedelta(days=3)).isoformat(),
            "preferred_time_slot": "13:00",
        },
        format="json",
    )
    assert moved.status_code == 200, moved.json()
    assert moved.json()["window"] == "13:00–15:00"
    staff_only = api.patch(url, {"status": "confirmed"}, format="json")
    assert staff_only.status_code == 400 and "status" in staff_only.json()["errors"]
    cancelled = api.patch(
        url, {"status": "cancelled", "cancellation_reason": "Travelling"}, format="json"
    )
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"


def test_customer_cannot_set_internal_fields(
    frozen_now, as_user, client_booking, client_user, technician_user
):
    response = as_user(client_user).patch(
        detail(client_booking),
        {"admin_notes": "VIP", "technicians": [str(technician_user.pk)]},
        format="json",
    )
    assert response.status_code == 400
    client_booking.refresh_from_db()
    assert client_booking.admin_notes == "" and not client_booking.technicians.exists()


def test_staff_confirm_with_technicians_and_notes(
    frozen_now, as_user, client_booking, sales_user, technician_user
):
    api = as_user(sales_user)
    response = api.patch(
        detail(client_booking),
        {
            "technicians": [str(technician_user.pk)],
            "admin_notes": "Gate code 42",
            "status": "confirmed",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "confirmed" and body["admin_notes"] == "Gate code 42"
    assert [t["id"] for t in body["technicians"]] == [str(technician_user.pk)]


def test_technician_without_change_right_cannot_patch_with_token_shortcut(
    frozen_now, as_user, client_booking, editor_user
):
    # A content editor is staff but has no booking rights: treated as an outsider.
    assert as_user(editor_user).get(detail(client_booking)).status_code == 404


def test_invalid_transition_is_a_400_naming_status(frozen_now, as_user, client_booking, sales_user):
    response = as_user(sales_user).patch(
        detail(client_booking), {"status": "completed"}, format="json"
    )
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


# --- availability and the staff list -------------------------------------------


def test_availability_endpoint(frozen_now, api, service, windows, booking_rules, book):
    book()
    url = reverse("v1:public:service-availability", args=[service.slug])
    response = api.get(url, {"from": "2026-03-03", "to": "2026-03-08"})
    assert response.status_code == 200
    days = response.json()
    assert len(days) == 6
    assert days[0]["slots"][0]["remaining"] == 1
    assert days[-1]["closed_reason"] == "closed"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"to": "2026-03-08"}, "from"),
        ({"from": "tomorrow", "to": "2026-03-08"}, "from"),
        ({"from": "2026-03-08", "to": "2026-03-03"}, "to"),
        ({"from": "2026-03-01", "to": "2026-04-30"}, "to"),
    ],
)
def test_availability_bad_ranges_name_the_parameter(
    frozen_now, api, service, windows, query, field
):
    url = reverse("v1:public:service-availability", args=[service.slug])
    response = api.get(url, query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_availability_of_unknown_service_is_404(api, db):
    url = reverse("v1:public:service-availability", args=["nope"])
    assert api.get(url, {"from": "2026-03-03", "to": "2026-03-04"}).status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_staff_list_query_count_does_not_grow(
    frozen_now,
    as_user,
    sales_user,
    book,
    windows,
    technician_user,
    admin_user,
    django_assert_num_queries,
    rows,
):
    from apps.leads.models import ArrivalWindow

    ArrivalWindow.objects.update(capacity=50)
    for i in range(rows):
        b = book(email=f"c{i}@example.co.ke", phone=f"+2547140000{i:02d}", window=windows[i % 4])
        if i == 0:
            confirm_booking(booking=b, technicians=[technician_user], actor=admin_user)
    api = as_user(sales_user)
    # 1 user, 2-3 permissions, 4 count, 5 page with service, category, client,
    # window joined, 6 technicians (prefetch), 7 the booking rules (for can_change)
    with django_assert_num_queries(7):
        response = api.get(reverse("v1:admin:booking-list"))
    assert response.status_code == 200
    assert response.json()["count"] == rows


def test_staff_list_filters(frozen_now, as_user, sales_user, book, windows):
    book()
    book(email="z@example.co.ke", phone="+254700000012", window=windows[1], name="Zawadi")
    api = as_user(sales_user)
    url = reverse("v1:admin:booking-list")
    assert api.get(url, {"search": "zawadi"}).json()["count"] == 1
    assert api.get(url, {"status": "pending"}).json()["count"] == 2
    assert api.get(url, {"status": "confirmed"}).json()["count"] == 0
    assert api.get(url, {"status": "bogus"}).status_code == 400
    assert api.get(url, {"date_from": "2026-03-04"}).json()["count"] == 0


def test_staff_list_refuses_clients_and_anonymous(api, as_user, client_user):
    assert api.get(reverse("v1:admin:booking-list")).status_code == 401
    assert as_user(client_user).get(reverse("v1:admin:booking-list")).status_code == 403


def test_cancelled_status_value_is_in_the_choices():
    assert BookingStatus.CANCELLED == "cancelled"
