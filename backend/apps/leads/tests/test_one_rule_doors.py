"""The booking rules written once: every door (staff page, tracking page,
API) answers "can this visit move" the same way, from
``check_movable``."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from apps.leads.models import Booking, BookingStatus, Inquiry
from apps.leads.services import (
    BookingError,
    InquiryError,
    check_movable,
    create_inquiry,
    customer_can_change,
    staff_can_move,
)
from apps.leads.tokens import booking_access_token

from .test_booking_api import CREATE, payload

pytestmark = pytest.mark.django_db


def _with_status(booking: Booking, status: str) -> Booking:
    Booking.objects.filter(pk=booking.pk).update(status=status)
    booking.refresh_from_db()
    return booking


def _doors(client, api, admin_user, booking: Booking) -> dict[str, bool]:
    token = booking_access_token(booking)
    tracking = client.get(reverse("public_site:booking-track", args=[token]))
    api_detail = api.get(
        reverse("v1:leads:booking-detail", args=[booking.pk]), {"token": token}
    ).json()
    client.force_login(admin_user)
    staff_page = client.get(reverse("admin_portal:booking-detail", args=[booking.reference]))
    client.logout()
    return {
        "tracking_page": bool(tracking.context["can_change"]),
        "api_can_change": api_detail["can_change"],
        "staff_page_movable": bool(staff_page.context["movable"]),
    }


@pytest.mark.parametrize("status", BookingStatus.values)
def test_every_door_agrees_whether_a_visit_can_move(
    frozen_now, book, client, api, admin_user, status
):
    booking = _with_status(book(), status)
    doors = _doors(client, api, admin_user, booking)
    expected_customer = customer_can_change(booking)
    assert doors["tracking_page"] is expected_customer
    assert doors["api_can_change"] is expected_customer
    assert doors["staff_page_movable"] is staff_can_move(booking)
    assert staff_can_move(booking) is (status in ("pending", "confirmed"))


def test_past_the_cutoff_only_staff_may_move(frozen_now, book, client, api, admin_user):
    booking = book()
    with time_machine.travel(booking.scheduled_start - dt.timedelta(hours=1), tick=False):
        doors = _doors(client, api, admin_user, booking)
        assert doors == {
            "tracking_page": False,
            "api_can_change": False,
            "staff_page_movable": True,
        }
        with pytest.raises(BookingError) as caught:
            check_movable(booking, by_customer=True)
        assert caught.value.field == "status"
        check_movable(booking)  # staff: no cut-off


# --- "an e-mail or a phone" ---------------------------------------------------

CONTACT_MESSAGE = "Give an e-mail address or a phone number."


def test_every_door_names_email_when_there_is_no_contact(
    frozen_now, book, service, windows, booking_rules, api, client
):
    with pytest.raises(BookingError) as booking_error:
        book(email="", phone="")
    with pytest.raises(InquiryError) as inquiry_error:
        create_inquiry(name="Amina", email="", phone="", message="Two split units please.")
    booking_api = api.post(reverse(CREATE), payload(service, email="", phone=""), format="json")
    inquiry_api = api.post(
        reverse("v1:leads:inquiry-create"),
        {"name": "Amina", "email": "", "phone": "", "message": "Two split units please."},
        format="json",
    )
    quote_form = client.post(
        reverse("public_site:quote"),
        {"name": "Amina", "email": "", "phone": "", "message": "Two split units please."},
    )
    assert (booking_error.value.field, booking_error.value.message) == ("email", CONTACT_MESSAGE)
    assert (inquiry_error.value.field, inquiry_error.value.message) == ("email", CONTACT_MESSAGE)
    assert booking_api.status_code == inquiry_api.status_code == quote_form.status_code == 400
    assert booking_api.json()["errors"]["email"] == [CONTACT_MESSAGE]
    assert inquiry_api.json()["errors"]["email"] == [CONTACT_MESSAGE]
    assert quote_form.context["form"].errors["email"] == [CONTACT_MESSAGE]
    assert not Booking.objects.exists() and not Inquiry.objects.exists()


def test_a_phone_alone_is_enough_at_every_door(
    frozen_now, book, service, windows, booking_rules, api, client
):
    assert book(email="", phone="+254722000111").contact_email == ""
    booking_api = api.post(
        reverse(CREATE),
        payload(service, email="", phone="0722000112", preferred_time_slot="10:00"),
        format="json",
    )
    inquiry_api = api.post(
        reverse("v1:leads:inquiry-create"),
        {"name": "Amina", "phone": "0722000113", "message": "Two split units please."},
        format="json",
    )
    assert booking_api.status_code == 201, booking_api.json()
    assert inquiry_api.status_code == 201, inquiry_api.json()
