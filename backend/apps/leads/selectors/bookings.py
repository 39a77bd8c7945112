"""Reads about bookings: lists for staff and clients, the schedule, token access."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils.crypto import constant_time_compare
from django.utils.translation import gettext as _

from apps.leads.models import (
    ArrivalWindow,
    BlackoutDate,
    Booking,
    BookingPhoto,
    BookingSlot,
    BookingStatus,
)
from apps.leads.models.bookings import ACTIVE_STATUSES
from apps.leads.tokens import booking_id_from_token
from apps.notifications.phone import to_e164
from apps.users.models import User


def _with_relations(qs: QuerySet[Booking]) -> QuerySet[Booking]:
    return qs.select_related("service", "service__category", "client", "window").prefetch_related(
        Prefetch("technicians", queryset=User.objects.order_by("full_name"))
    )


ALL_BOOKINGS_PERMISSION = "leads.view_all_bookings"
# What only the office does (sales, administrators; not technicians): every
# door (the admin portal's pages, the API) reads these and the rule below.
ASSIGN_PERMISSION = "leads.assign_booking"  # confirm, move, choose technicians
CANCEL_PERMISSION = "leads.cancel_booking"
EXPORT_PERMISSION = "leads.export_booking"  # the CSV holds customers' addresses


def sees_all_bookings(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm(ALL_BOOKINGS_PERMISSION))


def may_dispatch(user: User) -> bool:
    """Confirm a visit, move it, choose its technicians."""
    return bool(user.is_authenticated and user.has_perm(ASSIGN_PERMISSION))


def may_cancel_visits(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm(CANCEL_PERMISSION))


def may_export_bookings(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm(EXPORT_PERMISSION))


def staff_change_refusal(
    user: User, *, to_status: str | None = None, moves: bool = False, assigns: bool = False
) -> str | None:
    """Why this member of staff may not make this change to a visit (the
    message to show), or None when they may. Confirming, moving and
    (re)assigning a visit, and cancelling it, are the office's: a technician
    may start, complete and annotate their own visits."""
    if (assigns or moves or to_status == BookingStatus.CONFIRMED) and not may_dispatch(user):
        return _("You may not confirm, move or reassign visits.")
    if to_status == BookingStatus.CANCELLED and not may_cancel_visits(user):
        return _("You may not cancel visits.")
    return None


def bookings_visible_to(user: User) -> QuerySet[Booking]:
    """The one rule on which bookings a member of staff may see (every page,
    widget, search and API door reads it): with the all-bookings permission,
    every booking; otherwise (technicians) the visits they are assigned to.
    Anyone without the booking view permission, or not active staff, sees none.
    """
    if not (
        user.is_authenticated
        and user.is_active
        and user.is_staff_member
        and user.has_perm("leads.view_booking")
    ):
        return Booking.objects.none()
    if sees_all_bookings(user):
        return Booking.objects.all()
    # One row per booking: a visit lists a technician at most once.
    return Booking.objects.filter(technicians=user)


def bookings_for_admin(
    *,
    viewer: User,
    search: str = "",
    status: str | list[str] | None = None,
    service_id: uuid.UUID | str | None = None,
    technician_id: uuid.UUID | str | None = None,
    source: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    client_id: uuid.UUID | str | None = None,
) -> QuerySet[Booking]:
    qs = _with_relations(bookings_visible_to(viewer))
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


def reload_booking(booking: Booking) -> Booking:
    """A booking the caller has already been allowed to see, read again with
    its relations (after a change, for the answer)."""
    return _with_relations(Booking.objects.filter(pk=booking.pk)).get()


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


# --- the admin portal's reads -----------------------------------------------


def booking_for_reference_and_contact(*, reference: str, contact: str) -> Booking | None:
    """The booking a customer names by its reference and the e-mail or phone
    it was made with (the phone read in the company's region, so
    ``0722 555 111`` is ``+254722555111``). None unless both match: a wrong
    contact reveals nothing about the reference."""
    reference, contact = (reference or "").strip().upper(), (contact or "").strip()
    if not reference or not contact:
        return None
    booking = (
        Booking.objects.select_related("service", "client").filter(reference=reference).first()
    )
    if booking is None:
        return None
    if "@" in contact:
        given, on_file = contact.lower(), (booking.contact_email or "").lower()
    else:
        try:
            given = to_e164(contact)
        except ValidationError:
            return None
        on_file = str(booking.contact_phone or "")
    return booking if on_file and constant_time_compare(given, on_file) else None


def booking_for_admin(*, reference: str, viewer: User) -> Booking | None:
    """One booking by its reference, with what its detail page shows; None
    when the viewer may not see it (another technician's visit)."""
    return _with_relations(bookings_visible_to(viewer).filter(reference=reference.upper())).first()


def client_booking_history(booking: Booking, *, viewer: User, limit: int = 10) -> list[Booking]:
    """The same client's other bookings the viewer may see, newest first."""
    return list(
        bookings_visible_to(viewer)
        .filter(client_id=booking.client_id)
        .exclude(pk=booking.pk)
        .select_related("service", "window")
        .order_by("-scheduled_start")[:limit]
    )


def assignable_technicians() -> QuerySet[User]:
    """Active staff in the Technician group: who can be sent on a visit."""
    from apps.users import roles
    from apps.users.models import Role

    return (
        User.objects.filter(
            is_active=True, role__in=(Role.STAFF, Role.ADMIN), groups__name=roles.TECHNICIAN
        )
        .order_by("full_name", "email")
        .distinct()
    )


@dataclass
class StaffScheduleCell:
    window: ArrivalWindow
    date: dt.date
    bookings: list[Booking]  # every visit but cancelled ones, done ones included
    taken: int  # places held (pending, confirmed, in progress)

    @property
    def remaining(self) -> int:
        return max(self.window.capacity - self.taken, 0)


@dataclass
class ScheduleDay:
    date: dt.date
    cells: list[StaffScheduleCell]
    # Why nobody goes out that day ("" when open): a closed date's reason,
    # or "closed" when the company's hours have no window that day.
    closed_reason: str = ""
    open_window_ids: frozenset = frozenset()

    def is_open(self, cell: StaffScheduleCell) -> bool:
        return not self.closed_reason and cell.window.id in self.open_window_ids


def staff_schedule(date_from: dt.date, date_to: dt.date, *, viewer: User) -> list[ScheduleDay]:
    """The schedule as staff see it: every active window per day with its
    visits (completed and no-show ones too, so a past day shows what was
    done; cancelled ones left out), the places left, and which days and
    windows are closed (closed dates, opening hours).

    A viewer who may not see every booking (a technician) gets only their
    own visits in the cells; the places left still count everyone's.

    Queries: windows, visits with service and client, their technicians,
    closed dates, company hours: five, whatever the range or the bookings."""
    from apps.core.selectors import company_settings
    from apps.leads.selectors.availability import windows_for_day

    windows = list(ArrivalWindow.objects.filter(is_active=True).order_by("start_time"))
    slots = (
        BookingSlot.objects.filter(date__range=(date_from, date_to))
        .exclude(booking__status=BookingStatus.CANCELLED)
        .select_related("booking", "booking__service", "booking__client", "booking__window")
        .prefetch_related(
            Prefetch("booking__technicians", queryset=User.objects.order_by("full_name"))
        )
        .order_by("booking__scheduled_start", "booking__reference")
    )
    everyone = sees_all_bookings(viewer)
    if not everyone:
        slots = slots.annotate(
            visible=Exists(bookings_visible_to(viewer).filter(pk=OuterRef("booking_id")))
        )
    by_cell: dict[tuple[dt.date, object], list[Booking]] = {}
    held: dict[tuple[dt.date, object], int] = {}
    for slot in slots:
        key = (slot.date, slot.window_id)
        if slot.booking.status in ACTIVE_STATUSES:
            held[key] = held.get(key, 0) + 1
        if everyone or getattr(slot, "visible", False):
            by_cell.setdefault(key, []).append(slot.booking)
    closed = dict(
        BlackoutDate.objects.filter(date__range=(date_from, date_to)).values_list("date", "reason")
    )
    hours = company_settings().business_hours
    result = []
    day = date_from
    while day <= date_to:
        cells = []
        for window in windows:
            visits = by_cell.get((day, window.id), [])
            cells.append(StaffScheduleCell(window, day, visits, held.get((day, window.id), 0)))
        open_ids = frozenset(w.id for w in windows_for_day(windows, hours, day))
        reason = closed.get(day, "") or ("" if open_ids or not windows else "closed")
        result.append(ScheduleDay(day, cells, reason, open_ids))
        day += dt.timedelta(days=1)
    return result


@dataclass
class TechnicianRow:
    technician: User | None  # None: visits nobody is assigned to yet
    days: dict[dt.date, list[Booking]]

    @property
    def visit_count(self) -> int:
        return sum(len(visits) for visits in self.days.values())


def technician_schedule(
    date_from: dt.date, date_to: dt.date, *, viewer: User
) -> list[TechnicianRow]:
    """Each technician's visits per day (not cancelled), plus a row for the
    visits nobody is assigned to. A viewer who may not see every booking (a
    technician) gets their own row only. Three queries whatever the range."""
    everyone = sees_all_bookings(viewer)
    technicians = list(assignable_technicians()) if everyone else [viewer]
    visits = (
        bookings_visible_to(viewer)
        .filter(preferred_date__range=(date_from, date_to))
        .exclude(status=BookingStatus.CANCELLED)
        .select_related("service", "client", "window")
        .prefetch_related(Prefetch("technicians", queryset=User.objects.order_by("full_name")))
        .order_by("scheduled_start", "reference")
    )
    dates = [date_from + dt.timedelta(days=n) for n in range((date_to - date_from).days + 1)]
    rows: dict[object, TechnicianRow] = {
        t.pk: TechnicianRow(t, {d: [] for d in dates}) for t in technicians
    }
    unassigned = TechnicianRow(None, {d: [] for d in dates})
    for booking in visits:
        people = list(booking.technicians.all())
        if not people:
            unassigned.days[booking.preferred_date].append(booking)
        for person in people:
            row = rows.get(person.pk)
            if row is None and not everyone:  # a colleague on the same visit
                continue
            if row is None:  # assigned earlier, no longer in the Technician group
                row = rows[person.pk] = TechnicianRow(person, {d: [] for d in dates})
            row.days[booking.preferred_date].append(booking)
    return [*rows.values(), unassigned] if everyone else list(rows.values())


@dataclass(frozen=True)
class BookingDashboard:
    today: list[Booking]
    pending_count: int


def booking_dashboard(today: dt.date, *, viewer: User) -> BookingDashboard:
    """Today's visits (not cancelled) and how many bookings await
    confirmation, of those the viewer may see. Three queries."""
    visible = bookings_visible_to(viewer)
    visits = list(
        _with_relations(
            visible.filter(preferred_date=today).exclude(status=BookingStatus.CANCELLED)
        ).order_by("scheduled_start", "reference")
    )
    pending = visible.filter(status=BookingStatus.PENDING).aggregate(n=Count("id"))["n"]
    return BookingDashboard(today=visits, pending_count=pending)


def booking_notifications(booking: Booking) -> list:
    """The messages sent (or queued) about this booking, oldest first; bodies deferred."""
    from apps.notifications.models import Notification

    return list(
        Notification.objects.filter(related_type="leads.booking", related_id=str(booking.pk))
        .defer("body_html", "body_text", "context")
        .order_by("created_at", "id")
    )


def booking_photo_for(
    *, photo_id: uuid.UUID | str, user: User | None, token: str = ""
) -> BookingPhoto | None:
    """The photo if this viewer may see its booking: staff who see the
    booking (bookings_visible_to), the client who owns it, or whoever holds the booking's token."""
    photo = BookingPhoto.objects.select_related("booking__client").filter(pk=photo_id).first()
    if photo is None:
        return None
    booking = photo.booking
    if user is not None and user.is_authenticated:
        if bookings_visible_to(user).filter(pk=booking.pk).exists():
            return photo
        if booking.client.user_id == user.pk:
            return photo
    if token:
        holder = booking_for_token(token)
        if holder is not None and holder.pk == booking.pk:
            return photo
    return None
