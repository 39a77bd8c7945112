"""The admin portal's bookings pages: who may open them, how many queries
they take, and the workflow through real POSTs (every change goes through
apps.leads.services)."""

from __future__ import annotations

import csv
import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from apps.core.models import AuditLog
from apps.leads.models import (
    ArrivalWindow,
    BlackoutDate,
    Booking,
    BookingSettings,
    BookingSlot,
    BookingSource,
    BookingStatus,
    CategoryWindowLimit,
    Client,
)
from apps.leads.services import confirm_booking
from apps.users import roles
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db

NAIROBI = ZoneInfo("Africa/Nairobi")
TUESDAY = dt.date(2026, 3, 3)  # the frozen clock is Monday 2 March 2026, 09:00
WEDNESDAY = dt.date(2026, 3, 4)


def make_visit(service, window, day, n, *, status=BookingStatus.PENDING, technicians=()):
    """A booking written straight to the tables (for read tests that need many)."""
    client = Client.objects.create(name=f"Client {n}", email=f"client{n}@example.co.ke")
    booking = Booking.objects.create(
        reference=f"BK-T{n:04d}",
        service=service,
        client=client,
        contact_name=f"Client {n}",
        contact_email=client.email,
        contact_phone=f"+254700{n:06d}",
        site_address="Kilimani, Nairobi",
        preferred_date=day,
        window=window,
        scheduled_start=dt.datetime.combine(day, window.start_time, tzinfo=NAIROBI),
        scheduled_end=dt.datetime.combine(day, window.end_time, tzinfo=NAIROBI),
        status=status,
        source=BookingSource.WEB,
    )
    BookingSlot.objects.create(booking=booking, date=day, window=window)
    booking.technicians.set(technicians)
    return booking


@pytest.fixture
def tech(db):
    return StaffUserFactory(
        email="juma@coollight.test", full_name="Juma Otieno", groups=[roles.TECHNICIAN]
    )


@pytest.fixture
def other_tech(db):
    return StaffUserFactory(
        email="achieng@coollight.test", full_name="Achieng Odhiambo", groups=[roles.TECHNICIAN]
    )


@pytest.fixture
def booking(frozen_now, book):
    return book(description="Bedroom unit blowing warm air")


def _messages(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


# --- who may open what -------------------------------------------------------------

VIEW_PAGES = [
    ("admin_portal:bookings", False),
    ("admin_portal:bookings-export", False),
    ("admin_portal:schedule", False),
    ("admin_portal:booking-detail", True),
    ("admin_portal:booking-slots", False),
]


def _url(name, with_reference, booking):
    return reverse(name, args=[booking.reference]) if with_reference else reverse(name)


@pytest.mark.parametrize(("name", "with_reference"), VIEW_PAGES)
def test_anonymous_is_sent_to_sign_in(client, booking, name, with_reference):
    url = _url(name, with_reference, booking)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


@pytest.mark.parametrize(("name", "with_reference"), VIEW_PAGES)
@pytest.mark.parametrize("who", ["client_user", "editor_user"])
def test_clients_and_content_editors_are_refused(
    client, request, booking, name, with_reference, who
):
    client.force_login(request.getfixturevalue(who))
    assert client.get(_url(name, with_reference, booking)).status_code == 403


@pytest.mark.parametrize(("name", "with_reference"), VIEW_PAGES)
@pytest.mark.parametrize("who", ["sales_user", "technician_user", "admin_user"])
def test_booking_roles_open_the_pages(client, request, booking, name, with_reference, who):
    person = request.getfixturevalue(who)
    if who == "technician_user":  # technicians open the visits assigned to them
        booking.technicians.set([person])
    client.force_login(person)
    # The CSV export (customers' addresses) is not a technician's.
    expected = 403 if (who, name) == ("technician_user", "admin_portal:bookings-export") else 200
    assert client.get(_url(name, with_reference, booking)).status_code == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("client_user", 403),
        ("editor_user", 403),
        ("technician_user", 403),  # may change bookings, not take new ones
        ("sales_user", 200),
        ("admin_user", 200),
    ],
)
def test_new_booking_page_needs_add_permission(client, request, frozen_now, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin_portal:booking-new")).status_code == expected


AVAILABILITY_PAGES = [
    "admin_portal:availability",
]


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("client_user", 403),
        ("editor_user", 403),
        ("technician_user", 403),
        ("sales_user", 403),
        ("admin_user", 200),
    ],
)
def test_availability_is_for_administrators(client, request, windows, who, expected):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("admin_portal:availability")).status_code == expected
    rules = client.post(
        reverse("admin_portal:availability-rules"),
        {"rules-min_notice_days": 2, "rules-horizon_days": 30, "rules-change_cutoff_hours": 12},
    )
    assert rules.status_code == (302 if expected == 200 else 403)


