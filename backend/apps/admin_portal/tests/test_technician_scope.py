"""A technician sees the visits assigned to them and nothing else: not a
colleague's visit (404, as if it did not exist), not the CSV export, the
client list or the inquiries inbox (403), and they cannot cancel, confirm,
move or reassign a visit (403). They still start, complete and annotate
their own. Every door is scoped: the list, the schedule, the dashboard,
the search, the photos."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from apps.leads.models import ArrivalWindow, Booking, BookingStatus
from apps.leads.services import add_booking_photos
from apps.leads.tests.conftest import dispatch_snapshot, image_bytes, upload

pytestmark = pytest.mark.django_db


def _detail(booking):
    return reverse("admin_portal:booking-detail", args=[booking.reference])


# --- another technician's visit: 404 everywhere --------------------------------------


def test_a_colleagues_visit_is_not_found(client, visits, tech_a, frozen_now):
    mine, theirs = visits
    frozen_now.move_to(theirs.scheduled_start)  # the visit could be started now
    before = dispatch_snapshot(theirs)
    client.force_login(tech_a)
    ref = theirs.reference
    assert client.get(_detail(theirs)).status_code == 404
    for to_status in ("in_progress", "completed", "no_show"):
        url = reverse("admin_portal:booking-status", args=[ref, to_status])
        assert client.get(url).status_code == 404, to_status
        assert client.post(url).status_code == 404, to_status
    notes = reverse("admin_portal:booking-notes", args=[ref])
    assert client.post(notes, {"notes-admin_notes": "Was here"}).status_code == 404
    slots = reverse("admin_portal:booking-slots") + f"?prefix=move&booking={ref}"
    assert client.get(slots).status_code == 404
    assert dispatch_snapshot(theirs) == before
    # Their own visit, at the same moment, opens.
    assert client.get(_detail(mine)).status_code == 200


def test_a_colleagues_visit_photo_is_not_found(client, visits, tech_a, tech_b):
    _mine, theirs = visits
    [photo] = add_booking_photos(
        booking=theirs, uploads=[upload("unit.png", image_bytes(), "image/png")]
    )
    url = reverse("public_site:booking-photo", args=[photo.pk])
    client.force_login(tech_a)
    assert client.get(url).status_code == 404
    client.force_login(tech_b)
    assert client.get(url).status_code == 200


# --- the office's actions: 403, and hidden -----------------------------------------------


@pytest.mark.parametrize("whose", ["mine", "theirs"])
def test_cancel_confirm_move_and_reassign_are_refused(client, visits, tech_a, tech_b, whose):
    booking = visits[0] if whose == "mine" else visits[1]
    before = dispatch_snapshot(booking)
    client.force_login(tech_a)
    ref = booking.reference
    posts = {
        "booking-cancel": {"cancel-reason": "Not needed"},
        "booking-confirm": {"confirm-technicians": [tech_a.pk]},
        "booking-technicians": {"assign-technicians": [tech_a.pk, tech_b.pk]},
        "booking-reschedule": {
            "move-preferred_date": (booking.preferred_date + dt.timedelta(days=1)).isoformat(),
            "move-window": str(booking.window_id),
        },
    }
    for name, data in posts.items():
        url = reverse(f"admin_portal:{name}", args=[ref])
        assert client.post(url, data).status_code == 403, name
    assert client.get(reverse("admin_portal:booking-cancel", args=[ref])).status_code == 403
    assert dispatch_snapshot(booking) == before


def test_export_clients_and_inquiries_are_refused(client, visits, tech_a):
    client.force_login(tech_a)
    assert client.get(reverse("admin_portal:bookings-export")).status_code == 403
    assert client.get(reverse("admin_portal:bookings") + "?format=csv").status_code == 403
    assert client.get(reverse("admin_portal:clients")).status_code == 403
    client_page = reverse("admin_portal:client-detail", args=[visits[0].client_id])
    assert client.get(client_page).status_code == 403
    assert client.get(reverse("admin_portal:inquiries")).status_code == 403
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    for hidden in ("clients", "inquiries", "follow-ups"):
        assert f'data-nav="{hidden}"' not in html, hidden
    assert 'data-nav="bookings"' in html and 'data-nav="schedule"' in html


# --- their own visits ---------------------------------------------------------------------


def test_technician_does_their_own_visit(client, visits, tech_a, frozen_now):
    mine, _theirs = visits
    client.force_login(tech_a)
    response = client.get(_detail(mine))
    html = response.content.decode()
    # What the visit needs: the client, the site, the request.
    for shown in ("Peter Kamau", "Kilimani, Nairobi", "Bedroom unit blowing warm air"):
        assert shown in html, shown
    # The office's actions are not offered.
    for hidden in ("booking-cancel", "booking-confirm", "booking-technicians"):
        assert reverse(f"admin_portal:{hidden}", args=[mine.reference]) not in html, hidden
    assert 'data-testid="reschedule-form"' not in html
    assert 'data-testid="technicians-form"' not in html
    assert response.context["customer_history"] == []
    frozen_now.move_to(mine.scheduled_start)
    client.force_login(tech_a)  # a new day, a new session
    start = reverse("admin_portal:booking-status", args=[mine.reference, "in_progress"])
    assert start in client.get(_detail(mine)).content.decode()
    assert client.post(start).status_code == 302
    notes = reverse("admin_portal:booking-notes", args=[mine.reference])
    assert client.post(notes, {"notes-admin_notes": "Gas topped up"}).status_code == 302
    done = reverse("admin_portal:booking-status", args=[mine.reference, "completed"])
    assert client.post(done).status_code == 302
    mine.refresh_from_db()
    assert mine.status == BookingStatus.COMPLETED and mine.admin_notes == "Gas topped up"


def test_sales_still_dispatch(client, visits, sales_user):
    mine, _theirs = visits
    client.force_login(sales_user)
    html = client.get(_detail(mine)).content.decode()
    assert reverse("admin_portal:booking-cancel", args=[mine.reference]) in html
    assert 'data-testid="technicians-form"' in html and 'data-testid="reschedule-form"' in html
    listing = client.get(reverse("admin_portal:bookings")).content.decode()
    assert 'data-testid="export-csv"' in listing
    assert client.get(reverse("admin_portal:bookings-export")).status_code == 200


# --- every list is scoped -----------------------------------------------------------------


def test_lists_schedule_dashboard_and_search_show_only_their_visits(
    client, visits, tech_a, frozen_now
):
    mine, theirs = visits
    client.force_login(tech_a)
    listing = client.get(reverse("admin_portal:bookings"))
    assert [b.reference for b in listing.context["page"]] == [mine.reference]
    assert 'data-testid="export-csv"' not in listing.content.decode()
    day = mine.preferred_date.isoformat()
    for view in ("day", "week", "technician"):
        html = client.get(
            reverse("admin_portal:schedule") + f"?view={view}&date={day}"
        ).content.decode()
        assert mine.reference in html and theirs.reference not in html, view
        assert "Achieng Odhiambo" not in html, view  # no colleague's row
    frozen_now.move_to(mine.scheduled_start - dt.timedelta(hours=1))
    client.force_login(tech_a)  # a new day, a new session
    dashboard = client.get(reverse("admin_portal:dashboard"))
    assert [v.reference for v in dashboard.context["bookings"].today] == [mine.reference]

    def found(query: str) -> list[str]:
        response = client.get(reverse("admin_portal:search"), {"q": query})
        return [hit.title for _label, hits in response.context["groups"] for hit in hits]

    assert found("Zawadi") == [] and found(theirs.reference) == []
    assert found("Peter") == [f"{mine.reference} · Peter Kamau"]


def test_schedule_counts_everyones_places(client, visits, tech_a, windows):
    """A technician's week shows their visits only, but a full window still
    shows as full: the places left count every booking."""
    _mine, theirs = visits
    client.force_login(tech_a)
    day = theirs.preferred_date
    response = client.get(reverse("admin_portal:schedule") + f"?view=day&date={day.isoformat()}")
    [section] = response.context["day_sections"]
    cell = next(c["cell"] for c in section["cells"] if c["cell"].window.pk == theirs.window_id)
    assert cell.bookings == [] and cell.taken == 1


def test_technician_list_query_count_does_not_grow(client, tech_a, frozen_now, book, windows):
    ArrivalWindow.objects.update(capacity=50)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    first = book(preferred_date=tomorrow)
    first.technicians.set([tech_a])
    client.force_login(tech_a)
    url = reverse("admin_portal:bookings")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 20):
        booking = book(
            email=f"c{n}@example.co.ke",
            phone=f"+2547140000{n:02d}",
            preferred_date=tomorrow,
            window=windows[n % 4],
        )
        if n % 2:
            booking.technicians.set([tech_a])
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(url)
    assert response.context["page"].paginator.count == 11
    assert Booking.objects.count() == 20
    # session, user, the user's permissions (groups), company settings, the
    # filter's services and technicians, count, the page of their bookings
    # (service, client, window joined), their technicians: the same for 1 or 11.
    assert len(twenty) == len(one), [q["sql"] for q in twenty.captured_queries]


@pytest.mark.parametrize("view", ["day", "week", "technician"])
def test_technician_schedule_query_count_does_not_grow(
    client, tech_a, tech_b, frozen_now, book, windows, view
):
    ArrivalWindow.objects.update(capacity=50)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    book(preferred_date=tomorrow).technicians.set([tech_a])
    client.force_login(tech_a)
    url = reverse("admin_portal:schedule") + f"?view={view}&date={tomorrow.isoformat()}"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 16):
        booking = book(
            email=f"c{n}@example.co.ke",
            phone=f"+2547140000{n:02d}",
            preferred_date=tomorrow,
            window=windows[n % 4],
        )
        booking.technicians.set([tech_a if n % 2 else tech_b])
    with CaptureQueriesContext(connection) as sixteen:
        response = client.get(url)
    assert response.status_code == 200
    # session, user, permissions, company settings; then windows, the visits
    # (theirs marked in the same query), their technicians, closed dates and
    # opening hours (day and week), or their visits and the visits'
    # technicians (by technician): the same for 1 or 16 bookings.
    assert len(sixteen) == len(one), [q["sql"] for q in sixteen.captured_queries]
