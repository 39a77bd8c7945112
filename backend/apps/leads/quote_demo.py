"""Demo inquiries, follow-ups and quotations in every status, through the
services (so they carry their messages, audit entries and invoice).

Idempotent: skipped when the demo inquiries exist. Kept fast: one real PDF
is rendered for each sent version (~1 s each, five of them); nothing else."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from apps.catalog.models import Service
from apps.leads.models import (
    Client,
    ClientSite,
    Inquiry,
    InquiryRoutingRule,
    InquirySource,
    InquiryStatus,
    Quotation,
)
from apps.leads.services import (
    accept_quotation,
    add_follow_up,
    add_internal_note,
    change_inquiry_status,
    create_inquiry,
    create_quotation,
    reject_quotation,
    reply_to_inquiry,
    request_changes,
    revise_quotation,
    send_quotation,
    update_client,
)
from apps.leads.services.quotations import mark_expired, store_quotation_pdf
from apps.users import roles
from apps.users.models import User

MARKER = "[demo]"


def _service(*words: str) -> Service | None:
    for word in words:
        service = Service.objects.filter(name__icontains=word, is_active=True).first()
        if service is not None:
            return service
    return Service.objects.filter(is_active=True).first()


def _line(service: Service | None, description: str, qty: str, price: str, **kw) -> dict:
    return {
        "service": service,
        "description": description,
        "quantity": qty,
        "unit_price": price,
        "unit": kw.get("unit", "pc"),
        "discount_percent": kw.get("discount", "0"),
        "tax_rate": kw.get("tax", "16"),
        "is_optional": kw.get("optional", False),
    }


def _send(quotation: Quotation, actor: User) -> Quotation:
    send_quotation(quotation=quotation, actor=actor)
    store_quotation_pdf(quotation_id=quotation.pk)  # the worker's job, done inline here
    quotation.refresh_from_db()
    return quotation


def seed(out) -> None:
    if Inquiry.objects.filter(message__startswith=MARKER).exists():
        out.write("  inquiries and quotations: already there")
        return
    sales = User.objects.filter(groups__name=roles.SALES, is_active=True).order_by("email").first()
    admin = User.objects.filter(role="admin", is_active=True).order_by("email").first()
    if sales is None or admin is None:
        out.write("  inquiries and quotations: skipped (no demo staff)")
        return
    split = _service("split", "install")
    cold = _service("cold", "refrigeration")
    service_visit = _service("maintenance", "service", "repair")

    if cold is not None and cold.category_id:
        InquiryRoutingRule.objects.get_or_create(
            category_id=cold.category_id, defaults={"assignee": sales}
        )

    # Clients worth tagging, with a site.
    hotel = Client.objects.filter(email__iexact="grace@lakeview.example").first()
    if hotel is not None:
        update_client(client=hotel, actor=admin, tags="hotel, vip")
        ClientSite.objects.get_or_create(
            client=hotel,
            label="Lakeview Hotel, main building",
            defaults={"address": "Milimani, Kisumu", "town": "Kisumu"},
        )
    produce = Client.objects.filter(email__iexact="hassan@nyalifresh.example").first()
    if produce is not None:
        update_client(client=produce, actor=admin, tags="cold-chain")

    def ask(name, email, phone, message, *, service=None, source=InquirySource.WEBSITE_FORM, **kw):
        return create_inquiry(
            name=name,
            email=email,
            phone=phone,
            message=f"{MARKER} {message}",
            service=service,
            source=source,
            **kw,
        )

    now = timezone.now()
    # Inquiries in every status.
    new = ask(
        "Mercy Chebet",
        "mercy.chebet@example.com",
        "+254711700800",
        "Our office AC rattles loudly when it starts. Can someone look at it?",
        service=service_visit,
        source=InquirySource.CONTACT_PAGE,
        subject="Noisy office unit",
    )
    add_follow_up(
        owner=new.assignee or sales,
        due_at=now + dt.timedelta(hours=3),
        note="Call Mercy to book a diagnosis visit",
        inquiry=new,
        actor=admin,
    )
    working = ask(
        "Samuel Kiprono",
        "admin@westlandsdental.example",
        "+254701900100",
        "We need ventilation for two treatment rooms; can you survey next week?",
        source=InquirySource.PHONE,
        subject="Ventilation for a dental clinic",
    )
    reply_to_inquiry(
        inquiry=working,
        body="Thank you, Samuel. Our engineer can survey on Tuesday at 10:00. Does that suit?",
        actor=sales,
    )
    add_internal_note(inquiry=working, body="Clinic wants HEPA filters; check stock.", actor=sales)
    overdue = add_follow_up(
        owner=sales,
        due_at=now + dt.timedelta(minutes=5),
        note="Confirm the survey time with the clinic",
        inquiry=working,
        actor=sales,
    )
    # A task nobody got to in time: the dashboard shows it overdue.
    type(overdue).objects.filter(pk=overdue.pk).update(due_at=now - dt.timedelta(hours=2))
    lost = ask(
        "Peter Njoroge",
        "peter.njoroge@example.com",
        "+254712121212",
        "How much for a 9,000 BTU unit, supply only?",
        service=split,
    )
    change_inquiry_status(
        inquiry=lost, to_status=InquiryStatus.LOST, actor=sales, reason="Only wanted supply"
    )

    # Quotations in every status (each from an inquiry, so inquiries reach quoted/won too).
    def quoted_inquiry(name, email, phone, message, service=None):
        return ask(name, email, phone, message, service=service)

    lines_split = [
        _line(split, "Split AC 18,000 BTU, supply and installation", "2", "78500", discount="5"),
        _line(None, "Copper piping beyond 3 m (per metre)", "6", "1450", unit="m"),
        _line(None, "Electrical isolator and trunking", "2", "3800"),
        _line(None, "Annual maintenance plan (2 visits)", "1", "12000", tax="0", optional=True),
    ]
    lines_cold = [
        _line(cold, "Cold room 20 m³, panels, door and refrigeration unit", "1", "1150000"),
        _line(None, "Electrical works and commissioning", "1", "85000"),
        _line(None, "Remote temperature alarm (SMS)", "1", "38000", optional=True),
    ]

    draft_inq = quoted_inquiry(
        "Faith Wambui",
        "faith.wambui@example.com",
        "+254722333444",
        "Two bedrooms need AC units.",
        split,
    )
    create_quotation(
        client=draft_inq.client,
        inquiry=draft_inq,
        lines=lines_split,
        actor=sales,
        title="Two bedrooms",
    )

    sent_inq = quoted_inquiry(
        "Hassan Ali",
        "hassan@nyalifresh.example",
        "+254720300400",
        "We need a 20 m³ cold room in Nyali for fresh produce.",
        cold,
    )
    _send(
        create_quotation(
            client=sent_inq.client,
            inquiry=sent_inq,
            lines=lines_cold,
            actor=sales,
            title="Cold room, Nyali",
        ),
        sales,
    )

    accepted_inq = quoted_inquiry(
        "David Mwangi",
        "client@coollight.demo",
        "+254722555111",
        "AC for the lounge and study.",
        split,
    )
    accepted = _send(
        create_quotation(
            client=accepted_inq.client,
            inquiry=accepted_inq,
            lines=lines_split,
            actor=sales,
            title="Lounge and study",
        ),
        sales,
    )
    optional = [li.pk for li in accepted.lines.all() if li.is_optional]
    accept_quotation(
        quotation=accepted,
        signer_name="David Mwangi",
        chosen_optional_line_ids=optional,
        ip="197.248.10.20",
        user_agent="Demo browser",
    )

    rejected_inq = quoted_inquiry(
        "Grace Achieng",
        "grace@lakeview.example",
        "+254733100200",
        "Replace the kitchen extractor fan.",
        service_visit,
    )
    rejected = _send(
        create_quotation(
            client=rejected_inq.client,
            inquiry=rejected_inq,
            lines=[_line(service_visit, "Kitchen extractor fan, replace motor", "1", "64000")],
            actor=sales,
            title="Kitchen extractor",
        ),
        sales,
    )
    reject_quotation(
        quotation=rejected, reason_code="timing", reason_text="After the high season, please."
    )

    expired_inq = quoted_inquiry(
        "Mercy Chebet",
        "mercy.chebet@example.com",
        "+254711700800",
        "Quote for servicing 6 office units.",
        service_visit,
    )
    expired = _send(
        create_quotation(
            client=expired_inq.client,
            inquiry=expired_inq,
            lines=[_line(service_visit, "Service visit, split unit", "6", "3500")],
            actor=sales,
            title="Office servicing",
        ),
        sales,
    )
    mark_expired(quotation=expired, actor=sales)

    revised_inq = quoted_inquiry(
        "Samuel Kiprono",
        "admin@westlandsdental.example",
        "+254701900100",
        "AC for the waiting room.",
        split,
    )
    first = _send(
        create_quotation(
            client=revised_inq.client,
            inquiry=revised_inq,
            lines=lines_split[:2],
            actor=sales,
            title="Waiting room",
        ),
        sales,
    )
    request_changes(quotation=first, message="Could you quote a 12,000 BTU unit instead?")
    second = revise_quotation(quotation=first, actor=sales)
    from apps.leads.services import update_draft_quotation

    update_draft_quotation(
        quotation=second,
        actor=sales,
        lines=[_line(split, "Split AC 12,000 BTU, supply and installation", "1", "61000")],
    )
    _send(second, sales)
    out.write(
        f"  inquiries: {Inquiry.objects.count()}, quotations: {Quotation.objects.count()} "
        "(every status), 1 draft invoice"
    )
