"""The quotation builder: a new quotation or a draft's edit, with live totals
(the server prices every line on each change), catalog picks and client
search; each works without JavaScript too."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.admin_portal import quotation_forms as qf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import admin_crumbs
from apps.admin_portal.quotations import (
    booking_link,
    client_link,
    inquiry_link,
    list_crumb,
    quotation_or_404,
)
from apps.catalog.models import Service
from apps.core.exceptions import DomainError
from apps.core.ids import parse_uuid
from apps.core.selectors import company_settings
from apps.leads import services as lead_services
from apps.leads.models import (
    Booking,
    Client,
    ClientSite,
    Inquiry,
    Quotation,
)
from apps.leads.selectors.clients import search_clients
from apps.leads.services import pricing
from apps.leads.services.quotations import default_valid_until

CATALOG_SIZE = 8
CLIENT_RESULTS = 8
NEW_FORM_TTL = 60 * 60 * 6  # how long a builder's form token stays known


# --- the builder ------------------------------------------------------------------------


def _services_for(rows: list[dict[str, str]]) -> list[Service]:
    """Active catalog services, plus any inactive one a line already uses: one query."""
    used = [pk for pk in {row.get("service") for row in rows} if parse_uuid(pk)]
    return list(
        Service.objects.filter(Q(is_active=True) | Q(pk__in=used))
        .select_related("category")
        .order_by("category__order", "category__name", "order", "name")
    )


def _service_choices(services: list[Service]) -> list[tuple[str, Any]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for service in services:
        groups.setdefault(service.category.name, []).append((str(service.pk), service.name))
    return list(groups.items())


def _catalog(services: list[Service], query: str) -> dict[str, Any]:
    """Active services matching every word typed (name, category, summary)."""
    words = query.casefold().split()
    found = [
        s
        for s in services
        if s.is_active
        and all(w in f"{s.name} {s.category.name} {s.summary}".casefold() for w in words)
    ]
    return {
        "catalog": found[:CATALOG_SIZE],
        "catalog_more": max(0, len(found) - CATALOG_SIZE),
        "catalog_q": query,
    }


def _site_for(client: Client, address: str) -> ClientSite | None:
    sites = list(ClientSite.objects.filter(client=client))
    wanted = " ".join((address or "").split()).casefold()
    for site in sites:
        if wanted and " ".join(site.address.split()).casefold() == wanted:
            return site
    return sites[0] if len(sites) == 1 else None


def _priced_context(check: qf.LineCheck, rows: list[dict[str, str]]) -> dict[str, Any]:
    priced = list(check.priced.values())
    totals = pricing.totals_of(priced)
    optional = [line for line in priced if line.is_optional]
    return {
        "totals": totals,
        "taxes": [
            {"rate": rate.normalize(), "net": net, "tax": tax}
            for rate, net, tax in pricing.tax_breakdown(priced)
        ],
        "optional_total": sum((line.line_total for line in optional), Decimal("0.00")),
        "optional_count": len(optional),
        "line_amounts": [
            {
                "prefix": f"{qf.LINE_PREFIX}-{i}",
                "line": check.priced.get(i),
                "blank": qf.is_blank(row),
            }
            for i, row in enumerate(rows)
        ],
        "issues": check.messages(),
    }


class BuilderMixin(StaffPortalMixin):
    template_name = "admin_portal/quotations/builder.html"
    quotation: Quotation | None = None

    # -- rendering
    def render_builder(
        self,
        request,
        *,
        details: qf.QuotationDetailsForm,
        rows: list[dict[str, str]],
        formset=None,
        check: qf.LineCheck | None = None,
        services: list[Service] | None = None,
        status: int = 200,
        errors: list[str] | None = None,
        focus_line: int | None = None,
    ):
        services = services if services is not None else _services_for(rows)
        by_pk = {str(s.pk): s for s in services}
        choices = _service_choices(services)
        if formset is None:
            formset = qf.LineFormSet(initial=rows, prefix=qf.LINE_PREFIX, service_choices=choices)
        if check is None:
            check = qf.check_lines(rows, by_pk)
        if focus_line is not None and focus_line < len(formset.forms):
            formset.forms[focus_line].fields["description"].widget.attrs["autofocus"] = True
        priced = _priced_context(check, rows)
        data = request.POST if request.method == "POST" else request.GET
        catalog_q = (data.get("catalog_q") or "").strip()[:100]
        client_q = (data.get("client_q") or "").strip()[:100]
        client = details.chosen_client()
        q = self.quotation
        context = {
            "q": q,
            "details": details,
            "formset": formset,
            "client": client,
            "client_url": client_link(client),
            "client_q": client_q,
            "client_results": _client_results(client_q, exclude=client),
            **_catalog(services, catalog_q),
            "currency": q.currency if q else company_settings().currency,
            "errors": errors if errors is not None else [],
            "inquiry": self._linked(details, "inquiry", Inquiry),
            "booking": self._linked(details, "booking", Booking),
            "form_action": request.path,
            "totals_url": reverse("admin_portal:quotation-totals"),
            "nav_active": "quotations",
            "crumbs": self.builder_crumbs(),
            "line_forms": [
                {"form": form, "amount": amount}
                for form, amount in zip(formset.forms, priced["line_amounts"], strict=False)
            ],
            **priced,
        }
        context["inquiry_url"] = inquiry_link(context["inquiry"])
        context["booking_url"] = booking_link(context["booking"])
        return render(request, self.template_name, context, status=status)

    def _linked(self, details, name: str, model) -> Any:
        if self.quotation is not None:
            return getattr(self.quotation, name)
        value = details.data.get(name) if details.is_bound else details.initial.get(name)
        if isinstance(value, model):
            return value
        pk = parse_uuid(value)
        return model.objects.filter(pk=pk).first() if pk else None

    def builder_crumbs(self):
        return admin_crumbs(list_crumb(), (_("New quotation"), None))

    # -- posting
    def details_form(self, data=None, initial=None) -> qf.QuotationDetailsForm:
        fixed = self.quotation.client if self.quotation is not None else None
        return qf.QuotationDetailsForm(data, initial=initial, fixed_client=fixed)

    def post(self, request, *args, **kwargs):
        rows = qf.read_lines(request.POST)
        if "save" in request.POST:
            return self.save(request, rows)
        # Every other button shows the form again, as typed, with the change asked for.
        focus = None
        if "add_line" in request.POST and len(rows) < pricing.MAX_LINES:
            rows.append({**qf.BLANK_LINE, "tax_rate": str(pricing.default_tax_rate())})
            focus = len(rows) - 1
        services = _services_for(rows)
        by_pk = {str(s.pk): s for s in services}
        added = parse_uuid(request.POST.get("add_service"))
        if added and str(added) in by_pk and len(rows) < pricing.MAX_LINES:
            rows = [row for row in rows if not qf.is_blank(row)]
            rows.append(qf.service_line(by_pk[str(added)]))
            focus = len(rows) - 1
        removed = request.POST.get("remove_line", "")
        if removed.isdigit() and int(removed) < len(rows):
            del rows[int(removed)]
        qf.fill_from_catalog(rows, by_pk)
        initial = {
            name: request.POST.get(name)
            for name in qf.QuotationDetailsForm.base_fields
            if name in request.POST
        }
        details = self.details_form(initial=initial)
        return self.render_builder(
            request, details=details, rows=rows, services=services, focus_line=focus
        )

    def save(self, request, rows):
        details = self.details_form(request.POST)
        services = _services_for(rows)
        by_pk = {str(s.pk): s for s in services}
        formset = qf.LineFormSet(
            qf.lines_data(rows), prefix=qf.LINE_PREFIX, service_choices=_service_choices(services)
        )
        check = qf.check_lines(rows, by_pk)
        details_ok = details.is_valid()
        if details_ok and check.ok:
            try:
                quotation = self.commit(request, details, check.cleaned)
            except DomainError as exc:
                self._domain_error(exc, details, check)
            else:
                if quotation is not None:
                    return redirect("admin_portal:quotation-detail", quotation.pk)
                return redirect("admin_portal:quotations")
        qf.apply_line_errors(formset, check)
        errors = check.messages()
        return self.render_builder(
            request,
            details=details,
            rows=rows,
            formset=formset,
            check=check,
            services=services,
            status=400,
            errors=errors,
        )

    def _domain_error(self, exc: DomainError, details, check: qf.LineCheck) -> None:
        name = exc.field
        if name.startswith("lines"):
            check.list_error = exc.message
        elif name in details.fields:
            details.add_error(name, exc.message)
        else:
            details.add_error(None, exc.message)

    def commit(self, request, details, lines) -> Quotation | None:
        raise NotImplementedError


def _client_results(query: str, *, exclude: Client | None) -> list[Client]:
    if len(query) < 2:
        return []
    found = search_clients(query=query)
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return list(found[:CLIENT_RESULTS])


class QuotationNewView(BuilderMixin, View):
    permission_required = ("leads.view_quotation", "leads.add_quotation")

    def get(self, request):
        initial: dict[str, Any] = {
            "valid_until": default_valid_until(),
            "terms": company_settings().quote_terms,
            "form_token": uuid.uuid4().hex,
        }
        rows: list[dict[str, str]] = []
        booking_id = parse_uuid(request.GET.get("booking"))
        inquiry_id = parse_uuid(request.GET.get("inquiry"))
        client_id = parse_uuid(request.GET.get("client"))
        service = None
        if inquiry_id:
            inquiry = (
                Inquiry.objects.select_related("client", "service", "assignee")
                .filter(pk=inquiry_id)
                .first()
            )
            if inquiry is not None:
                initial.update(
                    client=inquiry.client,
                    inquiry=inquiry.pk,
                    title=inquiry.subject,
                    site=_site_for(inquiry.client, inquiry.site_address),
                )
                if inquiry.assignee_id:
                    initial["owner"] = inquiry.assignee
                service = inquiry.service
        if booking_id:
            booking = (
                Booking.objects.select_related("client", "service").filter(pk=booking_id).first()
            )
            if booking is not None and (
                "client" not in initial or initial["client"].pk == booking.client_id
            ):
                initial.update(client=booking.client, booking=booking.pk)
                initial.setdefault("site", _site_for(booking.client, booking.site_address))
                service = service or booking.service
        if client_id and "client" not in initial:
            client = Client.objects.filter(pk=client_id).first()
            if client is not None:
                initial.update(client=client, site=_site_for(client, ""))
        if service is not None and service.is_active:
            rows.append(qf.service_line(service))
        if not rows:
            rows.append({**qf.BLANK_LINE, "tax_rate": str(pricing.default_tax_rate())})
        if isinstance(initial.get("site"), ClientSite):
            initial["site"] = initial["site"].pk
        return self.render_builder(request, details=self.details_form(initial=initial), rows=rows)

    def commit(self, request, details, lines) -> Quotation | None:
        """Create the draft once per form shown: a double click or a resent
        form lands on the draft made by the first."""
        token = (details.cleaned_data.get("form_token") or "")[:40]
        key = f"admin-quotation-form:{request.user.pk}:{token}"
        if token and not cache.add(key, "", NEW_FORM_TTL):
            made = cache.get(key)
            if made:
                return Quotation.objects.filter(pk=made).first()
            messages.info(request, _("This quotation is being saved already."))
            return None
        data = details.cleaned_data
        try:
            quotation = lead_services.create_quotation(
                client=data["client"],
                inquiry=data.get("inquiry"),
                booking=data.get("booking"),
                lines=lines,
                actor=request.user,
                **details.service_values(),
            )
        except DomainError:
            if token:
                cache.delete(key)
            raise
        if token:
            cache.set(key, str(quotation.pk), NEW_FORM_TTL)
        messages.success(
            request,
            _("Draft %(number)s saved. Preview the PDF, then send it.")
            % {"number": quotation.display_number},
        )
        return quotation


def _line_rows(quotation: Quotation) -> list[dict[str, str]]:
    return [
        {
            "description": line.description,
            "service": str(line.service_id or ""),
            "quantity": f"{line.quantity.normalize():f}",
            "unit": line.unit,
            "unit_price": f"{line.unit_price:f}",
            "discount_percent": f"{line.discount_percent.normalize():f}",
            "tax_rate": f"{line.tax_rate:f}",
            "is_optional": "on" if line.is_optional else "",
            "filled_from": str(line.service_id or ""),
        }
        for line in quotation.lines.all()
    ]


class QuotationEditView(BuilderMixin, View):
    permission_required = ("leads.view_quotation", "leads.change_quotation")

    def _load(self, request, pk):
        self.quotation = quotation_or_404(pk)
        if not self.quotation.is_editable:
            messages.error(
                request,
                _("%(number)s is %(status)s and can no longer be edited.")
                % {
                    "number": self.quotation.display_number,
                    "status": self.quotation.get_status_display().lower(),
                }
                + " "
                + (
                    _("Revise it to make a new version.")
                    if "revise" in lead_services.available_actions(self.quotation)
                    else ""
                ),
            )
            return redirect("admin_portal:quotation-detail", self.quotation.pk)
        return None

    def builder_crumbs(self):
        q = self.quotation
        return admin_crumbs(
            list_crumb(),
            (q.display_number, reverse("admin_portal:quotation-detail", args=[q.pk])),
            (_("Edit"), None),
        )

    def get(self, request, pk):
        refused = self._load(request, pk)
        if refused:
            return refused
        q = self.quotation
        initial = {
            "site": q.site_id,
            "title": q.title,
            "valid_until": q.valid_until,
            "owner": q.owner_id,
            "terms": q.terms,
            "notes": q.notes,
            "internal_notes": q.internal_notes,
        }
        return self.render_builder(
            request, details=self.details_form(initial=initial), rows=_line_rows(q)
        )

    def post(self, request, *args, **kwargs):
        refused = self._load(request, kwargs["pk"])
        if refused:
            return refused
        return super().post(request, *args, **kwargs)

    def commit(self, request, details, lines) -> Quotation | None:
        assert self.quotation is not None
        values = details.service_values()
        values.setdefault("owner", self.quotation.owner)
        quotation = lead_services.update_draft_quotation(
            quotation=self.quotation, actor=request.user, lines=lines, **values
        )
        messages.success(
            request, _("Draft %(number)s saved.") % {"number": quotation.display_number}
        )
        return quotation


class BuilderPartMixin(StaffPortalMixin):
    """The builder's live parts may be used by whoever may build or edit."""

    permission_required = "leads.view_quotation"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not (
            user.has_perm("leads.add_quotation") or user.has_perm("leads.change_quotation")
        ):
            raise PermissionDenied(_("You do not have permission to open this page."))
        return super().dispatch(request, *args, **kwargs)


