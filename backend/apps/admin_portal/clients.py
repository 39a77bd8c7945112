"""The admin portal's client pages (CRM-lite): the list and its CSV export,
adding a client, a client's page with its bookings, inquiries, quotations,
invoices and activity, editing its details, tags, notes, contact preferences
and sites, and merging a duplicate into it. Each view parses input, checks
the permission through StaffPortalMixin, calls one apps.leads service or
selector, and renders."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.admin_portal import client_forms as cf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.booking_forms import add_domain_error
from apps.admin_portal.navigation import admin_crumbs
from apps.core.csv_export import csv_download
from apps.core.exceptions import DomainError
from apps.core.services import record_export
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.models import Client, ClientSite, ConsentSource

CLIENTS_PER_PAGE = 25
SORTS = {
    "name": ("name", "pk"),
    "-name": ("-name", "pk"),
    "created": ("created_at", "pk"),
    "-created": ("-created_at", "pk"),
    "activity": ("last_activity_at", "pk"),
    "-activity": ("-last_activity_at", "pk"),
}
SORT_LABELS = {
    "name": gettext_lazy("Name A–Z"),
    "-name": gettext_lazy("Name Z–A"),
    "-created": gettext_lazy("Newest first"),
    "created": gettext_lazy("Oldest first"),
    "-activity": gettext_lazy("Recently active"),
    "activity": gettext_lazy("Longest inactive"),
}
# What the client page may show, by the permission each section needs.
SECTION_PERMISSIONS = {
    "booking": "leads.view_booking",
    "inquiry": "leads.view_inquiry",
    "quotation": "leads.view_quotation",
    "invoice": "billing.view_invoice",
}
MOVE_LABELS = {
    "bookings": gettext_lazy("Bookings"),
    "inquiries": gettext_lazy("Inquiries"),
    "quotations": gettext_lazy("Quotations (every version)"),
    "sites": gettext_lazy("Sites"),
    "invoices": gettext_lazy("Invoices"),
    "follow_ups": gettext_lazy("Follow-ups"),
    "notifications": gettext_lazy("Messages sent"),
}
FIELD_LABELS = {
    "name": gettext_lazy("Name"),
    "company": gettext_lazy("Company"),
    "email": gettext_lazy("E-mail"),
    "phone": gettext_lazy("Phone"),
    "address": gettext_lazy("Address"),
    "town": gettext_lazy("Town"),
    "notes": gettext_lazy("Internal notes"),
    "tags": gettext_lazy("Tags"),
}


def _clients_crumb():
    return (gettext_lazy("Clients"), reverse("admin_portal:clients"))


def client_crumbs(client: Client, *items):
    if not items:
        return admin_crumbs(_clients_crumb(), (str(client), None))
    detail = reverse("admin_portal:client-detail", args=[client.pk])
    return admin_crumbs(_clients_crumb(), (str(client), detail), *items)


def client_or_404(client_id) -> Client:
    client = lead_selectors.client_for_admin(client_id=client_id)
    if client is None:
        raise Http404
    return client


def done(request, client: Client, message: str, level=messages.SUCCESS):
    messages.add_message(request, level, message)
    return redirect("admin_portal:client-detail", client.pk)


# --- the list and its export ---------------------------------------------------


def _filtered_clients(request):
    form = cf.ClientFilterForm(request.GET or None)
    filters = form.selector_filters()
    sort = (form.cleaned_data.get("sort") if form.is_valid() else "") or "name"
    clients = lead_selectors.clients_for_admin(**filters).order_by(*SORTS[sort])
    return form, filters, sort, clients


class ClientListView(StaffPortalMixin, TemplateView):
    permission_required = "leads.view_client"
    template_name = "admin_portal/clients/list.html"

    def get_context_data(self, **kwargs):
        form, filters, sort, clients = _filtered_clients(self.request)
        page = Paginator(clients, CLIENTS_PER_PAGE).get_page(self.request.GET.get("page"))
        params = self.request.GET.copy()
        params.pop("page", None)
        return super().get_context_data(
            nav_active="clients",
            crumbs=admin_crumbs((_("Clients"), None)),
            form=form,
            page=page,
            sort=sort,
            sort_choices=list(SORT_LABELS.items()),
            tags=form.tags,
            active_tag=filters["tag"],
            export_url=f"{reverse('admin_portal:clients-export')}?{params.urlencode()}",
            filtered=any(v not in ("", None) for v in filters.values()),
            **kwargs,
        )


CSV_HEADER = (
    "name",
    "company",
    "email",
    "phone",
    "town",
    "tags",
    "bookings",
    "open_inquiries",
    "quotations",
    "portal_account",
    "marketing_opt_in",
    "consent_source",
    "consent_changed",
    "created",
)


def _csv_rows(clients) -> Iterator[tuple[object, ...]]:
    for c in clients.iterator(chunk_size=500):
        consent_at = (
            timezone.localtime(c.marketing_opt_in_at).strftime("%Y-%m-%d %H:%M")
            if c.marketing_opt_in_at
            else ""
        )
        yield (
            c.name,
            c.company,
            c.email,
            str(c.phone or ""),
            c.town,
            ", ".join(c.tag_list),
            c.booking_count,
            c.open_inquiry_count,
            c.quotation_count,
            "yes" if c.user_id else "no",
            "yes" if c.marketing_opt_in else "no",
            c.get_marketing_opt_in_source_display() if c.marketing_opt_in_source else "",
            consent_at,
            timezone.localtime(c.created_at).strftime("%Y-%m-%d %H:%M"),
        )


class ClientExportView(StaffPortalMixin, View):
    """The filtered list as CSV, streamed (the same filters as the page)."""

    permission_required = "leads.view_client"

    def get(self, request):
        _form, filters, _sort, clients = _filtered_clients(request)
        record_export(
            actor=request.user, name="clients", target_type="leads.client", filters=filters
        )
        return csv_download("clients", CSV_HEADER, _csv_rows(clients))


# --- a new client ------------------------------------------------------------------


class NewClientView(StaffPortalMixin, View):
    permission_required = ("leads.view_client", "leads.add_client")
    template_name = "admin_portal/clients/new.html"

    def _render(self, request, form, *, matches=(), status=200):
        context = {
            "form": form,
            "matches": matches,
            "nav_active": "clients",
            "crumbs": admin_crumbs(_clients_crumb(), (_("New client"), None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self._render(request, cf.NewClientForm())

    def post(self, request):
        form = cf.NewClientForm(request.POST)
        if not form.is_valid():
            return self._render(request, form, status=400)
        v = form.cleaned_data
        try:
            client = lead_services.create_client(
                name=v["name"],
                company=v["company"],
                email=v["email"],
                phone=v["phone"] or "",
                address=v["address"],
                town=v["town"],
                tags=v["tags"],
                notes=v["notes"],
                marketing_opt_in=v["marketing_opt_in"],
                consent_source=ConsentSource.STAFF,
                allow_duplicate=v["allow_duplicate"],
                actor=request.user,
            )
        except lead_services.DuplicateClient as exc:
            return self._render(request, form, matches=exc.extra["matches"], status=400)
        except DomainError as exc:
            add_domain_error(form, exc)
            return self._render(request, form, status=400)
        messages.success(request, _("%(name)s is now a client.") % {"name": client})
        return redirect("admin_portal:client-detail", client.pk)


# --- one client --------------------------------------------------------------------


def _changed_fields(changes: dict) -> str:
    return ", ".join(str(FIELD_LABELS.get(k, k)) for k in changes if k in FIELD_LABELS)


def _consent_detail(changes: dict) -> str:
    opt_in = changes.get("marketing_opt_in")
    if isinstance(opt_in, list) and len(opt_in) == 2:
        return _("Marketing consent given") if opt_in[1] else _("Marketing consent withdrawn")
    return ""


CLIENT_EVENTS = {
    "client.created": gettext_lazy("Client record created"),
    "client.updated": gettext_lazy("Details changed"),
    "client.linked_to_account": gettext_lazy("Linked to a portal account"),
    "client.contact_preferences_changed": gettext_lazy("Contact preferences changed"),
    "client.site_added": gettext_lazy("Site added"),
    "client.site_changed": gettext_lazy("Site changed"),
    "client.site_removed": gettext_lazy("Site removed"),
    "client.merged": gettext_lazy("A duplicate was merged in"),
}
RECORD_KINDS = {
    "leads.booking": gettext_lazy("Booking"),
    "leads.inquiry": gettext_lazy("Inquiry"),
    "leads.quotation": gettext_lazy("Quotation"),
    "billing.invoice": gettext_lazy("Invoice"),
}


def activity_item(entry) -> dict:
    """One audit entry as a line of the client's activity."""
    changes = entry.changes or {}
    action = entry.action
    if action in CLIENT_EVENTS:
        title = str(CLIENT_EVENTS[action])
        detail = ""
        if action == "client.updated":
            detail = _changed_fields(changes)
        elif action in ("client.created", "client.contact_preferences_changed"):
            detail = _consent_detail(changes)
        elif action.startswith("client.site_"):
            detail = str(changes.get("site") or "")
        elif action == "client.merged":
            counts = [
                f"{MOVE_LABELS[key]}: {changes[key]}"
                for key in MOVE_LABELS
                if isinstance(changes.get(key), int) and changes[key]
            ]
            detail = " · ".join([str(changes.get("merged") or ""), *counts]).strip(" ·")
    else:
        kind = RECORD_KINDS.get(entry.target_type, "")
        verb = action.split(".", 1)[-1].replace("_", " ")
        title = f"{kind} {entry.target_label}".strip()
        detail = verb[:1].upper() + verb[1:]
    return {
        "when": entry.created_at,
        "title": title,
        "detail": detail,
        "actor": entry.actor_label,
    }


