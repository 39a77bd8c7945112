"""Staff pages for messages: the notification log, e-mail templates and campaigns.

Every view goes through StaffPortalMixin with the page's permissions and
calls one selector or service of apps.notifications; nothing here decides
what may be sent. Rendered e-mails are never put into the admin page itself:
their HTML is served by a separate "frame" response with its own restrictive
Content-Security-Policy (no scripts, sandboxed) and shown in an
``<iframe sandbox>``. Every page works without JavaScript; htmx adds the live
template preview and the live campaign progress.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import admin_crumbs
from apps.admin_portal.notifications import forms
from apps.core import selectors as core_selectors
from apps.core.forms import apply_service_errors
from apps.notifications import selectors as sel
from apps.notifications import services as svc
from apps.notifications.catalog import CATALOG
from apps.notifications.models import (
    Campaign,
    CampaignStatus,
    EmailTemplate,
    Notification,
    NotificationStatus,
)

LOG_PER_PAGE = 50
TEMPLATES_PER_PAGE = 50
CAMPAIGNS_PER_PAGE = 50
RECIPIENTS_PER_PAGE = 50
# How long an unsaved template preview stays viewable in its frame.
PREVIEW_TTL_SECONDS = 30 * 60
PROGRESS_POLL_SECONDS = 3

# The policy of a frame that shows an e-mail: inline styles (e-mails need
# them) and images, nothing else; sandboxed even when opened on its own; only
# our own pages may frame it.
FRAME_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src * data:; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox"
)


def _filters(form) -> dict[str, Any]:
    return form.cleaned_data if form.is_valid() else {}


def _is_filtered(form, filters: dict[str, Any]) -> bool:
    return any(filters.get(name) for name in form.FILTERS)


def email_frame(html: str, status: int = 200) -> HttpResponse:
    """An e-mail's HTML as a document of its own, under FRAME_CSP."""
    response = HttpResponse(html, status=status, content_type="text/html; charset=utf-8")
    response["Content-Security-Policy"] = FRAME_CSP
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    response._csp_exempt = True  # type: ignore[attr-defined]  # the header above is the policy
    return response


def _frame_message(text: str, status: int = 404) -> HttpResponse:
    from django.utils.html import escape

    return email_frame(
        f'<!doctype html><html lang="en"><title>{escape(text)}</title><p>{escape(text)}</p></html>',
        status=status,
    )


# --- Notification log ------------------------------------------------------------


def _log_crumb():
    return (gettext_lazy("Notifications"), reverse("notifications_admin:notification-list"))


class NotificationListView(StaffPortalMixin, TemplateView):
    permission_required = "notifications.view_notification"
    template_name = "admin_portal/notifications/log_list.html"

    def get_context_data(self, **kwargs):
        form = forms.NotificationFilterForm(self.request.GET or None)
        filters = _filters(form)
        rows = sel.notifications_for_admin(
            status=filters.get("status", ""),
            channel=filters.get("channel", ""),
            template_key=filters.get("template", ""),
            recipient=(filters.get("q") or "").strip(),
            date_from=filters.get("date_from"),
            date_to=filters.get("date_to"),
        )
        sort = filters.get("sort") or "-created_at"
        page = Paginator(rows.order_by(sort, "-created_at", "-id"), LOG_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            nav_active="notifications",
            crumbs=admin_crumbs((_("Notifications"), None)),
            form=form,
            page=page,
            sort=sort,
            filtered=_is_filtered(form, filters),
            more_filters=any(
                filters.get(k) for k in ("channel", "template", "date_from", "date_to")
            )
            or bool(form.errors),
            **kwargs,
        )


class NotificationMixin(StaffPortalMixin):
    def get_notification(self, pk) -> Notification:
        try:
            return sel.notification_detail(notification_id=pk)
        except Notification.DoesNotExist:
            raise Http404 from None


