from apps.leads.models.availability import (
    ArrivalWindow,
    BlackoutDate,
    BookingSettings,
    CategoryWindowLimit,
    SlotLock,
)
from apps.leads.models.bookings import Booking, BookingSlot, BookingSource, BookingStatus
from apps.leads.models.clients import Client, ConsentSource
from apps.leads.models.feedback import BookingFeedback
from apps.leads.models.photos import BookingPhoto

__all__ = [
    "ArrivalWindow",
    "BlackoutDate",
    "Booking",
    "BookingFeedback",
    "BookingPhoto",
    "BookingSettings",
    "BookingSlot",
    "BookingSource",
    "BookingStatus",
    "CategoryWindowLimit",
    "Client",
    "ConsentSource",
    "SlotLock",
]
