"""The API holds a technician to the same scope as the pages: their own
visits only (a colleague's visit is 404), no client list or inquiries
(403), no cancelling, confirming, moving or reassigning (403, in the one
error shape); starting, completing and notes on their own visits work."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.leads.models import ArrivalWindow, BookingStatus
from apps.leads.selectors import staff_change_refusal
from apps.leads.services import create_inquiry
from apps.leads.tests.conftest import dispatch_snapshot, image_bytes, upload

pytestmark = pytest.mark.django_db


def detail(booking):
    return reverse("v1:leads:booking-detail", args=[booking.pk])


def test_a_colleagues_visit_is_404(as_user, visits, tech_a, frozen_now):
    _mine, theirs = visits
    frozen_now.move_to(theirs.scheduled_start)
    before = dispatch_snapshot(theirs)
    api = as_user(tech_a)
    assert api.get(detail(theirs)).status_code == 404
    for change in (
        {"status": "in_progress"},
        {"admin_notes": "Was here"},
        {"status": "cancelled", "cancellation_reason": "No"},
        {"technicians": [str(tech_a.pk)]},
    ):
        response = api.patch(detail(theirs), change, format="json")
        assert response.status_code == 404, change
        assert set(response.json()) >= {"detail", "code"}
    photos = reverse("v1:leads:booking-photos", args=[theirs.pk])
    response = api.post(
        photos, {"photos": [upload("unit.png", image_bytes(), "image/png")]}, format="multipart"
    )
    assert response.status_code == 404
    assert dispatch_snapshot(theirs) == before and not theirs.photos.exists()


def test_the_staff_list_holds_only_their_visits(as_user, visits, tech_a, tech_b):
    mine, _theirs = visits
    response = as_user(tech_a).get(reverse("v1:admin:booking-list"))
    assert response.status_code == 200
    assert [row["reference"] for row in response.json()["results"]] == [mine.reference]
    # Filtering on a colleague finds nothing either.
    response = as_user(tech_a).get(reverse("v1:admin:booking-list"), {"technician": tech_b.pk})
    assert response.json()["count"] == 0


@pytest.mark.parametrize(
    "change",
    [
        {"status": "cancelled", "cancellation_reason": "Customer away"},
        {"technicians": []},
        {"preferred_date": "+1", "preferred_time_slot": "same"},
    ],
    ids=["cancel", "reassign", "move"],
)
def test_dispatch_changes_on_their_own_visit_are_403(as_user, visits, tech_a, change):
    mine, _theirs = visits
    if "preferred_date" in change:
        change = {
            "preferred_date": (mine.preferred_date + dt.timedelta(days=1)).isoformat(),
            "preferred_time_slot": str(mine.window_id),
        }
    before = dispatch_snapshot(mine)
    response = as_user(tech_a).patch(detail(mine), change, format="json")
    assert response.status_code == 403, response.json()
    assert response.json()["code"] == "permission_denied"
    assert dispatch_snapshot(mine) == before


def test_confirming_is_the_offices(as_user, book, tech_a, frozen_now, windows):
    pending = book(email="w@example.co.ke", phone="+254700333444", window=windows[2])
    pending.technicians.set([tech_a])
    response = as_user(tech_a).patch(detail(pending), {"status": "confirmed"}, format="json")
    assert response.status_code == 403
    pending.refresh_from_db()
    assert pending.status == BookingStatus.PENDING


def test_clients_and_inquiries_are_403(as_user, visits, tech_a):
    api = as_user(tech_a)
    for name in ("client-list", "inquiry-list"):
        assert api.get(reverse(f"v1:admin:{name}")).status_code == 403, name
    client_detail = reverse("v1:admin:client-detail", args=[visits[0].client_id])
    assert api.get(client_detail).status_code == 403


def test_technician_does_their_own_visit_through_the_api(as_user, visits, tech_a, frozen_now):
    mine, _theirs = visits
    frozen_now.move_to(mine.scheduled_start)
    api = as_user(tech_a)
    read = api.get(detail(mine))
    assert read.status_code == 200
    assert read.json()["site_address"] == "Kilimani, Nairobi"
    for change in ({"status": "in_progress"}, {"admin_notes": "Gas topped up"}):
        response = api.patch(detail(mine), change, format="json")
        assert response.status_code == 200, response.json()
    response = api.patch(detail(mine), {"status": "completed"}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert response.json()["admin_notes"] == "Gas topped up"


@pytest.mark.parametrize("rows", [1, 12])
def test_technician_list_query_count(
    frozen_now, as_user, book, windows, tech_a, django_assert_num_queries, rows
):
    ArrivalWindow.objects.update(capacity=50)
    for i in range(rows * 2):
        b = book(email=f"c{i}@example.co.ke", phone=f"+2547140000{i:02d}", window=windows[i % 4])
        if i % 2 == 0:
            b.technicians.set([tech_a])
    api = as_user(tech_a)
    # 1 user, 2-3 permissions, 4 count, 5 page with service, category, client,
    # window joined, 6 technicians (prefetch), 7 the booking rules (for can_change)
    with django_assert_num_queries(7):
        response = api.get(reverse("v1:admin:booking-list"))
    assert response.status_code == 200
    assert response.json()["count"] == rows


# Every staff API door that answers bookings, clients or their contact details.
CLIENT_DOORS = (
    "client-list",
    "inquiry-list",
    "quotation-list",
    "follow-up-list",
    "notification-list",
    "audit-log",
    "user-list",
)


@pytest.mark.parametrize("name", CLIENT_DOORS)
def test_a_technician_gets_no_client_data_from_the_staff_api(as_user, visits, tech_a, name):
    response = as_user(tech_a).get(reverse(f"v1:admin:{name}"))
    assert response.status_code == 403, name
    assert response.json()["code"] == "permission_denied"
    assert visits[1].contact_email not in response.content.decode()


@pytest.mark.parametrize("name", ("client-detail", "client-sites"))
def test_a_technician_cannot_open_even_their_own_visits_client(as_user, visits, tech_a, name):
    mine, _theirs = visits
    response = as_user(tech_a).get(reverse(f"v1:admin:{name}", args=[mine.client_id]))
    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"


@pytest.mark.parametrize("name", ("booking-list", *CLIENT_DOORS))
def test_a_content_editor_gets_no_bookings_or_clients(as_user, visits, editor_user, name):
    response = as_user(editor_user).get(reverse(f"v1:admin:{name}"))
    assert response.status_code == 403, name
    assert response.json()["code"] == "permission_denied"


def test_a_content_editor_cannot_open_a_visit(as_user, visits, editor_user):
    mine, _theirs = visits
    api = as_user(editor_user)
    assert api.get(detail(mine)).status_code == 404
    assert api.get(reverse("v1:admin:client-detail", args=[mine.client_id])).status_code == 403


@pytest.mark.parametrize("name", ("booking-list", *CLIENT_DOORS))
def test_anonymous_and_clients_get_no_staff_lists(api, visits, as_user, client_user, name):
    url = reverse(f"v1:admin:{name}")
    assert api.get(url).status_code == 401
    assert api.get(url).json()["code"] == "not_authenticated"
    assert as_user(client_user).get(url).status_code == 403


def test_the_dispatch_rule_is_the_domains(tech_a, sales_user):
    """One rule, read by the pages and the API alike: a technician may start
    and complete a visit, not confirm, move, reassign or cancel it."""
    for change in (
        {"to_status": BookingStatus.CONFIRMED},
        {"moves": True},
        {"assigns": True},
        {"to_status": BookingStatus.CANCELLED},
    ):
        assert staff_change_refusal(tech_a, **change), change
        assert staff_change_refusal(sales_user, **change) is None, change
    for to_status in (BookingStatus.IN_PROGRESS, BookingStatus.COMPLETED, None):
        assert staff_change_refusal(tech_a, to_status=to_status) is None


@pytest.mark.parametrize(
    "name",
    ["inquiry-detail", "quotation-detail", "quotation-preview-pdf", "client-detail"],
)
def test_staff_records_by_id_are_not_a_technicians(
    as_user, tech_a, editor_user, make_quotation, name
):
    """Knowing an inquiry's, quotation's or client's id opens nothing for a
    technician or a content editor (403 in the one error shape)."""
    quotation = make_quotation()
    inquiry = create_inquiry(
        name="Zawadi Mutua", email="zawadi@example.co.ke", message="Cold room alarm"
    )
    pk = {
        "inquiry-detail": inquiry.pk,
        "quotation-detail": quotation.pk,
        "quotation-preview-pdf": quotation.pk,
        "client-detail": quotation.client_id,
    }[name]
    for user in (tech_a, editor_user):
        response = as_user(user).get(reverse(f"v1:admin:{name}", args=[pk]))
        assert response.status_code == 403, (user.email, name)
        assert response.json()["code"] == "permission_denied"
