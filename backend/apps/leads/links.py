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


# --- Inquiries and quotations -------------------------------------------------

QUOTE_PATH = "/quotes/{token}/"
PORTAL_INQUIRY_PATH = "/portal/inquiries/{reference}/"
PORTAL_QUOTATION_PATH = "/portal/quotes/{pk}/"
ADMIN_INQUIRY_PATH = "/admin/inquiries/{reference}/"
ADMIN_QUOTATION_PATH = "/admin/quotations/{pk}/"
ADMIN_FOLLOW_UPS_PATH = "/admin/follow-ups/"
OFFERS_CONFIRM_PATH = "/offers/confirm/{token}/"


def quotation_public_url(quotation) -> str:
    """The token link in the e-mail and the PDF's QR code (works without an account)."""
    from apps.leads.tokens import quotation_access_token

    return f"{settings.SITE_URL}{QUOTE_PATH.format(token=quotation_access_token(quotation))}"


def quotation_staff_url(quotation) -> str:
    return f"{settings.SITE_URL}{ADMIN_QUOTATION_PATH.format(pk=quotation.pk)}"


def inquiry_staff_url(inquiry) -> str:
    return f"{settings.SITE_URL}{ADMIN_INQUIRY_PATH.format(reference=inquiry.reference)}"


def inquiry_customer_url(inquiry) -> str:
    if inquiry.client.user_id:
        return f"{settings.SITE_URL}{PORTAL_INQUIRY_PATH.format(reference=inquiry.reference)}"
    return ""


def follow_ups_staff_url() -> str:
    return f"{settings.SITE_URL}{ADMIN_FOLLOW_UPS_PATH}"


def offers_confirmation_url(client, email: str) -> str:
    from apps.leads.tokens import offers_confirmation_token

    token = offers_confirmation_token(client, email)
    return f"{settings.SITE_URL}{OFFERS_CONFIRM_PATH.format(token=token)}"