def test_outsiders_cannot_post_workflow_changes(client, client_user, editor_user, booking, tech):
    for person in (client_user, editor_user):
        client.force_login(person)
        for name in ("booking-confirm", "booking-cancel", "booking-notes", "booking-reschedule"):
            url = reverse(f"admin_portal:{name}", args=[booking.reference])
            assert client.post(url, {"confirm-technicians": [tech.pk]}).status_code == 403
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


def test_unknown_reference_is_404(client, sales_user, frozen_now):
    client.force_login(sales_user)
    assert client.get(reverse("admin_portal:booking-detail", args=["BK-NOPE1"])).status_code == 404


def test_sidebar_points_to_the_real_pages(client, sales_user, admin_user, frozen_now):
    client.force_login(sales_user)
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    assert 'data-nav="bookings"' in html and 'data-nav="schedule"' in html
    assert 'data-nav="availability"' not in html
    client.force_login(admin_user)
    html = client.get(reverse("admin_portal:dashboard")).content.decode()
    assert 'data-nav="availability"' in html
    from apps.admin_portal.navigation import PLACEHOLDERS

    assert "bookings" not in PLACEHOLDERS and "schedule" not in PLACEHOLDERS


# --- query counts -----------------------------------------------------------------


def test_bookings_list_query_count_does_not_grow(client, sales_user, frozen_now, service, windows):
    tech = StaffUserFactory(full_name="Juma Otieno", groups=[roles.TECHNICIAN])
    make_visit(service, windows[0], TUESDAY, 0, technicians=[tech])
    client.force_login(sales_user)
    url = reverse("admin_portal:bookings")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    for n in range(1, 50):
        make_visit(
            service, windows[n % 4], TUESDAY + dt.timedelta(days=n // 8), n, technicians=[tech]
        )
    with CaptureQueriesContext(connection) as fifty:
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 50
    # session, user, the user's permissions (groups), company settings,
    # the filter's services and technicians, count, the page of bookings
    # (service, client, window joined), their technicians: the same for 1 or 50.
    assert len(fifty) == len(one), [q["sql"] for q in fifty.captured_queries]


@pytest.mark.parametrize("view", ["day", "week", "technician"])
def test_schedule_query_count_does_not_grow(client, sales_user, frozen_now, service, windows, view):
    tech = StaffUserFactory(full_name="Juma Otieno", groups=[roles.TECHNICIAN])
    make_visit(service, windows[0], TUESDAY, 0, technicians=[tech])
    client.force_login(sales_user)
    url = reverse("admin_portal:schedule") + f"?view={view}&date={TUESDAY.isoformat()}"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        first = client.get(url)
    assert "BK-T0000" in first.content.decode()
    for n in range(1, 30):
        make_visit(service, windows[n % 4], TUESDAY, n, technicians=[tech])
    with CaptureQueriesContext(connection) as thirty:
        response = client.get(url)
    html = response.content.decode()
    assert "BK-T0029" in html
    # session, user, permissions, company settings; then windows, the visits
    # (with service, client and window), their technicians, closed dates and
    # opening hours (day and week) — or technicians, visits and their
    # technicians (by technician): the same for 1 or 30 bookings.
    assert len(thirty) == len(one), [q["sql"] for q in thirty.captured_queries]


def test_booking_detail_query_count_is_constant(
    client, sales_user, frozen_now, book, windows, tech
):
    first = book()
    client.force_login(sales_user)
    url = reverse("admin_portal:booking-detail", args=[first.reference])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    # More history, more messages, more bookings of the same client.
    confirm_booking(booking=first, technicians=[tech], actor=sales_user)
    for window in windows[1:]:
        book(window=window)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["customer_history"]) == 3
    assert len(response.context["timeline"]) >= 3
    assert len(many) == len(few), [q["sql"] for q in many.captured_queries]


