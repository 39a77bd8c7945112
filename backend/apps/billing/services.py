"""Writes about invoices. Only the quotation hand-off is built so far:
``create_invoice_from_quotation`` makes the draft; the billing issue adds
issuing, payments and voiding through ``change_invoice_status``."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from apps.billing.models import Invoice, InvoiceLine, InvoiceStatus
from apps.billing.selectors import invoice_for_quotation
from apps.core.numbering import next_number
from apps.core.selectors import company_settings
from apps.core.services import record_audit
from apps.leads.models import Quotation

INVOICE_SERIES = "INV"

# The one table of allowed status changes.
TRANSITIONS: dict[str, frozenset[str]] = {
    InvoiceStatus.DRAFT: frozenset({InvoiceStatus.ISSUED, InvoiceStatus.VOID}),
    InvoiceStatus.ISSUED: frozenset(
        {InvoiceStatus.PARTIALLY_PAID, InvoiceStatus.PAID, InvoiceStatus.VOID}
    ),
    InvoiceStatus.PARTIALLY_PAID: frozenset({InvoiceStatus.PAID, InvoiceStatus.VOID}),
    InvoiceStatus.PAID: frozenset(),
    InvoiceStatus.VOID: frozenset(),
}


def can_transition(invoice: Invoice, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(invoice.status, frozenset())


@transaction.atomic
def create_invoice_from_quotation(*, quotation: Quotation, actor: Any = None) -> Invoice:
    """A draft invoice with the accepted quotation's lines (optional lines the
    client did not choose are left out), amounts copied, not recomputed, so
    the invoice says exactly what the client accepted. Returns the existing
    live invoice when there is one (safe to call twice)."""
    existing = invoice_for_quotation(quotation=quotation)
    if existing is not None:
        return existing
    company = company_settings()
    lines = [line for line in quotation.lines.all() if line.counts]
    invoice = Invoice.objects.create(
        number=next_number(INVOICE_SERIES),
        client_id=quotation.client_id,
        quotation=quotation,
        currency=quotation.currency,
        due_date=timezone.localdate() + dt.timedelta(days=company.invoice_due_days),
        subtotal=sum((li.gross_amount for li in lines), start=0),
        discount_total=sum((li.discount_amount for li in lines), start=0),
        tax_total=sum((li.tax_amount for li in lines), start=0),
        total=sum((li.line_total for li in lines), start=0),
        terms=company.invoice_terms,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    InvoiceLine.objects.bulk_create(
        [
            InvoiceLine(
                invoice=invoice,
                position=index,
                service_id=line.service_id,
                description=line.description,
                quantity=line.quantity,
                unit=line.unit,
                unit_price=line.unit_price,
                discount_percent=line.discount_percent,
                tax_rate=line.tax_rate,
                gross_amount=line.gross_amount,
                discount_amount=line.discount_amount,
                net_amount=line.net_amount,
                tax_amount=line.tax_amount,
                line_total=line.line_total,
            )
            for index, line in enumerate(lines)
        ]
    )
    record_audit(
        actor=actor,
        action="invoice.created",
        target=invoice,
        changes={"quotation": quotation.display_number, "total": invoice.total},
    )
    return invoice
