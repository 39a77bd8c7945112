from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.core.business_hours import WEEKDAYS
from apps.core.forms import DateInput, StyledForm, TimeInput
from apps.users import roles
from apps.users.models import Role, User

ACTIVE_CHOICES = [("", _("Any status")), ("active", _("Active")), ("inactive", _("Deactivated"))]
USER_SORTS = (
    "email",
    "-email",
    "full_name",
    "-full_name",
    "date_joined",
    "-date_joined",
    "last_login",
    "-last_login",
)


def person_label(user: User) -> str:
    """How a staff member is named in selects and lists."""
    return user.full_name or user.email


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return person_label(obj)


class StaffMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: User) -> str:  # type: ignore[override]
        return person_label(obj)


class UserFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, e-mail or phone")}),
    )
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Any role")), *Role.choices]
    )
    group = forms.ChoiceField(
        label=_("Group"),
        required=False,
        choices=[("", _("Any group")), *[(g, g) for g in roles.ALL_GROUPS]],
    )
    status = forms.ChoiceField(label=_("Status"), required=False, choices=ACTIVE_CHOICES)
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in USER_SORTS], widget=forms.HiddenInput
    )


STAFF_GROUP_CHOICES = [(g, g) for g in roles.STAFF_GROUPS if g != roles.ADMINISTRATOR]


class InviteStaffForm(StyledForm):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Role"),
        choices=[(Role.STAFF, Role.STAFF.label), (Role.ADMIN, Role.ADMIN.label)],
        initial=Role.STAFF,
        help_text=_("Administrators can do everything; staff do what their groups allow."),
    )
    groups = forms.MultipleChoiceField(
        label=_("Groups"),
        required=False,
        choices=STAFF_GROUP_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("For staff: what they work on."),
    )


class UserAccessForm(StyledForm):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    groups = forms.MultipleChoiceField(
        label=_("Groups"),
        required=False,
        choices=STAFF_GROUP_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only used for the Staff role."),
    )


class AuditFilterForm(StyledForm):
    actor = forms.CharField(
        label=_("Actor"),
        required=False,
        widget=forms.SearchInput(attrs={"placeholder": _("E-mail")}),
    )
    action = forms.ChoiceField(label=_("Action"), required=False)
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("To"), required=False, widget=DateInput())

    def __init__(self, *args, actions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = [("", _("Any action")), *[(a, a) for a in actions]]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data


DAY_LABELS = {
    "mon": _("Monday"),
    "tue": _("Tuesday"),
    "wed": _("Wednesday"),
    "thu": _("Thursday"),
    "fri": _("Friday"),
    "sat": _("Saturday"),
    "sun": _("Sunday"),
}


class CompanySettingsForm(StyledForm):
    """The company's settings, with opening hours as times per weekday (up to
    two periods a day, e.g. around lunch) instead of raw JSON."""

    name = forms.CharField(label=_("Company name"), max_length=120)
    tagline = forms.CharField(label=_("Tagline"), max_length=200, required=False)
    address = forms.CharField(
        label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone_primary = PhoneNumberField(label=_("Main phone"), required=False)
    phone_secondary = PhoneNumberField(label=_("Second phone"), required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    whatsapp_number = PhoneNumberField(label=_("WhatsApp number"), required=False)
    currency = forms.CharField(
        label=_("Currency"), max_length=3, help_text=_("Three-letter code, e.g. KES.")
    )
    vat_rate = forms.DecimalField(
        label=_("VAT rate (%)"), max_digits=5, decimal_places=2, min_value=0, max_value=100
    )
    kra_pin = forms.CharField(label=_("KRA PIN"), max_length=20, required=False)
    quote_validity_days = forms.IntegerField(
        label=_("Quotes valid for (days)"), min_value=1, max_value=365
    )
    invoice_due_days = forms.IntegerField(
        label=_("Invoices due after (days)"), min_value=0, max_value=365
    )
    quote_terms = forms.CharField(
        label=_("Quotation terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    invoice_terms = forms.CharField(
        label=_("Invoice terms"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    logo = forms.ImageField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG, JPG or WebP; shown on quotes and invoices."),
    )

    SLOTS = (("open", "close"), ("open2", "close2"))
    SLOT_LABELS = {
        "open": _("%(day)s: opens"),
        "close": _("%(day)s: closes"),
        "open2": _("%(day)s: opens again"),
        "close2": _("%(day)s: closes again"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for day in WEEKDAYS:
            for opens, closes in self.SLOTS:
                for part in (opens, closes):
                    self.fields[f"{day}_{part}"] = forms.TimeField(
                        label=self.SLOT_LABELS[part] % {"day": DAY_LABELS[day]},
                        required=False,
                        widget=TimeInput(attrs={"class": "input"}),
                    )
        self.fields["logo"].widget.attrs["data-preview"] = "id_logo_preview"
        self.fields["logo"].widget.attrs["accept"] = "image/png,image/jpeg,image/webp"

    @staticmethod
    def initial_from(company) -> dict:
        initial = {
            name: getattr(company, name)
            for name in (
                "name",
                "tagline",
                "address",
                "phone_primary",
                "phone_secondary",
                "email",
                "whatsapp_number",
                "currency",
                "vat_rate",
                "kra_pin",
                "quote_validity_days",
                "invoice_due_days",
                "quote_terms",
                "invoice_terms",
            )
        }
        for day in WEEKDAYS:
            periods = (company.business_hours or {}).get(day) or []
            for index, (opens, closes) in enumerate(CompanySettingsForm.SLOTS):
                if index < len(periods):
                    initial[f"{day}_{opens}"] = periods[index][0]
                    initial[f"{day}_{closes}"] = periods[index][1]
        return initial

    def hours_rows(self):
        """``[(label, [field, field, field, field], errors)]`` for the template."""
        rows = []
        for day in WEEKDAYS:
            names = [f"{day}_{p}" for pair in self.SLOTS for p in pair]
            errors = [e for n in names for e in self[n].errors]
            rows.append((DAY_LABELS[day], [self[n] for n in names], errors))
        return rows

    def clean(self):
        data = super().clean()
        hours: dict[str, list[list[str]]] = {}
        for day in WEEKDAYS:
            periods = []
            for opens, closes in self.SLOTS:
                a, b = data.get(f"{day}_{opens}"), data.get(f"{day}_{closes}")
                if a is None and b is None:
                    continue
                if a is None or b is None:
                    self.add_error(
                        f"{day}_{opens}" if a is None else f"{day}_{closes}",
                        _("%(day)s: give both the opening and the closing time.")
                        % {"day": DAY_LABELS[day]},
                    )
                    continue
                periods.append([_hhmm(a), _hhmm(b)])
            hours[day] = periods
        data["business_hours"] = hours
        return data


def _hhmm(value: dt.time) -> str:
    return value.strftime("%H:%M")


SETTINGS_FIELDS = (
    "name",
    "tagline",
    "address",
    "phone_primary",
    "phone_secondary",
    "email",
    "whatsapp_number",
    "currency",
    "vat_rate",
    "kra_pin",
    "quote_validity_days",
    "invoice_due_days",
    "quote_terms",
    "invoice_terms",
    "business_hours",
)
