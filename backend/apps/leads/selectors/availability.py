"""Which arrival windows are free, computed in a fixed number of queries
whatever the date range."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from apps.catalog.models import Service
from apps.core.business_hours import periods_for
from apps.core.selectors import company_settings
from apps.leads.models import (
    ArrivalWindow,
    BlackoutDate,
    BookingSettings,
    BookingSlot,
    CategoryWindowLimit,
)
from apps.leads.models.bookings import ACTIVE_STATUSES

MAX_RANGE_DAYS = 31


@dataclass(frozen=True)
class SlotAvailability:
    window_id: str
    label: str
    start: dt.datetime  # aware, Africa/Nairobi
    end: dt.datetime  # end of the visit's last window
    capacity: int
    remaining: int

    @property
    def is_free(self) -> bool:
        return self.remaining > 0


@dataclass(frozen=True)
class DayAvailability:
    date: dt.date
    closed_reason: str = ""
    slots: list[SlotAvailability] = field(default_factory=list)

    @property
    def has_free_slot(self) -> bool:
        return any(slot.is_free for slot in self.slots)


def local_tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def today_local() -> dt.date:
    return timezone.localdate()


def booking_window_dates(rules: BookingSettings | None = None) -> tuple[dt.date, dt.date]:
    """The first and last dates a customer may book."""
    rules = rules or BookingSettings.get_solo()
    today = today_local()
    return today + dt.timedelta(days=rules.min_notice_days), today + dt.timedelta(
        days=rules.horizon_days
    )


def windows_for_day(windows: list[ArrivalWindow], hours: dict, day: dt.date) -> list[ArrivalWindow]:
    """The windows that fall inside the company's opening hours that day."""
    periods = periods_for(hours, day)
    return [
        w
        for w in windows
        if any(opens <= w.start_time and w.end_time <= closes for opens, closes in periods)
    ]


def windows_needed(
    day_windows: list[ArrivalWindow], start_index: int, duration_minutes: int
) -> list[ArrivalWindow] | None:
    """The consecutive windows a visit starting at ``start_index`` takes, or
    None when it does not fit in the rest of the day. A visit longer than the
    whole day's windows takes the whole day, starting in the first window."""
    total = sum(w.minutes for w in day_windows)
    if duration_minutes >= total:
        return list(day_windows) if start_index == 0 and day_windows else None
    covered = 0
    for i in range(start_index, len(day_windows)):
        covered += day_windows[i].minutes
        if covered >= duration_minutes:
            return day_windows[start_index : i + 1]
    return None


def _aware(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=local_tz())


