"""Writes about clients and bookings (inquiries and quotations follow)."""

from apps.leads.services.bookings import (
    BookingError,
    SlotTaken,
    assign_technicians,
    cancel_booking,
    change_booking_status,
    confirm_booking,
    create_booking,
    reschedule_booking,
    update_booking_notes,
)
from apps.leads.services.clients import match_or_create_client

__all__ = [
    "BookingError",
    "SlotTaken",
    "assign_technicians",
    "cancel_booking",
    "change_booking_status",
    "confirm_booking",
    "create_booking",
    "match_or_create_client",
    "reschedule_booking",
    "update_booking_notes",
]
