from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.core.forms import StyledForm


class ProfileForm(StyledForm):
    full_name = forms.CharField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        help_text=_("For example 0712 345 678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class EmailChangeForm(StyledForm):
    email = forms.EmailField(
        label=_("New e-mail address"),
        help_text=_("We send a link there; the change happens when you open it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class PreferencesForm(StyledForm):
    accepts_email = forms.BooleanField(
        label=_("E-mail"),
        required=False,
        help_text=_("Booking confirmations, quotes and invoices."),
    )
    accepts_sms = forms.BooleanField(
        label=_("SMS"), required=False, help_text=_("Reminders the day before a visit.")
    )
    accepts_whatsapp = forms.BooleanField(
        label=_("WhatsApp"), required=False, help_text=_("A WhatsApp link in our e-mails.")
    )
    marketing_opt_in = forms.BooleanField(
        label=_("Offers and maintenance tips"),
        required=False,
        help_text=_("Now and then; you can stop at any time."),
    )
