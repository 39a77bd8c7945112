"""Bookings: the one way to create, move, confirm, staff and close a visit.

Every path that takes a place in the schedule (create, reschedule, confirm)
locks the (date, window) rows it needs in a fixed order, then counts and
writes inside the same transaction. On PostgreSQL the row locks serialize
competing requests; on SQLite the IMMEDIATE transaction mode does."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.core.names import clean_person_name
from apps.core.selectors import company_settings
from apps.core.services import diff_fields, record_audit
from apps.leads import booking_messages
from apps.leads.models import (
    ArrivalWindow,
    BlackoutDate,
    Booking,
    BookingSettings,
    BookingSlot,
    BookingSource,
    BookingStatus,
    CategoryWindowLimit,
    SlotLock,
)
from apps.leads.models.bookings import ACTIVE_STATUSES
from apps.leads.selectors.availability import (
    SlotAvailability,
    booking_window_dates,
    local_tz,
    next_free_slots,
    windows_for_day,
    windows_needed,
)
from apps.leads.services.clients import match_or_create_client, require_contact
from apps.leads.services.photos import clean_booking_photos, store_booking_photos
from apps.leads.services.references import new_reference
from apps.users.models import User


class BookingError(DomainError):
    """A booking request that cannot be met; ``field`` names what to change."""


class SlotTaken(BookingError):
    """The window filled up; ``alternatives`` are the next free ones."""

    code = "slot_taken"
    conflict = True

    def __init__(self, message: str, alternatives: list[SlotAvailability]):
        super().__init__(
            "preferred_time_slot",
            message,
            extra={
                "alternatives": [
                    {
                        "date": slot.start.date().isoformat(),
                        "window": slot.label,
                        "window_id": slot.window_id,
                        "start": slot.start.isoformat(),
                        "remaining": slot.remaining,
                    }
                    for slot in alternatives
                ]
            },
        )
        self.alternatives = alternatives


# The one table of allowed status changes.
TRANSITIONS: dict[str, frozenset[str]] = {
    BookingStatus.PENDING: frozenset({BookingStatus.CONFIRMED, BookingStatus.CANCELLED}),
    BookingStatus.CONFIRMED: frozenset(
        {BookingStatus.IN_PROGRESS, BookingStatus.CANCELLED, BookingStatus.NO_SHOW}
    ),
    BookingStatus.IN_PROGRESS: frozenset({BookingStatus.COMPLETED}),
    BookingStatus.COMPLETED: frozenset(),
    BookingStatus.CANCELLED: frozenset(),
    BookingStatus.NO_SHOW: frozenset(),
}

_STAMPS: dict[str, str] = {
    BookingStatus.CONFIRMED: "confirmed_at",
    BookingStatus.IN_PROGRESS: "started_at",
    BookingStatus.COMPLETED: "completed_at",
    BookingStatus.CANCELLED: "cancelled_at",
    BookingStatus.NO_SHOW: "no_show_at",
}


def can_transition(booking: Booking, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(booking.status, frozenset())


def allowed_transitions(booking: Booking) -> list[str]:
    return sorted(TRANSITIONS.get(booking.status, frozenset()))


# --- placing a visit in the schedule ------------------------------------------


def _span_for(
    service: Service, day: dt.date, window: ArrivalWindow, *, staff: bool
) -> list[ArrivalWindow]:
    """Check the date and window against the rules; return the windows the visit takes."""
    rules = BookingSettings.get_solo()
    earliest, latest = booking_window_dates(rules)
    today = timezone.localdate()
    if day < today:
        raise BookingError("preferred_date", _("That date has passed. Choose a later date."))
    if not staff and day < earliest:
        raise BookingError(
            "preferred_date",
            _("The earliest date we can book online is %(date)s.")
            % {"date": earliest.strftime("%a %-d %b %Y")},
        )
    if not staff and day > latest:
        raise BookingError(
            "preferred_date",
            _("Online bookings are open up to %(date)s.")
            % {"date": latest.strftime("%a %-d %b %Y")},
        )
    holiday = BlackoutDate.objects.filter(date=day).first()
    if holiday is not None:
        raise BookingError(
            "preferred_date",
            _("We are closed on that day (%(reason)s).") % {"reason": holiday.reason},
        )
    windows = list(ArrivalWindow.objects.filter(is_active=True).order_by("start_time"))
    day_windows = windows_for_day(windows, company_settings().business_hours, day)
    if not day_windows:
        raise BookingError("preferred_date", _("We are closed on that day."))
    if window not in day_windows:
        raise BookingError("preferred_time_slot", _("That arrival window is not offered that day."))
    span = windows_needed(day_windows, day_windows.index(window), service.visit_duration_minutes)
    if span is None:
        raise BookingError(
            "preferred_time_slot",
            _("This service takes longer than the time left that day; choose an earlier window."),
        )
    return span


def _lock_slots(day: dt.date, span: list[ArrivalWindow]) -> None:
    """Take the row lock of each (date, window), in start-time order so two
    requests for overlapping spans cannot deadlock."""
    SlotLock.objects.bulk_create(
        [SlotLock(date=day, window=w) for w in span], ignore_conflicts=True
    )
    list(
        SlotLock.objects.select_for_update()
        .filter(date=day, window__in=span)
        .order_by("window__start_time")
        .values_list("id", flat=True)
    )


def _check_capacity(
    service: Service, day: dt.date, span: list[ArrivalWindow], *, exclude: Any = None
) -> None:
    """Raise SlotTaken unless every window of the span has a place left.
    Must run after _lock_slots, inside the same transaction."""
    occupied = BookingSlot.objects.filter(
        date=day, window__in=span, booking__status__in=ACTIVE_STATUSES
    )
    if exclude is not None:
        occupied = occupied.exclude(booking_id=exclude)
    counts = dict(occupied.values_list("window_id").annotate(n=Count("id")))
    limits = dict(
        CategoryWindowLimit.objects.filter(
            category_id=service.category_id, window__in=span
        ).values_list("window_id", "capacity")
    )
    category_counts = (
        dict(
            occupied.filter(booking__service__category_id=service.category_id)
            .values_list("window_id")
            .annotate(n=Count("id"))
        )
        if limits
        else {}
    )
    for window in span:
        full = counts.get(window.id, 0) >= window.capacity or (
            window.id in limits and category_counts.get(window.id, 0) >= limits[window.id]
        )
        if full:
            raise SlotTaken(
                _("Sorry, that slot was just taken. Here are the next free ones."),
                alternatives=next_free_slots(service, after=day),
            )


def _schedule_times(day: dt.date, span: list[ArrivalWindow]) -> tuple[dt.datetime, dt.datetime]:
    tz = local_tz()
    return (
        dt.datetime.combine(day, span[0].start_time, tzinfo=tz),
        dt.datetime.combine(day, span[-1].end_time, tzinfo=tz),
    )


def _occupy(booking: Booking, day: dt.date, span: list[ArrivalWindow]) -> None:
    BookingSlot.objects.filter(booking=booking).delete()
    BookingSlot.objects.bulk_create(
        [BookingSlot(booking=booking, date=day, window=w) for w in span]
    )


def _unique_reference() -> str:
    for _attempt in range(8):
        reference = new_reference("BK")
        if not Booking.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("could not find a free booking reference")


def create_booking(
    *,
    service: Service,
    name: str,
    email: str = "",
    phone: Any = "",
    address: str,
    preferred_date: dt.date,
    window: ArrivalWindow,
    description: str = "",
    location_notes: str = "",
    source: str = BookingSource.WEB,
    user: User | None = None,
    actor: User | None = None,
    idempotency_key: str | None = None,
    photos: Sequence[Any] = (),
) -> Booking:
    """Book a visit. The one entry point for the public form, the API, the
    admin portal and the Django admin.

    Raises BookingError (naming the field) or SlotTaken (with alternatives).
    A repeated ``idempotency_key`` returns the booking already made."""
    if idempotency_key:
        existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if not service.can_be_booked:
        raise BookingError("service_slug", _("This service cannot be booked online."))
    name = clean_person_name(name, field="name", error=BookingError)
    require_contact(email=email, phone=phone, error=BookingError)
    # Photos are checked before the schedule is locked: a bad file never
    # costs anyone their place, and never leaves a booking half-made.
    clean_photos = clean_booking_photos(photos)
    staff = actor is not None and getattr(actor, "is_staff_member", False)
    try:
        with transaction.atomic():
            span = _span_for(service, preferred_date, window, staff=staff)
            _lock_slots(preferred_date, span)
            _check_capacity(service, preferred_date, span)
            client = match_or_create_client(
                name=name, email=email, phone=phone, address=address, user=user, actor=actor
            )
            start, end = _schedule_times(preferred_date, span)
            booking = Booking.objects.create(
                reference=_unique_reference(),
                service=service,
                client=client,
                contact_name=name,
                contact_email=(email or "").strip().lower(),
                contact_phone=str(phone or ""),
                site_address=address.strip(),
                location_notes=location_notes.strip(),
                preferred_date=preferred_date,
                window=window,
                scheduled_start=start,
                scheduled_end=end,
                description=description.strip(),
                source=source,
                idempotency_key=idempotency_key or None,
                created_by=actor or (user if user is not None and user.is_authenticated else None),
            )
            _occupy(booking, preferred_date, span)
            store_booking_photos(booking=booking, photos=clean_photos, actor=actor or user)
            record_audit(
                actor=actor or user,
                action="booking.created",
                target=booking,
                changes={
                    "source": source,
                    "date": preferred_date.isoformat(),
                    "window": str(window),
                },
            )
            booking_messages.booking_created(booking)
            return booking
    except IntegrityError:
        # The same idempotency key raced in from a retry: answer with the first.
        if idempotency_key:
            existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
            if existing is not None:
                return existing
        raise


def reschedule_booking(
    *,
    booking: Booking,
    preferred_date: dt.date,
    window: ArrivalWindow,
    actor: User | None,
    by_customer: bool = False,
) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().select_related("service").get(pk=booking.pk)
        check_movable(booking, by_customer=by_customer)
        staff = actor is not None and getattr(actor, "is_staff_member", False)
        span = _span_for(booking.service, preferred_date, window, staff=staff and not by_customer)
        _lock_slots(preferred_date, span)
        _check_capacity(booking.service, preferred_date, span, exclude=booking.pk)
        start, end = _schedule_times(preferred_date, span)
        technicians = list(booking.technicians.all())
        if technicians:
            _check_technicians_free(technicians, start, end, exclude=booking.pk)
        before = {"date": booking.preferred_date, "window": str(booking.window)}
        previous = {
            "date": timezone.localtime(booking.scheduled_start).strftime("%A %-d %B %Y"),
            "time": timezone.localtime(booking.scheduled_start).strftime("%H:%M"),
        }
        booking.preferred_date, booking.window = preferred_date, window
        booking.scheduled_start, booking.scheduled_end = start, end
        booking.save(
            update_fields=[
                "preferred_date",
                "window",
                "scheduled_start",
                "scheduled_end",
                "updated_at",
            ]
        )
        _occupy(booking, preferred_date, span)
        record_audit(
            actor=actor,
            action="booking.rescheduled",
            target=booking,
            changes=diff_fields(before, {"date": preferred_date, "window": str(window)}),
        )
        booking_messages.booking_rescheduled(booking, previous)
        return booking


# --- people ------------------------------------------------------------------


def _check_technicians_free(
    technicians: Iterable[User], start: dt.datetime, end: dt.datetime, *, exclude: Any
) -> None:
    ids = sorted(t.pk for t in technicians)
    # Lock the technicians so two bookings cannot both grab the same person.
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    clash = (
        Booking.objects.filter(
            technicians__in=ids,
            status__in=ACTIVE_STATUSES,
            scheduled_start__lt=end,
            scheduled_end__gt=start,
        )
        .exclude(pk=exclude)
        .values_list("technicians__full_name", "reference")
        .first()
    )
    if clash:
        raise BookingError(
            "technicians",
            _("%(name)s is already on %(ref)s at that time.")
            % {"name": clash[0] or _("A technician"), "ref": clash[1]},
        )


def _valid_technicians(technicians: Iterable[User]) -> list[User]:
    people = list(technicians)
    for person in people:
        if not person.is_active or not person.is_staff_member:
            raise BookingError("technicians", _("%(name)s is not active staff.") % {"name": person})
    return people


def assign_technicians(*, booking: Booking, technicians: Iterable[User], actor: User) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        people = _valid_technicians(technicians)
        if booking.status not in ACTIVE_STATUSES:
            raise BookingError("technicians", _("This visit is closed."))
        if booking.status != BookingStatus.PENDING and not people:
            raise BookingError("technicians", _("A confirmed visit needs at least one technician."))
        _check_technicians_free(
            people, booking.scheduled_start, booking.scheduled_end, exclude=booking.pk
        )
        before = sorted(str(t) for t in booking.technicians.all())
        booking.technicians.set(people)
        record_audit(
            actor=actor,
            action="booking.technicians_assigned",
            target=booking,
            changes={"technicians": [before, sorted(str(t) for t in people)]},
        )
        return booking


# --- status ------------------------------------------------------------------


def _check_customer_cutoff(booking: Booking, rules: BookingSettings | None = None) -> None:
    rules = rules or BookingSettings.get_solo()
    cutoff = booking.scheduled_start - dt.timedelta(hours=rules.change_cutoff_hours)
    if timezone.now() >= cutoff:
        raise BookingError(
            "status",
            _("Changes online close %(hours)s hours before the visit. Please call us.")
            % {"hours": rules.change_cutoff_hours},
        )


def check_movable(
    booking: Booking, *, by_customer: bool = False, rules: BookingSettings | None = None
) -> None:
    """The one rule for "can this visit be moved": its status allows it
    (``Booking.is_movable``) and, for the customer, the change cut-off has not
    passed. Raises BookingError naming ``status``. Every door reads it:
    ``reschedule_booking``, the staff booking page, the tracking page, the
    client portal and the API (``can_change``)."""
    if not booking.is_movable:
        raise BookingError("status", _("Only pending or confirmed visits can be moved."))
    if by_customer:
        _check_customer_cutoff(booking, rules)


def staff_can_move(booking: Booking) -> bool:
    try:
        check_movable(booking)
    except BookingError:
        return False
    return True


def customer_can_change(booking: Booking, *, rules: BookingSettings | None = None) -> bool:
    """The customer may still move (or cancel) the visit online."""
    try:
        check_movable(booking, by_customer=True, rules=rules)
    except BookingError:
        return False
    return True


def change_booking_status(
    *, booking: Booking, to_status: str, actor: User | None, reason: str = ""
) -> Booking:
    """Move a booking along its workflow; stamps the time, audits, notifies."""
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        if not can_transition(booking, to_status):
            raise BookingError(
                "status",
                _("A %(current)s booking cannot become %(target)s.")
                % {
                    "current": booking.get_status_display().lower(),
                    "target": BookingStatus(to_status).label.lower(),
                },
            )
        if to_status == BookingStatus.CONFIRMED and not booking.technicians.exists():
            raise BookingError("technicians", _("Assign at least one technician to confirm."))
        if to_status == BookingStatus.IN_PROGRESS and timezone.localdate() < booking.preferred_date:
            raise BookingError("status", _("A visit can only be started on its day."))
        if to_status == BookingStatus.NO_SHOW and timezone.now() < booking.scheduled_start:
            raise BookingError(
                "status", _("A visit can only be marked a no-show once its time has come.")
            )
        if to_status == BookingStatus.CANCELLED and not reason.strip():
            raise BookingError("cancellation_reason", _("Say why the visit is cancelled."))
        previous = booking.status
        booking.status = to_status
        stamp = _STAMPS.get(to_status)
        fields = ["status", "updated_at"]
        if stamp:
            setattr(booking, stamp, timezone.now())
            fields.append(stamp)
        if to_status == BookingStatus.CANCELLED:
            booking.cancellation_reason = reason.strip()[:300]
            fields.append("cancellation_reason")
        booking.save(update_fields=fields)
        record_audit(
            actor=actor,
            action=f"booking.{to_status}",
            target=booking,
            changes={
                "status": [previous, to_status],
                **({"reason": reason.strip()} if reason else {}),
            },
        )
        booking_messages.status_changed(booking, previous)
        return booking


def confirm_booking(*, booking: Booking, technicians: Iterable[User], actor: User) -> Booking:
    """Assign the crew and confirm, in one step, as staff do on the phone."""
    with transaction.atomic():
        people = _valid_technicians(technicians)
        if not people:
            raise BookingError("technicians", _("Assign at least one technician to confirm."))
        assign_technicians(booking=booking, technicians=people, actor=actor)
        return change_booking_status(
            booking=booking, to_status=BookingStatus.CONFIRMED, actor=actor
        )


def cancel_booking(
    *, booking: Booking, reason: str, actor: User | None, by_customer: bool = False
) -> Booking:
    if by_customer:
        _check_customer_cutoff(booking)
    return change_booking_status(
        booking=booking, to_status=BookingStatus.CANCELLED, actor=actor, reason=reason
    )


def update_booking_notes(*, booking: Booking, admin_notes: str, actor: User) -> Booking:
    with transaction.atomic():
        booking = Booking.objects.select_for_update().get(pk=booking.pk)
        before = booking.admin_notes
        booking.admin_notes = admin_notes.strip()
        booking.save(update_fields=["admin_notes", "updated_at"])
        if before != booking.admin_notes:
            record_audit(actor=actor, action="booking.notes_updated", target=booking)
        return booking
