"""One booking as its customer sees it: the block the tracking page
(token link) and the client portal's booking page share, and the actions
both offer (reschedule, cancel, photos, feedback), each calling one service."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.core.exceptions import DomainError
from apps.leads import services
from apps.leads.models import (
    Booking,
    BookingFeedback,
    BookingPhoto,
    BookingSettings,
    BookingStatus,
)
from apps.leads.tokens import booking_access_token
from apps.public_site.booking_calendar import availability_week, parse_week, slot_value
from apps.public_site.booking_forms import CancelForm, FeedbackForm, PhotosForm, SlotForm


@dataclass
class TimelineStep:
    title: str
    when: dt.datetime | None = None
    detail: str = ""
    done: bool = True
    tone: str = "brand"  # brand | green | grey | red


def booking_timeline(booking: Booking, technicians: list[str]) -> list[TimelineStep]:
    """What happened so far, then what comes next while the visit is open."""
    steps = [
        TimelineStep(
            _("Booking received"),
            booking.created_at,
            _("We check the schedule and call you to confirm."),
        )
    ]
    if booking.confirmed_at:
        who = ", ".join(technicians)
        steps.append(
            TimelineStep(
                _("Confirmed"),
                booking.confirmed_at,
                _("Your technician: %(names)s.") % {"names": who} if who else "",
            )
        )
    if booking.started_at:
        steps.append(TimelineStep(_("Crew on site"), booking.started_at))
    if booking.completed_at:
        steps.append(TimelineStep(_("Visit completed"), booking.completed_at, tone="green"))
    if booking.cancelled_at:
        steps.append(
            TimelineStep(
                _("Cancelled"), booking.cancelled_at, booking.cancellation_reason, tone="grey"
            )
        )
    if booking.no_show_at:
        steps.append(
            TimelineStep(
                _("Visit missed"),
                booking.no_show_at,
                _("Nobody was at the site. Call us to book another time."),
                tone="red",
            )
        )
    if booking.status == BookingStatus.PENDING:
        steps.append(
            TimelineStep(
                _("Confirmation"),
                detail=_("We assign a technician and confirm by e-mail or phone."),
                done=False,
            )
        )
    if booking.is_movable:
        steps.append(
            TimelineStep(
                _("Visit"),
                booking.scheduled_start,
                _("The crew arrives between %(window)s.") % {"window": booking.window},
                done=False,
            )
        )
    return steps


def booking_detail_context(
    request: HttpRequest,
    booking: Booking,
    *,
    urls: dict[str, str],
    reschedule_form: SlotForm | None = None,
    cancel_form: CancelForm | None = None,
    feedback_form: FeedbackForm | None = None,
    photos_form: PhotosForm | None = None,
    week_of: dt.date | None = None,
) -> dict[str, Any]:
    """Everything ``public_site/booking/_detail.html`` needs.

    ``urls`` holds the page's own addresses: reschedule, cancel, feedback
    (POST) and self (GET)."""
    rules = BookingSettings.get_solo()
    technicians = (
        [t.full_name or t.get_short_name() for t in booking.technicians.all()]
        if booking.status != BookingStatus.PENDING
        else []
    )
    can_change = services.customer_can_change(booking, rules=rules)
    token = booking_access_token(booking)
    context: dict[str, Any] = {
        "booking": booking,
        "technicians": technicians,
        "timeline": booking_timeline(booking, technicians),
        "can_change": can_change,
        "is_open": booking.is_movable,
        "cutoff_hours": rules.change_cutoff_hours,
        "urls": urls,
        "booking_token": token,
        "calendar_url": reverse("public_site:booking-calendar", args=[token]),
        # Photo addresses carry the token only for guests; a signed-in owner
        # is recognised by the session.
        "photos": [
            (photo, reverse("public_site:booking-photo", args=[photo.pk]))
            for photo in BookingPhoto.objects.filter(booking=booking)
        ],
        "photo_query": "" if request.user.is_authenticated else f"?token={token}",
        "can_add_photos": booking.status
        in (BookingStatus.PENDING, BookingStatus.CONFIRMED, BookingStatus.IN_PROGRESS),
        "photos_form": photos_form or PhotosForm(),
    }
    if can_change:
        selected = ""
        if reschedule_form is not None and reschedule_form.is_bound:
            selected = reschedule_form.data.get("slot", "")
        if week_of is None:
            week_of = parse_week(request.GET.get("week")) or booking.preferred_date
        context.update(
            reschedule_form=reschedule_form or SlotForm(service=booking.service),
            cancel_form=cancel_form or CancelForm(),
            week=availability_week(booking.service, week_of, exclude_booking_id=booking.pk),
            current_slot=slot_value(booking.preferred_date, booking.window_id),
            selected_slot=selected,
        )
    if booking.status == BookingStatus.COMPLETED:
        feedback = BookingFeedback.objects.filter(booking=booking).first()
        context.update(feedback=feedback, feedback_form=feedback_form or FeedbackForm())
    return context


# --- actions: each returns (ok, form) so the page can show errors in place ---


def _apply(form, exc: DomainError, rename: dict[str, str]) -> None:
    name = rename.get(exc.field, exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


def reschedule(request: HttpRequest, booking: Booking) -> tuple[bool, SlotForm]:
    form = SlotForm(request.POST, service=booking.service, exclude_booking_id=booking.pk)
    if not form.is_valid():
        return False, form
    actor = request.user if request.user.is_authenticated else None
    try:
        services.reschedule_booking(
            booking=booking,
            preferred_date=form.cleaned_data["preferred_date"],
            window=form.cleaned_data["window"],
            actor=actor,
            by_customer=True,
        )
    except DomainError as exc:
        _apply(form, exc, {"preferred_time_slot": "window"})
        return False, form
    messages.success(
        request,
        _("Your visit is moved to %(date)s, %(window)s. We sent you the new details.")
        % {
            "date": form.cleaned_data["preferred_date"].strftime("%a %-d %b"),
            "window": form.cleaned_data["window"],
        },
    )
    return True, form


def cancel(request: HttpRequest, booking: Booking) -> tuple[bool, CancelForm]:
    form = CancelForm(request.POST)
    if not form.is_valid():
        return False, form
    actor = request.user if request.user.is_authenticated else None
    try:
        services.cancel_booking(
            booking=booking, reason=form.cleaned_data["reason"], actor=actor, by_customer=True
        )
    except DomainError as exc:
        _apply(form, exc, {"cancellation_reason": "reason"})
        return False, form
    messages.success(request, _("Your visit is cancelled. We are sorry to miss you."))
    return True, form


def add_photos(request: HttpRequest, booking: Booking) -> tuple[bool, PhotosForm]:
    form = PhotosForm(request.POST, request.FILES)
    if not form.is_valid():
        return False, form
    actor = request.user if request.user.is_authenticated else None
    try:
        added = services.add_booking_photos(
            booking=booking, uploads=form.cleaned_data["photos"], actor=actor
        )
    except ValidationError as exc:
        for message in exc.message_dict.get("photos", exc.messages):
            form.add_error("photos", message)
        return False, form
    messages.success(
        request,
        ngettext("Photo added. Thank you!", "%(n)d photos added. Thank you!", len(added))
        % {"n": len(added)},
    )
    return True, form


def leave_feedback(request: HttpRequest, booking: Booking) -> tuple[bool, FeedbackForm]:
    form = FeedbackForm(request.POST)
    if not form.is_valid():
        return False, form
    actor = request.user if request.user.is_authenticated else None
    try:
        services.leave_booking_feedback(
            booking=booking,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            actor=actor,
        )
    except DomainError as exc:
        _apply(form, exc, {})
        return False, form
    messages.success(request, _("Thank you for your feedback!"))
    return True, form
