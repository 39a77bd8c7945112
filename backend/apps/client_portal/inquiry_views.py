"""The client's requests (inquiries): the list, one request with its message
thread (staff replies and the client's own; internal notes never), the
reply form with attachments (``client_reply``), and the attached files.

Every read starts from ``inquiries_for_client(request.user)``, so another
client's reference is a 404. The detail path is the one
``apps.leads.links.PORTAL_INQUIRY_PATH`` puts in e-mails."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.client_portal.access import ClientPortalMixin
from apps.client_portal.inquiry_forms import ReplyForm
from apps.client_portal.navigation import portal_crumbs
from apps.client_portal.quote_views import decorate_quote
from apps.core.exceptions import DomainError
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.file_responses import attachment_response
from apps.leads.models import (
    Inquiry,
    InquiryAttachment,
    InquiryStatus,
    ResponseKind,
)

PAGE_SIZE = 10
SHOW = {"open": gettext_lazy("Open"), "closed": gettext_lazy("Closed")}
# Inquiry statuses in the badge colours every list uses.
BADGE = {
    InquiryStatus.NEW: "pending",
    InquiryStatus.IN_PROGRESS: "in_progress",
    InquiryStatus.QUOTED: "sent",
    InquiryStatus.WON: "accepted",
    InquiryStatus.LOST: "cancelled",
}
# What the client reads for each status (the staff words are about the sale).
CLIENT_STATUS = {
    InquiryStatus.NEW: gettext_lazy("Received"),
    InquiryStatus.IN_PROGRESS: gettext_lazy("We are on it"),
    InquiryStatus.QUOTED: gettext_lazy("Quote sent"),
    InquiryStatus.WON: gettext_lazy("Quote accepted"),
    InquiryStatus.LOST: gettext_lazy("Closed"),
}


def decorate(inquiry: Inquiry) -> Inquiry:
    """What the templates show of a request: its title, status words and colour."""
    inquiry.title = (  # type: ignore[attr-defined]
        inquiry.subject or (inquiry.service.name if inquiry.service else "") or _("Your request")
    )
    inquiry.badge = BADGE.get(inquiry.status, "")  # type: ignore[attr-defined]
    inquiry.client_status = CLIENT_STATUS.get(inquiry.status, "")  # type: ignore[attr-defined]
    inquiry.has_new_reply = (  # type: ignore[attr-defined]
        getattr(inquiry, "last_reply_kind", None) == ResponseKind.STAFF_REPLY
    )
    return inquiry


class InquiryListView(ClientPortalMixin, TemplateView):
    """``/portal/inquiries/?show=open|closed&q=``. Queries (after the session
    and user): company settings, the two tab counts in one, the page (its
    latest reply and reply count are subqueries of the same query)."""

    template_name = "client_portal/inquiries/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        show = self.request.GET.get("show", "open")
        show = show if show in SHOW else "open"
        search = self.request.GET.get("q", "").strip()[:100]
        base = lead_selectors.inquiries_for_client(user, search=search)
        counts = lead_selectors.client_inquiry_counts(base)
        is_open = lead_selectors.open_inquiry()
        qs = base.filter(is_open) if show == "open" else base.exclude(is_open)
        paginator = Paginator(lead_selectors.with_last_reply(qs), PAGE_SIZE)
        paginator.count = counts[show]  # type: ignore[misc]
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            nav_active="inquiries",
            show=show,
            search=search,
            tabs=[(key, label, counts[key]) for key, label in SHOW.items()],
            page=page,
            inquiries=[decorate(i) for i in page.object_list],
            crumbs=portal_crumbs((_("Requests"), None)),
            **kwargs,
        )


@dataclass
class ThreadEntry:
    """One message of the thread as the client sees it."""

    body: str
    when: Any
    author: str
    mine: bool
    attachments: list[InquiryAttachment] = field(default_factory=list)


class InquiryDetailView(ClientPortalMixin, View):
    """``/portal/inquiries/<reference>/``: the request, the thread, the reply form."""

    template_name = "client_portal/inquiries/detail.html"

    def get_inquiry(self, request: HttpRequest, reference: str) -> Inquiry:
        pk = (
            lead_selectors.inquiries_for_client(request.user)
            .filter(reference=reference)
            .values_list("pk", flat=True)
            .first()
        )
        inquiry = lead_selectors.inquiry_detail(pk, for_client=True) if pk else None
        if inquiry is None:
            raise Http404("no such request of yours")
        return inquiry

    def thread(self, inquiry: Inquiry) -> tuple[list[ThreadEntry], int]:
        """The original request, then every reply the client may see, each
        with its files; and how many files the request holds."""
        responses = list(inquiry.responses.all())  # internal notes are not prefetched
        files: dict[Any, list[InquiryAttachment]] = {}
        attachments = list(inquiry.attachments.all())
        for attachment in attachments:
            files.setdefault(attachment.response_id, []).append(attachment)
        entries = [
            ThreadEntry(
                inquiry.message, inquiry.created_at, inquiry.contact_name, True, files.get(None, [])
            )
        ]
        for response in responses:
            mine = response.kind == ResponseKind.CLIENT_REPLY
            entries.append(
                ThreadEntry(
                    response.body,
                    response.created_at,
                    response.author_name or (inquiry.contact_name if mine else ""),
                    mine,
                    files.get(response.pk, []),
                )
            )
        return entries, len(attachments)

    def render_page(
        self, request: HttpRequest, inquiry: Inquiry, form: ReplyForm | None = None, status=200
    ) -> HttpResponse:
        entries, file_count = self.thread(inquiry)
        room = max(settings.INQUIRY_MAX_ATTACHMENTS - file_count, 0)
        quotes = list(
            lead_selectors.quotations_for_client(request.user, current_only=True)
            .filter(inquiry=inquiry)
            .order_by("-created_at")
        )
        context = {
            "nav_active": "inquiries",
            "inquiry": decorate(inquiry),
            "entries": entries,
            "quotes": [decorate_quote(q) for q in quotes],
            "form": form or ReplyForm(room=room),
            "room": room,
            "max_files": settings.INQUIRY_MAX_ATTACHMENTS,
            "crumbs": portal_crumbs(
                (_("Requests"), reverse("client_portal:inquiries")), (inquiry.reference, None)
            ),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        return self.render_page(request, self.get_inquiry(request, reference))


class InquiryReplyView(InquiryDetailView):
    """POST ``/portal/inquiries/<reference>/reply/``."""

    def get(self, request: HttpRequest, reference: str) -> HttpResponse:
        return redirect("client_portal:inquiry-detail", reference=reference)

    def post(self, request: HttpRequest, reference: str) -> HttpResponse:
        inquiry = self.get_inquiry(request, reference)
        room = max(settings.INQUIRY_MAX_ATTACHMENTS - len(inquiry.attachments.all()), 0)
        form = ReplyForm(request.POST, request.FILES, room=room)
        if form.is_valid():
            try:
                lead_services.client_reply(
                    inquiry=inquiry,
                    body=form.cleaned_data["body"],
                    user=request.user,
                    attachments=form.cleaned_data.get("attachments") or [],
                )
            except DomainError as exc:
                form.add_error(exc.field if exc.field in form.fields else None, exc.message)
            else:
                messages.success(request, _("Your message is sent. We will answer soon."))
                url = reverse("client_portal:inquiry-detail", args=[reference])
                return redirect(f"{url}#latest")
        if request.FILES and "attachments" in form.fields and "attachments" not in form.errors:
            form.add_error(
                "attachments",
                _("Please choose your files again: browsers forget them when a page reloads."),
            )
        return self.render_page(request, inquiry, form, status=400)


class InquiryAttachmentView(ClientPortalMixin, View):
    """A file of one of the client's requests; never one on a staff-only note."""

    def get(self, request: HttpRequest, reference: str, attachment_id) -> HttpResponse:
        attachment = lead_selectors.attachment_for_client(
            request.user, reference=reference, attachment_id=attachment_id
        )
        if attachment is None:
            raise Http404("no such file of yours")
        return attachment_response(attachment)
