"""Demo company settings."""

from __future__ import annotations

from apps.core.models import CompanySettings


def seed(out) -> None:
    company = CompanySettings.get_solo()
    if company.phone_primary:
        return
    company.address = "Mombasa Road, Sameer Business Park, Block B\nP.O. Box 12345-00100, Nairobi"
    company.phone_primary = "+254711000111"
    company.phone_secondary = "+254733000222"
    company.whatsapp_number = "+254711000111"
    company.email = "info@coollight.co.ke"
    company.kra_pin = "P051234567X"
    company.quote_terms = (
        "Prices include supply, installation and commissioning unless stated. "
        "50% deposit on acceptance, balance on completion. Equipment warranty as per "
        "manufacturer; workmanship warranty 12 months."
    )
    company.invoice_terms = (
        "Payment by M-Pesa (Paybill 123456, account: invoice number) or bank transfer "
        "within the due date."
    )
    company.full_clean()
    company.save()
    out.write("  company settings: filled in")