def _timeline(notification: Notification, audit: list) -> list[dict[str, Any]]:
    """What happened to a message, oldest first, from its own fields and the
    audit entries about it."""
    n = notification
    events: list[dict[str, Any]] = [
        {
            "when": n.created_at,
            "title": _("Queued"),
            "status": "queued",
            "text": _("by %(who)s") % {"who": n.created_by} if n.created_by else "",
        }
    ]
    if n.send_after:
        events.append(
            {"when": n.send_after, "title": _("Scheduled to go out"), "status": "", "text": ""}
        )
    if n.attempts and n.status != NotificationStatus.SENT:
        text = (
            _("%(count)s attempt(s) so far.") % {"count": n.attempts}
            if n.status != NotificationStatus.FAILED
            else _("Gave up after %(count)s attempt(s).") % {"count": n.attempts}
        )
        events.append(
            {
                "when": n.updated_at,
                "title": _("Delivery failed") if n.last_error else _("Delivery attempted"),
                "status": "failed" if n.status == NotificationStatus.FAILED else "",
                "text": text,
                "error": n.last_error,
            }
        )
    if n.status == NotificationStatus.QUEUED and n.attempts:
        events.append(
            {"when": n.next_attempt_at, "title": _("Next attempt"), "status": "", "text": ""}
        )
    if n.sent_at:
        events.append(
            {
                "when": n.sent_at,
                "title": _("Sent"),
                "status": "sent",
                "text": _("after %(count)s attempt(s)") % {"count": n.attempts}
                if n.attempts > 1
                else "",
            }
        )
    if n.delivered_at or n.delivery_status:
        events.append(
            {
                "when": n.delivered_at,
                "title": _("Delivery report"),
                "status": "",
                "text": n.delivery_status,
            }
        )
    if n.status == NotificationStatus.CANCELLED:
        events.append(
            {
                "when": n.updated_at,
                "title": _("Cancelled"),
                "status": "cancelled",
                "text": n.last_error,
            }
        )
    for entry in audit:
        events.append(
            {
                "when": entry.created_at,
                "title": entry.action,
                "status": "",
                "text": entry.actor_label or _("System"),
            }
        )
    return sorted(events, key=lambda e: (e["when"] is None, e["when"] or n.created_at))


class NotificationDetailView(NotificationMixin, TemplateView):
    permission_required = "notifications.view_notification"
    template_name = "admin_portal/notifications/log_detail.html"

    def get_context_data(self, **kwargs):
        n = self.get_notification(self.kwargs["pk"])
        user = self.request.user
        audit = (
            list(
                core_selectors.audit_entries(
                    target_type="notifications.notification", target_id=str(n.pk)
                )[:20]
            )
            if user.has_perm("core.view_auditlog")
            else []
        )
        kind = CATALOG.get(n.template_key)
        title = n.subject or (kind.name if kind else n.template_key)
        return super().get_context_data(
            nav_active="notifications",
            crumbs=admin_crumbs(_log_crumb(), (title, None)),
            n=n,
            title=title,
            kind=kind,
            timeline=_timeline(n, audit),
            can_resend=user.has_perm("notifications.resend_notification")
            and not n.is_sensitive
            and n.status != NotificationStatus.SENDING,
            **kwargs,
        )


class NotificationFrameView(NotificationMixin, View):
    """The message's HTML part, for the detail page's sandboxed frame."""

    permission_required = "notifications.view_notification"

    def get(self, request, pk):
        n = self.get_notification(pk)
        if n.is_sensitive:
            return _frame_message(_("This message holds a secret link; it is not shown."))
        if not n.body_html:
            return _frame_message(_("This message has no HTML part."))
        return email_frame(n.body_html)