class QuotationTotalsView(BuilderPartMixin, View):
    """The whole builder form, posted (htmx) while staff type: the totals,
    each line's amount, and the lines a catalog pick just filled. Only what
    pricing computes here is shown; no total sent by the browser is read."""

    def post(self, request):
        rows = qf.read_lines(request.POST)
        services = _services_for(rows)
        by_pk = {str(s.pk): s for s in services}
        filled = qf.fill_from_catalog(rows, by_pk)
        check = qf.check_lines(rows, by_pk)
        formset = qf.LineFormSet(
            initial=rows, prefix=qf.LINE_PREFIX, service_choices=_service_choices(services)
        )
        context = {
            "currency": company_settings().currency,
            "filled": [formset.forms[i] for i in filled],
            "oob": True,
            **_priced_context(check, rows),
        }
        return render(request, "admin_portal/quotations/_totals_response.html", context)


class QuotationCatalogView(BuilderPartMixin, View):
    """The catalog's services matching a search, with their prices (htmx)."""

    def get(self, request):
        query = (request.GET.get("catalog_q") or "").strip()[:100]
        services = _services_for([])
        return render(
            request,
            "admin_portal/quotations/_catalog.html",
            {**_catalog(services, query), "currency": company_settings().currency},
        )


class QuotationClientSearchView(BuilderPartMixin, View):
    """Clients matching a search, as choices for the builder (htmx)."""

    def get(self, request):
        query = (request.GET.get("client_q") or "").strip()[:100]
        current = None
        client_pk = parse_uuid(request.GET.get("client"))
        if client_pk:
            current = Client.objects.filter(pk=client_pk).first()
        return render(
            request,
            "admin_portal/quotations/_client_results.html",
            {
                "client_results": _client_results(query, exclude=current),
                "client_q": query,
                "client": current,
            },
        )