def test_dashboard_shows_todays_visits_and_pending_count(
    client, sales_user, frozen_now, service, windows
):
    today = dt.date(2026, 3, 2)
    make_visit(service, windows[0], today, 0, status=BookingStatus.CONFIRMED)
    make_visit(service, windows[1], TUESDAY, 1)
    client.force_login(sales_user)
    url = reverse("admin_portal:dashboard")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert response.context["bookings"].pending_count == 1
    assert [b.reference for b in response.context["bookings"].today] == ["BK-T0000"]
    for n in range(2, 12):
        make_visit(service, windows[n % 4], today, n)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.context["bookings"].pending_count == 11
    assert len(many) == len(few)


# --- the list, filters and export ---------------------------------------------------


def test_list_filters_and_searches(client, sales_user, frozen_now, service, windows, tech):
    make_visit(service, windows[0], TUESDAY, 1, status=BookingStatus.CONFIRMED, technicians=[tech])
    make_visit(service, windows[1], WEDNESDAY, 2)
    make_visit(service, windows[2], WEDNESDAY, 3, status=BookingStatus.CANCELLED)
    client.force_login(sales_user)
    url = reverse("admin_portal:bookings")

    def refs(**params):
        response = client.get(url, params)
        return sorted(b.reference for b in response.context["page"].object_list)

    assert refs() == ["BK-T0001", "BK-T0002", "BK-T0003"]
    assert refs(status=["pending", "cancelled"]) == ["BK-T0002", "BK-T0003"]
    assert refs(technician=tech.pk) == ["BK-T0001"]
    assert refs(date_from="2026-03-04") == ["BK-T0002", "BK-T0003"]
    assert refs(q="t0002") == ["BK-T0002"]
    assert refs(q="700000003") == ["BK-T0003"]  # by phone
    assert refs(q="Client 1") == ["BK-T0001"]
    assert refs(source="phone") == []
    ordered = client.get(url, {"sort": "date"}).context["page"].object_list
    assert [b.reference for b in ordered] == ["BK-T0001", "BK-T0002", "BK-T0003"]
    bad = client.get(url, {"date_from": "2026-03-05", "date_to": "2026-03-01"})
    assert "The end date is before the start date." in bad.content.decode()


def _csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_csv_export_has_the_filtered_bookings(
    client, sales_user, frozen_now, service, windows, tech
):
    make_visit(service, windows[0], TUESDAY, 1, status=BookingStatus.CONFIRMED, technicians=[tech])
    visit = make_visit(service, windows[1], WEDNESDAY, 2)
    visit.contact_name = "=HYPERLINK(evil)"
    visit.save()
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:bookings-export"), {"status": "confirmed"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0] == [
        "reference",
        "date",
        "window",
        "status",
        "service",
        "client",
        "contact",
        "phone",
        "email",
        "address",
        "directions",
        "technicians",
        "source",
        "created",
    ]
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["reference"] == "BK-T0001"
    assert row["date"] == "2026-03-03"
    assert row["window"] == "08:00–10:00"
    assert row["status"] == "Confirmed"
    assert row["phone"] == "+254700000001"  # a number stays a number
    assert row["technicians"] == "Juma Otieno"
    assert row["email"] == "client1@example.co.ke"
    # The list page's ?format=csv is the same export; formulas are defused.
    everything = _csv(client.get(reverse("admin_portal:bookings"), {"format": "csv"}))
    assert len(everything) == 3
    assert [r[6] for r in everything[1:] if r[0] == "BK-T0002"] == ["'=HYPERLINK(evil)"]
    assert AuditLog.objects.filter(action="bookings.exported").count() == 2


