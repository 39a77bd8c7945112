from apps.leads.models.availability import (
    ArrivalWindow,
    BlackoutDate,
    BookingSettings,
    CategoryWindowLimit,
    SlotLock,
)
from apps.leads.models.bookings import Booking, BookingSlot, BookingSource, BookingStatus
from apps.leads.models.clients import Client, ClientSite, ConsentSource
from apps.leads.models.feedback import BookingFeedback
from apps.leads.models.inquiries import (
    AttachmentKind,
    FollowUp,
    Inquiry,
    InquiryAttachment,
    InquiryResponse,
    InquiryRoutingRule,
    InquirySource,
    InquiryStatus,
    ResponseKind,
    RoutingCursor,
)
from apps.leads.models.photos import BookingPhoto
from apps.leads.models.quotations import (
    PdfStatus,
    Quotation,
    QuotationLine,
    QuotationStatus,
    RejectionReason,
)

__all__ = [
    "ArrivalWindow",
    "AttachmentKind",
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
    "ClientSite",
    "ConsentSource",
    "FollowUp",
    "Inquiry",
    "InquiryAttachment",
    "InquiryResponse",
    "InquiryRoutingRule",
    "InquirySource",
    "InquiryStatus",
    "PdfStatus",
    "Quotation",
    "QuotationLine",
    "QuotationStatus",
    "RejectionReason",
    "ResponseKind",
    "RoutingCursor",
    "SlotLock",
]
