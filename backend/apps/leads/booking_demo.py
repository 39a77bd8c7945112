"""A few weeks of realistic bookings in every status, around today.

Upcoming visits go through the booking services (so they get their messages,
audit entries and reminders); visits already in the past are written as they
would stand today, since the services rightly refuse to book a past date."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from apps.catalog.models import Service
from apps.core.selectors import company_settings
from apps.leads.models import (
    ArrivalWindow,
    Booking,
    BookingSlot,
    BookingSource,
    BookingStatus,
    Client,
)
from apps.leads.selectors.availability import local_tz, windows_for_day
from apps.leads.services import (
    BookingError,
    change_booking_status,
    confirm_booking,
    create_booking,
)
from apps.leads.services.bookings import _unique_reference
from apps.leads.services.holidays import load_public_holidays
from apps.users import roles
from apps.users.models import User

PROBLEMS = (
    "Unit in the master bedroom is blowing warm air.",
    "Water dripping from the indoor unit onto the wall.",
    "Quarterly service for the office units (6 splits).",
    "New 12,000 BTU split for the living room; wall is brick.",
    "Cold room alarm keeps going off at night.",
    "Kitchen extractor is very noisy since last week.",
    "Moving office: two units to relocate from Upper Hill to Westlands.",
    "Gas top-up needed, cooling is weak in the afternoon.",
)
SITES = (
    "Kilimani, Argwings Kodhek Rd, Nairobi",
    "Westlands, Woodvale Grove, Nairobi",
    "Nyali, Links Rd, Mombasa",
    "Milimani, Kisumu",
    "Section 58, Nakuru",
    "Upper Hill, Matumbi St, Nairobi",
    "Karen, Langata South Rd, Nairobi",
)
# (days from today, window index, final status)
PAST = (
    (-20, 0, BookingStatus.COMPLETED),
    (-18, 1, BookingStatus.COMPLETED),
    (-15, 2, BookingStatus.COMPLETED),
    (-13, 0, BookingStatus.NO_SHOW),
    (-11, 3, BookingStatus.COMPLETED),
    (-9, 1, BookingStatus.CANCELLED),
    (-7, 0, BookingStatus.COMPLETED),
    (-6, 2, BookingStatus.COMPLETED),
    (-4, 1, BookingStatus.COMPLETED),
    (-3, 3, BookingStatus.CANCELLED),
    (-2, 0, BookingStatus.COMPLETED),
    (-1, 2, BookingStatus.COMPLETED),
    (0, 1, BookingStatus.IN_PROGRESS),
)
UPCOMING = (
    (1, 0, BookingStatus.CONFIRMED),
    (1, 1, BookingStatus.PENDING),
    (2, 2, BookingStatus.CONFIRMED),
    (3, 0, BookingStatus.PENDING),
    (4, 1, BookingStatus.CONFIRMED),
    (5, 3, BookingStatus.PENDING),
    (7, 0, BookingStatus.CONFIRMED),
    (8, 2, BookingStatus.CANCELLED),
    (9, 1, BookingStatus.PENDING),
    (11, 0, BookingStatus.CONFIRMED),
    (14, 2, BookingStatus.PENDING),
    (16, 1, BookingStatus.PENDING),
)


def _open_day(start: dt.date, step: int) -> dt.date:
    day = start
    while day.weekday() == 6:  # closed on Sundays
        day += dt.timedelta(days=step)
    return day


def _past_booking(rng, service, client, day, window, status, technicians) -> None:
    tz = local_tz()
    start = dt.datetime.combine(day, window.start_time, tzinfo=tz)
    end = dt.datetime.combine(day, window.end_time, tzinfo=tz)
    booking = Booking.objects.create(
        reference=_unique_reference(),
        service=service,
        client=client,
        contact_name=client.name,
        contact_email=client.email,
        contact_phone=str(client.phone),
        site_address=client.address or rng.choice(SITES),
        preferred_date=day,
        window=window,
        scheduled_start=start,
        scheduled_end=end,
        description=rng.choice(PROBLEMS),
        status=status,
        source=rng.choice([BookingSource.WEB, BookingSource.PHONE]),
        confirmed_at=start - dt.timedelta(days=1) if status != BookingStatus.CANCELLED else None,
        started_at=start
        if status in (BookingStatus.COMPLETED, BookingStatus.IN_PROGRESS)
        else None,
        completed_at=end if status == BookingStatus.COMPLETED else None,
        cancelled_at=start - dt.timedelta(days=2) if status == BookingStatus.CANCELLED else None,
        no_show_at=start + dt.timedelta(hours=1) if status == BookingStatus.NO_SHOW else None,
        cancellation_reason="Customer travelling" if status == BookingStatus.CANCELLED else "",
    )
    BookingSlot.objects.create(booking=booking, date=day, window=window)
    if status != BookingStatus.CANCELLED:
        booking.technicians.set([rng.choice(technicians)])


def _window_for(windows, hours, day: dt.date, index: int):
    """The index-th window open that day (Saturdays have fewer)."""
    open_windows = windows_for_day(windows, hours, day) or windows
    return open_windows[index % len(open_windows)]


def seed(out) -> None:
    year = timezone.localdate().year
    holidays = load_public_holidays(years=[year, year + 1])
    if Booking.objects.exists():
        out.write(f"  bookings: already there ({holidays} public holidays added)")
        return
    rng = random.Random(2026)  # the same demo every time
    services = list(
        Service.objects.filter(is_bookable=True, is_active=True, visit_duration_minutes__lte=120)
    )
    clients = list(Client.objects.order_by("created_at"))
    windows = list(ArrivalWindow.objects.filter(is_active=True).order_by("start_time"))
    # In a fixed order, so that the demo is the same every time; confirmed
    # visits go to each technician in turn (each sees their own, issue 11).
    technicians = list(
        User.objects.filter(groups__name=roles.TECHNICIAN, is_active=True).order_by("email")
    )
    admin = User.objects.filter(groups__name=roles.ADMINISTRATOR).first()
    if not (services and clients and windows and technicians):
        out.write("  bookings: skipped (catalog, clients, windows or technicians missing)")
        return
    today = timezone.localdate()
    hours = company_settings().business_hours
    for offset, window_index, status in PAST:
        day = _open_day(today + dt.timedelta(days=offset), -1)
        _past_booking(
            rng,
            rng.choice(services),
            rng.choice(clients),
            day,
            _window_for(windows, hours, day, window_index),
            status,
            technicians,
        )
    made = len(PAST)
    confirmed = 0
    for offset, window_index, status in UPCOMING:
        day = _open_day(today + dt.timedelta(days=offset), 1)
        client = rng.choice(clients)
        try:
            with transaction.atomic():
                booking = create_booking(
                    service=rng.choice(services),
                    name=client.name,
                    email=client.email,
                    phone=client.phone,
                    address=client.address or rng.choice(SITES),
                    preferred_date=day,
                    window=_window_for(windows, hours, day, window_index),
                    description=rng.choice(PROBLEMS),
                    source=BookingSource.PHONE,
                    user=client.user,
                    actor=admin,
                )
                if status == BookingStatus.CONFIRMED:
                    crew = technicians[confirmed % len(technicians)]
                    confirm_booking(booking=booking, technicians=[crew], actor=admin)
                    confirmed += 1
                elif status == BookingStatus.CANCELLED:
                    change_booking_status(
                        booking=booking,
                        to_status=status,
                        actor=admin,
                        reason="Customer asked to move to next month",
                    )
        except BookingError as exc:  # a holiday or a full window: skip that one
            out.write(f"  bookings: skipped one on {day} ({exc.message})")
            continue
        made += 1
    out.write(f"  bookings: {made} created, {holidays} public holidays added")