class NotificationResendView(NotificationMixin, View):
    """GET: the confirmation page (for people without JavaScript); POST: resend."""

    permission_required = ("notifications.view_notification", "notifications.resend_notification")

    def get(self, request, pk):
        n = self.get_notification(pk)
        detail_url = reverse("notifications_admin:notification-detail", args=[n.pk])
        return render(
            request,
            "admin_portal/notifications/confirm.html",
            {
                "nav_active": "notifications",
                "crumbs": admin_crumbs(
                    _log_crumb(), (n.subject or n.template_key, detail_url), (_("Resend"), None)
                ),
                "title": _("Send this message again?"),
                "text": _("%(subject)s will be sent to %(to)s again.")
                % {"subject": n.subject or n.template_key, "to": n.to_address},
                "action": request.path,
                "confirm_label": _("Resend"),
                "variant": "primary",
                "back_url": detail_url,
            },
        )

    def post(self, request, pk):
        n = self.get_notification(pk)
        try:
            target = svc.resend_notification(notification=n, actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("notifications_admin:notification-detail", pk=n.pk)
        messages.success(request, _("Queued to be sent again."))
        return redirect("notifications_admin:notification-detail", pk=target.pk)


# --- E-mail templates --------------------------------------------------------------


def _templates_crumb():
    return (gettext_lazy("E-mail templates"), reverse("notifications_admin:template-list"))


class TemplateListView(StaffPortalMixin, TemplateView):
    permission_required = "notifications.view_emailtemplate"
    template_name = "admin_portal/notifications/template_list.html"

    def get_context_data(self, **kwargs):
        form = forms.TemplateFilterForm(self.request.GET or None)
        filters = _filters(form)
        state = filters.get("state") or ""
        rows = sel.email_templates(
            search=(filters.get("q") or "").strip(),
            customised={"customised": True, "default": False}.get(state),
        )
        sort = filters.get("sort") or "key"
        page = Paginator(rows.order_by(sort, "key"), TEMPLATES_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            nav_active="email-templates",
            crumbs=admin_crumbs((_("E-mail templates"), None)),
            form=form,
            page=page,
            sort=sort,
            filtered=_is_filtered(form, filters),
            **kwargs,
        )


def _preview_frame_url(request, key: str, rendered_html: str) -> str:
    """Keep an unsaved preview's HTML for a while, for its frame to fetch."""
    token = uuid.uuid4().hex
    cache.set(_preview_cache_key(request, token), rendered_html, PREVIEW_TTL_SECONDS)
    return reverse("notifications_admin:template-preview-frame", args=[key, token])


def _preview_cache_key(request, token: str) -> str:
    return f"notifications:template-preview:{request.user.pk}:{token}"


class TemplateMixin(StaffPortalMixin):
    def get_template(self, key: str) -> EmailTemplate:
        return get_object_or_404(EmailTemplate, key=key)

    def render_preview(self, request, template: EmailTemplate, form) -> dict[str, Any] | None:
        """Validate the form's texts and render them with the sample data.

        Errors go next to their field; the texts stay as typed."""
        if not form.is_valid():
            return None
        texts = {f: form.cleaned_data[f] for f in svc.TEMPLATE_FIELDS}
        try:
            preview = svc.preview_email_template(key=template.key, **texts)
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return None
        preview["frame_url"] = _preview_frame_url(request, template.key, preview["html"])
        return preview


class TemplateEditView(TemplateMixin, View):
    """The editor. POST ``action``: preview (anyone who may view), save or
    send_test (who may change). Without JavaScript the Preview button posts
    the form here; with it, htmx posts it to TemplatePreviewView as you type."""

    permission_required = "notifications.view_emailtemplate"
    template_name = "admin_portal/notifications/template_edit.html"

    def _render(self, request, template, form, preview, status=200):
        can_change = request.user.has_perm("notifications.change_emailtemplate")
        kind = CATALOG[template.key]
        return render(
            request,
            self.template_name,
            {
                "template": template,
                "kind": kind,
                "form": form,
                "preview": preview,
                "variables": sel.template_variables(template.key),
                "required_variables": sel.required_template_variables(template.key),
                "can_change": can_change,
                "nav_active": "email-templates",
                "crumbs": admin_crumbs(_templates_crumb(), (template.name or template.key, None)),
            },
            status=status,
        )

    def get(self, request, key):
        template = self.get_template(key)
        can_change = request.user.has_perm("notifications.change_emailtemplate")
        initial = {f: getattr(template, f) for f in svc.TEMPLATE_FIELDS}
        form = forms.EmailTemplateForm(initial, read_only=not can_change)
        preview = self.render_preview(request, template, form)
        return self._render(request, template, form, preview)

    def post(self, request, key):
        template = self.get_template(key)
        can_change = request.user.has_perm("notifications.change_emailtemplate")
        action = request.POST.get("action", "preview")
        if action not in ("preview", "save", "send_test"):
            action = "preview"
        if action != "preview" and not can_change:
            raise PermissionDenied(_("You may look at this template but not change it."))
        form = forms.EmailTemplateForm(request.POST, read_only=not can_change)
        preview = self.render_preview(request, template, form)
        if preview is None:
            return self._render(request, template, form, None, status=400)
        texts = {f: form.cleaned_data[f] for f in svc.TEMPLATE_FIELDS}
        try:
            if action == "save":
                svc.update_email_template(template=template, actor=request.user, **texts)
                messages.success(request, _("Template saved. The next message uses it."))
                return redirect("notifications_admin:template-edit", key=key)
            if action == "send_test":
                svc.send_test_email(
                    key=key,
                    to=request.user.email,
                    actor=request.user,
                    subject=texts["subject"],
                    body_html=texts["body_html"],
                    body_text=texts["body_text"],
                )
                messages.success(
                    request,
                    _("Test sent to %(email)s with the sample data.")
                    % {"email": request.user.email},
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
            return self._render(request, template, form, None, status=400)
        return self._render(request, template, form, preview)


class TemplatePreviewView(TemplateMixin, View):
    """htmx: the editor's texts rendered with the sample data, as the preview
    panel, plus each field's errors swapped in out of band. Saves nothing."""

    permission_required = "notifications.view_emailtemplate"

    def get(self, request, key):
        return HttpResponseNotAllowed(["POST"])

    def post(self, request, key):
        template = self.get_template(key)
        form = forms.EmailTemplateForm(request.POST)
        preview = self.render_preview(request, template, form)
        return render(
            request,
            "admin_portal/notifications/_template_preview_response.html",
            {"template": template, "form": form, "preview": preview},
        )


class TemplatePreviewFrameView(StaffPortalMixin, View):
    permission_required = "notifications.view_emailtemplate"

    def get(self, request, key, token):
        html = cache.get(_preview_cache_key(request, token))
        if html is None:
            return _frame_message(_("This preview has expired. Press Preview again."))
        return email_frame(html)


class TemplateResetView(TemplateMixin, View):
    """GET: the confirmation page (for people without JavaScript); POST: reset."""

    permission_required = ("notifications.view_emailtemplate", "notifications.change_emailtemplate")

    def get(self, request, key):
        template = self.get_template(key)
        edit_url = reverse("notifications_admin:template-edit", args=[key])
        return render(
            request,
            "admin_portal/notifications/confirm.html",
            {
                "nav_active": "email-templates",
                "crumbs": admin_crumbs(
                    _templates_crumb(),
                    (template.name or key, edit_url),
                    (_("Reset to default"), None),
                ),
                "title": _("Reset this template to the shipped default?"),
                "text": _(
                    "The wording staff changed is replaced by the default. This cannot be undone."
                ),
                "action": request.path,
                "confirm_label": _("Reset to default"),
                "variant": "danger",
                "back_url": edit_url,
            },
        )

    def post(self, request, key):
        template = self.get_template(key)
        svc.reset_email_template(template=template, actor=request.user)
        messages.success(request, _("Template reset to the shipped default."))
        return redirect("notifications_admin:template-edit", key=key)


# --- Campaigns ---------------------------------------------------------------------


def _campaigns_crumb():
    return (gettext_lazy("Campaigns"), reverse("notifications_admin:campaign-list"))


class CampaignListView(StaffPortalMixin, TemplateView):
    permission_required = "notifications.view_campaign"
    template_name = "admin_portal/notifications/campaign_list.html"

    def get_context_data(self, **kwargs):
        form = forms.CampaignFilterForm(self.request.GET or None)
        filters = _filters(form)
        rows = sel.campaigns_for_admin(
            search=(filters.get("q") or "").strip(), status=filters.get("status") or ""
        )
        sort = filters.get("sort") or "-created_at"
        page = Paginator(rows.order_by(sort, "-created_at"), CAMPAIGNS_PER_PAGE).get_page(
            self.request.GET.get("page")
        )
        return super().get_context_data(
            nav_active="campaigns",
            crumbs=admin_crumbs((_("Campaigns"), None)),
            form=form,
            page=page,
            sort=sort,
            filtered=_is_filtered(form, filters),
            **kwargs,
        )


class CampaignMixin(StaffPortalMixin):
    def get_campaign(self, pk) -> Campaign:
        return get_object_or_404(Campaign.objects.select_related("created_by"), pk=pk)


class CampaignFormView(CampaignMixin, View):
    """New campaign (``campaign`` is None) or a draft's changes."""

    template_name = "admin_portal/notifications/campaign_form.html"
    editing = False

    def get_permission_required(self):
        if self.editing:
            return ("notifications.view_campaign", "notifications.change_campaign")
        return ("notifications.view_campaign", "notifications.add_campaign")

    def _render(self, request, form, campaign=None, status=200):
        if campaign is None:
            crumbs = admin_crumbs(_campaigns_crumb(), (_("New campaign"), None))
        else:
            crumbs = admin_crumbs(
                _campaigns_crumb(),
                (campaign.name, reverse("notifications_admin:campaign-detail", args=[campaign.pk])),
                (_("Edit"), None),
            )
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "campaign": campaign,
                "variables": {"client.name": CATALOG["campaign"].variables["client.name"]},
                "nav_active": "campaigns",
                "crumbs": crumbs,
            },
            status=status,
        )

    def get(self, request, pk=None):
        campaign = self.get_campaign(pk) if self.editing else None
        if campaign is not None and campaign.status != CampaignStatus.DRAFT:
            return self._not_a_draft(request, campaign)
        initial = forms.CampaignForm.initial_from(campaign) if campaign else None
        return self._render(request, forms.CampaignForm(initial=initial), campaign)

    def post(self, request, pk=None):
        campaign = self.get_campaign(pk) if self.editing else None
        if campaign is not None and campaign.status != CampaignStatus.DRAFT:
            return self._not_a_draft(request, campaign)
        form = forms.CampaignForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            fields = {
                "name": data["name"],
                "subject": data["subject"],
                "body": data["body"],
                "segment": data["segment"],
                "segment_params": form.segment_params(),
                "rate_per_minute": data["rate_per_minute"],
            }
            try:
                if campaign is None:
                    campaign = svc.create_campaign(actor=request.user, **fields)
                    messages.success(
                        request, _("Campaign saved as a draft. Preview it, test it, then send.")
                    )
                else:
                    campaign = svc.update_campaign(campaign=campaign, actor=request.user, **fields)
                    messages.success(request, _("Campaign saved."))
            except ValidationError as exc:
                apply_service_errors(form, exc, rename=form.service_error_names())
            else:
                return redirect("notifications_admin:campaign-detail", pk=campaign.pk)
        return self._render(request, form, campaign, status=400)

    @staticmethod
    def _not_a_draft(request, campaign):
        messages.error(request, _("Only a draft campaign can be changed."))
        return redirect("notifications_admin:campaign-detail", pk=campaign.pk)


