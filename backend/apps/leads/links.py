"""Addresses of the pages that show a booking, for e-mails and SMS.

Domain code does not import the interface apps' URL configuration; these
paths are the contract the interface apps route (tests check both agree)."""

from __future__ import annotations

from django.conf import settings

from apps.leads.models import Booking
from apps.leads.tokens import booking_access_token

TRACK_PATH = "/bookings/track/{token}/"
PORTAL_BOOKING_PATH = "/portal/bookings/{reference}/"
ADMIN_BOOKING_PATH = "/admin/bookings/{reference}/"


def tracking_path(booking: Booking) -> str:
    return TRACK_PATH.format(token=booking_access_token(booking))


def customer_url(booking: Booking) -> str:
    """Where the customer follows the booking: their portal, or the token link."""
    if booking.client.user_id:
        path = PORTAL_BOOKING_PATH.format(reference=booking.reference)
    else:
        path = tracking_path(booking)
    return f"{settings.SITE_URL}{path}"


def staff_url(booking: Booking) -> str:
    return f"{settings.SITE_URL}{ADMIN_BOOKING_PATH.format(reference=booking.reference)}"
