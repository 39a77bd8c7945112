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
from apps.leads.selectors.inquiries import (
    due_follow_ups,
    follow_ups_for,
    inquiries_for_admin,
    inquiries_for_client,
    inquiry_detail,
    inquiry_for_token,
)
from apps.leads.selectors.quotations import (
    clients_for_admin,
    quotation_detail,
    quotation_for_token,
    quotation_versions,
    quotations_for_admin,
    quotations_for_client,
)

__all__ = [
    "DayAvailability",
    "SlotAvailability",
    "available_slots",
    "booking_for_token",
    "bookings_for_admin",
    "bookings_for_client",
    "client_count",
    "client_of_user",
    "clients_for_admin",
    "due_follow_ups",
    "follow_ups_for",
    "inquiries_for_admin",
    "inquiries_for_client",
    "inquiry_detail",
    "inquiry_for_token",
    "next_free_slots",
    "quotation_detail",
    "quotation_for_token",
    "quotation_versions",
    "quotations_for_admin",
    "quotations_for_client",
    "schedule",
    "search_clients",
    "windows_needed",
]
