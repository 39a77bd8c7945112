"""Forms of the admin portal's quotation pages: the list's filters, the
builder's details and its line items. They parse and label what staff type;
prices, totals and every rule about a line live in apps.leads.services
(``pricing.clean_line`` checks each line, ``create_quotation`` and
``update_draft_quotation`` save)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Exists, OuterRef, Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.admin_portal.forms import StaffChoiceField
from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.core.forms import DateInput, StyledForm
from apps.leads.models import Booking, Client, ClientSite, Inquiry, Quotation, QuotationStatus
from apps.leads.services import pricing
from apps.leads.services.inquiries import sales_users
from apps.leads.services.quotations import latest_valid_until
from apps.users.models import User

QUOTATION_SORTS = ("created", "-created", "number", "-number", "total", "-total", "valid", "-valid")
EXPIRING_DAYS = 7
LINE_PREFIX = "lines"
LINE_FIELDS = (
    "description",
    "service",
    "quantity",
    "unit",
    "unit_price",
    "discount_percent",
    "tax_rate",
    "is_optional",
    "filled_from",
)
BLANK_LINE = {"quantity": "1", "unit": "pc", "discount_percent": "0"}


def salespeople():
    """Staff who sell, and anyone who already owns a quotation."""
    owns = Quotation.objects.filter(owner=OuterRef("pk"))
    return (
        User.objects.filter(Q(pk__in=sales_users().values("pk")) | Q(Exists(owns)))
        .distinct()
        .order_by("full_name", "email")
    )


# --- the list ------------------------------------------------------------------------


class QuotationFilterForm(StyledForm):
    q = forms.CharField(
        label=gettext_lazy("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={"placeholder": gettext_lazy("Number, client or inquiry reference")}
        ),
    )
    status = forms.MultipleChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=QuotationStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    owner = StaffChoiceField(
        label=gettext_lazy("Salesperson"),
        required=False,
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Anyone"),
    )
    date_from = forms.DateField(
        label=gettext_lazy("Created from"), required=False, widget=DateInput()
    )
    date_to = forms.DateField(
        label=gettext_lazy("Created until"), required=False, widget=DateInput()
    )
    expiring = forms.BooleanField(label=gettext_lazy("Expiring within 7 days"), required=False)
    all_versions = forms.BooleanField(
        label=gettext_lazy("Include replaced versions"), required=False
    )
    client = forms.UUIDField(required=False, widget=forms.HiddenInput)
    booking = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in QUOTATION_SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = salespeople()

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def selector_filters(self) -> dict[str, Any]:
        """The valid filters as ``quotations_for_admin`` keywords."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "status": data.get("status") or None,
            "owner_id": data["owner"].pk if data.get("owner") else None,
            "client_id": data.get("client"),
            "booking_id": data.get("booking"),
            "created_from": data.get("date_from"),
            "created_to": data.get("date_to"),
            "expiring_within_days": EXPIRING_DAYS if data.get("expiring") else None,
            "current_only": not data.get("all_versions"),
        }


# --- the builder: details --------------------------------------------------------------


