"""Every message the platform sends: its key, purpose and documented variables.

Each kind declares its data: ``variables`` are what the sending code
passes, and ``REQUIRED`` names those a message of the kind cannot go without
(what its subject and its point are made of: a reminder without its date and
time, a quotation without its link). ``queue_notification`` refuses a message
lacking one with a ValidationError naming it, so the API answers 400.

The texts themselves ship as files in ``email_templates/<key>/`` (subject.txt,
body.html, body.txt and optionally sms.txt) and live in the database once
loaded, where staff edit them. The variables listed here are what the code
that sends each message passes; ``sample`` is the data the editor's live
preview and the "send test" use.

Every message also gets these, whatever its key (see ``COMMON_VARIABLES``):
``company`` (name, phone, email, address, whatsapp_url), ``recipient_name``,
``site_url`` and, for marketing, ``unsubscribe_url``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

TRANSACTIONAL = "transactional"  # follows the client's channel choices
MARKETING = "marketing"  # also needs marketing opt-in; carries unsubscribe
ACCOUNT = "account"  # security mail to an account holder: always sent


@dataclass(frozen=True)
class MessageKind:
    key: str
    name: str
    description: str
    variables: dict[str, str]
    sample: dict[str, Any]
    kind: str = TRANSACTIONAL
    sensitive: bool = False  # body holds a secret link: hidden from staff, never resent
    to_staff: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def required_variables(self) -> tuple[str, ...]:
        """The variables a message of this kind cannot go without (``REQUIRED``)."""
        return REQUIRED.get(self.key, ())


COMMON_VARIABLES: dict[str, str] = {
    "company.name": "Company name",
    "company.phone": "Main phone, international format",
    "company.email": "Company e-mail (also the Reply-To)",
    "company.address": "Postal/physical address",
    "company.whatsapp_url": "wa.me link, empty when the client does not want WhatsApp links",
    "recipient_name": "Name of the person the message goes to",
    "site_url": "The website's address",
    "unsubscribe_url": "Marketing only: one-click unsubscribe link",
}

_CLIENT = {"name": "Wanjiku Kariuki"}
_BOOKING = {
    "reference": "BK-2026-0042",
    "service": "Split AC installation",
    "date": "Tuesday 3 March 2026",
    "time": "10:00",
    "address": "Kilimani, Argwings Kodhek Rd, Nairobi",
    "technician": "Joseph Kamau",
    "url": "https://coollight.co.ke/portal/bookings/BK-2026-0042/",
}
_BOOKING_VARS = {
    "client.name": "Client's name",
    "booking.reference": "Booking reference",
    "booking.service": "Service booked",
    "booking.date": "Visit date, written out",
    "booking.time": "Visit start time",
    "booking.address": "Where the visit is",
    "booking.url": "Link to the booking in the client portal",
}
_INQUIRY = {
    "reference": "INQ-7K3QP",
    "subject": "Cold room for fresh produce",
    "message": "We need a 20 m³ cold room in Nyali. Can you quote?",
    "url": "https://coollight.co.ke/admin/inquiries/INQ-7K3QP/",
    "service": "Cold room installation",
}
_QUOTATION = {
    "number": "Q-2026-0019",
    "title": "Cold room, Nyali",
    "total": "KES 185,600.00",
    "valid_until": "2 April 2026",
    "url": "https://coollight.co.ke/quotes/eyJxIjoiMSJ9/",
    "reason": "",
}
_INVOICE = {
    "number": "INV-2026-0031",
    "total": "KES 92,800.00",
    "balance": "KES 46,400.00",
    "due_date": "17 March 2026",
    "url": "https://coollight.co.ke/portal/invoices/INV-2026-0031/",
}

_KINDS = (
    MessageKind(
        "booking_received",
        "Booking received",
        "To the client when they book a visit; the booking is pending confirmation.",
        _BOOKING_VARS,
        {"client": _CLIENT, "booking": _BOOKING},
    ),
    MessageKind(
        "booking_staff_alert",
        "New booking (staff)",
        "To the company's inbox when a customer books a visit.",
        {
            **_BOOKING_VARS,
            "booking.window": "Arrival window",
            "booking.status": "Status",
            "source": "Where it was booked (website, phone…)",
            "admin_url": "Link to the booking in the admin portal",
        },
        {
            "client": _CLIENT,
            "booking": {**_BOOKING, "window": "10:00–12:00", "status": "Pending"},
            "source": "Website",
            "admin_url": "https://coollight.co.ke/admin/bookings/BK-7F3K2/",
        },
        to_staff=True,
    ),
    MessageKind(
        "booking_confirmed",
        "Booking confirmed",
        "To the client when staff confirm the visit.",
        {**_BOOKING_VARS, "booking.technician": "Technician assigned"},
        {"client": _CLIENT, "booking": _BOOKING},
    ),
    MessageKind(
        "booking_rescheduled",
        "Booking rescheduled",
        "To the client when the visit moves to another date or time.",
        {**_BOOKING_VARS, "previous.date": "Old date", "previous.time": "Old time"},
        {
            "client": _CLIENT,
            "booking": _BOOKING,
            "previous": {"date": "Monday 2 March 2026", "time": "14:00"},
        },
    ),
    MessageKind(
        "booking_cancelled",
        "Booking cancelled",
        "To the client when a visit is cancelled.",
        {**_BOOKING_VARS, "reason": "Why, when staff gave a reason"},
        {"client": _CLIENT, "booking": _BOOKING, "reason": "The client asked to cancel."},
    ),
    MessageKind(
        "booking_reminder",
        "Visit reminder",
        "Scheduled 24 hours and 2 hours before a confirmed visit.",
        {**_BOOKING_VARS, "hours_before": "24 or 2"},
        {"client": _CLIENT, "booking": _BOOKING, "hours_before": 24},
    ),
    MessageKind(
        "booking_completed",
        "Visit completed",
        "To the client after the visit, asking for feedback.",
        {**_BOOKING_VARS, "feedback_url": "Link to the feedback form"},
        {
            "client": _CLIENT,
            "booking": _BOOKING,
            "feedback_url": "https://coollight.co.ke/feedback/BK-2026-0042/",
        },
    ),
    MessageKind(
        "offers_confirm",
        "Confirm offers by e-mail",
        'To the address typed on a public form whose "send me offers" box was ticked: '
        "consent is recorded only once its owner follows the link.",
        {
            "client.name": "Client's name",
            "confirm_url": "The link that records the consent (valid 14 days)",
        },
        {
            "client": _CLIENT,
            "confirm_url": "https://coollight.co.ke/offers/confirm/eyJjIjoi.../",
        },
    ),
    MessageKind(
        "inquiry_received",
        "Inquiry received",
        "To the client: we have their question or quote request.",
        {
            "client.name": "Client's name",
            "inquiry.reference": "Reference",
            "inquiry.subject": "Subject",
            "inquiry.message": "What they wrote",
            "inquiry.url": "Link to follow the request (the text message carries it)",
        },
        {"client": _CLIENT, "inquiry": _INQUIRY},
    ),
    MessageKind(
        "inquiry_assigned",
        "Inquiry assigned",
        "To a staff member when an inquiry is assigned to them.",
        {
            "staff.name": "Staff member's name",
            "client.name": "Client's name",
            "inquiry.reference": "Reference",
            "inquiry.subject": "Subject",
            "inquiry.message": "What the client wrote",
            "inquiry.url": "Link in the admin portal",
        },
        {"staff": {"name": "Brian Otieno"}, "client": _CLIENT, "inquiry": _INQUIRY},
        to_staff=True,
    ),
    MessageKind(
        "inquiry_reply",
        "Reply to an inquiry",
        "To the client when staff answer their inquiry.",
        {
            "client.name": "Client's name",
            "inquiry.reference": "Reference",
            "inquiry.subject": "Subject",
            "reply": "The staff member's answer",
            "staff.name": "Who answered",
            "inquiry.url": "Link to the request and its replies",
        },
        {
            "client": _CLIENT,
            "inquiry": _INQUIRY,
            "reply": "Thank you. A 20 m³ cold room starts at KES 1.2M; we will visit on Monday.",
            "staff": {"name": "Brian Otieno"},
        },
    ),
    MessageKind(
        "inquiry_unassigned",
        "New inquiry with nobody to take it",
        "To the company's e-mail when a new inquiry matches no routing rule and "
        "there is no active Sales user for the round-robin.",
        {
            "staff.name": "The company's name",
            "client.name": "Client's name",
            "inquiry.reference": "Reference",
            "inquiry.subject": "Subject",
            "inquiry.message": "What the client wrote",
            "inquiry.url": "Link in the admin portal",
        },
        {"staff": {"name": "Global Cool-Light"}, "client": _CLIENT, "inquiry": _INQUIRY},
        to_staff=True,
    ),
    MessageKind(
        "inquiry_client_replied",
        "Client replied to an inquiry",
        "To the assigned salesperson (all Sales staff when nobody is assigned, else "
        "the company's e-mail) when a client writes on their inquiry from the portal.",
        {
            "staff.name": "Staff member's name",
            "client.name": "Client's name",
            "inquiry.reference": "Reference",
            "inquiry.subject": "Subject",
            "reply": "What the client wrote",
            "attachments": "How many files came with the reply (0 when none)",
            "inquiry.url": "Link in the admin portal",
        },
        {
            "staff": {"name": "Brian Otieno"},
            "client": _CLIENT,
            "inquiry": _INQUIRY,
            "reply": "Monday suits us. The gate code is 4411; ask for Hassan.",
            "attachments": 1,
        },
        to_staff=True,
    ),
    MessageKind(
        "contact_message",
        "Contact form message",
        "To the company's e-mail when someone writes through the website's contact form.",
        {
            "staff.name": "The company's name (the message goes to its e-mail)",
            "contact.name": "Sender's name",
            "contact.email": "Sender's e-mail (reply to it)",
            "contact.phone": "Sender's phone, if given",
            "contact.subject": "Subject, if given",
            "contact.message": "What they wrote",
            "contact.received": "When it arrived",
        },
        {
            "staff": {"name": "Global Cool-Light E.A LTD"},
            "contact": {
                "name": "Achieng Odhiambo",
                "email": "achieng@example.co.ke",
                "phone": "+254 722 123456",
                "subject": "Noisy outdoor unit",
                "message": "Our outdoor unit in Kileleshwa rattles at night. Can someone look?",
                "received": "Tue 03 Mar 2026, 10:12",
            },
        },
        to_staff=True,
    ),
    MessageKind(
        "quotation_sent",
        "Quotation sent",
        "To the client with a link to view, accept or reject the quotation.",
        {
            "client.name": "Client's name",
            "quotation.number": "Quotation number",
            "quotation.total": "Total with VAT and currency",
            "quotation.valid_until": "Last day it can be accepted",
            "quotation.url": "Link to view and answer it",
        },
        {"client": _CLIENT, "quotation": _QUOTATION},
    ),
    MessageKind(
        "quotation_changes_requested",
        "Changes asked for on a quotation",
        "To the salesperson when a client asks for changes to a quotation.",
        {
            "staff.name": "Staff member's name",
            "client.name": "Client's name",
            "quotation.number": "Quotation number",
            "message": "What the client asked for",
            "quotation.url": "Link in the admin portal",
        },
        {
            "staff": {"name": "Brian Otieno"},
            "client": _CLIENT,
            "quotation": _QUOTATION,
            "message": "Could you quote a 12,000 BTU unit instead of 18,000?",
        },
        to_staff=True,
    ),
    MessageKind(
        "followup_due",
        "Follow-ups due",
        "To a staff member when follow-ups they own fall due (once per follow-up).",
        {
            "staff.name": "Staff member's name",
            "follow_ups": "List of {note, due, about, url}",
            "count": "How many are due",
            "url": "Link to the follow-ups list",
        },
        {
            "staff": {"name": "Brian Otieno"},
            "count": 1,
            "follow_ups": [
                {
                    "note": "Call back about the cold room quote",
                    "due": "Tuesday 3 March 2026 10:00",
                    "about": "INQ-7K3QP · Hassan Ali",
                    "url": "https://coollight.co.ke/admin/inquiries/INQ-7K3QP/",
                }
            ],
            "url": "https://coollight.co.ke/admin/follow-ups/",
        },
        to_staff=True,
    ),
    MessageKind(
        "quotation_accepted",
        "Quotation accepted",
        "To staff when a client accepts a quotation.",
        {
            "staff.name": "Staff member's name",
            "client.name": "Client's name",
            "quotation.number": "Quotation number",
            "quotation.total": "Total",
            "quotation.signer": "Name the client typed as signature",
            "quotation.url": "Link in the admin portal",
            "invoice.number": "The draft invoice made from it",
        },
        {
            "staff": {"name": "Brian Otieno"},
            "client": _CLIENT,
            "quotation": {**_QUOTATION, "signer": "Wanjiku Kariuki"},
            "invoice": {"number": "INV-2026-0031"},
        },
        to_staff=True,
    ),
    MessageKind(
        "quotation_rejected",
        "Quotation rejected",
        "To staff when a client rejects a quotation.",
        {
            "staff.name": "Staff member's name",
            "client.name": "Client's name",
            "quotation.number": "Quotation number",
            "quotation.reason": "The client's reason, if given",
            "quotation.url": "Link in the admin portal",
        },
        {
            "staff": {"name": "Brian Otieno"},
            "client": _CLIENT,
            "quotation": {**_QUOTATION, "reason": "Found a cheaper offer."},
        },
        to_staff=True,
    ),
    MessageKind(
        "invoice_issued",
        "Invoice issued",
        "To the client when an invoice is issued.",
        {
            "client.name": "Client's name",
            "invoice.number": "Invoice number",
            "invoice.total": "Total",
            "invoice.due_date": "Due date",
            "invoice.url": "Link to view and download it",
        },
        {"client": _CLIENT, "invoice": _INVOICE},
    ),
    MessageKind(
        "invoice_reminder",
        "Invoice reminder",
        "To the client when an invoice is due soon or overdue.",
        {
            "client.name": "Client's name",
            "invoice.number": "Invoice number",
            "invoice.balance": "Amount still due",
            "invoice.due_date": "Due date",
            "invoice.url": "Link to the invoice",
        },
        {"client": _CLIENT, "invoice": _INVOICE},
    ),
    MessageKind(
        "payment_received",
        "Payment received",
        "To the client when a payment is recorded.",
        {
            "client.name": "Client's name",
            "invoice.number": "Invoice number",
            "payment.amount": "Amount paid",
            "payment.method": "M-Pesa, bank transfer…",
            "invoice.balance": "Balance left",
        },
        {
            "client": _CLIENT,
            "invoice": _INVOICE,
            "payment": {"amount": "KES 46,400.00", "method": "M-Pesa"},
        },
    ),
    MessageKind(
        "verify_email",
        "Verify e-mail address",
        "To a new account holder to confirm their e-mail address.",
        {
            "user.name": "Account holder's name",
            "verify_url": "Confirmation link",
            "valid_hours": "How many hours the link works",
        },
        {
            "user": {"name": "Wanjiku Kariuki"},
            "verify_url": "https://coollight.co.ke/accounts/verify-email/abc/",
            "valid_hours": 72,
        },
        kind=ACCOUNT,
        sensitive=True,
    ),
    MessageKind(
        "email_change",
        "Confirm a new e-mail address",
        "To the new address when an account holder asks to change their e-mail.",
        {
            "user.name": "Account holder's name",
            "new_email": "The new address",
            "confirm_url": "Link that makes the change",
            "valid_hours": "How many hours the link works",
        },
        {
            "user": {"name": "Wanjiku"},
            "new_email": "wanjiku.k@example.com",
            "confirm_url": "https://coollight.co.ke/accounts/email/confirm/abc/",
            "valid_hours": 72,
        },
        kind=ACCOUNT,
        sensitive=True,
    ),
    MessageKind(
        "password_reset",
        "Password reset",
        "To an account holder who asked to reset their password.",
        {
            "user.name": "Account holder's first name",
            "reset_url": "Single-use reset link",
            "valid_hours": "How many hours the link works",
        },
        {
            "user": {"name": "Wanjiku"},
            "reset_url": "https://coollight.co.ke/accounts/reset/MQ/abc-123/",
            "valid_hours": 2,
        },
        kind=ACCOUNT,
        sensitive=True,
    ),
    MessageKind(
        "staff_invite",
        "Staff invitation",
        "To a new staff member with a link to set their password.",
        {
            "user.name": "New staff member's name",
            "invited_by.name": "Who invited them",
            "invite_url": "Link to set a password",
            "role": "Their role",
            "valid_hours": "How many hours the link works",
        },
        {
            "user": {"name": "Faith Njeri"},
            "invited_by": {"name": "Amina Wanjiru"},
            "invite_url": "https://coollight.co.ke/accounts/reset/MQ/abc-123/",
            "role": "Content editor",
            "valid_hours": 2,
        },
        kind=ACCOUNT,
        sensitive=True,
        to_staff=True,
    ),
    MessageKind(
        "campaign",
        "Campaign (bulk mail)",
        "The layout of every campaign; staff write the subject and message per campaign.",
        {
            "client.name": "Client's name",
            "campaign.subject": "The campaign's subject",
            "message": "The campaign's message (plain text; paragraphs kept)",
            "unsubscribe_url": "One-click unsubscribe link",
        },
        {
            "client": _CLIENT,
            "campaign": {"subject": "Service your AC before the hot season"},
            "message": "Book a service visit this month and get 10% off.\n\nCall us any time.",
        },
        kind=MARKETING,
    ),
)

_VISIT = ("booking.reference", "booking.date", "booking.time")

# What each message cannot go without; every name is one of its ``variables``.
REQUIRED: dict[str, tuple[str, ...]] = {
    "booking_received": _VISIT,
    "booking_staff_alert": _VISIT,
    "booking_confirmed": _VISIT,
    "booking_rescheduled": _VISIT,
    "booking_cancelled": _VISIT,
    "booking_reminder": _VISIT,
    "booking_completed": ("booking.reference", "feedback_url"),
    "offers_confirm": ("confirm_url",),
    "inquiry_received": ("inquiry.reference",),
    "inquiry_assigned": ("inquiry.reference", "inquiry.url"),
    "inquiry_reply": ("inquiry.reference", "reply"),
    "inquiry_unassigned": ("inquiry.reference", "inquiry.url"),
    "inquiry_client_replied": ("inquiry.reference", "reply", "inquiry.url"),
    "contact_message": ("contact.name", "contact.message"),
    "quotation_sent": ("quotation.number", "quotation.url"),
    "quotation_changes_requested": ("quotation.number", "message", "quotation.url"),
    "followup_due": ("follow_ups",),
    "quotation_accepted": ("quotation.number", "quotation.url"),
    "quotation_rejected": ("quotation.number", "quotation.url"),
    "invoice_issued": ("invoice.number", "invoice.total"),
    "invoice_reminder": ("invoice.number", "invoice.balance"),
    "payment_received": ("invoice.number", "payment.amount"),
    "verify_email": ("verify_url",),
    "email_change": ("new_email", "confirm_url"),
    "password_reset": ("reset_url",),
    "staff_invite": ("invite_url",),
    "campaign": ("message",),
}

CATALOG: dict[str, MessageKind] = {k.key: k for k in _KINDS}
TEMPLATE_KEYS: tuple[str, ...] = tuple(CATALOG)


_MISSING = object()


def _lookup(context: dict[str, Any], dotted: str) -> Any:
    value: Any = context
    for part in dotted.split("."):
        if not isinstance(value, dict) or part not in value:
            return _MISSING
        value = value[part]
    return value


def missing_variables(key: str, context: dict[str, Any]) -> list[str]:
    """The required variables of message ``key`` that ``context`` lacks (absent or None)."""
    kind = message_kind(key)
    return [name for name in kind.required_variables if _lookup(context, name) in (_MISSING, None)]


def message_kind(key: str) -> MessageKind:
    try:
        return CATALOG[key]
    except KeyError:
        raise KeyError(f"Unknown message template: {key}") from None