def test_global_search_finds_bookings(client, sales_user, booking):
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:search"), {"q": booking.reference})
    html = response.content.decode()
    assert reverse("admin_portal:booking-detail", args=[booking.reference]) in html
    assert (
        "Peter Kamau" in client.get(reverse("admin_portal:search"), {"q": "kamau"}).content.decode()
    )


# --- the workflow through POSTs ---------------------------------------------------


def test_detail_shows_summary_timeline_messages_and_actions(client, sales_user, booking):
    client.force_login(sales_user)
    response = client.get(reverse("admin_portal:booking-detail", args=[booking.reference]))
    html = response.content.decode()
    assert "Bedroom unit blowing warm air" in html
    assert 'href="tel:+254712345678"' in html and "https://wa.me/254712345678" in html
    assert "mailto:peter@example.co.ke" in html
    assert "booking_received" in html  # messages sent
    assert "Booked" in html  # timeline
    assert response.context["transitions"] == ["cancelled", "confirmed"]
    assert reverse("admin_portal:booking-confirm", args=[booking.reference]) in html
    assert reverse("admin_portal:booking-cancel", args=[booking.reference]) in html
    # No start/complete buttons on a pending booking.
    assert "/status/in_progress/" not in html and "/status/completed/" not in html
    # "Create quotation" opens the quotation builder for this booking.
    assert f"/admin/quotations/new/?booking={booking.pk}" in html


def test_technician_sees_no_messages_log(client, technician_user, booking):
    booking.technicians.set([technician_user])
    client.force_login(technician_user)
    response = client.get(reverse("admin_portal:booking-detail", args=[booking.reference]))
    assert response.context["notifications"] is None
    # Nor a "Create quotation" they could not use.
    assert 'data-testid="create-quotation"' not in response.content.decode()


def test_confirm_with_technicians(client, sales_user, booking, tech, other_tech):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:booking-confirm", args=[booking.reference]),
        {"confirm-technicians": [tech.pk, other_tech.pk]},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CONFIRMED and booking.confirmed_at is not None
    assert set(booking.technicians.all()) == {tech, other_tech}
    assert AuditLog.objects.filter(action="booking.confirmed", actor=sales_user).exists()


def test_confirm_needs_a_technician(client, sales_user, booking):
    client.force_login(sales_user)
    response = client.post(reverse("admin_portal:booking-confirm", args=[booking.reference]), {})
    assert response.status_code == 400
    assert "Choose at least one technician." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


def test_double_assignment_is_refused_on_the_technicians_field(
    client, sales_user, frozen_now, book, tech
):
    first = book()
    confirm_booking(booking=first, technicians=[tech], actor=sales_user)
    second = book(email="wanjiru@example.co.ke", phone="+254700000009")
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:booking-confirm", args=[second.reference]),
        {"confirm-technicians": [tech.pk]},
    )
    assert response.status_code == 400
    form = response.context["confirm_form"]
    assert form.errors["technicians"] == [
        f"Juma Otieno is already on {first.reference} at that time."
    ]
    assert 'id="id_confirm-technicians_error"' in response.content.decode()
    second.refresh_from_db()
    assert second.status == BookingStatus.PENDING and not second.technicians.exists()


