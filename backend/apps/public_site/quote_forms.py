"""The forms on the quotation page reached from the e-mailed link."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm
from apps.leads.models import RejectionReason


class AcceptForm(StyledForm):
    signer_name = forms.CharField(
        label=_("Your full name (your signature)"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    optional_lines = forms.TypedMultipleChoiceField(
        label=_("Optional items you want"),
        required=False,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_("I accept this quotation, its price and its terms."),
        error_messages={"required": _("Tick the box to accept the quotation and its terms.")},
    )

    def __init__(self, *args, optional_choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["optional_lines"].choices = list(optional_choices)
        if not optional_choices:
            del self.fields["optional_lines"]


class RejectForm(StyledForm):
    reason_code = forms.ChoiceField(
        label=_("Why are you declining?"),
        choices=[("", _("Choose a reason")), *RejectionReason.choices],
    )
    reason_text = forms.CharField(
        label=_("Anything you would like to tell us (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ChangesForm(StyledForm):
    message = forms.CharField(
        label=_("What would you like us to change?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