class ClientDetailView(StaffPortalMixin, View):
    permission_required = "leads.view_client"
    template_name = "admin_portal/clients/detail.html"

    def render_detail(self, request, client: Client, *, status: int = 200, **overrides):
        user = request.user
        may = {kind: user.has_perm(perm) for kind, perm in SECTION_PERMISSIONS.items()}
        can_change = user.has_perm("leads.change_client")
        can_merge = can_change and user.has_perm("leads.delete_client")
        records = lead_selectors.client_records(client=client)
        for inquiry in records.inquiries:
            inquiry.admin_url = reverse("admin_portal:inquiry-detail", args=[inquiry.reference])
        for quotation in records.quotations:
            quotation.admin_url = reverse("admin_portal:quotation-detail", args=[quotation.pk])
        activity = lead_selectors.client_activity(
            client=client, kinds=tuple(kind for kind, ok in may.items() if ok)
        )
        duplicates = (
            list(
                lead_selectors.possible_duplicates(
                    email=client.email, phone=client.phone, name=client.name, exclude_id=client.pk
                )[:5]
            )
            if can_merge
            else []
        )
        booking_query = {
            k: str(v)
            for k, v in (
                ("name", client.name),
                ("phone", client.phone or ""),
                ("email", client.email),
                ("address", client.address),
            )
            if v
        }
        forms = {
            "tags_form": cf.TagsForm(prefix="tags", initial={"tags": ", ".join(client.tag_list)}),
            "notes_form": cf.ClientNotesForm(prefix="notes", initial={"notes": client.notes}),
            "preferences_form": cf.ContactPreferencesForm(
                prefix="prefs",
                initial={
                    "accepts_email": client.accepts_email,
                    "accepts_sms": client.accepts_sms,
                    "accepts_whatsapp": client.accepts_whatsapp,
                    "marketing_opt_in": client.marketing_opt_in,
                },
            ),
            "site_form": cf.SiteForm(prefix="site"),
        }
        forms.update(overrides)
        sites = list(client.sites.all())
        context = {
            "client": client,
            "sites": sites,
            "records": records,
            "may": may,
            "can_change": can_change,
            "can_merge": can_merge,
            "duplicates": duplicates,
            "timeline": [activity_item(entry) for entry in activity],
            "new_booking_url": (
                f"{reverse('admin_portal:booking-new')}?{urlencode(booking_query)}"
                if user.has_perm("leads.add_booking")
                else ""
            ),
            "new_quotation_url": (
                f"{reverse('admin_portal:quotation-new')}?client={client.pk}"
                if user.has_perm("leads.add_quotation")
                else ""
            ),
            "all_bookings_url": f"{reverse('admin_portal:bookings')}?client={client.pk}",
            "account_url": (
                reverse("admin_portal:user-detail", args=[client.user_id])
                if client.user_id and user.has_perm("users.view_user")
                else ""
            ),
            "consent_source": (
                ConsentSource(client.marketing_opt_in_source).label
                if client.marketing_opt_in_source in ConsentSource.values
                else ""
            ),
            "nav_active": "clients",
            "crumbs": client_crumbs(client),
            **forms,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, client_id):
        return self.render_detail(request, client_or_404(client_id))


