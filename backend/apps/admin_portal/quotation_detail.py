"""One quotation in the admin portal: status, versions, PDF (with polling
while it renders) and activity, and the actions (send, resend, revise, mark
expired, retry the PDF), each confirmed before it runs."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import admin_crumbs
from apps.admin_portal.quotations import (
    booking_link,
    client_link,
    inquiry_link,
    list_crumb,
    quotation_or_404,
)
from apps.billing.selectors import invoice_for_quotation
from apps.core.exceptions import DomainError
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.file_responses import quotation_pdf_response
from apps.leads.lead_messages import quotation_channel, quotation_recipient
from apps.leads.links import quotation_public_url
from apps.leads.models import (
    Quotation,
    QuotationStatus,
)
from apps.leads.services import pricing
from apps.leads.services.quotations import is_past_validity
from apps.notifications.models import Channel

# --- one quotation ------------------------------------------------------------------------

STAMPS = (
    ("created_at", gettext_lazy("Draft created"), "draft"),
    ("sent_at", gettext_lazy("Sent"), "sent"),
    ("changes_requested_at", gettext_lazy("Client asked for changes"), ""),
    ("accepted_at", gettext_lazy("Accepted"), "accepted"),
    ("rejected_at", gettext_lazy("Rejected"), "rejected"),
    ("expired_at", gettext_lazy("Expired"), "expired"),
    ("superseded_at", gettext_lazy("Replaced by a newer version"), "superseded"),
)


def status_timeline(quotation: Quotation) -> list[dict[str, Any]]:
    events = [
        {"when": getattr(quotation, field), "title": title, "status": status}
        for field, title, status in STAMPS
        if getattr(quotation, field)
    ]
    return sorted(events, key=lambda e: e["when"])


def _activity_title(action: str, changes: dict[str, Any]) -> tuple[str, str]:
    """(title, detail) of one audit entry about a quotation."""
    changes = changes or {}
    simple = {
        "quotation.created": _("Draft created"),
        "quotation.updated": _("Draft edited"),
        "quotation.pdf_retried": _("PDF rendering retried"),
        "quotation.pdf_failed": _("PDF could not be rendered"),
        "quotation.expired": _("Marked expired"),
        "quotation.changes_requested": _("Client asked for changes"),
    }
    if action == "quotation.sent":
        return _("Sent"), _("To %(to)s") % {"to": changes.get("to", "")}
    if action == "quotation.resent":
        return _("E-mailed again"), _("To %(to)s") % {"to": changes.get("to", "")}
    if action == "quotation.revised":
        return _("Revised"), _("Version %(v)s made from %(old)s") % {
            "v": changes.get("version", ""),
            "old": changes.get("supersedes", ""),
        }
    if action == "quotation.superseded":
        return _("Replaced"), _("By version %(v)s") % {"v": changes.get("by_version", "")}
    if action == "quotation.accepted":
        return _("Accepted"), _("Signed by %(name)s") % {"name": changes.get("signer_name", "")}
    if action == "quotation.rejected":
        return _("Rejected"), str(changes.get("note") or changes.get("reason") or "")
    if action == "quotation.pdf_failed":
        return simple[action], str(changes.get("error", ""))
    if action == "quotation.changes_requested":
        return simple[action], str(changes.get("message", ""))
    return simple.get(action, action), ""


def quotation_activity(entries) -> list[dict[str, Any]]:
    rows = []
    for entry in entries:
        title, detail = _activity_title(entry.action, entry.changes)
        rows.append(
            {
                "when": entry.created_at,
                "title": title,
                "detail": detail,
                "actor": entry.actor_label,
                "version": entry.target_label,
            }
        )
    return rows


def _actions(user, q: Quotation) -> dict[str, bool]:
    """The state's actions (apps.leads.services.quotations.available_actions)
    that this person's permissions allow."""
    available = lead_services.available_actions(q)
    can_change = user.has_perm("leads.change_quotation")
    needs_add = {"revise"}
    return {
        f"can_{action}": can_change
        and action in available
        and (action not in needs_add or user.has_perm("leads.add_quotation"))
        for action in ("edit", "send", "resend", "revise", "expire", "retry_pdf")
    }