class CampaignDetailView(CampaignMixin, TemplateView):
    """The campaign: its texts and audience, the actions its status allows,
    live progress and every recipient's status (filterable, paginated)."""

    permission_required = "notifications.view_campaign"
    template_name = "admin_portal/notifications/campaign_detail.html"

    def get_context_data(self, **kwargs):
        campaign = self.get_campaign(self.kwargs["pk"])
        user = self.request.user
        form = forms.RecipientFilterForm(self.request.GET or None)
        filters = _filters(form)
        sort = filters.get("sort") or "next_attempt_at"
        recipients = Paginator(
            sel.notifications_for_admin(
                campaign_id=str(campaign.pk),
                status=filters.get("status") or "",
                recipient=(filters.get("q") or "").strip(),
            ).order_by(sort, "-id"),
            RECIPIENTS_PER_PAGE,
        ).get_page(self.request.GET.get("page"))
        is_draft = campaign.status == CampaignStatus.DRAFT
        preview_subject = None
        if is_draft:
            try:
                preview_subject = svc.preview_campaign(campaign=campaign).subject
            except ValidationError:
                preview_subject = None
        return super().get_context_data(
            nav_active="campaigns",
            crumbs=admin_crumbs(_campaigns_crumb(), (campaign.name, None)),
            campaign=campaign,
            progress=sel.campaign_progress(campaign=campaign),
            polling=campaign.status == CampaignStatus.SENDING,
            poll_seconds=PROGRESS_POLL_SECONDS,
            audience=sel.campaign_audience_size(campaign=campaign) if is_draft else None,
            segment_label=_segment_label(campaign),
            preview_subject=preview_subject,
            form=form,
            recipients=recipients,
            sort=sort,
            filtered=_is_filtered(form, filters),
            can_send=user.has_perm("notifications.send_campaign"),
            can_change=user.has_perm("notifications.change_campaign"),
            **kwargs,
        )