def test_start_and_complete(client, technician_user, booking, sales_user, frozen_now):
    confirm_booking(booking=booking, technicians=[technician_user], actor=sales_user)
    frozen_now.move_to(booking.scheduled_start)  # a visit starts on its day
    client.force_login(technician_user)
    start = reverse("admin_portal:booking-status", args=[booking.reference, "in_progress"])
    assert client.get(start).status_code == 200  # the page without JavaScript
    assert client.post(start).status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.IN_PROGRESS and booking.started_at
    done = reverse("admin_portal:booking-status", args=[booking.reference, "completed"])
    response = client.post(done)
    assert _messages(response)[-1] == f"{booking.reference} is now completed."
    booking.refresh_from_db()
    assert booking.status == BookingStatus.COMPLETED and booking.completed_at


def test_no_show_from_confirmed(client, sales_user, booking, tech, frozen_now):
    confirm_booking(booking=booking, technicians=[tech], actor=sales_user)
    frozen_now.move_to(booking.scheduled_start + dt.timedelta(hours=1))
    client.force_login(sales_user)
    url = reverse("admin_portal:booking-status", args=[booking.reference, "no_show"])
    assert "Mark no-show" in client.get(url).content.decode()
    client.post(url)
    booking.refresh_from_db()
    assert booking.status == BookingStatus.NO_SHOW


def test_illegal_transition_is_refused_and_nothing_changes(client, sales_user, booking):
    client.force_login(sales_user)
    before = AuditLog.objects.count()
    response = client.post(
        reverse("admin_portal:booking-status", args=[booking.reference, "completed"])
    )
    assert response.status_code == 302
    assert _messages(response) == ["A pending booking cannot become completed."]
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING and booking.completed_at is None
    assert AuditLog.objects.count() == before
    # Confirm and cancel have their own forms; the status address refuses them.
    url = reverse("admin_portal:booking-status", args=[booking.reference, "confirmed"])
    assert client.post(url).status_code == 404


def test_cancel_needs_a_reason(client, sales_user, booking):
    client.force_login(sales_user)
    url = reverse("admin_portal:booking-cancel", args=[booking.reference])
    assert client.get(url).status_code == 200
    response = client.post(url, {"cancel-reason": "  "})
    assert response.status_code == 400
    assert "Say why the visit is cancelled." in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING
    client.post(url, {"cancel-reason": "Customer fixed it himself"})
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancellation_reason == "Customer fixed it himself"


def test_assign_and_unassign_technicians(client, sales_user, booking, tech, other_tech):
    confirm_booking(booking=booking, technicians=[tech], actor=sales_user)
    client.force_login(sales_user)
    url = reverse("admin_portal:booking-technicians", args=[booking.reference])
    client.post(url, {"assign-technicians": [tech.pk, other_tech.pk]})
    assert set(booking.technicians.all()) == {tech, other_tech}
    # A confirmed visit keeps at least one technician.
    response = client.post(url, {})
    assert response.status_code == 400
    assert response.context["technicians_form"].errors["technicians"] == [
        "A confirmed visit needs at least one technician."
    ]
    client.post(url, {"assign-technicians": [other_tech.pk]})
    assert list(booking.technicians.all()) == [other_tech]


def test_only_technicians_can_be_assigned(client, sales_user, booking):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:booking-confirm", args=[booking.reference]),
        {"confirm-technicians": [sales_user.pk]},
    )
    assert response.status_code == 400
    assert "technicians" in response.context["confirm_form"].errors


def test_reschedule_moves_the_visit(client, sales_user, booking, windows):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:booking-reschedule", args=[booking.reference]),
        {"move-preferred_date": WEDNESDAY.isoformat(), "move-window": windows[2].pk},
    )
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.preferred_date == WEDNESDAY and booking.window == windows[2]


