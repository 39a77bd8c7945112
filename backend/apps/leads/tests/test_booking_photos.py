"""Photos of the problem on a booking: checked like media uploads, kept
private to those who may see the booking."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from apps.leads.models import Booking, BookingPhoto
from apps.leads.services import add_booking_photos
from apps.leads.tokens import booking_access_token

from .conftest import TUESDAY

pytestmark = pytest.mark.django_db


def jpeg(name="unit.jpg", size=(64, 48), gps=True) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (20, 120, 200))
    exif = Image.Exif()
    if gps:
        exif[0x8825] = {1: "S", 2: (1.0, 17.0, 0.0)}  # GPSInfo: somewhere near Nairobi
    image.save(buffer, "JPEG", exif=exif)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def disguised_html() -> SimpleUploadedFile:
    return SimpleUploadedFile(
        "photo.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg"
    )


def test_booking_with_photos_stores_clean_copies(frozen_now, book):
    booking = book(photos=[jpeg(), jpeg("second.jpg")])
    photos = list(booking.photos.all())
    assert len(photos) == 2
    stored = Image.open(photos[0].file.open("rb"))
    assert stored.format == "JPEG" and stored.size == (64, 48)
    assert 0x8825 not in stored.getexif()  # GPS stripped
    assert photos[0].file.name.startswith(f"private/bookings/{booking.pk}/")


def test_a_disguised_file_refuses_the_booking_and_keeps_the_place(frozen_now, book):
    with pytest.raises(ValidationError) as caught:
        book(photos=[jpeg(), disguised_html()])
    assert "photos" in caught.value.message_dict
    assert "photo.jpg" in caught.value.message_dict["photos"][0]
    assert not Booking.objects.exists() and not BookingPhoto.objects.exists()


def test_too_many_photos_are_refused(frozen_now, book, settings):
    settings.BOOKING_MAX_PHOTOS = 2
    booking = book(photos=[jpeg()])
    with pytest.raises(ValidationError, match="at most 2"):
        add_booking_photos(booking=booking, uploads=[jpeg(), jpeg()])
    assert booking.photos.count() == 1


def test_api_create_with_photos_as_multipart(frozen_now, api, service, windows, booking_rules):
    response = api.post(
        reverse("v1:leads:booking-create"),
        {
            "service_slug": service.slug,
            "name": "Peter Kamau",
            "phone": "0712345678",
            "preferred_date": TUESDAY.isoformat(),
            "preferred_time_slot": "08:00",
            "address": "Kilimani, Nairobi",
            "photos": [jpeg(), jpeg("b.jpg")],
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    assert Booking.objects.get().photos.count() == 2


def test_api_bad_photo_names_the_field(frozen_now, api, service, windows, booking_rules):
    response = api.post(
        reverse("v1:leads:booking-create"),
        {
            "service_slug": service.slug,
            "name": "Peter Kamau",
            "phone": "0712345678",
            "preferred_date": TUESDAY.isoformat(),
            "preferred_time_slot": "08:00",
            "address": "Kilimani, Nairobi",
            "photos": [disguised_html()],
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "photos" in response.json()["errors"]
    assert not Booking.objects.exists()


def test_token_holder_adds_photos_and_outsiders_cannot(
    frozen_now, api, as_user, book, other_client_user
):
    booking = book()
    other = book(email="other@example.co.ke", phone="+254700000031")
    url = reverse("v1:leads:booking-photos", args=[booking.pk])
    ok = api.post(
        f"{url}?token={booking_access_token(booking)}", {"photos": [jpeg()]}, format="multipart"
    )
    assert ok.status_code == 201 and len(ok.json()["photos"]) == 1
    wrong = api.post(
        f"{url}?token={booking_access_token(other)}", {"photos": [jpeg()]}, format="multipart"
    )
    assert wrong.status_code == 404
    assert api.post(url, {"photos": [jpeg()]}, format="multipart").status_code == 401
    outsider = as_user(other_client_user).post(url, {"photos": [jpeg()]}, format="multipart")
    assert outsider.status_code == 404
    assert booking.photos.count() == 1


def test_photo_is_served_only_to_those_who_may_see_the_booking(
    frozen_now, client, book, client_user, other_client_user, sales_user, editor_user
):
    booking = book(user=client_user, email=client_user.email, photos=[jpeg()])
    photo = booking.photos.get()
    url = reverse("public_site:booking-photo", args=[photo.pk])
    assert client.get(url).status_code == 404  # anonymous, no token
    by_token = client.get(f"{url}?token={booking_access_token(booking)}")
    assert by_token.status_code == 200
    assert by_token["Content-Type"] == "image/jpeg"
    assert by_token["X-Content-Type-Options"] == "nosniff"
    assert "private" in by_token["Cache-Control"]
    client.force_login(other_client_user)
    assert client.get(url).status_code == 404
    client.force_login(editor_user)  # staff without booking rights
    assert client.get(url).status_code == 404
    client.force_login(client_user)
    assert client.get(url).status_code == 200
    client.force_login(sales_user)
    assert client.get(url).status_code == 200


def test_detail_endpoint_lists_photos(frozen_now, api, book):
    booking = book(photos=[jpeg()])
    body = api.get(
        reverse("v1:leads:booking-detail", args=[booking.pk]),
        {"token": booking_access_token(booking)},
    ).json()
    assert body["photos"][0]["url"].startswith("/bookings/photos/")
