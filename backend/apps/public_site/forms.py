"""Forms of the public website: input parsing only, the rules live in the
domain services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.core.forms import StyledForm
from apps.portfolio.selectors import ORDERINGS


class ContactForm(StyledForm):
    name = forms.CharField(
        label=_("Your name"),
        max_length=120,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We answer here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        region="KE",
        help_text=_("Optional, e.g. 0712 345 678, if you would rather we call."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    subject = forms.CharField(label=_("Subject"), max_length=160, required=False)
    message = forms.CharField(
        label=_("Message"),
        max_length=4000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    # A field people never see (it is moved off screen and skipped by the
    # keyboard); form-filling robots do. A message with it filled is dropped.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "class": ""}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())


SORT_CHOICES = (
    ("newest", _("Newest first")),
    ("featured", _("Featured first")),
)
assert all(key in ORDERINGS for key, _label in SORT_CHOICES)


class PortfolioFilterForm(forms.Form):
    """The portfolio's GET filter. Choices are what exists; an unknown value is
    ignored rather than an error (old links keep working)."""

    service = forms.ChoiceField(label=_("Service"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    town = forms.ChoiceField(label=_("Town"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)

    def __init__(self, data, *, services, categories, towns, years):
        super().__init__(data)
        everything = [("", _("All"))]
        self.fields["service"].choices = everything + [(s.slug, s.name) for s in services]
        self.fields["category"].choices = everything + [(c.slug, c.name) for c in categories]
        self.fields["town"].choices = everything + [(t, t) for t in towns]
        self.fields["year"].choices = everything + [(str(y), str(y)) for y in years]

    def filters(self) -> dict:
        """Valid values only, as keyword arguments of ``public_projects``."""
        self.is_valid()
        data = {
            name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors
        }
        return {
            "service_slug": data.get("service") or "",
            "category_slug": data.get("category") or "",
            "town": data.get("town") or "",
            "year": data.get("year") or None,
            "ordering": data.get("sort") or "newest",
        }

    def select_fields(self) -> list[dict]:
        """Each filter as a ``<select>``: name, label and ``(value, label,
        selected)`` options; an invalid value selects "All"."""
        self.is_valid()
        fields = []
        for name, field in self.fields.items():
            current = "" if name in self.errors else str(self.data.get(name, "") or "")
            if name == "sort" and not current:
                current = "newest"
            options = [(str(value), label, str(value) == current) for value, label in field.choices]
            fields.append({"name": name, "label": field.label, "options": options})
        return fields