class QuotationDetailsForm(StyledForm):
    """Who the quotation is for and its wording. On a saved draft the client,
    inquiry and booking are fixed (``fixed_client``)."""

    client = forms.ModelChoiceField(
        label=gettext_lazy("Client"),
        queryset=Client.objects.all(),
        widget=forms.RadioSelect,
        error_messages={
            "required": gettext_lazy("Choose the client this quotation is for."),
            "invalid_choice": gettext_lazy("That client no longer exists; choose another."),
        },
    )
    site = forms.ModelChoiceField(
        label=gettext_lazy("Site"),
        required=False,
        queryset=ClientSite.objects.none(),
        empty_label=gettext_lazy("No particular site"),
        error_messages={"invalid_choice": gettext_lazy("Choose one of this client's sites.")},
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=200,
        widget=forms.TextInput(
            attrs={"placeholder": gettext_lazy("e.g. Office cooling, 2nd floor")}
        ),
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("Leave empty for the usual validity."),
    )
    owner = StaffChoiceField(
        label=gettext_lazy("Salesperson"),
        required=False,
        queryset=User.objects.none(),
        empty_label=gettext_lazy("Automatic"),
        help_text=gettext_lazy("Automatic: the inquiry's salesperson, or you."),
    )
    terms = forms.CharField(
        label=gettext_lazy("Terms"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10_000,
    )
    notes = forms.CharField(
        label=gettext_lazy("Notes to the client"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        help_text=gettext_lazy("Printed on the quotation."),
    )
    internal_notes = forms.CharField(
        label=gettext_lazy("Internal notes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=10_000,
        help_text=gettext_lazy("Only staff see these."),
    )
    inquiry = forms.ModelChoiceField(
        queryset=Inquiry.objects.all(), required=False, widget=forms.HiddenInput
    )
    booking = forms.ModelChoiceField(
        queryset=Booking.objects.all(), required=False, widget=forms.HiddenInput
    )
    form_token = forms.CharField(required=False, max_length=40, widget=forms.HiddenInput)
    # The client is found by search and picked from the results: the error
    # summary links to the search box.
    error_anchors = {"client": "client_q"}

    def __init__(self, *args, fixed_client: Client | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fixed_client = fixed_client
        if fixed_client is not None:
            for name in ("client", "inquiry", "booking"):
                del self.fields[name]
        self.fields["owner"].queryset = salespeople()
        latest = latest_valid_until()
        self.fields["valid_until"].help_text = _(
            "Leave empty for the usual validity. At most %(date)s."
        ) % {"date": date_format(latest, "DATE_FORMAT")}
        client = fixed_client or self.chosen_client()
        self.fields["site"].queryset = (
            ClientSite.objects.filter(client=client).order_by("label")
            if client is not None
            else ClientSite.objects.none()
        )

    def chosen_client(self) -> Client | None:
        """The client picked so far (bound: as posted; else the initial one)."""
        if self.fixed_client is not None:
            return self.fixed_client
        if not hasattr(self, "_chosen"):
            value = self.data.get(self.add_prefix("client")) if self.is_bound else None
            if value is None and not self.is_bound:
                value = self.initial.get("client")
            if isinstance(value, Client):
                self._chosen: Client | None = value
            else:
                try:
                    self._chosen = Client.objects.filter(pk=value).first() if value else None
                except (ValueError, forms.ValidationError):
                    self._chosen = None
        return self._chosen

    def service_values(self) -> dict[str, Any]:
        """Keywords for create_quotation / update_draft_quotation."""
        data = self.cleaned_data
        values = {
            "site": data.get("site"),
            "title": data.get("title", ""),
            "valid_until": data.get("valid_until"),
            "terms": data.get("terms", ""),
            "notes": data.get("notes", ""),
            "internal_notes": data.get("internal_notes", ""),
        }
        if data.get("owner") is not None:
            values["owner"] = data["owner"]
        return values


# --- the builder: line items -------------------------------------------------------------


def tax_rate_choices() -> list[tuple[str, str]]:
    return [(str(rate), f"{rate.normalize():f} %") for rate in pricing.allowed_tax_rates()]


class LineForm(forms.Form):
    """One line as typed. Every value stays text here so nothing typed is
    lost; ``pricing.clean_line`` decides what is acceptable (the same rules
    as the API)."""

    description = forms.CharField(label=gettext_lazy("Description"), required=False)
    # Text with a select: an unknown service is refused by check_lines, in words.
    service = forms.CharField(label=gettext_lazy("From the catalog"), required=False)
    quantity = forms.CharField(label=gettext_lazy("Quantity"), required=False)
    unit = forms.CharField(label=gettext_lazy("Unit"), required=False)
    unit_price = forms.CharField(label=gettext_lazy("Unit price"), required=False)
    discount_percent = forms.CharField(label=gettext_lazy("Discount %"), required=False)
    tax_rate = forms.CharField(label=gettext_lazy("VAT"), required=False)
    is_optional = forms.BooleanField(label=gettext_lazy("Optional item"), required=False)
    filled_from = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, service_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service"].widget = forms.Select(
            choices=[("", _("Not from the catalog")), *service_choices]
        )
        rates = tax_rate_choices()
        current = self["tax_rate"].value()
        if current not in (None, "") and str(current) not in {value for value, _l in rates}:
            # Keep what was posted visible (it is refused with a message).
            rates.append((str(current), f"{current} %"))
        self.fields["tax_rate"].widget = forms.Select(choices=rates)
        number = {"inputmode": "decimal", "autocomplete": "off"}
        widgets = {
            "description": {"maxlength": "500", "class": "input"},
            "service": {"class": "input"},
            "quantity": {**number, "class": "input text-right"},
            "unit": {"maxlength": "20", "class": "input"},
            "unit_price": {**number, "class": "input text-right"},
            "discount_percent": {**number, "class": "input text-right"},
            "tax_rate": {"class": "input"},
            "is_optional": {"class": "size-5 rounded border-slate-400 text-brand-700"},
        }
        for name, attrs in widgets.items():
            self.fields[name].widget.attrs.update(attrs)

    def full_clean(self):
        super().full_clean()
        self.mark_invalid()

    def mark_invalid(self) -> None:
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"
                self.fields[name].widget.attrs["aria-describedby"] = (
                    f"id_{self.add_prefix(name)}_error"
                )


class BaseLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, service_choices=(), **kwargs):
        self.service_choices = list(service_choices)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "service_choices": self.service_choices}

    @property
    def empty_form(self):
        form = self.form(
            auto_id=self.auto_id,
            prefix=self.add_prefix("__prefix__"),
            empty_permitted=True,
            use_required_attribute=False,
            initial=BLANK_LINE,
            service_choices=self.service_choices,
        )
        self.add_fields(form, None)
        return form


LineFormSet = forms.formset_factory(
    LineForm,
    formset=BaseLineFormSet,
    extra=0,
    max_num=pricing.MAX_LINES,
    absolute_max=pricing.MAX_LINES,
    validate_max=True,
)


def read_lines(data) -> list[dict[str, str]]:
    """The rows as posted, in order, as text (at most MAX_LINES)."""
    try:
        total = int(data.get(f"{LINE_PREFIX}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    rows = []
    for index in range(max(0, min(total, pricing.MAX_LINES))):
        key = f"{LINE_PREFIX}-{index}-"
        row = {name: str(data.get(key + name, "") or "") for name in LINE_FIELDS}
        row["is_optional"] = "on" if data.get(key + "is_optional") else ""
        rows.append(row)
    return rows


def is_blank(row: dict[str, str]) -> bool:
    """A row nobody filled in (the defaults aside): left out, not an error."""
    return not (
        row.get("description", "").strip()
        or row.get("service")
        or row.get("unit_price", "").strip()
    )


def lines_data(rows: list[dict[str, str]]) -> dict[str, str]:
    """POST-like data for a bound formset of these rows."""
    data = {
        f"{LINE_PREFIX}-TOTAL_FORMS": str(len(rows)),
        f"{LINE_PREFIX}-INITIAL_FORMS": "0",
        f"{LINE_PREFIX}-MIN_NUM_FORMS": "0",
        f"{LINE_PREFIX}-MAX_NUM_FORMS": str(pricing.MAX_LINES),
    }
    for index, row in enumerate(rows):
        for name in LINE_FIELDS:
            value = row.get(name, "")
            if name == "is_optional" and not value:
                continue
            data[f"{LINE_PREFIX}-{index}-{name}"] = value
    return data


def _number(text: str) -> str:
    """``45,000`` → ``45000``: thousands separators and spaces typed by habit."""
    return text.replace(",", "").replace(" ", "").replace("\u00a0", "").replace("_", "")


def catalog_price(service: Service) -> str:
    return f"{service.base_price_min:f}" if service.base_price_min is not None else ""


def fill_from_catalog(rows: list[dict[str, str]], services: dict[str, Service]) -> list[int]:
    """Picking a service fills the line's description and unit price from the
    catalog (once per pick: the row remembers which service filled it).
    Returns the indexes of the rows filled now."""
    filled = []
    for index, row in enumerate(rows):
        pk = row.get("service") or ""
        if pk and pk != row.get("filled_from") and pk in services:
            service = services[pk]
            row["description"] = service.name
            row["unit_price"] = catalog_price(service)
            row["filled_from"] = pk
            filled.append(index)
        elif not pk:
            row["filled_from"] = ""
    return filled


def service_line(service: Service) -> dict[str, str]:
    return {
        **BLANK_LINE,
        "description": service.name,
        "service": str(service.pk),
        "unit_price": catalog_price(service),
        "tax_rate": str(pricing.default_tax_rate()),
        "filled_from": str(service.pk),
    }


@dataclass
class PricedLine:
    """A row priced the way the server saves it (the shape ``totals_of`` reads)."""

    index: int
    is_optional: bool
    tax_rate: Decimal
    gross_amount: Decimal
    discount_amount: Decimal
    net_amount: Decimal
    tax_amount: Decimal
    line_total: Decimal
    is_selected: bool = True


@dataclass
class LineCheck:
    """The rows checked by ``pricing``: the clean values for the service, the
    priced rows for the totals, and the errors by row and field."""

    cleaned: list[dict[str, Any]] = field(default_factory=list)
    priced: dict[int, PricedLine] = field(default_factory=dict)
    errors: dict[int, dict[str, str]] = field(default_factory=dict)
    list_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.list_error

    def messages(self) -> list[str]:
        """ "Line 3: The quantity must be more than zero." — for the summary."""
        found = [
            _("Line %(n)s: %(message)s") % {"n": index + 1, "message": message}
            for index, fields in sorted(self.errors.items())
            for message in fields.values()
        ]
        return [*found, self.list_error] if self.list_error else found


def check_lines(
    rows: list[dict[str, str]], services: dict[str, Service], *, fill_price: bool = True
) -> LineCheck:
    """Each non-blank row through ``pricing.clean_line`` (every error, not only
    the first), the priced amounts of the good ones, then the list rules of
    ``pricing.clean_lines``."""
    result = LineCheck()
    for index, row in enumerate(rows):
        if is_blank(row):
            continue
        service = services.get(row.get("service") or "")
        if row.get("service") and service is None:
            result.errors[index] = {"service": _("That service is not in the catalog any more.")}
            continue
        unit_price = _number(row.get("unit_price", ""))
        if not unit_price and service is not None and fill_price:
            unit_price = catalog_price(service)
        raw = {
            "description": row.get("description", ""),
            "service": service,
            "quantity": _number(row.get("quantity", "")),
            "unit": row.get("unit", ""),
            "unit_price": unit_price,
            "discount_percent": _number(row.get("discount_percent", "")),
            "tax_rate": _number(row.get("tax_rate", "")),
            "is_optional": bool(row.get("is_optional")),
        }
        errors: dict[str, str] = {}
        # clean_line stops at the first problem: ask again without it to find the others.
        for _attempt in range(len(LINE_FIELDS)):
            try:
                line = pricing.clean_line(raw, index)
            except DomainError as exc:
                name = exc.field.rsplit(".", 1)[-1]
                if name in errors or name not in raw:
                    errors.setdefault(name, exc.message)
                    break
                errors[name] = exc.message
                raw[name] = _STAND_IN[name]
            else:
                break
        if errors:
            result.errors[index] = errors
            continue
        amounts = pricing.line_amounts(
            quantity=line["quantity"],
            unit_price=line["unit_price"],
            discount_percent=line["discount_percent"],
            tax_rate=line["tax_rate"],
        )
        result.cleaned.append(line)
        result.priced[index] = PricedLine(
            index=index,
            is_optional=line["is_optional"],
            is_selected=not line["is_optional"],
            tax_rate=line["tax_rate"],
            gross_amount=amounts.gross,
            discount_amount=amounts.discount,
            net_amount=amounts.net,
            tax_amount=amounts.tax,
            line_total=amounts.total,
        )
    if not result.errors:
        try:
            pricing.clean_lines(result.cleaned)
        except DomainError as exc:
            result.list_error = exc.message
    return result


# Harmless values put in place of a refused one, to look for further errors.
_STAND_IN: dict[str, Any] = {
    "description": "-",
    "quantity": "1",
    "unit_price": "0",
    "discount_percent": "0",
    "tax_rate": "",
}


def apply_line_errors(formset, check: LineCheck) -> None:
    """Put each line's errors next to its fields."""
    formset.is_valid()  # runs each form's own cleaning first, so errors can be added
    for index, fields in check.errors.items():
        if index >= len(formset.forms):
            continue
        form = formset.forms[index]
        for name, message in fields.items():
            form.add_error(name if name in form.fields else None, message)
        form.mark_invalid()
