"""Forms of the admin portal's bookings, schedule and availability pages.
They parse and label input; the rules live in apps.leads.services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.admin_portal.forms import StaffMultipleChoiceField
from apps.catalog.models import Service, ServiceCategory
from apps.catalog.selectors import bookable_services
from apps.core.exceptions import DomainError
from apps.core.forms import DateInput, StyledForm, TimeInput
from apps.leads.models import ArrivalWindow, BookingSource, BookingStatus
from apps.leads.selectors import assignable_technicians
from apps.users.models import User

BOOKING_SORTS = ("date", "-date", "created", "-created")


class BookingFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Reference, name or phone")}),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=BookingStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.select_related(None).order_by("name"),
        empty_label=_("Any service"),
    )
    technician = forms.ModelChoiceField(
        label=_("Technician"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Anyone"),
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("Any source")), *BookingSource.choices]
    )
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())
    client = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in BOOKING_SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["technician"].queryset = assignable_technicians()
        self.fields["technician"].label_from_instance = lambda u: u.full_name or u.email

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def selector_filters(self) -> dict:
        """The valid filters as ``bookings_for_admin`` keywords."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "status": data.get("status") or None,
            "service_id": data["service"].pk if data.get("service") else None,
            "technician_id": data["technician"].pk if data.get("technician") else None,
            "source": data.get("source") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "client_id": data.get("client"),
        }


def window_choices():
    return ArrivalWindow.objects.filter(is_active=True).order_by("start_time")


class SlotPickerMixin:
    """A date and an arrival window, offered with live remaining capacity."""

    def _add_slot_fields(self) -> None:
        self.fields["preferred_date"] = forms.DateField(
            label=_("Date"), widget=DateInput(attrs={"min": timezone.localdate().isoformat()})
        )
        self.fields["window"] = forms.ModelChoiceField(
            label=_("Arrival window"),
            queryset=window_choices(),
            widget=forms.RadioSelect,
            empty_label=None,
            error_messages={"required": _("Choose an arrival window.")},
        )

    def clean_preferred_date(self) -> dt.date:
        day = self.cleaned_data["preferred_date"]
        if day < timezone.localdate():
            raise forms.ValidationError(_("That date has passed. Choose a later date."))
        return day


class PhoneBookingForm(SlotPickerMixin, StyledForm):
    """A visit booked by staff while the customer is on the phone."""

    service = forms.ModelChoiceField(
        label=_("Service"),
        queryset=bookable_services().order_by("name"),
        empty_label=_("Choose a service"),
    )
    name = forms.CharField(label=_("Contact name"), max_length=150)
    phone = PhoneNumberField(label=_("Phone"), help_text=_("e.g. 0722 555 111"))
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_("Optional: for the confirmation."),
    )
    address = forms.CharField(
        label=_("Site address"), widget=forms.Textarea(attrs={"rows": 2}), max_length=500
    )
    location_notes = forms.CharField(
        label=_("Directions"),
        required=False,
        max_length=300,
        help_text=_("Gate, floor, landmark, who to ask for."),
    )
    description = forms.CharField(
        label=_("What needs doing"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # One per form shown, so a double click or a retry books once.
    form_token = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    field_order = [
        "service",
        "preferred_date",
        "window",
        "name",
        "phone",
        "email",
        "address",
        "location_notes",
        "description",
        "form_token",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_slot_fields()
        self.order_fields(self.field_order)
        # The styling mixin ran before these fields existed.
        self.fields["preferred_date"].widget.attrs.setdefault("class", "input")
        self.fields["window"].widget.attrs.setdefault("class", "size-4")


class RescheduleForm(SlotPickerMixin, StyledForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._add_slot_fields()
        self.fields["preferred_date"].widget.attrs.setdefault("class", "input")
        self.fields["preferred_date"].label = _("New date")
        self.fields["window"].label = _("New arrival window")


class TechniciansForm(StyledForm):
    technicians = StaffMultipleChoiceField(
        label=_("Technicians"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, require_one: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["technicians"]
        field.queryset = assignable_technicians()
        field.required = require_one
        field.error_messages["required"] = _("Choose at least one technician.")


class CancelForm(StyledForm):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The customer sees it."),
        error_messages={"required": _("Say why the visit is cancelled.")},
    )


class NotesForm(StyledForm):
    admin_notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only staff see these; never shown to the customer."),
    )


def add_domain_error(form: forms.Form, exc: DomainError, rename: dict[str, str] | None = None):
    """A booking service's error, next to the field it names (else at the top)."""
    name = (rename or {}).get(exc.field, exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


# --- availability settings ---------------------------------------------------


class BookingRulesForm(StyledForm):
    min_notice_days = forms.IntegerField(
        label=_("Minimum notice (days)"),
        min_value=0,
        max_value=30,
        help_text=_("1 = customers can book from the next day. Staff can always book sooner."),
    )
    horizon_days = forms.IntegerField(
        label=_("Bookings open (days ahead)"), min_value=1, max_value=365
    )
    change_cutoff_hours = forms.IntegerField(
        label=_("Customers may change or cancel until (hours before)"),
        min_value=0,
        max_value=168,
    )


class ArrivalWindowForm(StyledForm):
    label = forms.CharField(
        label=_("Label"),
        required=False,
        max_length=40,
        help_text=_("Optional, e.g. “Morning”; the times are shown otherwise."),
    )
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput())
    capacity = forms.IntegerField(
        label=_("Crews available"),
        min_value=0,
        max_value=50,
        help_text=_("How many visits can start in this window at once."),
    )

    def clean(self):
        data = super().clean()
        if (
            data.get("start_time")
            and data.get("end_time")
            and data["start_time"] >= data["end_time"]
        ):
            self.add_error("end_time", _("The window must end after it starts."))
        return data


class CategoryLimitForm(StyledForm):
    category = forms.ModelChoiceField(
        label=_("Service category"),
        queryset=ServiceCategory.objects.order_by("name"),
        empty_label=_("Choose a category"),
    )
    window = forms.ModelChoiceField(
        label=_("Window"), queryset=window_choices(), empty_label=_("Choose a window")
    )
    capacity = forms.IntegerField(
        label=_("Visits at most"),
        required=False,
        min_value=0,
        max_value=50,
        help_text=_("Leave empty to remove the limit."),
    )


class BlackoutDateForm(StyledForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        max_length=120,
        help_text=_("Customers see it, e.g. “Staff training”."),
    )


class HolidayYearForm(StyledForm):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