class ClientActionView(ClientDetailView):
    """A POST from the client page; errors come back to it, success redirects."""

    permission_required = ("leads.view_client", "leads.change_client")

    def get(self, request, client_id):
        return redirect("admin_portal:client-detail", client_id)


class ClientTagsView(ClientActionView):
    def post(self, request, client_id):
        client = client_or_404(client_id)
        form = cf.TagsForm(request.POST, prefix="tags")
        if form.is_valid():
            try:
                lead_services.update_client(
                    client=client, actor=request.user, tags=form.cleaned_data["tags"]
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return done(request, client, _("Tags saved."))
        return self.render_detail(request, client, status=400, tags_form=form)


class ClientNotesView(ClientActionView):
    def post(self, request, client_id):
        client = client_or_404(client_id)
        form = cf.ClientNotesForm(request.POST, prefix="notes")
        if form.is_valid():
            lead_services.update_client(
                client=client, actor=request.user, notes=form.cleaned_data["notes"]
            )
            return done(request, client, _("Internal notes saved."))
        return self.render_detail(request, client, status=400, notes_form=form)


class ClientPreferencesView(ClientActionView):
    def post(self, request, client_id):
        client = client_or_404(client_id)
        form = cf.ContactPreferencesForm(request.POST, prefix="prefs")
        if form.is_valid():
            lead_services.update_contact_preferences(
                client=client, actor=request.user, source=ConsentSource.STAFF, **form.cleaned_data
            )
            return done(request, client, _("Contact preferences saved."))
        return self.render_detail(request, client, status=400, preferences_form=form)


class ClientSiteCreateView(ClientActionView):
    permission_required = ("leads.view_client", "leads.add_clientsite")

    def post(self, request, client_id):
        client = client_or_404(client_id)
        form = cf.SiteForm(request.POST, prefix="site")
        if form.is_valid():
            try:
                site = lead_services.add_client_site(
                    client=client, actor=request.user, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                return done(request, client, _("Site %(label)s added.") % {"label": site.label})
        return self.render_detail(request, client, status=400, site_form=form)


class ClientEditView(StaffPortalMixin, View):
    """Name, company, e-mail, phone, address and town."""

    permission_required = ("leads.view_client", "leads.change_client")
    template_name = "admin_portal/clients/edit.html"

    def _render(self, request, client, form, status=200):
        context = {
            "client": client,
            "form": form,
            "nav_active": "clients",
            "crumbs": client_crumbs(client, (_("Edit details"), None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, client_id):
        client = get_object_or_404(Client, pk=client_id)
        initial = {f: getattr(client, f) for f in ("name", "company", "email", "address", "town")}
        initial["phone"] = client.phone or ""
        return self._render(request, client, cf.ClientDetailsForm(initial=initial))

    def post(self, request, client_id):
        client = get_object_or_404(Client, pk=client_id)
        form = cf.ClientDetailsForm(request.POST)
        if form.is_valid():
            v = form.cleaned_data
            try:
                client = lead_services.update_client(
                    client=client, actor=request.user, **{**v, "phone": v["phone"] or ""}
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                messages.success(request, _("Details saved."))
                same = lead_selectors.possible_duplicates(
                    email=client.email, phone=client.phone, exclude_id=client.pk
                )
                if same.exists():
                    messages.warning(
                        request,
                        _(
                            "Another client has the same e-mail or phone number: "
                            "see “Possible duplicates” below."
                        ),
                    )
                return redirect("admin_portal:client-detail", client.pk)
        return self._render(request, client, form, status=400)


# --- sites -------------------------------------------------------------------------


def _site_or_404(client_id, site_id) -> ClientSite:
    sites = ClientSite.objects.select_related("client")
    return get_object_or_404(sites, pk=site_id, client_id=client_id)


class ClientSiteEditView(StaffPortalMixin, View):
    permission_required = ("leads.view_client", "leads.change_clientsite")
    template_name = "admin_portal/clients/site_edit.html"

    def _render(self, request, site, form, status=200):
        context = {
            "client": site.client,
            "site": site,
            "form": form,
            "nav_active": "clients",
            "crumbs": client_crumbs(site.client, (site.label, None)),
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, client_id, site_id):
        site = _site_or_404(client_id, site_id)
        initial = {f: getattr(site, f) for f in ("label", "address", "town", "location_notes")}
        return self._render(request, site, cf.SiteForm(prefix="site", initial=initial))

    def post(self, request, client_id, site_id):
        site = _site_or_404(client_id, site_id)
        form = cf.SiteForm(request.POST, prefix="site")
        if form.is_valid():
            try:
                site = lead_services.update_client_site(
                    site=site, actor=request.user, **form.cleaned_data
                )
            except DomainError as exc:
                add_domain_error(form, exc)
            else:
                message = _("Site %(label)s saved.") % {"label": site.label}
                return done(request, site.client, message)
        return self._render(request, site, form, status=400)


class ClientSiteDeleteView(StaffPortalMixin, View):
    """GET: the confirmation (also the page without JavaScript); POST: remove."""

    permission_required = ("leads.view_client", "leads.delete_clientsite")
    template_name = "admin_portal/clients/site_delete.html"

    def get(self, request, client_id, site_id):
        site = _site_or_404(client_id, site_id)
        sent, drafts = lead_services.quotations_naming_site(site)
        context = {
            "client": site.client,
            "site": site,
            "sent_quotations": sent,
            "draft_quotations": drafts,
            "nav_active": "clients",
            "crumbs": client_crumbs(site.client, (_("Remove a site"), None)),
        }
        return render(request, self.template_name, context)

    def post(self, request, client_id, site_id):
        site = _site_or_404(client_id, site_id)
        client, label = site.client, site.label
        try:
            lead_services.remove_client_site(site=site, actor=request.user)
        except DomainError as exc:
            return done(request, client, exc.message, messages.ERROR)
        return done(request, client, _("Site %(label)s removed.") % {"label": label})