class QuotationDetailView(StaffPortalMixin, View):
    permission_required = "leads.view_quotation"
    template_name = "admin_portal/quotations/detail.html"

    def get(self, request, pk):
        q = quotation_or_404(pk)
        lines = list(q.lines.all())
        versions = list(lead_selectors.quotation_versions(q))
        version_ids = [v.pk for v in versions]
        invoice = None
        if q.status == QuotationStatus.ACCEPTED:
            invoice = invoice_for_quotation(quotation=q)
        notifications = (
            lead_selectors.quotation_notifications(version_ids)
            if request.user.has_perm("notifications.view_notification")
            else None
        )
        context = {
            "q": q,
            "lines": [line for line in lines if not line.is_optional],
            "optional_lines": [line for line in lines if line.is_optional],
            "taxes": [
                {"rate": rate.normalize(), "net": net, "tax": tax}
                for rate, net, tax in pricing.tax_breakdown(lines)
            ],
            "versions": versions,
            "newer": getattr(q, "superseded_by", None),
            "latest": versions[-1] if versions else q,
            "timeline": status_timeline(q),
            "activity": quotation_activity(lead_selectors.quotation_activity(version_ids)),
            "notifications": notifications,
            "invoice": invoice,
            "public_url": quotation_public_url(q) if q.status in (QuotationStatus.SENT,) else "",
            "recipient": quotation_recipient(q),
            "past_validity": q.status == QuotationStatus.SENT and is_past_validity(q),
            "client_url": client_link(q.client),
            "inquiry_url": inquiry_link(q.inquiry),
            "booking_url": booking_link(q.booking) if q.booking_id else "",
            "booking": q.booking if q.booking_id else None,
            "nav_active": "quotations",
            "crumbs": admin_crumbs(list_crumb(), (q.display_number, None)),
            **_actions(request.user, q),
        }
        return render(request, self.template_name, context)


class QuotationPdfView(StaffPortalMixin, View):
    """The PDF for staff: a draft rendered on the fly (preview), a sent
    version's stored file, or 503 while it is being rendered."""

    permission_required = "leads.view_quotation"

    def get(self, request, pk):
        quotation = Quotation.objects.select_related("client", "site").filter(pk=pk).first()
        if quotation is None:
            raise Http404
        return quotation_pdf_response(quotation, preview_allowed=True)


class QuotationPdfStatusView(StaffPortalMixin, View):
    """The PDF card, polled (htmx) while the PDF is being rendered."""

    permission_required = "leads.view_quotation"

    def get(self, request, pk):
        q = Quotation.objects.filter(pk=pk).first()
        if q is None:
            raise Http404
        return render(
            request,
            "admin_portal/quotations/_pdf_status.html",
            {"q": q, **_actions(request.user, q)},
        )


# --- the actions ------------------------------------------------------------------------


class QuotationActionView(StaffPortalMixin, View):
    """GET: a confirmation page (without JavaScript); POST: do it, then back
    to the quotation with what happened (or why it could not)."""

    permission_required: str | tuple[str, ...] = (
        "leads.view_quotation",
        "leads.change_quotation",
    )
    title: Any = ""
    button: Any = ""
    variant = "primary"
    allowed_key = ""

    def explain(self, q: Quotation) -> str:
        return ""

    def perform(self, request, q: Quotation) -> Quotation:
        raise NotImplementedError

    def success(self, q: Quotation) -> str:
        return ""

    def get(self, request, pk):
        q = quotation_or_404(pk)
        return render(
            request,
            "admin_portal/quotations/confirm_action.html",
            {
                "q": q,
                "title": self.title,
                "button": self.button,
                "variant": self.variant,
                "explanation": self.explain(q),
                "allowed": _actions(request.user, q)[self.allowed_key],
                "nav_active": "quotations",
                "crumbs": admin_crumbs(
                    list_crumb(),
                    (q.display_number, reverse("admin_portal:quotation-detail", args=[q.pk])),
                    (self.title, None),
                ),
            },
        )

    def post(self, request, pk):
        q = quotation_or_404(pk)
        try:
            result = self.perform(request, q)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("admin_portal:quotation-detail", q.pk)
        messages.success(request, self.success(result))
        return redirect("admin_portal:quotation-detail", result.pk)


