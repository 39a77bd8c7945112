"""Staff pages for notifications, under /admin/notifications/.

An interface module: it parses forms, checks the staff member's permission
and calls one service or selector. It lives here until the admin portal
shell (apps.admin_portal) lands; then it moves there and takes the portal's
layout. Every page works without JavaScript: the template preview renders on
a "Preview" button, and the campaign page refreshes itself while sending.
"""

from __future__ import annotations

from functools import wraps

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from apps.notifications import segments
from apps.notifications import selectors as sel
from apps.notifications import services as svc
from apps.notifications.catalog import CATALOG
from apps.notifications.models import (
    Campaign,
    CampaignStatus,
    Channel,
    EmailTemplate,
    Notification,
    NotificationStatus,
)
from apps.services.models import ServiceCategory


def staff_permission_required(*perms: str):
    """Signed-in staff holding ``perms``; others get the login page or 403."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not (user.is_active and user.is_staff_member and user.has_perms(perms)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def _apply_errors(form: forms.Form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


# --- Templates -------------------------------------------------------------------


class TemplateForm(forms.Form):
    subject = forms.CharField(max_length=255)
    body_html = forms.CharField(widget=forms.Textarea(attrs={"rows": 14}), label="HTML body")
    body_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 10}), label="Plain-text body")
    sms_text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), required=False)
    test_to = forms.EmailField(required=False, label="Send the test to")


@staff_permission_required("notifications.view_emailtemplate")
def template_list(request):
    return render(
        request, "notifications/portal/template_list.html", {"templates": sel.email_templates()}
    )


@staff_permission_required("notifications.view_emailtemplate")
@require_http_methods(["GET", "POST"])
def template_edit(request, key: str):
    template = get_object_or_404(EmailTemplate, key=key)
    can_change = request.user.has_perm("notifications.change_emailtemplate")
    preview = None
    initial = {f: getattr(template, f) for f in svc.TEMPLATE_FIELDS}
    form = TemplateForm(request.POST or None, initial={**initial, "test_to": request.user.email})
    action = request.POST.get("action", "preview")
    if request.method == "POST" and action != "preview" and not can_change:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        texts = {f: form.cleaned_data[f] for f in svc.TEMPLATE_FIELDS}
        try:
            if action == "save":
                svc.update_email_template(template=template, actor=request.user, **texts)
                messages.success(request, "Template saved. The next message uses it.")
                return redirect("notifications_admin:template-edit", key=key)
            if action == "reset":
                svc.reset_email_template(template=template, actor=request.user)
                messages.success(request, "Template reset to the shipped default.")
                return redirect("notifications_admin:template-edit", key=key)
            if action == "send_test":
                svc.send_test_email(
                    key=key,
                    to=form.cleaned_data["test_to"] or request.user.email,
                    actor=request.user,
                    subject=texts["subject"],
                    body_html=texts["body_html"],
                    body_text=texts["body_text"],
                )
                messages.success(request, "Test sent with the sample data.")
            preview = svc.preview_email_template(key=key, **texts)
        except ValidationError as exc:
            _apply_errors(form, exc)
    elif request.method == "GET":
        try:
            preview = svc.preview_email_template(key=key, **initial)
        except ValidationError:
            preview = None
    return render(
        request,
        "notifications/portal/template_edit.html",
        {
            "template": template,
            "form": form,
            "preview": preview,
            "variables": sel.template_variables(key),
            "can_change": can_change,
        },
    )


# --- Notification log --------------------------------------------------------------


class LogFilterForm(forms.Form):
    status = forms.ChoiceField(
        choices=[("", "Any status"), *NotificationStatus.choices], required=False
    )
    channel = forms.ChoiceField(choices=[("", "Any channel"), *Channel.choices], required=False)
    template = forms.ChoiceField(
        choices=[("", "Any template")] + [(k, v.name) for k, v in CATALOG.items()], required=False
    )
    recipient = forms.CharField(required=False)
    date_from = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))


@staff_permission_required("notifications.view_notification")
def notification_list(request):
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = sel.notifications_for_admin(
        status=filters.get("status", ""),
        channel=filters.get("channel", ""),
        template_key=filters.get("template", ""),
        recipient=(filters.get("recipient") or "").strip(),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "notifications/portal/notification_list.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


@staff_permission_required("notifications.view_notification")
def notification_detail(request, pk):
    notification = get_object_or_404(
        Notification.objects.select_related("client", "campaign", "created_by"), pk=pk
    )
    return render(
        request,
        "notifications/portal/notification_detail.html",
        {
            "n": notification,
            "can_resend": request.user.has_perm("notifications.resend_notification")
            and not notification.is_sensitive
            and notification.status != NotificationStatus.SENDING,
        },
    )


@staff_permission_required("notifications.resend_notification")
@require_POST
def notification_resend(request, pk):
    notification = get_object_or_404(Notification, pk=pk)
    try:
        target = svc.resend_notification(notification=notification, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("notifications_admin:notification-detail", pk=pk)
    messages.success(request, "Queued to be sent again.")
    return redirect("notifications_admin:notification-detail", pk=target.pk)


# --- Campaigns ---------------------------------------------------------------------


class CampaignForm(forms.Form):
    name = forms.CharField(max_length=150)
    subject = forms.CharField(max_length=255, help_text="Variables work: {{ client.name }}")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 10}),
        label="Message",
        help_text="Plain text; blank lines start paragraphs. {{ client.name }} works.",
    )
    segment = forms.ChoiceField(choices=())
    category = forms.ModelChoiceField(
        queryset=ServiceCategory.objects.all(),
        required=False,
        label="Service category (for “Clients of a service category”)",
    )
    rate_per_minute = forms.IntegerField(min_value=1, max_value=10_000, initial=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["segment"].choices = [(s.key, s.label) for s in segments.all_segments()]

    def segment_params(self) -> dict:
        category = self.cleaned_data.get("category")
        return {"category": str(category.pk)} if category else {}


@staff_permission_required("notifications.view_campaign")
def campaign_list(request):
    return render(
        request,
        "notifications/portal/campaign_list.html",
        {
            "campaigns": sel.campaigns_for_admin(),
            "can_add": request.user.has_perm("notifications.add_campaign"),
        },
    )


@staff_permission_required("notifications.add_campaign")
@require_http_methods(["GET", "POST"])
def campaign_create(request):
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = svc.create_campaign(
                actor=request.user,
                name=data["name"],
                subject=data["subject"],
                body=data["body"],
                segment=data["segment"],
                segment_params=form.segment_params(),
                rate_per_minute=data["rate_per_minute"],
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, "Campaign saved as a draft. Preview it, test it, then send.")
            return redirect("notifications_admin:campaign-detail", pk=campaign.pk)
    return render(request, "notifications/portal/campaign_form.html", {"form": form})


@staff_permission_required("notifications.view_campaign")
def campaign_detail(request, pk):
    campaign = get_object_or_404(Campaign, pk=pk)
    progress = sel.campaign_progress(campaign=campaign)
    status_filter = request.GET.get("status", "")
    if status_filter not in NotificationStatus.values:
        status_filter = ""
    recipients = Paginator(
        sel.notifications_for_admin(campaign_id=str(campaign.pk), status=status_filter), 50
    ).get_page(request.GET.get("page"))
    preview = None
    if campaign.status == CampaignStatus.DRAFT:
        try:
            preview = svc.preview_campaign(campaign=campaign)
        except ValidationError:
            preview = None
    return render(
        request,
        "notifications/portal/campaign_detail.html",
        {
            "campaign": campaign,
            "progress": progress,
            "recipients": recipients,
            "status_filter": status_filter,
            "statuses": NotificationStatus.choices,
            "preview": preview,
            "refresh": campaign.status == CampaignStatus.SENDING,
            "can_send": request.user.has_perm("notifications.send_campaign"),
            "can_change": request.user.has_perm("notifications.change_campaign"),
        },
    )


@staff_permission_required("notifications.view_campaign")
def campaign_progress(request, pk):
    """The progress box alone (refreshes itself while sending); for embedding."""
    campaign = get_object_or_404(Campaign, pk=pk)
    return render(
        request,
        "notifications/portal/campaign_progress.html",
        {
            "campaign": campaign,
            "progress": sel.campaign_progress(campaign=campaign),
            "refresh": campaign.status == CampaignStatus.SENDING,
        },
    )


@require_POST
def campaign_action(request, pk, action: str):
    perm = {
        "send": "notifications.send_campaign",
        "cancel": "notifications.send_campaign",
        "test": "notifications.change_campaign",
    }.get(action)
    if perm is None:
        raise PermissionDenied

    @staff_permission_required(perm)
    def run(request):
        campaign = get_object_or_404(Campaign, pk=pk)
        try:
            if action == "send":
                svc.start_campaign(campaign=campaign, actor=request.user)
                messages.success(request, "Sending. This page updates itself.")
            elif action == "cancel":
                svc.cancel_campaign(campaign=campaign, actor=request.user)
                messages.success(request, "Campaign cancelled; what was still queued is not sent.")
            else:
                svc.send_campaign_test(campaign=campaign, actor=request.user)
                messages.success(request, f"Test sent to {request.user.email}.")
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect(reverse("notifications_admin:campaign-detail", kwargs={"pk": pk}))

    return run(request)
