"""Forms of the admin portal's inquiry and follow-up pages. They parse and
label input; the rules live in apps.leads.services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from apps.admin_portal.forms import StaffChoiceField, person_label
from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.core.forms import DateInput, StyledForm, TimeInput
from apps.leads.models import Client, InquirySource, InquiryStatus
from apps.leads.services.attachments import AttachmentError, validate_attachments
from apps.leads.services.inquiries import sales_users
from apps.users.models import User

INQUIRY_SORTS = ("received", "-received", "activity", "-activity")
# The assignee filter's fixed choices; any other value is a staff member's id.
MINE, MINE_AND_UNASSIGNED, UNASSIGNED = "mine", "mine-unassigned", "unassigned"
STAFF_SOURCES = (InquirySource.PHONE, InquirySource.EMAIL)
ATTACHMENT_TYPES = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"


def staff_choices(*, include: list[User | None] = ()) -> list[User]:
    """The Sales team, plus anyone in ``include`` (the current assignee or
    owner, so a select always shows who holds it now)."""
    people = {u.pk: u for u in sales_users().order_by("full_name", "email")}
    for person in include:
        if person is not None and person.pk not in people:
            people[person.pk] = person
    return sorted(people.values(), key=lambda u: person_label(u).lower())


def add_domain_error(form: forms.Form, exc: DomainError, rename: dict[str, str] | None = None):
    """A service's error next to the field it names (else at the top)."""
    name = (rename or {}).get(exc.field, exc.field)
    form.add_error(name if name in form.fields else None, exc.message)


# --- the inbox ---------------------------------------------------------------------


class InquiryFilterForm(StyledForm):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(
            attrs={"placeholder": _("Reference, name, e-mail, phone or message")}
        ),
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        required=False,
        choices=InquiryStatus.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False)
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.select_related(None).order_by("name"),
        empty_label=_("Any service"),
    )
    source = forms.ChoiceField(
        label=_("Source"), required=False, choices=[("", _("Any source")), *InquirySource.choices]
    )
    date_from = forms.DateField(label=_("Received from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Received to"), required=False, widget=DateInput())
    client = forms.UUIDField(required=False, widget=forms.HiddenInput)
    sort = forms.ChoiceField(
        required=False, choices=[(s, s) for s in INQUIRY_SORTS], widget=forms.HiddenInput
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            (MINE_AND_UNASSIGNED, _("Me and unassigned")),
            (MINE, _("Me")),
            (UNASSIGNED, _("Unassigned")),
            (
                _("Sales team"),
                [(str(u.pk), person_label(u)) for u in staff_choices(include=[user])],
            ),
        ]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def selector_filters(self) -> dict:
        """The valid filters as ``inquiries_for_admin`` keywords."""
        data = self.cleaned_data if self.is_valid() else {}
        assignee = data.get("assignee") or ""
        assignee_id = None
        if assignee in (MINE, MINE_AND_UNASSIGNED):
            assignee_id = self.user.pk
        elif assignee and assignee != UNASSIGNED:
            assignee_id = assignee
        return {
            "search": (data.get("q") or "").strip(),
            "status": data.get("status") or None,
            "assignee_id": assignee_id,
            "unassigned": assignee in (UNASSIGNED, MINE_AND_UNASSIGNED),
            "service_id": data["service"].pk if data.get("service") else None,
            "source": data.get("source") or "",
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
            "client_id": data.get("client"),
        }


# --- a phone call or an e-mail logged by staff ----------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ATTACHMENT_TYPES}))
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


