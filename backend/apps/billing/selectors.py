"""Reads about invoices."""

from __future__ import annotations

from apps.billing.models import Invoice, InvoiceStatus
from apps.leads.models import Quotation


def invoice_for_quotation(*, quotation: Quotation) -> Invoice | None:
    """The quotation's invoice: its live one. A void invoice is not the
    quotation's invoice any more (the one-live-invoice constraint ignores it
    too, so accepting again may make a new one), whoever asks: the admin
    page, and the accept that must not make a second invoice."""
    return (
        Invoice.objects.filter(quotation=quotation)
        .exclude(status=InvoiceStatus.VOID)
        .order_by("-created_at")
        .first()
    )
