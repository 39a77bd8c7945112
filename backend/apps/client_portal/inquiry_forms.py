"""The client's reply on one of their requests (inquiries)."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from apps.core.forms import StyledForm
from apps.public_site.booking_forms import MultipleFileField, MultipleFileInput
from apps.public_site.quote_request_forms import ACCEPT


class ReplyForm(StyledForm):
    body = forms.CharField(
        label=_("Your message"),
        max_length=10_000,
        error_messages={"required": _("Write a message.")},
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(
        label=_("Add photos or PDFs (optional)"),
        required=False,
        widget=MultipleFileInput(attrs={"accept": ACCEPT}),
    )

    def __init__(self, *args, room: int, **kwargs):
        """``room``: how many more files this request can take."""
        super().__init__(*args, **kwargs)
        self.room = room
        mb = settings.INQUIRY_MAX_ATTACHMENT_BYTES // (1024 * 1024)
        if room <= 0:
            del self.fields["attachments"]
        else:
            self.fields["attachments"].help_text = _(
                "Up to %(room)s more: JPEG, PNG or WebP photos, or PDFs, at most %(mb)s MB each."
            ) % {"room": room, "mb": mb}
            self.fields["attachments"].widget.attrs["aria-describedby"] = "id_attachments_help"
