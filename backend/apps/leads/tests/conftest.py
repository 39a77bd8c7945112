"""Fixtures for bookings: a bookable service, the default windows, a fixed 'now'."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from apps.catalog.models import Service, ServiceCategory
from apps.leads.models import ArrivalWindow, BookingSettings
from apps.leads.services import confirm_booking
from apps.users import roles
from tests.factories import StaffUserFactory

NAIROBI = ZoneInfo("Africa/Nairobi")
# A Monday morning; the next working day is Tuesday 3 March 2026.
NOW = dt.datetime(2026, 3, 2, 9, 0, tzinfo=NAIROBI)
TUESDAY = dt.date(2026, 3, 3)
SATURDAY = dt.date(2026, 3, 7)
SUNDAY = dt.date(2026, 3, 8)


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def category(db):
    return ServiceCategory.objects.create(name="Air conditioning", slug="ac")


@pytest.fixture
def service(category):
    return Service.objects.create(
        category=category,
        name="Split AC installation",
        slug="split-ac",
        base_price_min=Decimal("55000"),
        base_price_max=Decimal("95000"),
        visit_duration_minutes=120,
        is_bookable=True,
    )


DEFAULT_WINDOWS = ((8, 10), (10, 12), (13, 15), (15, 17))


@pytest.fixture
def windows(db):
    """The four default windows (as the data migration makes them), capacity 2 each.
    Made again here because transactional tests flush migrated rows."""
    if not ArrivalWindow.objects.exists():
        for start, end in DEFAULT_WINDOWS:
            ArrivalWindow.objects.create(
                start_time=dt.time(start), end_time=dt.time(end), capacity=2
            )
    return list(ArrivalWindow.objects.order_by("start_time"))


@pytest.fixture
def first_window(windows):
    return windows[0]


@pytest.fixture
def booking_rules(db):
    rules = BookingSettings.get_solo()
    rules.min_notice_days, rules.horizon_days, rules.change_cutoff_hours = 1, 60, 24
    rules.save()
    return rules


@pytest.fixture
def book(service, first_window, booking_rules):
    """``book(**overrides)`` makes a booking through the service."""
    from apps.leads.services import create_booking

    def _book(**overrides):
        values = {
            "service": service,
            "name": "Peter Kamau",
            "email": "peter@example.co.ke",
            "phone": "+254712345678",
            "address": "Kilimani, Nairobi",
            "preferred_date": TUESDAY,
            "window": first_window,
        }
        values.update(overrides)
        return create_booking(**values)

    return _book


def complete_visit(booking, *, staff, technician):
    """Confirm, start (on the visit's day, as the workflow requires) and
    complete a booking; the clock goes back to where it was afterwards."""
    from apps.leads.models import BookingStatus
    from apps.leads.services import change_booking_status, confirm_booking

    booking = confirm_booking(booking=booking, technicians=[technician], actor=staff)
    with time_machine.travel(booking.scheduled_start, tick=False):
        booking = change_booking_status(
            booking=booking, to_status=BookingStatus.IN_PROGRESS, actor=staff
        )
        return change_booking_status(
            booking=booking, to_status=BookingStatus.COMPLETED, actor=staff
        )


# --- inquiries and quotations ---------------------------------------------------

import io  # noqa: E402

from PIL import Image  # noqa: E402


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (10, 120, 200)).save(buffer, fmt)
    return buffer.getvalue()


def pdf_bytes(text: str = "Site plan") -> bytes:
    """A small real PDF (one page), made with pypdf."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def _quick_pdf(request, monkeypatch):
    """Quotation PDFs are rendered by WeasyPrint only in tests marked
    ``real_pdf``; elsewhere a one-page stand-in keeps the suite fast."""
    if request.node.get_closest_marker("real_pdf"):
        return
    monkeypatch.setattr(
        "apps.leads.quotation_pdf.render_quotation_pdf_bytes",
        lambda quotation: pdf_bytes(f"{quotation.number} {quotation.total}"),
    )


@pytest.fixture
def lead_client(db):
    from apps.leads.models import Client

    return Client.objects.create(
        name="Hassan Ali",
        company="Nyali Fresh Produce Ltd",
        email="hassan@nyalifresh.example",
        phone="+254720300400",
        address="Nyali, Links Rd, Mombasa",
    )


LINES = [
    {
        "description": "Split AC 18,000 BTU supply and installation",
        "quantity": "2",
        "unit": "pc",
        "unit_price": "45000.00",
        "discount_percent": "10",
        "tax_rate": "16",
    },
    {
        "description": "Copper piping (extra metres)",
        "quantity": "3.5",
        "unit": "m",
        "unit_price": "1250.50",
        "tax_rate": "16",
    },
    {
        "description": "Annual maintenance plan",
        "quantity": "1",
        "unit": "yr",
        "unit_price": "12000",
        "tax_rate": "0",
        "is_optional": True,
    },
]


@pytest.fixture
def make_quotation(lead_client, sales_user):
    from apps.leads.services import create_quotation

    def _make(**overrides):
        values = {"client": lead_client, "lines": [dict(x) for x in LINES], "actor": sales_user}
        values.update(overrides)
        return create_quotation(**values)

    return _make


@pytest.fixture
def run_on_commit(django_capture_on_commit_callbacks):
    """Run the tasks a service enqueues on commit (the PDF render, e-mails)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def send(sales_user, run_on_commit):
    """``send(quotation)`` sends it and runs the PDF task as the worker would."""
    from apps.leads.services import send_quotation

    def _send(quotation):
        with run_on_commit():
            send_quotation(quotation=quotation, actor=sales_user)
        quotation.refresh_from_db()
        return quotation

    return _send


@pytest.fixture
def sent_quotation(make_quotation, send):
    return send(make_quotation())


# --- two technicians and a visit each (the technician-scope tests of the
# admin portal's pages and of the API) ------------------------------------


@pytest.fixture
def tech_a(db):
    return StaffUserFactory(
        email="juma@coollight.test", full_name="Juma Otieno", groups=[roles.TECHNICIAN]
    )


@pytest.fixture
def tech_b(db):
    return StaffUserFactory(
        email="achieng@coollight.test", full_name="Achieng Odhiambo", groups=[roles.TECHNICIAN]
    )


@pytest.fixture
def visits(frozen_now, book, windows, sales_user, tech_a, tech_b):
    """(A's visit, B's visit), both confirmed on the next working day."""
    mine = book(name="Peter Kamau", description="Bedroom unit blowing warm air")
    theirs = book(
        name="Zawadi Mutua",
        email="zawadi@example.co.ke",
        phone="+254700111222",
        address="Karen, Nairobi",
        window=windows[1],
        description="Cold room alarm",
    )
    mine = confirm_booking(booking=mine, technicians=[tech_a], actor=sales_user)
    theirs = confirm_booking(booking=theirs, technicians=[tech_b], actor=sales_user)
    return mine, theirs


def dispatch_snapshot(booking):
    """What a technician may not change on a visit, read afresh."""
    booking.refresh_from_db()
    return (
        booking.status,
        booking.preferred_date,
        booking.window_id,
        booking.admin_notes,
        sorted(str(t.pk) for t in booking.technicians.all()),
    )
