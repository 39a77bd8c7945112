"""Reads about bookings: lists for staff and clients, the schedule, token access."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from apps.leads.models import ArrivalWindow, Booking, BookingSlot
from apps.leads.models.bookings import ACTIVE_STATUSES
from apps.leads.tokens import booking_id_from_token
from apps.users.models import User


def _with_relations(qs: QuerySet[Booking]) -> QuerySet[Booking]:
    return qs.select_related("service", "service__category", "client", "window").prefetch_related(
        Prefetch("technicians", queryset=User.objects.order_by("full_name"))
    )


def bookings_for_admin(
    *,
    search: str = "",
    status: str | list[str] | None = None,
    service_id: uuid.UUID | str | None = None,
    technician_id: uuid.UUID | str | None = None,
    source: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    client_id: uuid.UUID | str | None = None,
) -> QuerySet[Booking]:
    qs = _with_relations(Booking.objects.all())
    if search:
        qs = qs.filter(
            Q(reference__icontains=search)
            | Q(contact_name__icontains=search)
            | Q(contact_phone__icontains=search)
            | Q(contact_email__icontains=search)
            | Q(client__name__icontains=search)
            | Q(client__phone__icontains=search)
        )
    if status:
        qs = qs.filter(status__in=[status] if isinstance(status, str) else status)
    if service_id:
        qs = qs.filter(service_id=service_id)
    if technician_id:
        qs = qs.filter(technicians__id=technician_id)
    if source:
        qs = qs.filter(source=source)
    if date_from:
        qs = qs.filter(preferred_date__gte=date_from)
    if date_to:
        qs = qs.filter(preferred_date__lte=date_to)
    if client_id:
        qs = qs.filter(client_id=client_id)
    return qs.order_by("-preferred_date", "-scheduled_start").distinct()


def bookings_for_client(user: User) -> QuerySet[Booking]:
    """Only the signed-in client's own bookings."""
    return _with_relations(Booking.objects.filter(client__user=user)).order_by("-scheduled_start")


def booking_for_token(token: str) -> Booking | None:
    parsed = booking_id_from_token(token)
    if parsed is None:
        return None
    booking_id, version = parsed
    return _with_relations(Booking.objects.filter(pk=booking_id, token_version=version)).first()


@dataclass
class ScheduleCell:
    window: ArrivalWindow
    date: dt.date
    bookings: list[Booking]

    @property
    def remaining(self) -> int:
        return max(self.window.capacity - len(self.bookings), 0)


def schedule(date_from: dt.date, date_to: dt.date) -> dict[dt.date, list[ScheduleCell]]:
    """Every active window per day with the bookings occupying it (a long visit
    shows in each window it takes). Three queries whatever the range."""
    windows = list(ArrivalWindow.objects.filter(is_active=True).order_by("start_time"))
    slots = (
        BookingSlot.objects.filter(
            date__range=(date_from, date_to), booking__status__in=ACTIVE_STATUSES
        )
        .select_related("booking", "booking__service", "booking__client")
        .prefetch_related("booking__technicians")
        .order_by("booking__scheduled_start")
    )
    by_cell: dict[tuple[dt.date, object], list[Booking]] = {}
    for slot in slots:
        by_cell.setdefault((slot.date, slot.window_id), []).append(slot.booking)
    days: dict[dt.date, list[ScheduleCell]] = {}
    day = date_from
    while day <= date_to:
        days[day] = [ScheduleCell(w, day, by_cell.get((day, w.id), [])) for w in windows]
        day += dt.timedelta(days=1)
    return days