def test_reschedule_into_a_full_window_shows_alternatives(
    client, sales_user, frozen_now, book, windows
):
    moving = book()
    book(window=windows[1], email="a@example.co.ke", phone="+254700000001")
    book(window=windows[1], email="b@example.co.ke", phone="+254700000002")
    client.force_login(sales_user)
    url = reverse("admin_portal:booking-reschedule", args=[moving.reference])
    response = client.post(
        url, {"move-preferred_date": TUESDAY.isoformat(), "move-window": windows[1].pk}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sorry, that slot was just taken." in html
    assert 'name="move-alternative"' in html
    alternatives = response.context["alternatives"]
    assert alternatives and alternatives[0].label == "13:00–15:00"
    moving.refresh_from_db()
    assert moving.window == windows[0]
    # Clicking an alternative moves the visit there.
    choice = f"{alternatives[0].start.date().isoformat()}|{alternatives[0].window_id}"
    client.post(url, {"move-alternative": choice, "move-preferred_date": "", "move-window": ""})
    moving.refresh_from_db()
    assert moving.window == windows[2]


def test_reschedule_form_shows_live_capacity(client, sales_user, booking, windows):
    client.force_login(sales_user)
    html = client.get(
        reverse("admin_portal:booking-detail", args=[booking.reference]),
        {"move-preferred_date": TUESDAY.isoformat()},
    ).content.decode()
    # The booking's own place counts as free when moving it.
    assert "2 of 2 free" in html
    partial = client.get(
        reverse("admin_portal:booking-slots"),
        {"prefix": "move", "booking": booking.reference, "move-preferred_date": "2026-03-08"},
    )
    assert partial.status_code == 200
    assert "Closed that day (opening hours)." in partial.content.decode()  # a Sunday


def test_internal_notes(client, technician_user, booking):
    booking.technicians.set([technician_user])
    client.force_login(technician_user)
    client.post(
        reverse("admin_portal:booking-notes", args=[booking.reference]),
        {"notes-admin_notes": "Bring the long ladder"},
    )
    booking.refresh_from_db()
    assert booking.admin_notes == "Bring the long ladder"
    assert AuditLog.objects.filter(action="booking.notes_updated").exists()


# --- phone bookings --------------------------------------------------------------------


def _phone_booking(service, window, **overrides):
    data = {
        "service": service.pk,
        "preferred_date": TUESDAY.isoformat(),
        "window": window.pk,
        "name": "Wambui Njoroge",
        "phone": "0722 555 111",
        "email": "wambui@example.co.ke",
        "address": "Westlands, Woodvale Grove",
        "location_notes": "Blue gate",
        "description": "Unit leaking",
        "form_token": "token-1",
    }
    data.update(overrides)
    return data


def test_phone_booking_is_made_with_source_phone(
    client, sales_user, frozen_now, service, first_window, booking_rules
):
    client.force_login(sales_user)
    url = reverse("admin_portal:booking-new")
    assert client.get(url).status_code == 200
    response = client.post(url, _phone_booking(service, first_window))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin_portal:booking-detail", args=[booking.reference])
    assert booking.source == BookingSource.PHONE
    assert booking.created_by == sales_user
    assert booking.contact_phone == "+254722555111"
    assert booking.location_notes == "Blue gate"
    assert _messages(response) == [f"Booked {booking.reference} for Wambui Njoroge."]
    # A double click books once.
    client.post(url, _phone_booking(service, first_window))
    assert Booking.objects.count() == 1
    listing = client.get(reverse("admin_portal:bookings"), {"source": "phone"})
    assert booking.reference in listing.content.decode()


def test_staff_can_book_today(client, sales_user, frozen_now, service, windows, booking_rules):
    client.force_login(sales_user)
    today = dt.date(2026, 3, 2)
    response = client.post(
        reverse("admin_portal:booking-new"),
        _phone_booking(service, windows[2], preferred_date=today.isoformat()),
    )
    assert response.status_code == 302
    assert Booking.objects.get().preferred_date == today


def test_phone_booking_errors_keep_the_input(
    client, sales_user, frozen_now, service, first_window, booking_rules
):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:booking-new"),
        _phone_booking(service, first_window, address="", phone="12", preferred_date="2026-03-01"),
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert set(form.errors) == {"address", "phone", "preferred_date"}
    html = response.content.decode()
    assert 'value="Wambui Njoroge"' in html and "Unit leaking" in html
    assert 'value="token-1"' in html
    assert not Booking.objects.exists()


def test_phone_booking_on_a_closed_day_names_the_date(
    client, sales_user, frozen_now, service, first_window, booking_rules
):
    BlackoutDate.objects.create(date=TUESDAY, reason="Staff training")
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:booking-new"), _phone_booking(service, first_window)
    )
    assert response.status_code == 400
    assert response.context["form"].errors["preferred_date"] == [
        "We are closed on that day (Staff training)."
    ]


