"""Reads about clients and bookings."""

from apps.leads.selectors.availability import (
    DayAvailability,
    SlotAvailability,
    available_slots,
    next_free_slots,
    windows_needed,
)
from apps.leads.selectors.bookings import (
    assignable_technicians,
    booking_dashboard,
    booking_for_admin,
    booking_for_token,
    booking_notifications,
    booking_photo_for,
    bookings_for_admin,
    bookings_for_client,
    client_booking_history,
    schedule,
    staff_schedule,
    technician_schedule,
)
from apps.leads.selectors.clients import client_count, client_of_user, search_clients

__all__ = [
    "DayAvailability",
    "SlotAvailability",
    "assignable_technicians",
    "available_slots",
    "booking_dashboard",
    "booking_for_admin",
    "booking_for_token",
    "booking_notifications",
    "booking_photo_for",
    "bookings_for_admin",
    "bookings_for_client",
    "client_booking_history",
    "client_count",
    "client_of_user",
    "next_free_slots",
    "schedule",
    "search_clients",
    "staff_schedule",
    "technician_schedule",
    "windows_needed",
]
