"""Issue 7's "done when", through the pages people use, with the e-mails they
get: a customer asks for a quote with a photo on the public site; routing
tells the right salesperson; the salesperson replies, builds a quotation in
the staff portal and sends it; the customer follows the link in the e-mail,
reads the PDF and accepts with their name; the salesperson is told, the
quotation shows accepted with a draft invoice; every step is audited."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from apps.billing.models import Invoice
from apps.core.models import AuditLog
from apps.leads.models import Inquiry, InquiryRoutingRule, InquiryStatus, Quotation
from apps.leads.tests.conftest import image_bytes, upload
from apps.users import roles
from tests.factories import StaffUserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.real_pdf]


def _mail_to(address: str, subject_part: str):
    found = [
        m for m in mail.outbox if any(address in to for to in m.to) and subject_part in m.subject
    ]
    assert found, f"no e-mail to {address} about {subject_part!r}: " + "; ".join(
        f"{m.to} {m.subject}" for m in mail.outbox
    )
    return found[-1]


def test_from_quote_request_to_accepted_quotation_and_draft_invoice(
    client, frozen_now, service, sales_user, run_on_commit
):
    # The cold-room specialist gets this category's inquiries; the other
    # salesperson (round-robin) must not.
    specialist = StaffUserFactory(
        email="wanjiru@coollight.test", full_name="Wanjiru Kamau", groups=[roles.SALES]
    )
    InquiryRoutingRule.objects.create(category=service.category, assignee=specialist)

    # 1. The customer asks for a quote from the service page, with a photo.
    form = client.get(reverse("public_site:service", args=[service.slug]))
    assert f"/quote/?service={service.slug}" in form.content.decode()
    with run_on_commit():
        asked = client.post(
            "/quote/",
            {
                "service": service.slug,
                "name": "Amina Hassan",
                "phone": "0712 345 678",
                "email": "amina@example.co.ke",
                "location": "Kilimani, Nairobi",
                "message": "Two bedrooms need split units, 12,000 BTU each.",
                "attachments": [upload("bedroom.png", image_bytes(), "image/png")],
            },
        )
    assert asked.status_code == 302
    inquiry = Inquiry.objects.get()
    assert inquiry.assignee == specialist and inquiry.attachments.count() == 1
    _mail_to("amina@example.co.ke", inquiry.reference)  # the receipt
    told = _mail_to(specialist.email, inquiry.reference)
    staff_link = re.search(r"https?://[^/\s]+(/admin/inquiries/[^\s\"]+/)", told.body)
    assert staff_link, told.body

    # 2. The salesperson opens it from the e-mail, sees the photo, replies.
    client.force_login(specialist)
    page = client.get(staff_link.group(1))
    assert page.status_code == 200 and "bedroom.png" in page.content.decode()
    with run_on_commit():
        replied = client.post(
            reverse("admin_portal:inquiry-reply", args=[inquiry.reference]),
            {"reply-body": "Thank you, Amina. A quotation follows today."},
        )
    assert replied.status_code == 302
    _mail_to("amina@example.co.ke", inquiry.reference)
    assert any("A quotation follows today" in m.body for m in mail.outbox)

    # 3. They build the quotation from the inquiry: the builder prefills it.
    builder = client.get(f"{reverse('admin_portal:quotation-new')}?inquiry={inquiry.pk}")
    assert builder.status_code == 200
    saved = client.post(
        reverse("admin_portal:quotation-new"),
        {
            "client": str(inquiry.client_id),
            "inquiry": str(inquiry.pk),
            "save": "1",
            "lines-TOTAL_FORMS": "2",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "200",
            "lines-0-service": str(service.pk),
            "lines-0-description": "Split AC 12,000 BTU supply and installation",
            "lines-0-quantity": "2",
            "lines-0-unit": "pc",
            "lines-0-unit_price": "55000",
            "lines-0-discount_percent": "0",
            "lines-0-tax_rate": "16.00",
            "lines-1-description": "Annual maintenance plan",
            "lines-1-quantity": "1",
            "lines-1-unit": "yr",
            "lines-1-unit_price": "12000",
            "lines-1-discount_percent": "0",
            "lines-1-tax_rate": "16.00",
            "lines-1-is_optional": "on",
            "total": "1.00",  # whatever the browser claims, the server computes
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:2000]
    quotation = Quotation.objects.get()
    assert quotation.inquiry == inquiry and quotation.total == Decimal("127600.00")

    # 4. … and send it; the PDF is rendered (WeasyPrint) and attached.
    with run_on_commit():
        sent = client.post(reverse("admin_portal:quotation-send", args=[quotation.pk]))
    assert sent.status_code == 302
    quotation.refresh_from_db()
    assert quotation.status == "sent" and len(quotation.pdf_sha256) == 64
    offer = _mail_to("amina@example.co.ke", quotation.number)
    (filename, pdf, mimetype), *_ = offer.attachments
    assert filename == quotation.pdf_filename
    assert mimetype == "application/pdf" and pdf.startswith(b"%PDF")
    link = re.search(r"https?://[^/\s]+(/quotes/[^/\s\"]+/)", offer.body)
    assert link, offer.body
    client.logout()

    # 5. The customer opens the link (GET changes nothing), reads the PDF,
    #    and accepts with their typed name.
    shown = client.get(link.group(1))
    assert shown.status_code == 200 and quotation.number in shown.content.decode()
    quotation.refresh_from_db()
    assert quotation.status == "sent"
    assert client.get(f"{link.group(1)}pdf/").status_code == 200
    with run_on_commit():
        accepted = client.post(
            link.group(1),
            {"action": "accept", "signer_name": "Amina Hassan", "consent": "on"},
            HTTP_USER_AGENT="Mozilla/5.0 (Linux; Android 14)",
        )
    assert accepted.status_code in (200, 302)
    quotation.refresh_from_db()
    assert quotation.status == "accepted" and quotation.signer_name == "Amina Hassan"
    assert quotation.signer_user_agent.startswith("Mozilla") and quotation.signer_ip

    # 6. The salesperson is told and sees it accepted, with a draft invoice.
    _mail_to(specialist.email, quotation.number)
    invoice = Invoice.objects.get(quotation=quotation)
    assert invoice.status == "draft" and invoice.total == Decimal("127600.00")
    client.force_login(specialist)
    detail = client.get(reverse("admin_portal:quotation-detail", args=[quotation.pk]))
    html = detail.content.decode()
    assert "Accepted" in html and invoice.number in html
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.WON

    # 7. Every step is in the audit log.
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "inquiry.created",
        "inquiry.replied",
        "quotation.created",
        "quotation.sent",
        "quotation.accepted",
        "invoice.created",
    } <= actions
