"""Reads about clients and bookings."""

from apps.leads.selectors.availability import (
    DayAvailability,
    SlotAvailability,
    available_slots,
    next_free_slots,
    windows_needed,
)
from apps.leads.selectors.bookings import (
    booking_for_token,
    bookings_for_admin,
    bookings_for_client,
    schedule,
)
from apps.leads.selectors.clients import client_count, client_of_user, search_clients

__all__ = [
    "DayAvailability",
    "SlotAvailability",
    "available_slots",
    "booking_for_token",
    "bookings_for_admin",
    "bookings_for_client",
    "client_count",
    "client_of_user",
    "next_free_slots",
    "schedule",
    "search_clients",
    "windows_needed",
]
