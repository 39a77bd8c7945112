"""Forms of the booking pages: one per step of "Book a service", and the
reschedule, cancel and feedback forms of the tracking and portal pages.

They check what a person can fix before the next step (the chosen window is
still offered, the phone number is a number); the booking services check
everything again when the booking is made or changed."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.catalog.models import Service
from apps.catalog.selectors import service_for_public
from apps.core.forms import StyledForm
from apps.leads.models import ArrivalWindow
from apps.leads.selectors import available_slots
from apps.leads.selectors.availability import booking_window_dates
from apps.leads.services.windows import window_from_label
from apps.public_site.booking_calendar import DAY_FORMAT, parse_slot_value

IDEMPOTENCY_KEY = re.compile(r"^[0-9a-f]{32}$")


class ServiceStepForm(StyledForm):
    service = forms.CharField(
        label=_("Service"),
        max_length=180,
        error_messages={"required": _("Choose the service you need.")},
    )
    # Each service is a button in the list below: the error summary links to it.
    error_anchors = {"service": "service-choices"}

    def clean_service(self) -> str:
        slug = self.cleaned_data["service"].strip()
        service, _moved = service_for_public(slug=slug)
        if service is None:
            raise forms.ValidationError(_("We could not find that service. Choose one below."))
        if not service.can_be_booked:
            raise forms.ValidationError(
                _("%(service)s needs a survey first: request a quote instead."),
                params={"service": service.name},
                code="not_bookable",
            )
        self.bookable_service: Service = service
        return service.slug


class SlotForm(StyledForm):
    """A date and an arrival window that is offered and free for this service.

    ``preferred_date`` and ``window`` come from one slot radio button
    (``2026-03-03|<window id>``) or from hidden fields carried between steps."""

    preferred_date = forms.DateField(
        label=_("Date"), error_messages={"required": _("Choose a date and an arrival window.")}
    )
    window = forms.CharField(
        label=_("Arrival window"),
        max_length=64,
        error_messages={"required": _("Choose an arrival window.")},
    )
    # Both are picked on the calendar of slot buttons: the error summary links there.
    error_anchors = {"preferred_date": "availability", "window": "availability"}

    def __init__(
        self,
        *args,
        service: Service,
        exclude_booking_id: object = None,
        check_capacity: bool = True,
        **kwargs,
    ):
        data = kwargs.get("data", args[0] if args else None)
        if data is not None and data.get("slot"):
            day, window = parse_slot_value(data["slot"])
            data = data.copy()
            data["preferred_date"], data["window"] = day, window
            if args:
                args = (data, *args[1:])
            else:
                kwargs["data"] = data
        super().__init__(*args, **kwargs)
        self.service = service
        self.exclude_booking_id = exclude_booking_id
        # Off when booking: a window that filled up meanwhile is the booking
        # service's SlotTaken, answered with the next free windows.
        self.check_capacity = check_capacity

    def clean_window(self) -> ArrivalWindow:
        window = window_from_label(self.cleaned_data["window"])
        if window is None:
            raise forms.ValidationError(_("Choose one of the arrival windows."))
        return window

    def clean(self):
        cleaned = super().clean()
        day, window = cleaned.get("preferred_date"), cleaned.get("window")
        if day is None:
            return cleaned
        earliest, latest = booking_window_dates()
        if day < timezone.localdate():
            self.add_error("preferred_date", _("That date has passed. Choose a later date."))
            return cleaned
        if day < earliest:
            self.add_error(
                "preferred_date",
                _("The earliest date we can book online is %(date)s.")
                % {"date": date_format_ke(earliest)},
            )
            return cleaned
        if day > latest:
            self.add_error(
                "preferred_date",
                _("Online bookings are open up to %(date)s.") % {"date": date_format_ke(latest)},
            )
            return cleaned
        availability = available_slots(
            self.service, day, day, exclude_booking_id=self.exclude_booking_id
        )[0]
        if availability.closed_reason:
            reason = availability.closed_reason
            self.add_error(
                "preferred_date",
                _("We are closed on that day.")
                if reason == "closed"
                else _("We are closed on that day (%(reason)s).") % {"reason": reason},
            )
            return cleaned
        if window is None:
            return cleaned
        slot = next((s for s in availability.slots if s.window_id == str(window.id)), None)
        if slot is None:
            self.add_error(
                "window",
                _("That arrival window is not offered that day for this service. Choose another."),
            )
        elif not slot.is_free and self.check_capacity:
            self.add_error("window", _("That window is full. Choose another one."))
        return cleaned


def date_format_ke(day: dt.date) -> str:
    return date_format(day, DAY_FORMAT + " Y")


class DetailsStepForm(StyledForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Tell us your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = PhoneNumberField(
        label=_("Phone number"),
        region="KE",
        help_text=_("We call before we come. For example 0712 345 678."),
        error_messages={
            "required": _("Give a phone number the technician can call."),
            "invalid": _("Enter a valid phone number, for example 0712 345 678."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail (optional)"),
        required=False,
        help_text=_("For the confirmation and a link to follow your booking."),
        error_messages={"invalid": _("Enter a valid e-mail address, like name@example.com.")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    address = forms.CharField(
        label=_("Site address"),
        max_length=500,
        help_text=_("Estate or area, street, building and floor."),
        error_messages={"required": _("Tell us where the visit is.")},
        widget=forms.Textarea(attrs={"rows": 2, "autocomplete": "street-address"}),
    )
    location_notes = forms.CharField(
        label=_("Directions (optional)"),
        max_length=300,
        required=False,
        help_text=_("A landmark, the gate or who to ask for."),
    )
    description = forms.CharField(
        label=_("What needs doing? (optional)"),
        max_length=4000,
        required=False,
        help_text=_("The unit, what it does wrong, anything we should bring."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReviewStepForm(StyledForm):
    idempotency_key = forms.CharField(max_length=32)

    def clean_idempotency_key(self) -> str:
        key = self.cleaned_data["idempotency_key"].strip().lower()
        if not IDEMPOTENCY_KEY.match(key):
            raise forms.ValidationError(_("Please review your booking again and confirm."))
        return key


class CancelForm(StyledForm):
    reason = forms.CharField(
        label=_("Why are you cancelling?"),
        max_length=300,
        error_messages={"required": _("Tell us briefly why, so we can do better.")},
        widget=forms.Textarea(attrs={"rows": 2}),
    )


RATING_CHOICES = [
    (1, _("Very poor")),
    (2, _("Poor")),
    (3, _("Fair")),
    (4, _("Good")),
    (5, _("Excellent")),
]


class FeedbackForm(StyledForm):
    rating = forms.TypedChoiceField(
        label=_("How was the visit?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose from 1 to 5 stars.")},
    )
    comment = forms.CharField(
        label=_("Anything to add? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)] if data else []


class PhotosForm(StyledForm):
    photos = MultipleFileField(
        label=_("Photos of the problem"),
        help_text=_("JPEG, PNG or WebP, up to 5 in all. They help the technician come prepared."),
        error_messages={"required": _("Choose at least one photo.")},
    )


class FindBookingForm(StyledForm):
    """ "Find my booking": the reference and the e-mail or phone it was made with."""

    reference = forms.CharField(
        label=_("Booking reference"),
        max_length=20,
        help_text=_("It starts with BK, as in our messages."),
        error_messages={"required": _("Give the booking reference (it starts with BK).")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    contact = forms.CharField(
        label=_("E-mail or phone number"),
        max_length=254,
        help_text=_("The one you gave when booking, for example 0712 345 678."),
        error_messages={"required": _("Give the e-mail address or phone number you booked with.")},
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )
