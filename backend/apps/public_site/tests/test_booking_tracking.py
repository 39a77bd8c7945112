"""The tracking page a guest opens from the e-mailed link: one booking per
token, changes until the cut-off, feedback once after completion; the
confirmation page and the .ics file behind the same token."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from apps.core.models import AuditLog
from apps.leads.models import BookingFeedback, BookingStatus
from apps.leads.services import confirm_booking
from apps.leads.tests.conftest import complete_visit
from apps.leads.tokens import booking_access_token

from .conftest import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_now", "booking_rules")]

WEDNESDAY = dt.date(2026, 3, 4)
THURSDAY = dt.date(2026, 3, 5)


@pytest.fixture
def booking(book):
    # Wednesday 08:00: 47 hours away, inside the 24-hour cut-off's window.
    return book(preferred_date=WEDNESDAY, description="Noisy compressor")


def track(booking, suffix=""):
    return reverse("public_site:booking-track", args=[booking_access_token(booking)]) + suffix


def test_token_opens_its_booking(client, booking):
    booking.admin_notes = "Gate guard is grumpy"
    booking.save()
    response = client.get(track(booking))
    html = response.content.decode()
    assert response.status_code == 200
    assert booking.reference in html and "Noisy compressor" in html
    assert "Gate guard" not in html
    assert "Move to another day or time" in html and "Cancel this visit" in html
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("how", ["forged", "other", "revoked", "garbage"])
def test_bad_token_is_a_friendly_404_never_another_booking(client, book, booking, how):
    other = book(preferred_date=THURSDAY, email="other@example.co.ke", name="Other Person")
    token = booking_access_token(booking)
    if how == "forged":
        token = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    elif how == "other":
        # The other booking's payload under this booking's signature.
        token = booking_access_token(other).split(":")[0] + ":" + token.split(":", 1)[1]
    elif how == "revoked":
        booking.token_version += 1
        booking.save(update_fields=["token_version"])
    else:
        token = "not-a-token"
    for path in (
        reverse("public_site:booking-track", args=[token]),
        reverse("public_site:booking-confirmed", args=[token]),
        reverse("public_site:booking-calendar", args=[token]),
    ):
        response = client.get(path)
        assert response.status_code == 404
        html = response.content.decode()
        assert "This booking link does not work" in html
        assert "Other Person" not in html and other.reference not in html
    post = client.post(reverse("public_site:booking-track-cancel", args=[token]), {"reason": "x"})
    assert post.status_code == 404


def test_technician_names_show_once_confirmed(client, booking, admin_user, technician_user):
    technician_user.full_name = "Juma Otieno"
    technician_user.save()
    assert "Juma Otieno" not in client.get(track(booking)).content.decode()
    confirm_booking(booking=booking, technicians=[technician_user], actor=admin_user)
    html = client.get(track(booking)).content.decode()
    assert "Juma Otieno" in html and "Confirmed" in html


def test_reschedule_before_the_cutoff(client, booking, windows):
    response = client.post(
        track(booking, "reschedule/"), {"slot": f"{THURSDAY.isoformat()}|{windows[1].id}"}
    )
    assert response.status_code == 302 and response["Location"] == track(booking)
    booking.refresh_from_db()
    assert (booking.preferred_date, booking.window) == (THURSDAY, windows[1])
    assert AuditLog.objects.filter(action="booking.rescheduled").exists()
    assert "moved to" in client.get(track(booking)).content.decode()


def test_reschedule_to_a_full_or_closed_slot_keeps_the_booking(client, book, booking, windows):
    book(preferred_date=THURSDAY, window=windows[1], email="a@example.co.ke")
    book(preferred_date=THURSDAY, window=windows[1], email="b@example.co.ke")
    response = client.post(
        track(booking, "reschedule/"), {"slot": f"{THURSDAY.isoformat()}|{windows[1].id}"}
    )
    assert response.status_code == 400
    assert "full" in response.context["reschedule_form"].errors["window"][0]
    sunday = client.post(track(booking, "reschedule/"), {"slot": f"2026-03-08|{windows[1].id}"})
    assert "closed" in sunday.context["reschedule_form"].errors["preferred_date"][0]
    booking.refresh_from_db()
    assert booking.preferred_date == WEDNESDAY


def test_reschedule_and_cancel_refused_after_the_cutoff(client, booking, windows):
    with time_machine.travel(NOW + dt.timedelta(hours=24), tick=False):
        page = client.get(track(booking))
        html = page.content.decode()
        assert "Move to another day or time" not in html
        assert "Changes online close 24 hours before the visit" in html
        moved = client.post(
            track(booking, "reschedule/"), {"slot": f"{THURSDAY.isoformat()}|{windows[1].id}"}
        )
        cancelled = client.post(track(booking, "cancel/"), {"reason": "Travelling"})
    assert moved.status_code == cancelled.status_code == 400
    booking.refresh_from_db()
    assert booking.preferred_date == WEDNESDAY and booking.status == BookingStatus.PENDING


def test_cancel_with_a_reason(client, booking):
    missing = client.post(track(booking, "cancel/"), {"reason": ""})
    assert missing.status_code == 400 and missing.context["cancel_form"].errors["reason"]
    response = client.post(track(booking, "cancel/"), {"reason": "Fixed it myself"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == BookingStatus.CANCELLED
    assert booking.cancellation_reason == "Fixed it myself"
    html = client.get(track(booking)).content.decode()
    assert "Fixed it myself" in html and "Cancel this visit" not in html


def _complete(booking, admin_user, technician_user):
    complete_visit(booking, staff=admin_user, technician=technician_user)


def test_feedback_only_after_completion_and_once(client, booking, admin_user, technician_user):
    early = client.post(track(booking, "feedback/"), {"rating": "5"})
    assert early.status_code == 400 and not BookingFeedback.objects.exists()
    assert 'id="feedback"' not in client.get(track(booking)).content.decode()
    _complete(booking, admin_user, technician_user)
    assert 'id="feedback"' in client.get(track(booking)).content.decode()
    bad = client.post(track(booking, "feedback/"), {"rating": "9"})
    assert bad.status_code == 400 and bad.context["feedback_form"].errors["rating"]
    done = client.post(track(booking, "feedback/"), {"rating": "4", "comment": "Quick and tidy"})
    assert done.status_code == 302 and done["Location"].endswith("#feedback")
    again = client.post(track(booking, "feedback/"), {"rating": "1"})
    assert again.status_code == 400
    feedback = BookingFeedback.objects.get()
    assert (feedback.rating, feedback.comment) == (4, "Quick and tidy")
    assert "Thank you for your feedback" in client.get(track(booking)).content.decode()


def test_confirmation_page_and_calendar_file(client, booking):
    token = booking_access_token(booking)
    page = client.get(reverse("public_site:booking-confirmed", args=[token]))
    html = page.content.decode()
    assert page.status_code == 200 and booking.reference in html
    assert reverse("public_site:booking-track", args=[token]) in html
    ics = client.get(reverse("public_site:booking-calendar", args=[token]))
    body = ics.content.decode()
    assert ics["Content-Type"].startswith("text/calendar")
    assert f'filename="{booking.reference}.ics"' in ics["Content-Disposition"]
    assert "BEGIN:VEVENT" in body and "DTSTART:20260304T050000Z" in body
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n"))


def test_availability_partial_for_a_reschedule_counts_the_booking_as_free(
    client, book, booking, windows
):
    book(preferred_date=WEDNESDAY, email="x@example.co.ke")  # the window is now full
    url = reverse("public_site:booking-availability")
    params = {"service": booking.service.slug, "week": WEDNESDAY.isoformat(), "mode": "radio"}
    value = f'value="{WEDNESDAY.isoformat()}|{windows[0].id}"'
    plain = client.get(url, params).content.decode()
    assert "disabled" in plain.split(value)[1].split(">")[0]
    mine = client.get(url, {**params, "booking": booking_access_token(booking)}).content.decode()
    assert "disabled" not in mine.split(value)[1].split(">")[0]
    assert client.get(url, {**params, "booking": "forged"}).status_code == 404


def test_tracking_posts_are_throttled(client, booking, monkeypatch):
    from apps.public_site.booking_views import WebBookingThrottle

    monkeypatch.setattr(WebBookingThrottle, "rate", "1/hour", raising=False)
    client.post(track(booking, "cancel/"), {"reason": ""})
    response = client.post(track(booking, "cancel/"), {"reason": "x"})
    assert response.status_code == 429
    booking.refresh_from_db()
    assert booking.status == BookingStatus.PENDING


def test_guest_adds_photos_from_the_tracking_page(client, booking):
    from apps.leads.tests.test_booking_photos import disguised_html, jpeg

    bad = client.post(track(booking, "photos/"), {"photos": [disguised_html()]})
    assert bad.status_code == 400
    assert bad.context["photos_form"].errors["photos"]
    assert booking.photos.count() == 0
    ok = client.post(track(booking, "photos/"), {"photos": [jpeg(), jpeg("b.jpg")]})
    assert ok.status_code == 302 and ok["Location"].endswith("#photos")
    assert booking.photos.count() == 2
    html = client.get(track(booking)).content.decode()
    photo = booking.photos.first()
    # The guest's photo links carry the token (there is no session to recognise).
    assert f"/bookings/photos/{photo.pk}/?token=" in html