def available_slots(
    service: Service,
    date_from: dt.date,
    date_to: dt.date,
    *,
    exclude_booking_id: uuid.UUID | str | None = None,
    staff: bool = False,
    rules: BookingSettings | None = None,
) -> list[DayAvailability]:
    """Each day from ``date_from`` to ``date_to`` with its windows and the
    places left, for this service (its duration and category limits).
    ``staff``: as staff book (no minimum notice or horizon; past days stay closed).

    Queries: rules, company hours, windows, closed dates, category limits,
    occupancy, category occupancy — seven, whatever the range (six when the
    caller passes the booking ``rules`` it already holds)."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from")
    if (date_to - date_from).days >= MAX_RANGE_DAYS:
        raise ValueError(f"at most {MAX_RANGE_DAYS} days at a time")
    rules = rules or BookingSettings.get_solo()
    hours = company_settings().business_hours
    earliest, latest = booking_window_dates(rules)
    if staff:
        earliest, latest = today_local(), dt.date.max
    windows = list(ArrivalWindow.objects.filter(is_active=True).order_by("start_time"))
    closed = dict(
        BlackoutDate.objects.filter(date__range=(date_from, date_to)).values_list("date", "reason")
    )
    limits = {
        limit.window_id: limit.capacity
        for limit in CategoryWindowLimit.objects.filter(category_id=service.category_id)
    }
    occupied = BookingSlot.objects.filter(
        date__range=(date_from, date_to), booking__status__in=ACTIVE_STATUSES
    )
    if exclude_booking_id is not None:
        occupied = occupied.exclude(booking_id=exclude_booking_id)
    taken = Counter(
        {
            (row["date"], row["window_id"]): row["n"]
            for row in occupied.values("date", "window_id").annotate(n=Count("id"))
        }
    )
    taken_in_category: Counter = Counter()
    if limits:
        taken_in_category = Counter(
            {
                (row["date"], row["window_id"]): row["n"]
                for row in occupied.filter(booking__service__category_id=service.category_id)
                .values("date", "window_id")
                .annotate(n=Count("id"))
            }
        )

    def remaining(day: dt.date, window: ArrivalWindow) -> int:
        left = window.capacity - taken[(day, window.id)]
        if window.id in limits:
            left = min(left, limits[window.id] - taken_in_category[(day, window.id)])
        return max(left, 0)

    days: list[DayAvailability] = []
    day = date_from
    while day <= date_to:
        reason = ""
        if day < earliest:
            reason = "too_soon"
        elif day > latest:
            reason = "too_far"
        elif day in closed:
            reason = closed[day]
        day_windows = windows_for_day(windows, hours, day) if not reason else []
        if not reason and not day_windows:
            reason = "closed"
        slots = []
        for index, window in enumerate(day_windows):
            span = windows_needed(day_windows, index, service.visit_duration_minutes)
            if span is None:
                continue
            left = min(remaining(day, w) for w in span)
            slots.append(
                SlotAvailability(
                    window_id=str(window.id),
                    label=str(window),
                    start=_aware(day, window.start_time),
                    end=_aware(day, span[-1].end_time),
                    capacity=window.capacity,
                    remaining=left,
                )
            )
        days.append(DayAvailability(date=day, closed_reason=reason, slots=slots))
        day += dt.timedelta(days=1)
    return days


def next_free_slots(
    service: Service,
    *,
    after: dt.date | None = None,
    limit: int = 3,
    exclude_booking_id: uuid.UUID | str | None = None,
) -> list[SlotAvailability]:
    """The next few free windows for this service: the service pages' "next
    free visit", the week the booking calendar opens on, and the suggestions
    when a window is taken. ``exclude_booking_id``: a booking being moved
    does not count against its own place."""
    rules = BookingSettings.get_solo()
    earliest, latest = booking_window_dates(rules)
    start = max(after or earliest, earliest)
    found: list[SlotAvailability] = []
    while start <= latest and len(found) < limit:
        end = min(start + dt.timedelta(days=MAX_RANGE_DAYS - 1), latest)
        for day in available_slots(
            service, start, end, rules=rules, exclude_booking_id=exclude_booking_id
        ):
            found.extend(slot for slot in day.slots if slot.is_free)
            if len(found) >= limit:
                break
        start = end + dt.timedelta(days=1)
    return found[:limit]


def first_free_day(
    service: Service, *, exclude_booking_id: uuid.UUID | str | None = None
) -> dt.date | None:
    """The day of the next free visit (the one the service pages announce),
    or None when nothing is free inside the booking horizon."""
    slots = next_free_slots(service, limit=1, exclude_booking_id=exclude_booking_id)
    return timezone.localtime(slots[0].start).date() if slots else None


@dataclass(frozen=True)
class AvailabilitySettings:
    rules: BookingSettings
    windows: list[ArrivalWindow]
    limits: list[CategoryWindowLimit]
    closed_dates: list[BlackoutDate]


def availability_settings(*, closed_from: dt.date | None = None) -> AvailabilitySettings:
    """What the availability settings page shows: the booking rules, every
    arrival window (inactive ones too), the category limits and the closed
    dates from ``closed_from`` (today by default). Four queries."""
    return AvailabilitySettings(
        rules=BookingSettings.get_solo(),
        windows=list(ArrivalWindow.objects.order_by("-is_active", "start_time")),
        limits=list(
            CategoryWindowLimit.objects.select_related("category", "window").order_by(
                "category__name", "window__start_time"
            )
        ),
        closed_dates=list(
            BlackoutDate.objects.filter(date__gte=closed_from or today_local()).order_by("date")
        ),
    )


def active_bookings_on(day: dt.date) -> int:
    """How many visits still hold a place on this day (to warn before closing it)."""
    return (
        BookingSlot.objects.filter(date=day, booking__status__in=ACTIVE_STATUSES)
        .values("booking_id")
        .distinct()
        .count()
    )
