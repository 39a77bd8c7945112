"""The admin portal's inquiry pages: the inbox, a phone call or e-mail
logged by staff, and the attachments (one inquiry's page and its actions
are in inquiry_detail). Each view parses input, checks the permission through
StaffPortalMixin, calls one apps.leads service or selector, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.admin_portal import inquiry_forms as inf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.forms import person_label
from apps.admin_portal.navigation import admin_crumbs
from apps.core.exceptions import DomainError
from apps.core.ids import parse_uuid
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.file_responses import attachment_response
from apps.leads.models import Client, InquiryAttachment, InquirySource

INQUIRIES_PER_PAGE = 25
SORTS = {
    "received": ("created_at", "reference"),
    "-received": ("-created_at", "reference"),
    "activity": ("last_activity_at", "-created_at"),
    "-activity": ("-last_activity_at", "-created_at"),
}
CLIENT_SEARCH_LIMIT = 8


def inbox_crumb():
    return (gettext_lazy("Inquiries"), reverse("admin_portal:inquiries"))


# --- the inbox -----------------------------------------------------------------------


class InquiryListView(StaffPortalMixin, TemplateView):
    permission_required = "leads.view_inquiry"
    template_name = "admin_portal/inquiries/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        form = inf.InquiryFilterForm(self.request.GET or None, user=user)
        filters = form.selector_filters()
        sort = (form.cleaned_data.get("sort") if form.is_valid() else "") or "-received"
        inquiries = lead_selectors.inquiries_for_admin(**filters).order_by(*SORTS[sort])
        page = Paginator(inquiries, INQUIRIES_PER_PAGE).get_page(self.request.GET.get("page"))
        counts = lead_selectors.inquiry_inbox_counts(user=user)
        assignee = form.cleaned_data.get("assignee", "") if form.is_valid() else ""
        shortcuts = [
            ("", _("Everyone"), counts["new_total"]),
            (inf.MINE_AND_UNASSIGNED, _("Me and unassigned"), None),
            (inf.MINE, _("Mine"), counts["new_mine"]),
            (inf.UNASSIGNED, _("Unassigned"), counts["new_unassigned"]),
        ]
        return super().get_context_data(
            nav_active="inquiries",
            crumbs=admin_crumbs((_("Inquiries"), None)),
            form=form,
            page=page,
            sort=sort,
            counts=counts,
            shortcuts=[
                {"value": value, "label": label, "new": new, "active": value == assignee}
                for value, label, new in shortcuts
            ],
            filtered=any(v for v in filters.values()),
            more_filters=any(
                filters[k] for k in ("status", "service_id", "source", "date_from", "date_to")
            )
            or any(form.errors.get(k) for k in ("date_from", "date_to")),
            **kwargs,
        )


# --- a phone call or an e-mail, logged by staff ----------------------------------------


class NewInquiryView(StaffPortalMixin, View):
    permission_required = ("leads.view_inquiry", "leads.add_inquiry")
    template_name = "admin_portal/inquiries/new.html"

    def _render(self, request, form, *, picked=None, query: str = "", status=200):
        # With JavaScript the matches appear as staff type (htmx); without
        # it, the "Search" button posts the form and comes back with them.
        form.fields["client_q"].widget.attrs.update(
            {
                "hx-get": reverse("admin_portal:inquiry-client-search"),
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#client-matches",
                "autocomplete": "off",
            }
        )
        context = {
            "form": form,
            "picked": picked,
            "found": _client_matches(query) if picked is None else [],
            "client_query": query.strip(),
            "nav_active": "inquiries",
            "crumbs": admin_crumbs(inbox_crumb(), (_("New inquiry"), None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        initial: dict = {"source": InquirySource.PHONE}
        picked = _client(request.GET.get("client"))
        if picked is not None:
            initial["client"] = picked.pk
        if request.GET.get("service"):
            initial["service"] = request.GET["service"]
        return self._render(request, inf.NewInquiryForm(initial=initial), picked=picked)

    def post(self, request):
        if "find_client" in request.POST or "clear_client" in request.POST:
            # "Search" or "Change" without JavaScript: keep what was typed,
            # show the matching clients, no errors yet.
            initial = {
                k: v
                for k, v in request.POST.items()
                if k not in ("csrfmiddlewaretoken", "find_client", "clear_client", "client")
            }
            picked = None if "clear_client" in request.POST else _client(request.POST.get("client"))
            if picked is not None:
                initial["client"] = picked.pk
            return self._render(
                request,
                inf.NewInquiryForm(initial=initial),
                picked=picked,
                query=request.POST.get("client_q", ""),
            )
        form = inf.NewInquiryForm(request.POST, request.FILES)
        if form.is_valid():
            v = form.cleaned_data
            try:
                inquiry = lead_services.create_inquiry(
                    client=v.get("client"),
                    name=v["name"],
                    email=v.get("email") or "",
                    phone=v.get("phone") or "",
                    subject=v.get("subject") or "",
                    service=v.get("service"),
                    message=v["message"],
                    site_address=v.get("site_address") or "",
                    source=v["source"],
                    attachments=v.get("attachments") or [],
                    assignee=v.get("assignee"),
                    actor=request.user,
                )
            except DomainError as exc:
                inf.add_domain_error(form, exc)
            else:
                if inquiry.assignee_id:
                    text = _("%(ref)s is logged and assigned to %(person)s.") % {
                        "ref": inquiry.reference,
                        "person": person_label(inquiry.assignee),
                    }
                else:
                    text = _("%(ref)s is logged in the shared inbox.") % {"ref": inquiry.reference}
                messages.success(request, text)
                return redirect("admin_portal:inquiry-detail", inquiry.reference)
        return self._render(
            request,
            form,
            picked=form.cleaned_data.get("client") or _client(request.POST.get("client")),
            query=request.POST.get("client_q", ""),
            status=400,
        )


def _client(value) -> Client | None:
    pk = parse_uuid(value)
    return Client.objects.filter(pk=pk).first() if pk else None


def _client_matches(query: str) -> list[Client]:
    query = (query or "").strip()
    if len(query) < 2:
        return []
    return list(lead_selectors.search_clients(query=query)[:CLIENT_SEARCH_LIMIT])


class ClientSearchView(StaffPortalMixin, View):
    """The client matches the new-inquiry form swaps in as staff type (htmx)."""

    permission_required = ("leads.view_inquiry", "leads.add_inquiry", "leads.view_client")

    def get(self, request):
        query = request.GET.get("client_q", "")
        return render(
            request,
            "admin_portal/inquiries/_client_matches.html",
            {"found": _client_matches(query), "client_query": query.strip(), "picked": None},
        )


# --- attachments -----------------------------------------------------------------------


class InquiryAttachmentView(StaffPortalMixin, View):
    """A photo or PDF sent with an inquiry, to staff allowed to see it: images
    inline (the page's thumbnails), anything else as a download."""

    permission_required = ("leads.view_inquiry", "leads.view_inquiryattachment")

    def get(self, request, key, attachment_id):
        attachment = get_object_or_404(
            InquiryAttachment.objects.select_related("inquiry"), pk=attachment_id
        )
        if key not in (attachment.inquiry.reference, str(attachment.inquiry_id)):
            raise Http404
        return attachment_response(attachment)
