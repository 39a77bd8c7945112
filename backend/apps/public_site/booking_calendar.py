"""The week of availability the booking pages show, and the visit as an
.ics calendar entry. Reads only; the rules live in apps.leads."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.catalog.models import Service
from apps.leads.models import Booking
from apps.leads.selectors import (
    DayAvailability,
    SlotAvailability,
    available_slots,
    first_free_day,
)
from apps.leads.selectors.availability import booking_window_dates

DAY_FORMAT = "D j M"


def slot_value(day: dt.date, window_id: object) -> str:
    """What a slot radio button sends: ``2026-03-03|<window id>``."""
    return f"{day.isoformat()}|{window_id}"


def parse_slot_value(value: str) -> tuple[str, str]:
    """``(date, window)`` from a slot radio's value; blanks when malformed."""
    day, sep, window = (value or "").partition("|")
    return (day.strip(), window.strip()) if sep else ("", "")


def parse_week(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return None


@dataclass
class CalendarDay:
    date: dt.date
    # Why nothing can be picked that day (closed, holiday, too soon…), else "".
    note: str
    slots: list[SlotAvailability] = field(default_factory=list)

    @property
    def bookable(self) -> bool:
        return not self.note


@dataclass
class CalendarWeek:
    start: dt.date
    end: dt.date
    days: list[CalendarDay]
    previous: dt.date | None
    next: dt.date | None

    @property
    def has_free_slot(self) -> bool:
        return any(day.bookable for day in self.days)


def _day_note(day: DayAvailability, today: dt.date, earliest: dt.date) -> str:
    reason = day.closed_reason
    if day.date < today:
        return _("Past")
    if reason == "too_soon":
        return _("Too soon: the earliest is %(date)s") % {"date": date_format(earliest, DAY_FORMAT)}
    if reason == "too_far":
        return _("Not open for booking yet")
    if reason == "closed":
        return _("Closed")
    if reason:
        return _("Closed: %(reason)s") % {"reason": reason}
    if not day.slots:
        return _("Not enough time that day for this service")
    if not day.has_free_slot:
        return _("Fully booked")
    return ""


def availability_week(
    service: Service, week_of: dt.date | None = None, *, exclude_booking_id: object = None
) -> CalendarWeek:
    """Monday to Sunday of the week holding ``week_of``, kept inside the
    booking horizon. By default the week of the next free visit (the one the
    service pages announce, from the same selector), else the first bookable
    day's. Queries: those of ``available_slots`` plus the booking rules, and
    the search for the next free visit when no week is asked for."""
    earliest, latest = booking_window_dates()
    today = timezone.localdate()
    first_week = earliest - dt.timedelta(days=earliest.weekday())
    last_week = latest - dt.timedelta(days=latest.weekday())
    if week_of is None:
        week_of = first_free_day(service, exclude_booking_id=exclude_booking_id) or earliest
    start = week_of - dt.timedelta(days=week_of.weekday())
    start = min(max(start, first_week), last_week)
    end = start + dt.timedelta(days=6)
    days = [
        CalendarDay(date=day.date, note=_day_note(day, today, earliest), slots=day.slots)
        for day in available_slots(service, start, end, exclude_booking_id=exclude_booking_id)
    ]
    return CalendarWeek(
        start=start,
        end=end,
        days=days,
        previous=start - dt.timedelta(days=7) if start > first_week else None,
        next=start + dt.timedelta(days=7) if start < last_week else None,
    )


# --- .ics ---------------------------------------------------------------------


def _ics_text(value: str) -> str:
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue after CRLF + space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def _utc(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def booking_ics(booking: Booking, *, company_name: str, url: str, host: str) -> str:
    """A one-event calendar (text/calendar) for the visit's arrival window."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//{_ics_text(company_name)}//Bookings//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{booking.reference}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(booking.scheduled_start)}",
        f"DTEND:{_utc(booking.scheduled_end)}",
        "SUMMARY:" + _ics_text(f"{company_name}: {booking.service.name}"),
        "LOCATION:" + _ics_text(booking.site_address),
        "DESCRIPTION:"
        + _ics_text(
            _("Booking %(reference)s. The crew arrives between %(window)s. Follow it: %(url)s")
            % {"reference": booking.reference, "window": booking.window, "url": url}
        ),
        f"URL:{url}",
        "STATUS:" + ("CANCELLED" if booking.status == "cancelled" else "CONFIRMED"),
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
