"""Forms of the notification pages: filters, the template editor, the campaign form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.catalog.models import ServiceCategory
from apps.core.forms import DateInput, StyledForm
from apps.notifications import segments
from apps.notifications.catalog import CATALOG
from apps.notifications.models import CampaignStatus, Channel, NotificationStatus

LOG_SORTS = ("created_at", "sent_at", "to_address", "template_key", "status", "attempts")
TEMPLATE_SORTS = ("key", "name", "updated_at")
CAMPAIGN_SORTS = ("name", "status", "created_at", "started_at")
RECIPIENT_SORTS = ("to_address", "status", "next_attempt_at", "sent_at")


def _sort_field(sorts: tuple[str, ...]) -> forms.ChoiceField:
    choices = [(s, s) for key in sorts for s in (key, f"-{key}")]
    return forms.ChoiceField(required=False, choices=choices, widget=forms.HiddenInput)


class _DateRangeMixin:
    def clean(self):
        data = super().clean()  # type: ignore[misc]
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))  # type: ignore[attr-defined]
        return data


class NotificationFilterForm(_DateRangeMixin, StyledForm):
    q = forms.CharField(
        label=_("Recipient"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, e-mail or phone")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *NotificationStatus.choices],
    )
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    template = forms.ChoiceField(label=_("Message"), required=False)
    date_from = forms.DateField(label=_("Queued from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Queued to"), required=False, widget=DateInput())
    sort = _sort_field(LOG_SORTS)

    FILTERS = ("q", "status", "channel", "template", "date_from", "date_to")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kinds = sorted(CATALOG.values(), key=lambda kind: kind.name)
        self.fields["template"].choices = [
            ("", _("Any message")),
            *[(kind.key, kind.name) for kind in kinds],
        ]


class TemplateFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, key or subject")}),
    )
    state = forms.ChoiceField(
        label=_("Wording"),
        required=False,
        choices=[
            ("", _("Any")),
            ("customised", _("Changed by staff")),
            ("default", _("Shipped default")),
        ],
    )
    sort = _sort_field(TEMPLATE_SORTS)

    FILTERS = ("q", "state")


class CampaignFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name or subject")}),
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *CampaignStatus.choices]
    )
    sort = _sort_field(CAMPAIGN_SORTS)

    FILTERS = ("q", "status")


class RecipientFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Recipient"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name or e-mail")}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *NotificationStatus.choices],
    )
    sort = _sort_field(RECIPIENT_SORTS)

    FILTERS = ("q", "status")


def _code_area(rows: int) -> forms.Textarea:
    return forms.Textarea(
        attrs={"rows": rows, "class": "input font-mono text-sm", "spellcheck": "false"}
    )


class _NewlinesMixin:
    """Browsers send text areas with CRLF line ends; templates are stored with LF."""

    TEXT_FIELDS: tuple[str, ...] = ()

    def clean(self):
        data = super().clean()  # type: ignore[misc]
        for name in self.TEXT_FIELDS:
            if isinstance(data.get(name), str):
                data[name] = data[name].replace("\r\n", "\n")
        return data


class EmailTemplateForm(_NewlinesMixin, StyledForm):
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body_html = forms.CharField(
        label=_("HTML body"),
        widget=_code_area(16),
        help_text=_("Placed inside the company's branded layout (logo, colours, footer)."),
    )
    body_text = forms.CharField(
        label=_("Plain-text body"),
        widget=_code_area(10),
        help_text=_("For mail programs that do not show HTML."),
    )
    sms_text = forms.CharField(
        label=_("SMS text"),
        required=False,
        widget=_code_area(3),
        help_text=_("Used when the message goes by SMS; keep it under 160 characters."),
    )

    TEXT_FIELDS = ("subject", "body_html", "body_text", "sms_text")

    def __init__(self, *args, read_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if read_only:
            for field in self.fields.values():
                field.widget.attrs["readonly"] = True


SEGMENT_PARAM_PREFIX = "param_"


class CampaignForm(_NewlinesMixin, StyledForm):
    """The campaign's texts and audience. The audience options are built from
    the segment registry: one field per option any segment takes, shown for
    the segments that use it."""

    name = forms.CharField(
        label=_("Name"), max_length=150, help_text=_("For staff only; clients do not see it.")
    )
    subject = forms.CharField(label=_("Subject"), max_length=255)
    body = forms.CharField(
        label=_("Message"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Plain text; a blank line starts a new paragraph."),
    )
    segment = forms.ChoiceField(label=_("Send to"))
    rate_per_minute = forms.IntegerField(
        label=_("Messages per minute"),
        min_value=1,
        max_value=10_000,
        initial=300,
        help_text=_("Sending is spread out at this rate so the mail provider does not block us."),
    )

    TEXT_FIELDS = ("subject", "body")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        registry = segments.all_segments()
        self.fields["segment"].choices = [(s.key, s.label) for s in registry]
        self.fields["segment"].widget.attrs["data-segment-select"] = ""
        self.param_segments: dict[str, list[str]] = {}
        labels: dict[str, list[str]] = {}
        for segment in registry:
            for param in segment.params:
                name = SEGMENT_PARAM_PREFIX + param.name
                self.param_segments.setdefault(name, []).append(segment.key)
                labels.setdefault(name, []).append(str(segment.label))
                if name not in self.fields:
                    self.fields[name] = self._param_field(param)
        for name, used_by in labels.items():
            # Styled like the rest (StyledFormMixin ran before these existed).
            field = self.fields[name]
            field.help_text = _("Only for: %(segments)s.") % {"segments": "; ".join(used_by)}
            field.widget.attrs.setdefault("class", "input")
            field.widget.attrs["aria-describedby"] = f"id_{self.add_prefix(name)}_help"

    @staticmethod
    def _param_field(param: segments.SegmentParam) -> forms.Field:
        if param.type == "service_category":
            return forms.ModelChoiceField(
                label=param.label,
                queryset=ServiceCategory.objects.order_by("name"),
                required=False,
                empty_label=_("Choose a category"),
            )
        if param.type == "date":
            return forms.DateField(label=param.label, required=False, widget=DateInput())
        return forms.CharField(label=param.label, required=False)

    @classmethod
    def initial_from(cls, campaign: Any) -> dict[str, Any]:
        initial = {
            "name": campaign.name,
            "subject": campaign.subject,
            "body": campaign.body,
            "segment": campaign.segment,
            "rate_per_minute": campaign.rate_per_minute,
        }
        for name, value in (campaign.segment_params or {}).items():
            initial[SEGMENT_PARAM_PREFIX + name] = value
        return initial

    def segment_param_fields(self) -> list[tuple[Any, str]]:
        """(bound field, space-separated segment keys that use it)."""
        return [(self[name], " ".join(keys)) for name, keys in self.param_segments.items()]

    def segment_params(self) -> dict[str, Any]:
        """The options of the chosen segment, as the service takes them."""
        chosen = self.cleaned_data.get("segment", "")
        params: dict[str, Any] = {}
        for name, keys in self.param_segments.items():
            if chosen not in keys:
                continue
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if hasattr(value, "pk"):
                value = str(value.pk)
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            params[name.removeprefix(SEGMENT_PARAM_PREFIX)] = value
        return params

    def service_error_names(self) -> dict[str, str]:
        """Service errors name an option by its own name; the form prefixes it."""
        return {name.removeprefix(SEGMENT_PARAM_PREFIX): name for name in self.param_segments}
