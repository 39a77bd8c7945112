"""The "Request a quote" form: input parsing only. The files' content is
checked by the leads attachment service (``validate_attachments``); here only
what needs no decoding (how many, how big) is checked first."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.core.forms import StyledForm
from apps.leads.services.clients import require_contact
from apps.public_site.booking_forms import MultipleFileField, MultipleFileInput

ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"


def attachment_limits() -> dict[str, int]:
    return {
        "count": settings.INQUIRY_MAX_ATTACHMENTS,
        "mb": settings.INQUIRY_MAX_ATTACHMENT_BYTES // (1024 * 1024),
    }


def attachments_help() -> str:
    return (
        _(
            "Optional. Up to %(count)s files: JPEG, PNG or WebP photos, or PDF plans, "
            "at most %(mb)s MB each. A photo of the unit, its label and the room helps us price it."
        )
        % attachment_limits()
    )


def service_choices(services: list[Service]) -> list:
    """``(slug, name)`` grouped by category, after a "not sure" choice."""
    groups: dict[str, list[tuple[str, str]]] = {}
    for service in services:
        groups.setdefault(service.category.name, []).append((service.slug, service.name))
    return [("", _("Not sure, or something else")), *groups.items()]


class QuoteRequestForm(StyledForm):
    service = forms.ChoiceField(
        label=_("What is it about?"),
        required=False,
        help_text=_("Pick the closest service; tell us the details below."),
    )
    name = forms.CharField(
        label=_("Your name"),
        max_length=150,
        error_messages={"required": _("Tell us your name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    # A phone number or an e-mail address is enough (the leads rule
    # ``require_contact``, checked in ``clean`` with the other fields).
    phone = PhoneNumberField(
        label=_("Phone number"),
        region="KE",
        required=False,
        help_text=_(
            "We call or text you about anything the photos do not show. For example 0712 345 678."
        ),
        error_messages={
            "invalid": _("Enter a valid phone number, for example 0712 345 678."),
        },
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel", "type": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        help_text=_(
            "Your written quote comes here, with a link to accept it. Without an e-mail "
            "address we text the link to your phone."
        ),
        error_messages={
            "invalid": _("Enter a valid e-mail address, like name@example.com."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    location = forms.CharField(
        label=_("Location or town (optional)"),
        max_length=300,
        required=False,
        help_text=_("Where the work is, e.g. Kilimani, Nairobi."),
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    message = forms.CharField(
        label=_("What do you need?"),
        max_length=4000,
        min_length=10,
        help_text=_("The rooms or building, the units you have, and when you need the work."),
        error_messages={
            "required": _("Tell us what you need."),
            "min_length": _("Tell us a little more (at least %(limit_value)d characters)."),
        },
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(
        label=_("Photos or plans"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )
    marketing_opt_in = forms.BooleanField(
        label=_("Send me offers and maintenance tips now and then"),
        required=False,
        help_text=_("By e-mail or SMS; you can stop at any time."),
    )
    # A field people never see (moved off screen, skipped by the keyboard);
    # form-filling robots fill it. A request with it filled is dropped.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off", "class": ""}),
    )

    def __init__(self, *args, services: list[Service], kept_count: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.services = {s.slug: s for s in services}
        self.kept_count = kept_count
        self.fields["service"].choices = service_choices(services)
        self.fields["attachments"].help_text = attachments_help()
        self.fields["attachments"].widget.attrs["aria-describedby"] = "id_attachments_help"

    @property
    def is_spam(self) -> bool:
        return bool(str(self.data.get("website", "")).strip())

    def clean_service(self) -> Service | None:
        slug = self.cleaned_data.get("service") or ""
        return self.services.get(slug) if slug else None

    def clean(self):
        cleaned = super().clean()
        if "phone" in self.errors or "email" in self.errors:
            return cleaned
        try:
            require_contact(email=cleaned.get("email"), phone=cleaned.get("phone"))
        except DomainError as exc:
            self.add_error(exc.field, exc.message)
        return cleaned

    def clean_attachments(self) -> list:
        """Count and size only; the content is the service's to judge."""
        files = [f for f in self.cleaned_data.get("attachments") or [] if f]
        limits = attachment_limits()
        if len(files) + self.kept_count > limits["count"]:
            raise forms.ValidationError(
                _("Attach at most %(count)s files (photos or PDFs).") % limits
            )
        for upload in files:
            if upload.size > settings.INQUIRY_MAX_ATTACHMENT_BYTES:
                raise forms.ValidationError(
                    _("“%(name)s” is %(size).1f MB; the limit is %(mb)s MB per file.")
                    % {"name": upload.name, "size": upload.size / 1_048_576, "mb": limits["mb"]}
                )
        return files
