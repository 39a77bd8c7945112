"""Writes about clients and bookings (inquiries and quotations follow)."""

from apps.leads.services.bookings import (
    BookingError,
    SlotTaken,
    assign_technicians,
    cancel_booking,
    change_booking_status,
    confirm_booking,
    create_booking,
    customer_can_change,
    reschedule_booking,
    update_booking_notes,
)
from apps.leads.services.clients import (
    client_for_user,
    match_or_create_client,
    update_contact_preferences,
    update_own_contact_preferences,
)
from apps.leads.services.feedback import leave_booking_feedback
from apps.leads.services.photos import add_booking_photos

__all__ = [
    "BookingError",
    "SlotTaken",
    "add_booking_photos",
    "assign_technicians",
    "cancel_booking",
    "change_booking_status",
    "client_for_user",
    "confirm_booking",
    "create_booking",
    "customer_can_change",
    "leave_booking_feedback",
    "match_or_create_client",
    "reschedule_booking",
    "update_booking_notes",
    "update_contact_preferences",
    "update_own_contact_preferences",
]
