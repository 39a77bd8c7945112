"""Client portal bookings: own bookings only (outsiders 404, staff 403,
anonymous to sign-in), the changes a client may make, "Book again", and a
list whose query count does not grow with the bookings."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from apps.leads.models import BookingFeedback, BookingStatus, Client
from apps.leads.services import change_booking_status, confirm_booking
from apps.leads.tests.conftest import complete_visit

from .conftest import TUESDAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "booking_rules")]

WEDNESDAY = dt.date(2026, 3, 4)
THURSDAY = dt.date(2026, 3, 5)


@pytest.fixture
def mine(book, client_user):
    Client.objects.create(
        name="Wanjiku Kariuki", email=client_user.email, user=client_user, address="Lavington"
    )
    return book(
        preferred_date=WEDNESDAY,
        user=client_user,
        email=client_user.email,
        name="Wanjiku Kariuki",
        address="Lavington, James Gichuru Rd",
        location_notes="Green gate",
        description="Bedroom unit",
    )


@pytest.fixture
def theirs(book, other_client_user):
    return book(
        preferred_date=THURSDAY,
        user=other_client_user,
        email=other_client_user.email,
        name="Otieno Outsider",
    )


def detail(booking, suffix=""):
    return reverse("client_portal:booking-detail", args=[booking.reference]) + suffix


def test_list_shows_only_own_bookings(client, client_user, mine, theirs):
    client.force_login(client_user)
    response = client.get(reverse("client_portal:bookings"))
    html = response.content.decode()
    assert response.status_code == 200
    assert mine.reference in html and theirs.reference not in html
    assert response.context["tabs"][0][2] == 1  # upcoming


def test_past_tab(client, client_user, mine, admin_user):
    change_booking_status(
        booking=mine, to_status=BookingStatus.CANCELLED, actor=admin_user, reason="Rain"
    )
    client.force_login(client_user)
    upcoming = client.get(reverse("client_portal:bookings")).content.decode()
    past = client.get(reverse("client_portal:bookings") + "?show=past").content.decode()
    assert mine.reference not in upcoming and mine.reference in past


def test_outsider_gets_404_on_detail_and_actions(client, other_client_user, mine):
    client.force_login(other_client_user)
    assert client.get(detail(mine)).status_code == 404
    for action in ("reschedule/", "cancel/", "feedback/"):
        assert client.post(detail(mine, action), {"reason": "x", "rating": 5}).status_code == 404
    mine.refresh_from_db()
    assert mine.status == BookingStatus.PENDING


def test_staff_are_refused_and_anonymous_sent_to_sign_in(client, sales_user, mine):
    for path in (reverse("client_portal:bookings"), detail(mine), detail(mine, "cancel/")):
        anonymous = client.get(path)
        assert anonymous.status_code == 302 and anonymous["Location"].startswith("/accounts/login/")
    client.force_login(sales_user)
    assert client.get(reverse("client_portal:bookings")).status_code == 403
    assert client.get(detail(mine)).status_code == 403
    assert client.post(detail(mine, "cancel/"), {"reason": "x"}).status_code == 403


def test_detail_timeline_and_book_again(client, client_user, mine, admin_user, technician_user):
    technician_user.full_name = "Juma Otieno"
    technician_user.save()
    confirm_booking(booking=mine, technicians=[technician_user], actor=admin_user)
    client.force_login(client_user)
    response = client.get(detail(mine))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Booking received" in html and "Confirmed" in html and "Juma Otieno" in html
    again = response.context["book_again_url"]
    assert again == f"/book/?service={mine.service.slug}&again={mine.reference}"
    # "Book again" opens the calendar; the details step is prefilled from that visit.
    step = client.post(
        "/book/",
        {
            "step": "slot",
            "service": mine.service.slug,
            "again": mine.reference,
            "slot": f"{THURSDAY.isoformat()}|{mine.window_id}",
        },
    )
    initial = step.context["details_form"].initial
    assert initial["address"] == "Lavington, James Gichuru Rd"
    assert initial["location_notes"] == "Green gate" and initial["description"] == "Bedroom unit"


def test_book_again_of_someone_elses_reference_prefills_nothing_of_theirs(
    client, client_user, mine, theirs
):
    client.force_login(client_user)
    step = client.post(
        "/book/",
        {
            "step": "slot",
            "service": theirs.service.slug,
            "again": theirs.reference,
            "slot": f"{THURSDAY.isoformat()}|{theirs.window_id}",
        },
    )
    assert step.context["details_form"].initial["address"] == "Lavington"


def test_reschedule_cancel_and_feedback_by_post(
    client, client_user, mine, windows, admin_user, technician_user
):
    client.force_login(client_user)
    moved = client.post(detail(mine, "reschedule/"), {"slot": f"{THURSDAY}|{windows[2].id}"})
    assert moved.status_code == 302 and moved["Location"] == detail(mine)
    mine.refresh_from_db()
    assert (mine.preferred_date, mine.window) == (THURSDAY, windows[2])
    early = client.post(detail(mine, "feedback/"), {"rating": 5})
    assert early.status_code == 400
    complete_visit(mine, staff=admin_user, technician=technician_user)
    done = client.post(detail(mine, "feedback/"), {"rating": 5, "comment": "Great"})
    assert done.status_code == 302 and done["Location"].endswith("#feedback")
    assert BookingFeedback.objects.get(booking=mine).created_by == client_user


def test_cancel_until_the_cutoff(client, client_user, book, mine):
    early = book(preferred_date=TUESDAY, user=client_user, email=client_user.email)
    client.force_login(client_user)
    # Tuesday 08:00 is less than 24 hours away: no longer online.
    refused = client.post(detail(early, "cancel/"), {"reason": "Away"})
    assert refused.status_code == 400
    assert "Changes online close" in refused.content.decode()
    ok = client.post(detail(mine, "cancel/"), {"reason": "Away"})
    assert ok.status_code == 302
    mine.refresh_from_db()
    early.refresh_from_db()
    assert mine.status == BookingStatus.CANCELLED and early.status == BookingStatus.PENDING


def test_dashboard_shows_upcoming_bookings(client, client_user, mine, theirs):
    client.force_login(client_user)
    response = client.get(reverse("client_portal:dashboard"))
    assert response.context["upcoming_bookings"] == [mine]
    assert detail(mine) in response.content.decode()


def _bookings_for(client_user, book, windows, count):
    days = [WEDNESDAY + dt.timedelta(days=n) for n in range(40)]
    days = [d for d in days if d.weekday() < 5]
    made = 0
    for day in days:
        for window in windows:
            if made == count:
                return
            book(preferred_date=day, window=window, user=client_user, email=client_user.email)
            made += 1


@pytest.mark.parametrize("count", [1, 30])
def test_list_queries_do_not_grow_with_bookings(
    client,
    client_user,
    book,
    windows,
    technician_user,
    admin_user,
    count,
    django_assert_num_queries,
):
    _bookings_for(client_user, book, windows, count)
    client.force_login(client_user)
    url = reverse("client_portal:bookings")
    client.get(url)  # warm the company settings row
    # Queries: 1 session, 2 user, 3 company settings (context processor),
    # 4 the two tab counts in one aggregate, 5 the page of bookings (with
    # service, category, client and window joined), 6 their technicians.
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["bookings"]) == min(count, 10)


def test_client_adds_photos_to_own_booking_only(client, client_user, mine, theirs):
    from apps.leads.tests.test_booking_photos import jpeg

    client.force_login(client_user)
    ok = client.post(detail(mine, "photos/"), {"photos": [jpeg()]})
    assert ok.status_code == 302 and mine.photos.count() == 1
    assert client.post(detail(theirs, "photos/"), {"photos": [jpeg()]}).status_code == 404
    assert theirs.photos.count() == 0
    html = client.get(detail(mine)).content.decode()
    assert f'/bookings/photos/{mine.photos.get().pk}/"' in html  # no token for the owner