def test_phone_booking_in_a_full_window_offers_alternatives(
    client, sales_user, frozen_now, book, service, first_window, windows
):
    book()
    book(email="b@example.co.ke", phone="+254700000002")
    client.force_login(sales_user)
    url = reverse("admin_portal:booking-new")
    response = client.post(url, _phone_booking(service, first_window, form_token="token-2"))
    assert response.status_code == 400
    assert response.context["form"].errors["window"]
    html = response.content.decode()
    assert 'name="alternative"' in html and 'value="Wambui Njoroge"' in html
    alternative = response.context["alternatives"][0]
    choice = f"{alternative.start.date().isoformat()}|{alternative.window_id}"
    response = client.post(
        url, {**_phone_booking(service, first_window, form_token="token-2"), "alternative": choice}
    )
    assert response.status_code == 302
    made = Booking.objects.get(contact_name="Wambui Njoroge")
    assert made.window == windows[1] and made.source == BookingSource.PHONE


def test_show_free_windows_without_javascript(
    client, sales_user, frozen_now, service, windows, booking_rules
):
    client.force_login(sales_user)
    response = client.post(
        reverse("admin_portal:booking-new"),
        {
            "service": service.pk,
            "preferred_date": TUESDAY.isoformat(),
            "name": "Wambui",
            "check": "1",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 of 2 free" in html and 'value="Wambui"' in html
    assert not response.context["form"].is_bound  # no errors shown yet
    partial = client.get(
        reverse("admin_portal:booking-slots"),
        {"service": service.pk, "preferred_date": TUESDAY.isoformat()},
    )
    assert partial.content.decode().count('type="radio"') == 4


# --- availability settings ------------------------------------------------------------


def test_booking_rules_change_is_audited(client, admin_user, frozen_now, windows):
    client.force_login(admin_user)
    response = client.post(
        reverse("admin_portal:availability-rules"),
        {"rules-min_notice_days": 2, "rules-horizon_days": 30, "rules-change_cutoff_hours": 12},
    )
    assert response.status_code == 302
    rules = BookingSettings.get_solo()
    assert (rules.min_notice_days, rules.horizon_days, rules.change_cutoff_hours) == (2, 30, 12)
    entry = AuditLog.objects.get(action="booking_rules.updated")
    assert entry.actor == admin_user and entry.changes["horizon_days"] == [60, 30]
    bad = client.post(
        reverse("admin_portal:availability-rules"),
        {"rules-min_notice_days": 10, "rules-horizon_days": 5, "rules-change_cutoff_hours": 12},
    )
    assert bad.status_code == 400
    assert bad.context["rules_form"].errors["horizon_days"]


def test_arrival_windows_add_edit_deactivate(client, admin_user, frozen_now, windows, book):
    client.force_login(admin_user)
    overlap = client.post(
        reverse("admin_portal:availability-window-new"),
        {"window-start_time": "09:00", "window-end_time": "11:00", "window-capacity": 2},
    )
    assert overlap.status_code == 400
    assert "overlaps" in overlap.context["window_form"].errors["start_time"][0]
    client.post(
        reverse("admin_portal:availability-window-new"),
        {
            "window-start_time": "17:00",
            "window-end_time": "19:00",
            "window-capacity": 1,
            "window-label": "Evening",
        },
    )
    evening = ArrivalWindow.objects.get(start_time=dt.time(17))
    assert (
        evening.capacity == 1 and AuditLog.objects.filter(action="arrival_window.created").exists()
    )
    # Capacity can change even with visits booked; the times cannot.
    book()
    edit = reverse("admin_portal:availability-window", args=[windows[0].pk])
    assert client.get(edit).status_code == 200
    client.post(
        edit, {"window-start_time": "08:00", "window-end_time": "10:00", "window-capacity": 3}
    )
    windows[0].refresh_from_db()
    assert windows[0].capacity == 3
    moved = client.post(
        edit, {"window-start_time": "07:30", "window-end_time": "10:00", "window-capacity": 3}
    )
    assert moved.status_code == 400
    assert "upcoming visits" in moved.context["form"].errors["start_time"][0]
    off = reverse("admin_portal:availability-window-deactivate", args=[evening.pk])
    assert client.get(off).status_code == 200
    client.post(off)
    evening.refresh_from_db()
    assert not evening.is_active
    assert AuditLog.objects.filter(action="arrival_window.deactivated").exists()
    client.post(reverse("admin_portal:availability-window-reactivate", args=[evening.pk]))
    evening.refresh_from_db()
    assert evening.is_active


def test_category_limit_set_and_removed(client, admin_user, frozen_now, windows, category):
    client.force_login(admin_user)
    url = reverse("admin_portal:availability-limit")
    too_many = client.post(
        url, {"limit-category": category.pk, "limit-window": windows[0].pk, "limit-capacity": 5}
    )
    assert too_many.status_code == 400
    client.post(
        url, {"limit-category": category.pk, "limit-window": windows[0].pk, "limit-capacity": 1}
    )
    assert CategoryWindowLimit.objects.get().capacity == 1
    client.post(
        url, {"limit-category": category.pk, "limit-window": windows[0].pk, "limit-capacity": ""}
    )
    assert not CategoryWindowLimit.objects.exists()
    assert list(
        AuditLog.objects.filter(action__startswith="category_limit").values_list(
            "action", flat=True
        )
    ) == ["category_limit.removed", "category_limit.set"]


def test_closed_days_added_and_removed(client, admin_user, frozen_now, book, windows):
    book()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin_portal:availability-closed"),
        {"closed-date": TUESDAY.isoformat(), "closed-reason": "Staff training"},
    )
    assert "1 visits are still booked that day" in _messages(response)[0]
    blackout = BlackoutDate.objects.get()
    again = client.post(
        reverse("admin_portal:availability-closed"),
        {"closed-date": TUESDAY.isoformat(), "closed-reason": "Again"},
    )
    assert again.status_code == 400
    assert again.context["closed_form"].errors["date"] == ["That day is already closed."]
    page = client.get(reverse("admin_portal:availability")).content.decode()
    assert "Staff training" in page
    delete = reverse("admin_portal:availability-closed-delete", args=[blackout.pk])
    assert client.get(delete).status_code == 200
    client.post(delete)
    assert not BlackoutDate.objects.exists()
    assert set(
        AuditLog.objects.filter(action__startswith="closed_date").values_list("action", flat=True)
    ) == {"closed_date.added", "closed_date.removed"}


def test_load_kenya_public_holidays(client, admin_user, frozen_now, windows):
    client.force_login(admin_user)
    url = reverse("admin_portal:availability-holidays")
    response = client.post(url, {"year": 2026})
    holidays = BlackoutDate.objects.filter(is_public_holiday=True, date__year=2026)
    assert holidays.filter(date=dt.date(2026, 6, 1)).exists()  # Madaraka Day
    assert f"{holidays.count()} public holidays of 2026" in _messages(response)[0]
    entry = AuditLog.objects.get(action="closed_date.holidays_loaded")
    assert entry.changes["added"] == holidays.count()
    again = client.post(url, {"year": 2026})
    assert _messages(again)[-1] == "Every public holiday of 2026 was already there."
    assert client.post(url, {"year": 1999}).status_code == 400
