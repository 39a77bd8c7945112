"""Reads about invoices."""

from __future__ import annotations

from django.db.models import QuerySet

from apps.billing.models import Invoice


def invoices_for_client(*, user) -> QuerySet[Invoice]:
    return Invoice.objects.filter(client__user=user).order_by("-created_at")


def invoice_for_quotation(*, quotation) -> Invoice | None:
    return Invoice.objects.filter(quotation=quotation).exclude(status="void").first()
