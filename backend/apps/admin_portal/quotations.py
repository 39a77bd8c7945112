"""The admin portal's quotation list and what the quotation pages share
(crumbs, links to the related client, inquiry and booking). The builder is
in quotation_builder.py, one quotation and its actions in quotation_detail.py.
Prices and totals are always computed by apps.leads.services.pricing."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from apps.admin_portal import quotation_forms as qf
from apps.admin_portal.access import StaffPortalMixin
from apps.admin_portal.navigation import admin_crumbs
from apps.core.selectors import company_settings
from apps.leads import selectors as lead_selectors
from apps.leads.models import (
    Booking,
    Client,
    Inquiry,
    Quotation,
)

QUOTATIONS_PER_PAGE = 25
SORTS = {
    "created": ("created_at", "number", "version"),
    "-created": ("-created_at", "-number", "-version"),
    "number": ("number", "version"),
    "-number": ("-number", "-version"),
    "total": ("total", "-created_at"),
    "-total": ("-total", "-created_at"),
    "valid": ("valid_until", "-created_at"),
    "-valid": ("-valid_until", "-created_at"),
}


def list_crumb():
    return (gettext_lazy("Quotations"), reverse("admin_portal:quotations"))


def client_link(client: Client | None) -> str:
    return reverse("admin_portal:client-detail", args=[client.pk]) if client else ""


def inquiry_link(inquiry: Inquiry | None) -> str:
    return reverse("admin_portal:inquiry-detail", args=[inquiry.reference]) if inquiry else ""


def booking_link(booking: Booking | None) -> str:
    return reverse("admin_portal:booking-detail", args=[booking.reference]) if booking else ""


def quotation_or_404(pk) -> Quotation:
    quotation = lead_selectors.quotation_detail(pk)
    if quotation is None:
        raise Http404
    return quotation


# --- the list -------------------------------------------------------------------------


class QuotationListView(StaffPortalMixin, TemplateView):
    permission_required = "leads.view_quotation"
    template_name = "admin_portal/quotations/list.html"

    def get_context_data(self, **kwargs):
        form = qf.QuotationFilterForm(self.request.GET or None)
        filters = form.selector_filters()
        sort = (form.cleaned_data.get("sort") if form.is_valid() else "") or "-created"
        quotations = lead_selectors.quotations_for_admin(**filters).order_by(*SORTS[sort])
        page = Paginator(quotations, QUOTATIONS_PER_PAGE).get_page(self.request.GET.get("page"))
        booking = None
        if filters.get("booking_id"):
            booking = Booking.objects.filter(pk=filters["booking_id"]).first()
        client = None
        if filters.get("client_id"):
            client = Client.objects.filter(pk=filters["client_id"]).first()
        new_url = reverse("admin_portal:quotation-new")
        if booking is not None:
            new_url += f"?booking={booking.pk}"
        elif client is not None:
            new_url += f"?client={client.pk}"
        shown = {k: v for k, v in filters.items() if k != "current_only"}
        return super().get_context_data(
            nav_active="quotations",
            crumbs=admin_crumbs((_("Quotations"), None)),
            form=form,
            page=page,
            sort=sort,
            kpis=lead_selectors.quotation_kpis(),
            currency=company_settings().currency,
            booking=booking,
            client=client,
            new_url=new_url,
            filtered=any(v for v in shown.values()),
            **kwargs,
        )
