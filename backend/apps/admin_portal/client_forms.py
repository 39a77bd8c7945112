"""Forms of the admin portal's client pages. They parse and label input; the
rules (duplicates, consent records, merging) live in apps.leads.services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.core.forms import CHECK_CLASS, StyledForm
from apps.leads.selectors import client_tags

CLIENT_SORTS = ("name", "-name", "created", "-created", "activity", "-activity")
YES_NO_ANY = (("", _("Any")), ("yes", _("Yes")), ("no", _("No")))
TAGS_HELP = _("Separated by commas, e.g. vip, hotel, cold-chain.")


def _checkbox() -> forms.CheckboxInput:
    # A long label or help text must not squeeze the box.
    return forms.CheckboxInput(attrs={"class": f"{CHECK_CLASS} shrink-0"})


def _yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value or "")


class ClientFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, company, e-mail or phone")}),
    )
    # A select of the tags in use; any text is accepted (a stale link filters to nothing).
    tag = forms.CharField(label=_("Tag"), required=False, max_length=40, widget=forms.Select)
    account = forms.ChoiceField(label=_("Portal account"), required=False, choices=YES_NO_ANY)
    marketing = forms.ChoiceField(label=_("Marketing consent"), required=False, choices=YES_NO_ANY)
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in CLIENT_SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = client_tags()
        self.fields["tag"].widget.choices = [("", _("Any tag")), *[(t, t) for t in self.tags]]

    def selector_filters(self) -> dict:
        """The valid filters as ``clients_for_admin`` keywords."""
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "search": (data.get("q") or "").strip(),
            "tag": data.get("tag") or "",
            "has_account": _yes_no(data.get("account", "")),
            "marketing_opt_in": _yes_no(data.get("marketing", "")),
        }


class ClientDetailsForm(StyledForm):
    """Who the client is and how to reach them (new client and "Edit details")."""

    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        error_messages={"required": _("Give the client's name.")},
    )
    company = forms.CharField(label=_("Company"), required=False, max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False, max_length=254)
    phone = PhoneNumberField(label=_("Phone"), required=False, help_text=_("e.g. 0722 555 111"))
    address = forms.CharField(
        label=_("Address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    town = forms.CharField(label=_("Town"), required=False, max_length=80)


class NewClientForm(ClientDetailsForm):
    tags = forms.CharField(label=_("Tags"), required=False, max_length=400, help_text=TAGS_HELP)
    notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff see these."),
    )
    marketing_opt_in = forms.BooleanField(
        label=_("The client agreed to receive offers and news"),
        required=False,
        widget=_checkbox(),
        help_text=_(
            "Tick only if they said yes. It is recorded as consent given to staff, "
            "with today's date."
        ),
    )
    # Ticked after the duplicate warning: staff confirm this is another person.
    allow_duplicate = forms.BooleanField(
        label=_("This is a different person: add a new client anyway"),
        required=False,
        widget=_checkbox(),
    )


class TagsForm(StyledForm):
    tags = forms.CharField(label=_("Tags"), required=False, max_length=400, help_text=TAGS_HELP)


class ClientNotesForm(StyledForm):
    notes = forms.CharField(
        label=_("Internal notes"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Only staff see these; never shown to the client."),
    )


class ContactPreferencesForm(StyledForm):
    accepts_email = forms.BooleanField(
        label=_("Accepts e-mail"), required=False, widget=_checkbox()
    )
    accepts_sms = forms.BooleanField(label=_("Accepts SMS"), required=False, widget=_checkbox())
    accepts_whatsapp = forms.BooleanField(
        label=_("WhatsApp link in e-mails"), required=False, widget=_checkbox()
    )
    marketing_opt_in = forms.BooleanField(
        label=_("Marketing consent"),
        required=False,
        widget=_checkbox(),
        help_text=_(
            "Offers and news. A change is recorded as given or withdrawn through staff, "
            "with the date."
        ),
    )


class SiteForm(StyledForm):
    label = forms.CharField(
        label=_("Label"),
        max_length=80,
        help_text=_("e.g. Head office, Home, Cold room 2"),
        error_messages={"required": _("Name the site, e.g. Head office.")},
    )
    address = forms.CharField(
        label=_("Address"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the site's address.")},
    )
    town = forms.CharField(label=_("Town"), required=False, max_length=80)
    location_notes = forms.CharField(
        label=_("Directions"),
        required=False,
        max_length=300,
        help_text=_("Gate, floor, landmark, who to ask for."),
    )


class MergeSearchForm(StyledForm):
    q = forms.CharField(
        label=_("Find the duplicate"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, company, e-mail or phone")}),
    )
