"""The admin portal's bookings pages: the list (and its CSV export), the
schedule, a booking's detail with its actions, phone bookings, and the
availability settings. Each view parses input, checks the permission through
StaffPortalMixin, calls one apps.leads service or selector, and renders."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.admin_portal import booking_forms as bf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import admin_crumbs
from apps.core import selectors as core_selectors
from apps.core.csv_export import csv_download
from apps.core.forms import apply_service_errors
from apps.core.ids import parse_uuid
from apps.core.services import record_export
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.models import (
    ArrivalWindow,
    BlackoutDate,
    Booking,
    BookingSource,
    BookingStatus,
)
from apps.leads.models.bookings import ACTIVE_STATUSES
from apps.leads.selectors.availability import active_bookings_on, availability_settings
from apps.leads.services import availability as availability_services
from apps.leads.services.bookings import allowed_transitions

BOOKINGS_PER_PAGE = 25
SORTS = {
    "date": ("preferred_date", "scheduled_start", "reference"),
    "-date": ("-preferred_date", "-scheduled_start", "reference"),
    "created": ("created_at", "reference"),
    "-created": ("-created_at", "reference"),
}
# Status changes with their own button (confirm and cancel have forms of their own).
SIMPLE_TRANSITIONS = {
    BookingStatus.IN_PROGRESS: (gettext_lazy("Start the visit"), "primary"),
    BookingStatus.COMPLETED: (gettext_lazy("Mark completed"), "primary"),
    BookingStatus.NO_SHOW: (gettext_lazy("Mark no-show"), "danger"),
}
DESTRUCTIVE = {BookingStatus.NO_SHOW}
NEW_BOOKING_RENAME = {"preferred_time_slot": "window", "service_slug": "service"}
RESCHEDULE_RENAME = {"preferred_time_slot": "window", "status": None}
# What only dispatchers may do (sales, administrators; not technicians): the
# leads rule (apps.leads.selectors.bookings), which the API reads too.
EXPORT_PERMISSION = lead_selectors.EXPORT_PERMISSION
CANCEL_PERMISSION = lead_selectors.CANCEL_PERMISSION
ASSIGN_PERMISSION = lead_selectors.ASSIGN_PERMISSION


def _bookings_crumb():
    return (gettext_lazy("Bookings"), reverse("admin_portal:bookings"))


def _parse_date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        return None


# --- the list and its export ---------------------------------------------------


def _filtered_bookings(request):
    form = bf.BookingFilterForm(request.GET or None)
    filters = form.selector_filters()
    sort = (form.cleaned_data.get("sort") if form.is_valid() else "") or "-date"
    bookings = lead_selectors.bookings_for_admin(viewer=request.user, **filters).order_by(
        *SORTS[sort]
    )
    return form, filters, sort, bookings


class BookingListView(StaffPortalMixin, TemplateView):
    permission_required = "leads.view_booking"
    template_name = "admin_portal/bookings/list.html"

    def get(self, request, *args, **kwargs):
        if request.GET.get("format") == "csv":
            return export_bookings(request)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        form, filters, sort, bookings = _filtered_bookings(self.request)
        page = Paginator(bookings, BOOKINGS_PER_PAGE).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        params["format"] = "csv"
        return super().get_context_data(
            nav_active="bookings",
            crumbs=admin_crumbs((_("Bookings"), None)),
            form=form,
            page=page,
            sort=sort,
            export_url=(
                f"{reverse('admin_portal:bookings-export')}?{params.urlencode()}"
                if lead_selectors.may_export_bookings(self.request.user)
                else ""
            ),
            filtered=any(v for k, v in filters.items()),
            **kwargs,
        )


CSV_HEADER = (
    "reference",
    "date",
    "window",
    "status",
    "service",
    "client",
    "contact",
    "phone",
    "email",
    "address",
    "directions",
    "technicians",
    "source",
    "created",
)


def _csv_rows(bookings) -> Iterator[tuple[object, ...]]:
    for b in bookings.iterator(chunk_size=500):
        yield (
            b.reference,
            b.preferred_date.isoformat(),
            str(b.window),
            b.get_status_display(),
            b.service.name,
            str(b.client),
            b.contact_name,
            b.contact_phone,
            b.contact_email,
            b.site_address.replace("\r\n", ", ").replace("\n", ", "),
            b.location_notes,
            "; ".join(t.full_name or t.email for t in b.technicians.all()),
            b.get_source_display(),
            timezone.localtime(b.created_at).strftime("%Y-%m-%d %H:%M"),
        )


def export_bookings(request) -> StreamingHttpResponse:
    """The filtered list as CSV, streamed (the same filters as the page), for
    staff who may export (not technicians: it holds customers' addresses)."""
    if not lead_selectors.may_export_bookings(request.user):
        raise PermissionDenied(_("You do not have permission to export bookings."))
    _form, filters, _sort, bookings = _filtered_bookings(request)
    record_export(actor=request.user, name="bookings", target_type="leads.booking", filters=filters)
    return csv_download("bookings", CSV_HEADER, _csv_rows(bookings))


class BookingExportView(StaffPortalMixin, View):
    permission_required = ("leads.view_booking", EXPORT_PERMISSION)

    def get(self, request):
        return export_bookings(request)


# --- the schedule ------------------------------------------------------------------

SCHEDULE_VIEWS = {
    "day": gettext_lazy("Day"),
    "week": gettext_lazy("Week"),
    "technician": gettext_lazy("By technician"),
}


def _closed_label(reason: str) -> str:
    return _("Closed") if reason == "closed" else reason


class ScheduleView(StaffPortalMixin, TemplateView):
    """Day and week by arrival window, and the week by technician. A constant
    number of queries whatever the number of bookings."""

    permission_required = "leads.view_booking"
    template_name = "admin_portal/bookings/schedule.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        view = self.request.GET.get("view", "week")
        if view not in SCHEDULE_VIEWS:
            view = "week"
        day = _parse_date(self.request.GET.get("date")) or today
        if view == "day":
            start, end, step = day, day, dt.timedelta(days=1)
            title = formats.date_format(day, "l j F Y")
        else:
            start = day - dt.timedelta(days=day.weekday())
            end, step = start + dt.timedelta(days=6), dt.timedelta(days=7)
            title = _("Week of %(start)s – %(end)s") % {
                "start": formats.date_format(start, "j M"),
                "end": formats.date_format(end, "j M Y"),
            }
        context = {
            "nav_active": "schedule",
            "crumbs": admin_crumbs((_("Schedule"), None)),
            "view": view,
            "views": list(SCHEDULE_VIEWS.items()),
            "day": day,
            "today": today,
            "title": title,
            "prev_date": day - step,
            "next_date": day + step,
            "is_current": start <= today <= end,
        }
        if view == "technician":
            rows = lead_selectors.technician_schedule(start, end, viewer=self.request.user)
            context["dates"] = [start + dt.timedelta(days=n) for n in range(7)]
            context["technician_rows"] = [
                {"row": row, "days": [(d, row.days[d]) for d in context["dates"]]} for row in rows
            ]
        else:
            days = lead_selectors.staff_schedule(start, end, viewer=self.request.user)
            windows = [cell.window for cell in days[0].cells] if days else []
            sections = []
            for schedule_day in days:
                sections.append(
                    {
                        "date": schedule_day.date,
                        "past": schedule_day.date < today,
                        "closed": _closed_label(schedule_day.closed_reason),
                        "cells": [
                            {"cell": cell, "open": schedule_day.is_open(cell)}
                            for cell in schedule_day.cells
                        ],
                        "count": len({b.pk for cell in schedule_day.cells for b in cell.bookings}),
                    }
                )
            context["windows"] = windows
            context["day_sections"] = sections
            context["window_rows"] = [
                {
                    "window": window,
                    "cells": [
                        {
                            "date": s["date"],
                            "closed": s["closed"],
                            "past": s["past"],
                            **s["cells"][i],
                        }
                        for s in sections
                    ],
                }
                for i, window in enumerate(windows)
            ]
        return super().get_context_data(**context, **kwargs)


# --- one booking ------------------------------------------------------------------

STATUS_EVENTS = {
    "booking.created": BookingStatus.PENDING,
    "booking.confirmed": BookingStatus.CONFIRMED,
    "booking.in_progress": BookingStatus.IN_PROGRESS,
    "booking.completed": BookingStatus.COMPLETED,
    "booking.cancelled": BookingStatus.CANCELLED,
    "booking.no_show": BookingStatus.NO_SHOW,
}
STAMPS = (
    ("created_at", "booking.created"),
    ("confirmed_at", "booking.confirmed"),
    ("started_at", "booking.in_progress"),
    ("completed_at", "booking.completed"),
    ("cancelled_at", "booking.cancelled"),
    ("no_show_at", "booking.no_show"),
)


def _event_title(action: str, changes: dict, booking: Booking) -> tuple[str, str]:
    """(title, detail) for one history entry."""
    if action == "booking.created":
        source = BookingSource(changes["source"]).label if changes.get("source") else ""
        return _("Booked"), (_("Source: %(source)s") % {"source": source}) if source else ""
    if action == "booking.confirmed":
        return _("Confirmed"), ""
    if action == "booking.in_progress":
        return _("Visit started"), ""
    if action == "booking.completed":
        return _("Completed"), ""
    if action == "booking.cancelled":
        reason = changes.get("reason") or booking.cancellation_reason
        return _("Cancelled"), (_("Reason: %(reason)s") % {"reason": reason}) if reason else ""
    if action == "booking.no_show":
        return _("Marked no-show"), ""
    if action == "booking.rescheduled":
        parts = []
        for key in ("date", "window"):
            if key in changes:
                old, new = changes[key]
                parts.append(f"{old} → {new}")
        return _("Moved"), " · ".join(parts)
    if action == "booking.technicians_assigned":
        after = (changes.get("technicians") or [[], []])[1]
        return _("Technicians assigned"), ", ".join(after) or _("None")
    if action == "booking.notes_updated":
        return _("Internal notes updated"), ""
    return action, ""


def booking_timeline(booking: Booking, entries) -> list[dict]:
    """The booking's history, oldest first: its audit entries, plus the status
    stamps that have no entry (visits recorded before the audit trail)."""
    events = []
    seen = set()
    for entry in entries:
        title, detail = _event_title(entry.action, entry.changes or {}, booking)
        seen.add(entry.action)
        events.append(
            {
                "when": entry.created_at,
                "title": title,
                "detail": detail,
                "actor": entry.actor_label,
                "status": STATUS_EVENTS.get(entry.action, ""),
            }
        )
    for field, action in STAMPS:
        stamp = getattr(booking, field)
        if stamp and action not in seen:
            title, detail = _event_title(action, {"source": booking.source}, booking)
            events.append(
                {
                    "when": stamp,
                    "title": title,
                    "detail": detail,
                    "actor": "",
                    "status": STATUS_EVENTS[action],
                }
            )
    events.sort(key=lambda e: e["when"])
    return events


def _slot_day(service, day: dt.date | None, *, exclude=None):
    """The windows of one day with their places left, as staff book."""
    if service is None or day is None:
        return None
    return lead_selectors.available_slots(
        service, day, day, exclude_booking_id=exclude, staff=True
    )[0]


def _day_message(day_availability, day: dt.date | None) -> str:
    if day_availability is None:
        return ""
    if day is not None and day < timezone.localdate():
        return _("That date has passed.")
    reason = day_availability.closed_reason
    if reason == "closed":
        return _("Closed that day (opening hours).")
    if reason in ("too_soon", "too_far"):
        return ""
    if reason:
        return _("Closed that day: %(reason)s.") % {"reason": reason}
    if not day_availability.slots:
        return _("This service does not fit in that day's windows.")
    return ""


def _booking_or_404(request, reference: str) -> Booking:
    """The booking if this person may see it; another technician's visit is
    a 404, as if it did not exist."""
    booking = lead_selectors.booking_for_admin(reference=reference, viewer=request.user)
    if booking is None:
        raise Http404
    return booking


class BookingDetailView(StaffPortalMixin, View):
    permission_required = "leads.view_booking"
    template_name = "admin_portal/bookings/detail.html"

    def render_detail(self, request, booking: Booking, *, status: int = 200, **overrides):
        user = request.user
        can_change = user.has_perm("leads.change_booking")
        may_assign = can_change and lead_selectors.may_dispatch(user)
        may_cancel = can_change and lead_selectors.may_cancel_visits(user)
        transitions = allowed_transitions(booking)
        technicians = list(booking.technicians.all())
        movable = lead_services.staff_can_move(booking)
        forms = {
            "confirm_form": bf.TechniciansForm(
                prefix="confirm", require_one=True, initial={"technicians": technicians}
            ),
            "technicians_form": bf.TechniciansForm(
                prefix="assign", initial={"technicians": technicians}
            ),
            "cancel_form": bf.CancelForm(prefix="cancel"),
            "notes_form": bf.NotesForm(
                prefix="notes", initial={"admin_notes": booking.admin_notes}
            ),
        }
        move_form = overrides.pop("move_form", None)
        move_date = _parse_date(request.GET.get("move-preferred_date"))
        if move_form is None:
            move_form = bf.RescheduleForm(
                prefix="move",
                initial={
                    "preferred_date": move_date or booking.preferred_date,
                    "window": booking.window_id,
                },
            )
        if move_form.is_bound and move_form.is_valid():
            move_day = move_form.cleaned_data["preferred_date"]
        elif move_form.is_bound:
            move_day = _parse_date(move_form.data.get("move-preferred_date"))
        else:
            move_day = move_date or booking.preferred_date
        forms.update(overrides)
        slots = (
            _slot_day(booking.service, move_day, exclude=booking.pk)
            if may_assign and movable and move_day and move_day >= timezone.localdate()
            else None
        )
        selected_window = (
            move_form.data.get("move-window") if move_form.is_bound else str(booking.window_id)
        )
        history = (
            core_selectors.audit_entries(target_type="leads.booking", target_id=str(booking.pk))
            .select_related(None)
            .only("created_at", "action", "changes", "actor_label")[:100]
        )
        context = {
            "booking": booking,
            "technicians": technicians,
            "can_change": can_change,
            "transitions": transitions,
            "simple_transitions": [
                (to, *SIMPLE_TRANSITIONS[to], to in DESTRUCTIVE)
                for to in transitions
                if to in SIMPLE_TRANSITIONS
            ],
            "can_confirm": may_assign and BookingStatus.CONFIRMED in transitions,
            "can_cancel": may_cancel and BookingStatus.CANCELLED in transitions,
            "can_assign": may_assign and booking.status in ACTIVE_STATUSES,
            "movable": may_assign and movable,
            "today_iso": timezone.localdate().isoformat(),
            "move_form": move_form,
            "move_day": move_day,
            "slots": slots,
            "slot_message": _day_message(slots, move_day),
            "selected_window": selected_window,
            "alternatives": overrides.get("alternatives") or [],
            "timeline": booking_timeline(booking, history),
            "notifications": (
                lead_selectors.booking_notifications(booking)
                if request.user.has_perm("notifications.view_notification")
                else None
            ),
            "customer_history": lead_selectors.client_booking_history(booking, viewer=user),
            "photos": list(booking.photos.all()),
            "quotation_url": (
                f"{reverse('admin_portal:quotation-new')}?booking={booking.pk}"
                if request.user.has_perm("leads.add_quotation")
                else ""
            ),
            "nav_active": "bookings",
            "crumbs": admin_crumbs(_bookings_crumb(), (booking.reference, None)),
            **forms,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, reference):
        return self.render_detail(request, _booking_or_404(request, reference))


class BookingActionView(BookingDetailView):
    """A POST that changes a booking, then back to its page."""

    permission_required = ("leads.view_booking", "leads.change_booking")

    def get(self, request, reference):
        return redirect("admin_portal:booking-detail", reference)

    def done(self, booking: Booking, message: str):
        messages.success(self.request, message)
        return redirect("admin_portal:booking-detail", booking.reference)


class BookingConfirmView(BookingActionView):
    permission_required = (*BookingActionView.permission_required, ASSIGN_PERMISSION)

    def post(self, request, reference):
        booking = _booking_or_404(request, reference)
        form = bf.TechniciansForm(request.POST, prefix="confirm", require_one=True)
        if form.is_valid():
            try:
                lead_services.confirm_booking(
                    booking=booking,
                    technicians=form.cleaned_data["technicians"],
                    actor=request.user,
                )
            except lead_services.BookingError as exc:
                bf.add_domain_error(form, exc)
            else:
                return self.done(booking, _("%(ref)s is confirmed.") % {"ref": booking.reference})
        return self.render_detail(request, booking, status=400, confirm_form=form)


class BookingTechniciansView(BookingActionView):
    permission_required = (*BookingActionView.permission_required, ASSIGN_PERMISSION)

    def post(self, request, reference):
        booking = _booking_or_404(request, reference)
        form = bf.TechniciansForm(request.POST, prefix="assign")
        if form.is_valid():
            try:
                lead_services.assign_technicians(
                    booking=booking,
                    technicians=form.cleaned_data["technicians"],
                    actor=request.user,
                )
            except lead_services.BookingError as exc:
                bf.add_domain_error(form, exc)
            else:
                return self.done(booking, _("Technicians updated."))
        return self.render_detail(request, booking, status=400, technicians_form=form)


class BookingStatusView(BookingActionView):
    """Start, complete or mark a no-show. GET: the confirmation page for
    people without JavaScript; POST: do it. The service decides whether the
    change is allowed from the booking's current status."""

    template_status = "admin_portal/bookings/confirm_status.html"

    def _to_status(self, to_status: str) -> str:
        if to_status not in SIMPLE_TRANSITIONS:
            raise Http404
        return to_status

    def get(self, request, reference, to_status):
        booking = _booking_or_404(request, reference)
        label, variant = SIMPLE_TRANSITIONS[self._to_status(to_status)]
        return render(
            request,
            self.template_status,
            {
                "booking": booking,
                "to_status": to_status,
                "label": label,
                "variant": variant,
                "allowed": to_status in allowed_transitions(booking),
                "nav_active": "bookings",
                "crumbs": admin_crumbs(
                    _bookings_crumb(),
                    (booking.reference, reverse("admin_portal:booking-detail", args=[reference])),
                    (label, None),
                ),
            },
        )

    def post(self, request, reference, to_status):
        booking = _booking_or_404(request, reference)
        to_status = self._to_status(to_status)
        try:
            booking = lead_services.change_booking_status(
                booking=booking, to_status=to_status, actor=request.user
            )
        except lead_services.BookingError as exc:
            messages.error(request, exc.message)
            return redirect("admin_portal:booking-detail", booking.reference)
        return self.done(
            booking,
            _("%(ref)s is now %(status)s.")
            % {"ref": booking.reference, "status": booking.get_status_display().lower()},
        )


class BookingCancelView(BookingActionView):
    """GET: the cancel page (without JavaScript, or after an error); POST: cancel."""

    permission_required = (*BookingActionView.permission_required, CANCEL_PERMISSION)
    template_cancel = "admin_portal/bookings/cancel.html"

    def _render_cancel(self, request, booking, form, status=200):
        return render(
            request,
            self.template_cancel,
            {
                "booking": booking,
                "form": form,
                "allowed": BookingStatus.CANCELLED in allowed_transitions(booking),
                "nav_active": "bookings",
                "crumbs": admin_crumbs(
                    _bookings_crumb(),
                    (
                        booking.reference,
                        reverse("admin_portal:booking-detail", args=[booking.reference]),
                    ),
                    (_("Cancel"), None),
                ),
            },
            status=status,
        )

    def get(self, request, reference):
        return self._render_cancel(
            request, _booking_or_404(request, reference), bf.CancelForm(prefix="cancel")
        )

    def post(self, request, reference):
        booking = _booking_or_404(request, reference)
        form = bf.CancelForm(request.POST, prefix="cancel")
        if form.is_valid():
            try:
                lead_services.cancel_booking(
                    booking=booking, reason=form.cleaned_data["reason"], actor=request.user
                )
            except lead_services.BookingError as exc:
                bf.add_domain_error(form, exc, {"cancellation_reason": "reason", "status": None})
            else:
                return self.done(booking, _("%(ref)s is cancelled.") % {"ref": booking.reference})
        return self._render_cancel(request, booking, form, status=400)


def _alternative(data, prefix: str = "") -> None:
    """A clicked "book this instead" button sets the date and the window."""
    key = f"{prefix}alternative"
    value = data.get(key, "")
    if "|" in value:
        day, window_id = value.split("|", 1)
        data[f"{prefix}preferred_date"] = day
        data[f"{prefix}window"] = window_id


class BookingRescheduleView(BookingActionView):
    permission_required = (*BookingActionView.permission_required, ASSIGN_PERMISSION)

    def post(self, request, reference):
        booking = _booking_or_404(request, reference)
        data = request.POST.copy()
        _alternative(data, "move-")
        form = bf.RescheduleForm(data, prefix="move")
        alternatives = []
        if form.is_valid():
            try:
                lead_services.reschedule_booking(
                    booking=booking,
                    preferred_date=form.cleaned_data["preferred_date"],
                    window=form.cleaned_data["window"],
                    actor=request.user,
                )
            except lead_services.SlotTaken as exc:
                bf.add_domain_error(form, exc, RESCHEDULE_RENAME)
                # Where the visit already is is no alternative.
                alternatives = [
                    slot
                    for slot in exc.alternatives
                    if not (
                        slot.start.date() == booking.preferred_date
                        and slot.window_id == str(booking.window_id)
                    )
                ]
            except lead_services.BookingError as exc:
                bf.add_domain_error(form, exc, RESCHEDULE_RENAME)
            else:
                return self.done(booking, _("%(ref)s is moved.") % {"ref": booking.reference})
        return self.render_detail(
            request, booking, status=400, move_form=form, alternatives=alternatives
        )


class BookingNotesView(BookingActionView):
    def post(self, request, reference):
        booking = _booking_or_404(request, reference)
        form = bf.NotesForm(request.POST, prefix="notes")
        if form.is_valid():
            lead_services.update_booking_notes(
                booking=booking, admin_notes=form.cleaned_data["admin_notes"], actor=request.user
            )
            return self.done(booking, _("Internal notes saved."))
        return self.render_detail(request, booking, status=400, notes_form=form)


# --- the slot picker (htmx partial) ------------------------------------------------


class SlotPickerView(StaffPortalMixin, View):
    """The windows of one day for one service with the places left: the
    partial the date and service inputs swap in (htmx). Without JavaScript
    the pages render the same partial on a "Show free windows" button."""

    permission_required = "leads.view_booking"

    def get(self, request):
        from apps.catalog.models import Service

        prefix = "move-" if request.GET.get("prefix") == "move" else ""
        booking = None
        if prefix:
            booking = _booking_or_404(request, request.GET.get("booking", ""))
            service = booking.service
        else:
            try:
                service = Service.objects.filter(
                    pk=uuid.UUID(request.GET.get("service", ""))
                ).first()
            except ValueError:
                service = None
        day = _parse_date(request.GET.get(f"{prefix}preferred_date"))
        slots = (
            _slot_day(service, day, exclude=booking.pk if booking else None)
            if (day and day >= timezone.localdate())
            else None
        )
        selected = request.GET.get(f"{prefix}window") or (
            str(booking.window_id) if booking and day == booking.preferred_date else ""
        )
        return render(
            request,
            "admin_portal/bookings/_slot_picker.html",
            {
                "picker_id": "move-slot-picker" if prefix else "slot-picker",
                "field_name": f"{prefix}window",
                "date_name": f"{prefix}preferred_date" if prefix else "",
                "day": day,
                "slots": slots,
                "slot_message": _day_message(slots, day)
                or ("" if slots else _("Choose a service and a date to see the free windows.")),
                "selected_window": selected,
                "service": service,
            },
        )


# --- a phone booking ------------------------------------------------------------------


class NewBookingView(StaffPortalMixin, View):
    permission_required = ("leads.view_booking", "leads.add_booking")
    template_name = "admin_portal/bookings/new.html"

    def _render(self, request, form, *, status=200, alternatives=()):
        if form.is_bound:
            cleaned = getattr(form, "cleaned_data", {})
            service = cleaned.get("service")
            day = cleaned.get("preferred_date") or _parse_date(form.data.get("preferred_date"))
            selected = form.data.get("window", "")
        else:
            service = form.initial.get("service")
            day = _parse_date(str(form.initial.get("preferred_date") or ""))
            selected = form.initial.get("window", "")
        if service is not None and not hasattr(service, "pk"):
            from apps.catalog.models import Service

            pk = parse_uuid(service)
            service = Service.objects.filter(pk=pk).first() if pk else None
        slots = _slot_day(service, day) if day and day >= timezone.localdate() else None
        # With JavaScript, changing the service or the date swaps in that
        # day's windows (htmx); without it, "Show free windows" does.
        live = {
            "hx-get": reverse("admin_portal:booking-slots"),
            "hx-trigger": "change",
            "hx-target": "#slot-picker",
            "hx-swap": "outerHTML",
            "hx-include": "#id_service, #id_preferred_date, [name='window']:checked",
        }
        for name in ("service", "preferred_date"):
            form.fields[name].widget.attrs.update(live)
        context = {
            "form": form,
            "slots": slots,
            "day": day,
            "slot_message": _day_message(slots, day)
            or ("" if slots else _("Choose a service and a date to see the free windows.")),
            "selected_window": str(selected or ""),
            "alternatives": alternatives,
            "nav_active": "bookings",
            "crumbs": admin_crumbs(_bookings_crumb(), (_("New booking"), None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        initial = {"form_token": uuid.uuid4().hex}
        # From a client's page: their contact details come filled in.
        for key in ("service", "preferred_date", "name", "phone", "email", "address"):
            if request.GET.get(key):
                initial[key] = request.GET[key]
        return self._render(request, bf.PhoneBookingForm(initial=initial))

    def post(self, request):
        data = request.POST.copy()
        _alternative(data)
        if not data.get("form_token"):
            data["form_token"] = uuid.uuid4().hex
        if "check" in data:
            # "Show free windows" without JavaScript: keep what was typed, no errors yet.
            initial = {k: v for k, v in data.items() if k not in ("csrfmiddlewaretoken", "check")}
            return self._render(request, bf.PhoneBookingForm(initial=initial))
        form = bf.PhoneBookingForm(data)
        alternatives = []
        if form.is_valid():
            v = form.cleaned_data
            try:
                booking = lead_services.create_booking(
                    service=v["service"],
                    name=v["name"],
                    email=v.get("email") or "",
                    phone=v["phone"],
                    address=v["address"],
                    preferred_date=v["preferred_date"],
                    window=v["window"],
                    description=v.get("description") or "",
                    location_notes=v.get("location_notes") or "",
                    source=BookingSource.PHONE,
                    actor=request.user,
                    idempotency_key=f"admin:{v['form_token']}"[:80]
                    if v.get("form_token")
                    else None,
                )
            except lead_services.SlotTaken as exc:
                bf.add_domain_error(form, exc, NEW_BOOKING_RENAME)
                alternatives = exc.alternatives
            except lead_services.BookingError as exc:
                bf.add_domain_error(form, exc, NEW_BOOKING_RENAME)
            else:
                messages.success(
                    request,
                    _("Booked %(ref)s for %(name)s.")
                    % {"ref": booking.reference, "name": booking.contact_name},
                )
                return redirect("admin_portal:booking-detail", booking.reference)
        return self._render(request, form, status=400, alternatives=alternatives)


# --- availability settings -------------------------------------------------------------


class AvailabilityView(StaffPortalMixin, View):
    """Booking rules, arrival windows, category limits and closed dates.
    Each form posts to its own address; errors come back to this page."""

    permission_required = "leads.change_arrivalwindow"
    template_name = "admin_portal/bookings/availability.html"

    def render_page(self, request, *, status=200, **forms):
        overview = availability_settings()
        rules = overview.rules
        this_year = timezone.localdate().year
        context = {
            "overview": overview,
            "rules_form": forms.get("rules_form")
            or bf.BookingRulesForm(
                prefix="rules",
                initial={
                    "min_notice_days": rules.min_notice_days,
                    "horizon_days": rules.horizon_days,
                    "change_cutoff_hours": rules.change_cutoff_hours,
                },
            ),
            "window_form": forms.get("window_form")
            or bf.ArrivalWindowForm(prefix="window", initial={"capacity": 2}),
            "limit_form": forms.get("limit_form") or bf.CategoryLimitForm(prefix="limit"),
            "closed_form": forms.get("closed_form") or bf.BlackoutDateForm(prefix="closed"),
            "holiday_years": [this_year, this_year + 1],
            "holiday_error": forms.get("holiday_error", ""),
            "nav_active": "availability",
            "crumbs": admin_crumbs((_("Availability"), None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request)


class AvailabilityActionView(AvailabilityView):
    def get(self, request, *args, **kwargs):
        return redirect("admin_portal:availability")

    def check(self, perm: str) -> None:
        if not self.request.user.has_perm(perm):
            raise PermissionDenied

    def done(self, message: str, level=messages.SUCCESS):
        messages.add_message(self.request, level, message)
        return redirect("admin_portal:availability")


class BookingRulesView(AvailabilityActionView):
    def post(self, request):
        self.check("leads.change_bookingsettings")
        form = bf.BookingRulesForm(request.POST, prefix="rules")
        if form.is_valid():
            try:
                availability_services.update_booking_rules(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return self.done(_("Booking rules saved."))
        return self.render_page(request, status=400, rules_form=form)


class ArrivalWindowCreateView(AvailabilityActionView):
    def post(self, request):
        self.check("leads.add_arrivalwindow")
        form = bf.ArrivalWindowForm(request.POST, prefix="window")
        if form.is_valid():
            try:
                window = availability_services.save_arrival_window(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return self.done(_("Window %(w)s added.") % {"w": window})
        return self.render_page(request, status=400, window_form=form)


class ArrivalWindowEditView(StaffPortalMixin, View):
    """Change one window's times, capacity or label; deactivate or reactivate it."""

    permission_required = ("leads.change_arrivalwindow",)
    template_name = "admin_portal/bookings/window_edit.html"

    def _render(self, request, window, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "window": window,
                "form": form,
                "nav_active": "availability",
                "crumbs": admin_crumbs(
                    (_("Availability"), reverse("admin_portal:availability")), (str(window), None)
                ),
            },
            status=status,
        )

    def get(self, request, window_id):
        window = get_object_or_404(ArrivalWindow, pk=window_id)
        form = bf.ArrivalWindowForm(
            prefix="window",
            initial={
                "label": window.label,
                "start_time": window.start_time,
                "end_time": window.end_time,
                "capacity": window.capacity,
            },
        )
        return self._render(request, window, form)

    def post(self, request, window_id):
        window = get_object_or_404(ArrivalWindow, pk=window_id)
        form = bf.ArrivalWindowForm(request.POST, prefix="window")
        if form.is_valid():
            try:
                availability_services.save_arrival_window(
                    actor=request.user,
                    window=window,
                    is_active=window.is_active,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Window %(w)s saved.") % {"w": window})
                return redirect("admin_portal:availability")
        return self._render(request, window, form, status=400)


class ArrivalWindowActiveView(StaffPortalMixin, View):
    """Deactivate (GET: the confirmation page without JavaScript) or reactivate."""

    permission_required = ("leads.change_arrivalwindow",)
    active = False

    def get(self, request, window_id):
        window = get_object_or_404(ArrivalWindow, pk=window_id)
        return render(
            request,
            "admin_portal/bookings/window_active.html",
            {
                "window": window,
                "active": self.active,
                "nav_active": "availability",
                "crumbs": admin_crumbs(
                    (_("Availability"), reverse("admin_portal:availability")), (str(window), None)
                ),
            },
        )

    def post(self, request, window_id):
        window = get_object_or_404(ArrivalWindow, pk=window_id)
        try:
            availability_services.set_arrival_window_active(
                actor=request.user, window=window, active=self.active
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            if self.active:
                messages.success(request, _("Window %(w)s is offered again.") % {"w": window})
            else:
                messages.success(
                    request,
                    _("Window %(w)s is no longer offered; visits already booked in it stay.")
                    % {"w": window},
                )
        return redirect("admin_portal:availability")


class CategoryLimitView(AvailabilityActionView):
    def post(self, request):
        self.check("leads.change_categorywindowlimit")
        form = bf.CategoryLimitForm(request.POST, prefix="limit")
        if form.is_valid():
            v = form.cleaned_data
            try:
                limit = availability_services.set_category_limit(
                    actor=request.user,
                    category=v["category"],
                    window=v["window"],
                    capacity=v["capacity"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                if limit is None:
                    return self.done(_("Limit removed."))
                return self.done(_("Limit saved."))
        return self.render_page(request, status=400, limit_form=form)


class ClosedDateCreateView(AvailabilityActionView):
    def post(self, request):
        self.check("leads.add_blackoutdate")
        form = bf.BlackoutDateForm(request.POST, prefix="closed")
        if form.is_valid():
            try:
                blackout = availability_services.add_blackout_date(
                    actor=request.user, **form.cleaned_data
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                booked = active_bookings_on(blackout.date)
                if booked:
                    return self.done(
                        _(
                            "%(day)s is closed. %(n)s visits are still booked that day: "
                            "move or cancel them."
                        )
                        % {"day": formats.date_format(blackout.date, "D j M Y"), "n": booked},
                        messages.WARNING,
                    )
                return self.done(
                    _("%(day)s is closed.") % {"day": formats.date_format(blackout.date, "D j M Y")}
                )
        return self.render_page(request, status=400, closed_form=form)


class ClosedDateDeleteView(StaffPortalMixin, View):
    permission_required = ("leads.change_arrivalwindow", "leads.delete_blackoutdate")

    def get(self, request, closed_id):
        blackout = get_object_or_404(BlackoutDate, pk=closed_id)
        return render(
            request,
            "admin_portal/bookings/closed_delete.html",
            {
                "blackout": blackout,
                "nav_active": "availability",
                "crumbs": admin_crumbs(
                    (_("Availability"), reverse("admin_portal:availability")),
                    (_("Open a closed day"), None),
                ),
            },
        )

    def post(self, request, closed_id):
        blackout = get_object_or_404(BlackoutDate, pk=closed_id)
        day = blackout.date
        availability_services.remove_blackout_date(actor=request.user, blackout=blackout)
        messages.success(
            request,
            _("%(day)s is open for bookings again.") % {"day": formats.date_format(day, "D j M Y")},
        )
        return redirect("admin_portal:availability")


class HolidayLoadView(AvailabilityActionView):
    def post(self, request):
        self.check("leads.add_blackoutdate")
        form = bf.HolidayYearForm(request.POST)
        if form.is_valid():
            year = form.cleaned_data["year"]
            try:
                added = availability_services.load_holidays_for_year(actor=request.user, year=year)
            except ValidationError as exc:
                return self.render_page(request, status=400, holiday_error=" ".join(exc.messages))
            if added:
                return self.done(
                    _("%(n)s public holidays of %(year)s are now closed days.")
                    % {"n": added, "year": year}
                )
            return self.done(
                _("Every public holiday of %(year)s was already there.") % {"year": year},
                messages.INFO,
            )
        return self.render_page(request, status=400, holiday_error=_("Choose a year to load."))