def _segment_label(campaign: Campaign) -> str:
    from apps.notifications import segments

    try:
        return segments.get_segment(campaign.segment).label
    except ValidationError:
        return campaign.segment


class CampaignFrameView(CampaignMixin, View):
    """A draft campaign as its first recipient (or a sample client) would get it."""

    permission_required = "notifications.view_campaign"

    def get(self, request, pk):
        campaign = self.get_campaign(pk)
        try:
            return email_frame(svc.preview_campaign(campaign=campaign).html)
        except ValidationError as exc:
            return _frame_message(" ".join(exc.messages), status=200)


class CampaignProgressView(CampaignMixin, View):
    """htmx polls this while the campaign sends (every few seconds) and swaps
    the progress card; once it is done, the whole page reloads to show the
    final state. Without htmx: a page of its own that refreshes itself."""

    permission_required = "notifications.view_campaign"

    def get(self, request, pk):
        campaign = self.get_campaign(pk)
        context = {
            "campaign": campaign,
            "progress": sel.campaign_progress(campaign=campaign),
            "polling": campaign.status == CampaignStatus.SENDING,
            "poll_seconds": PROGRESS_POLL_SECONDS,
        }
        if request.headers.get("HX-Request"):
            response = render(
                request, "admin_portal/notifications/_campaign_progress.html", context
            )
            if not context["polling"]:
                response["HX-Refresh"] = "true"
            return response
        detail_url = reverse("notifications_admin:campaign-detail", args=[campaign.pk])
        context.update(
            nav_active="campaigns",
            crumbs=admin_crumbs(
                _campaigns_crumb(), (campaign.name, detail_url), (_("Progress"), None)
            ),
        )
        return render(request, "admin_portal/notifications/campaign_progress.html", context)