class NewInquiryForm(StyledForm):
    """A customer's phone call or e-mail, logged by staff. The client is
    picked from the records (``client``) or typed in (name, e-mail, phone)."""

    source = forms.ChoiceField(
        label=_("How they got in touch"),
        choices=[(s.value, s.label) for s in STAFF_SOURCES],
        initial=InquirySource.PHONE,
        widget=forms.RadioSelect,
    )
    client_q = forms.CharField(
        label=_("Find a client"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, company, e-mail or phone")}),
    )
    client = forms.ModelChoiceField(
        label=_("Client"),
        queryset=Client.objects.all(),
        required=False,
        widget=forms.HiddenInput,
    )
    name = forms.CharField(label=_("Name"), required=False, max_length=150)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = PhoneNumberField(
        label=_("Phone"),
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. 0722 555 111"), "type": "tel"}),
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.filter(is_active=True).order_by("name"),
        empty_label=_("Not sure / general question"),
    )
    subject = forms.CharField(label=_("Subject"), required=False, max_length=200)
    message = forms.CharField(
        label=_("What they need"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write down what the customer needs.")},
    )
    site_address = forms.CharField(
        label=_("Site address"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_("Photos (JPEG, PNG, WebP) or PDFs the customer sent; up to 5 files."),
    )
    assignee = StaffChoiceField(
        label=_("Assign to"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Route automatically"),
        help_text=_("Left empty, the routing rules choose (or the next salesperson in turn)."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = sales_users().order_by("full_name", "email")

    def clean_attachments(self):
        """Checked by the service's own rules now, so a bad file is named
        together with any other mistake (create_inquiry checks again)."""
        files = self.cleaned_data.get("attachments") or []
        try:
            validate_attachments(list(files))
        except AttachmentError as exc:
            raise forms.ValidationError(exc.message) from exc
        for upload in files:
            upload.seek(0)
        return files

    def clean(self):
        data = super().clean()
        client = data.get("client")
        if client is not None:
            # The record's details unless staff typed others for this request.
            data["name"] = data.get("name") or client.name
            data["email"] = data.get("email") or client.email
            data["phone"] = data.get("phone") or client.phone
        elif not data.get("name") and "name" not in self.errors:
            self.add_error("name", _("Give the customer's name, or pick a client."))
        if (
            not (data.get("email") or data.get("phone"))
            and "email" not in self.errors
            and "phone" not in self.errors
        ):
            self.add_error("phone", _("Give a phone number or an e-mail address."))
        return data


# --- one inquiry -------------------------------------------------------------------


class ReplyForm(StyledForm):
    body = forms.CharField(
        label=_("Reply to the client"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a reply before sending it.")},
    )


class NoteForm(StyledForm):
    body = forms.CharField(
        label=_("Internal note"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only staff see it; the client never does."),
        error_messages={"required": _("Write the note first.")},
    )


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("New status"), choices=InquiryStatus.choices)
    reason = forms.CharField(
        label=_("Why was it lost?"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. went with another company, budget, only wanted a price."),
    )


class LostForm(StatusForm):
    """ "Lost" with the reason it needs (the service checks it too)."""

    reason = forms.CharField(
        label=_("Why was it lost?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("e.g. went with another company, budget, only wanted a price."),
        error_messages={"required": _("Say why the inquiry was lost.")},
    )


class AssignForm(StyledForm):
    assignee = StaffChoiceField(
        label=_("Assigned to"),
        required=False,
        queryset=User.objects.none(),
        empty_label=_("Nobody (shared inbox)"),
    )

    def __init__(self, *args, current: User | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in staff_choices(include=[current])]
        self.fields["assignee"].queryset = User.objects.filter(pk__in=ids).order_by(
            "full_name", "email"
        )


def default_due() -> dt.datetime:
    """Tomorrow at nine, local time."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return timezone.make_aware(dt.datetime.combine(tomorrow, dt.time(9, 0)))


class FollowUpForm(StyledForm):
    due_date = forms.DateField(label=_("Due on"), widget=DateInput())
    due_time = forms.TimeField(label=_("At"), widget=TimeInput())
    owner = StaffChoiceField(label=_("Who does it"), queryset=User.objects.none())
    note = forms.CharField(
        label=_("What to do"),
        max_length=300,
        error_messages={"required": _("Say what needs doing.")},
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [u.pk for u in staff_choices(include=[user])]
        self.fields["owner"].queryset = User.objects.filter(pk__in=ids).order_by(
            "full_name", "email"
        )
        self.fields["due_date"].widget.attrs["min"] = timezone.localdate().isoformat()

    def clean(self):
        data = super().clean()
        day, time = data.get("due_date"), data.get("due_time")
        if day and time:
            # Whether the time is still ahead is the service's rule.
            data["due_at"] = timezone.make_aware(dt.datetime.combine(day, time))
        return data


# --- the follow-ups list ------------------------------------------------------------

OWNER_MINE, OWNER_ALL = "mine", "all"
STATE_OPEN, STATE_DONE, STATE_ALL = "open", "done", "all"
DUE_OVERDUE, DUE_TODAY, DUE_UPCOMING = "overdue", "today", "upcoming"


class FollowUpFilterForm(StyledForm):
    owner = forms.ChoiceField(label=_("Whose"), required=False)
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[(STATE_OPEN, _("To do")), (STATE_DONE, _("Done")), (STATE_ALL, _("All"))],
    )
    due = forms.ChoiceField(
        label=_("Due"),
        required=False,
        choices=[
            ("", _("Any time")),
            (DUE_OVERDUE, _("Overdue")),
            (DUE_TODAY, _("Later today")),
            (DUE_UPCOMING, _("After today")),
        ],
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["owner"].choices = [
            (OWNER_MINE, _("Mine")),
            (OWNER_ALL, _("Everyone's")),
            (
                _("Sales team"),
                [(str(u.pk), person_label(u)) for u in staff_choices(include=[user])],
            ),
        ]

    def values(self) -> dict[str, str]:
        data = self.cleaned_data if self.is_valid() else {}
        return {
            "owner": data.get("owner") or OWNER_MINE,
            "state": data.get("state") or STATE_OPEN,
            "due": data.get("due") or "",
        }