class QuotationSendView(QuotationActionView):
    title = gettext_lazy("Send the quotation")
    button = gettext_lazy("Send")
    allowed_key = "can_send"

    def explain(self, q):
        channel, to = quotation_channel(q) or ("", "")
        if channel == Channel.SMS:
            text = _(
                "%(number)s goes by text message to %(to)s (the client has no e-mail address) "
                "with a link to read, accept or decline it online. Once sent it cannot be "
                "edited; revise it to change it."
            )
        else:
            text = _(
                "%(number)s goes by e-mail to %(to)s with the PDF attached and a link to accept "
                "or decline online. Once sent it cannot be edited; revise it to change it."
            )
        return text % {"number": q.display_number, "to": to or _("(no e-mail address)")}

    def perform(self, request, q):
        return lead_services.send_quotation(quotation=q, actor=request.user)

    def success(self, q):
        return _(
            "%(number)s is sent. The PDF is being prepared; the e-mail goes when it is ready."
        ) % {"number": q.display_number}


class QuotationResendView(QuotationActionView):
    title = gettext_lazy("E-mail the quotation again")
    button = gettext_lazy("Resend")
    allowed_key = "can_resend"

    def explain(self, q):
        return _("The same PDF and link go again to %(to)s.") % {
            "to": quotation_recipient(q) or _("(no e-mail address)")
        }

    def perform(self, request, q):
        return lead_services.resend_quotation(quotation=q, actor=request.user)

    def success(self, q):
        return _("%(number)s is e-mailed again.") % {"number": q.display_number}


class QuotationReviseView(QuotationActionView):
    permission_required = (
        "leads.view_quotation",
        "leads.add_quotation",
        "leads.change_quotation",
    )
    title = gettext_lazy("Revise the quotation")
    button = gettext_lazy("Make a new version")
    allowed_key = "can_revise"

    def explain(self, q):
        return _(
            "A new draft, version %(v)s, is made with the same lines for you to change. "
            "%(number)s is marked as replaced: its link tells the client a newer version exists."
        ) % {"v": q.version + 1, "number": q.display_number}

    def perform(self, request, q):
        return lead_services.revise_quotation(quotation=q, actor=request.user)

    def post(self, request, pk):
        q = quotation_or_404(pk)
        try:
            new = self.perform(request, q)
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect("admin_portal:quotation-detail", q.pk)
        messages.success(
            request,
            _("Version %(v)s is a draft: change it, then send it.") % {"v": new.version},
        )
        return redirect("admin_portal:quotation-edit", new.pk)


class QuotationExpireView(QuotationActionView):
    title = gettext_lazy("Mark the quotation expired")
    button = gettext_lazy("Mark expired")
    variant = "danger"
    allowed_key = "can_expire"

    def explain(self, q):
        return _(
            "The client can no longer accept %(number)s; its link says it has expired. "
            "You can revise it afterwards."
        ) % {"number": q.display_number}

    def perform(self, request, q):
        return lead_services.mark_expired(quotation=q, actor=request.user)

    def success(self, q):
        return _("%(number)s is marked expired.") % {"number": q.display_number}


class QuotationRetryPdfView(QuotationActionView):
    title = gettext_lazy("Render the PDF again")
    button = gettext_lazy("Retry")
    allowed_key = "can_retry_pdf"

    def explain(self, q):
        return _("The PDF is rendered again; if the e-mail has not gone yet, it goes with it.")

    def perform(self, request, q):
        return lead_services.retry_quotation_pdf(quotation=q, actor=request.user)

    def success(self, q):
        return _("The PDF of %(number)s is being rendered again.") % {"number": q.display_number}