class CampaignActionView(CampaignMixin, View):
    """send / cancel (GET: the confirmation page for people without
    JavaScript; POST: do it) and test (POST only: a copy to oneself)."""

    ACTIONS = {
        "send": "notifications.send_campaign",
        "cancel": "notifications.send_campaign",
        "test": "notifications.change_campaign",
    }

    def dispatch(self, request, *args, **kwargs):
        if kwargs.get("action") not in self.ACTIONS:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_permission_required(self):
        return ("notifications.view_campaign", self.ACTIONS[self.kwargs["action"]])

    def get(self, request, pk, action):
        if action == "test":
            return HttpResponseNotAllowed(["POST"])
        campaign = self.get_campaign(pk)
        detail_url = reverse("notifications_admin:campaign-detail", args=[campaign.pk])
        if action == "send":
            audience = sel.campaign_audience_size(campaign=campaign)
            title = _("Send this campaign now?")
            text = _(
                "“%(subject)s” goes to %(count)s client(s) who opted in, at %(rate)s a minute. "
                "It cannot be unsent."
            ) % {"subject": campaign.subject, "count": audience, "rate": campaign.rate_per_minute}
            label, variant = _("Send now"), "primary"
        else:
            title = _("Cancel this campaign?")
            text = _("Messages not sent yet are dropped; those already sent stay sent.")
            label, variant = _("Cancel the campaign"), "danger"
        return render(
            request,
            "admin_portal/notifications/confirm.html",
            {
                "nav_active": "campaigns",
                "crumbs": admin_crumbs(
                    _campaigns_crumb(), (campaign.name, detail_url), (title, None)
                ),
                "title": title,
                "text": text,
                "action": request.path,
                "confirm_label": label,
                "variant": variant,
                "back_url": detail_url,
            },
        )

    def post(self, request, pk, action):
        campaign = self.get_campaign(pk)
        try:
            if action == "send":
                svc.start_campaign(campaign=campaign, actor=request.user)
                messages.success(request, _("Sending. This page shows the progress."))
            elif action == "cancel":
                svc.cancel_campaign(campaign=campaign, actor=request.user)
                messages.success(
                    request, _("Campaign cancelled; what was still queued is not sent.")
                )
            else:
                svc.send_campaign_test(campaign=campaign, actor=request.user)
                messages.success(
                    request, _("Test sent to %(email)s.") % {"email": request.user.email}
                )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("notifications_admin:campaign-detail", pk=campaign.pk)
