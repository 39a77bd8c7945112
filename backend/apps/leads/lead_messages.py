"""What inquiries, follow-ups and quotations tell people. Called by the
services inside their transaction, so a message exists if and only if the
change committed (the notifications outbox delivers it after commit).
Same pattern as ``booking_messages``."""

from __future__ import annotations

import hashlib
from typing import Any

from django.utils import formats, timezone

from apps.leads.links import (
    follow_ups_staff_url,
    inquiry_customer_url,
    inquiry_staff_url,
    quotation_public_url,
    quotation_staff_url,
)
from apps.leads.models import FollowUp, Inquiry, Quotation
from apps.leads.services.pricing import format_money
from apps.notifications.services import (
    customer_channel,
    queue_customer_notification,
    queue_notification,
)


def _queue(**kwargs: Any) -> None:
    queue_notification(**kwargs)


def _staff_name(user: Any) -> str:
    return (getattr(user, "full_name", "") or getattr(user, "email", "")) if user else ""


def inquiry_context(inquiry: Inquiry) -> dict[str, Any]:
    return {
        "client": {"name": inquiry.contact_name or inquiry.client.name},
        "inquiry": {
            "reference": inquiry.reference,
            "subject": inquiry.subject
            or (inquiry.service.name if inquiry.service_id and inquiry.service else "")
            or "your inquiry",
            "message": inquiry.message,
            "service": inquiry.service.name if inquiry.service_id and inquiry.service else "",
            "url": inquiry_customer_url(inquiry),
        },
    }


def _queue_customer(**kwargs: Any) -> None:
    """A message to the customer, by the channel their contact allows
    (e-mail, or SMS when they gave only a phone)."""
    queue_customer_notification(**kwargs)


def inquiry_received(inquiry: Inquiry) -> None:
    _queue_customer(
        template_key="inquiry_received",
        client=inquiry.client,
        email=inquiry.contact_email,
        phone=inquiry.contact_phone,
        to_name=inquiry.contact_name,
        context=inquiry_context(inquiry),
        idempotency_key=f"inquiry:{inquiry.pk}:received",
        related=inquiry,
    )


def inquiry_assigned(inquiry: Inquiry) -> None:
    staff = inquiry.assignee
    if staff is None or not staff.email:
        return
    context = inquiry_context(inquiry)
    context["inquiry"]["url"] = inquiry_staff_url(inquiry)
    stamp = inquiry.assigned_at.isoformat() if inquiry.assigned_at else ""
    _queue(
        template_key="inquiry_assigned",
        to=staff.email,
        to_name=_staff_name(staff),
        context={**context, "staff": {"name": _staff_name(staff)}},
        idempotency_key=f"inquiry:{inquiry.pk}:assigned:{staff.pk}:{stamp}",
        related=inquiry,
    )


def inquiry_unassigned(inquiry: Inquiry) -> None:
    """A new inquiry routing could give to nobody goes to the company's
    address, so a request never waits unseen."""
    from apps.core.selectors import company_settings

    company = company_settings()
    if not company.email:
        return
    context = inquiry_context(inquiry)
    context["inquiry"]["url"] = inquiry_staff_url(inquiry)
    _queue(
        template_key="inquiry_unassigned",
        to=company.email,
        to_name=company.name,
        context={**context, "staff": {"name": company.name}},
        idempotency_key=f"inquiry:{inquiry.pk}:unassigned",
        related=inquiry,
    )


def _inquiry_contact(inquiry: Inquiry) -> tuple[str, str]:
    """The e-mail and phone an inquiry came from, else the client's."""
    return (
        inquiry.contact_email or inquiry.client.email,
        inquiry.contact_phone or str(inquiry.client.phone or ""),
    )


def inquiry_reply_recipient(inquiry: Inquiry) -> str:
    """Where staff replies on an inquiry go (an e-mail address, else a phone
    for SMS); "" when there is none."""

    email, phone = _inquiry_contact(inquiry)
    chosen = customer_channel(email=email, phone=phone, client=inquiry.client)
    return chosen[1] if chosen else ""


def inquiry_reply(inquiry: Inquiry, response: Any) -> None:
    email, phone = _inquiry_contact(inquiry)
    _queue_customer(
        template_key="inquiry_reply",
        client=inquiry.client,
        email=email,
        phone=phone,
        to_name=inquiry.contact_name or inquiry.client.name,
        context={
            **inquiry_context(inquiry),
            "reply": response.body,
            "staff": {"name": response.author_name},
        },
        idempotency_key=f"inquiry:{inquiry.pk}:reply:{response.pk}",
        related=inquiry,
    )


def inquiry_client_replied(
    inquiry: Inquiry, response: Any, *, recipients: list[Any], attachments: int = 0
) -> None:
    """To the staff who handle the inquiry (the service picks them: the
    assignee, else every Sales user; ``None`` stands for the company's
    address) when the client writes on it."""
    context = inquiry_context(inquiry)
    context["inquiry"]["url"] = inquiry_staff_url(inquiry)
    context.update(reply=response.body, attachments=attachments)
    for staff in recipients:
        if staff is None:
            from apps.core.selectors import company_settings

            company = company_settings()
            to, name, key = company.email, company.name, "company"
        else:
            to, name, key = staff.email, _staff_name(staff), str(staff.pk)
        if not to:
            continue
        _queue(
            template_key="inquiry_client_replied",
            to=to,
            to_name=name,
            context={**context, "staff": {"name": name}},
            idempotency_key=f"inquiry:{inquiry.pk}:client-reply:{response.pk}:{key}",
            related=inquiry,
        )


def follow_ups_due(owner: Any, follow_ups: list[FollowUp]) -> None:
    if not owner.email or not follow_ups:
        return
    items = []
    for item in follow_ups:
        if item.inquiry is not None:
            about = f"{item.inquiry.reference} · {item.inquiry.contact_name}"
            url = inquiry_staff_url(item.inquiry)
        else:
            about = item.client.name if item.client is not None else ""
            url = follow_ups_staff_url()
        items.append(
            {
                "note": item.note,
                "due": formats.date_format(timezone.localtime(item.due_at), "l j F Y H:i"),
                "about": about,
                "url": url,
            }
        )
    ids = ",".join(sorted(str(f.pk) for f in follow_ups))

    _queue(
        template_key="followup_due",
        to=owner.email,
        to_name=_staff_name(owner),
        context={
            "staff": {"name": _staff_name(owner)},
            "follow_ups": items,
            "count": len(items),
            "url": follow_ups_staff_url(),
        },
        idempotency_key=f"followups-due:{owner.pk}:{hashlib.sha256(ids.encode()).hexdigest()}",
    )


def quotation_context(quotation: Quotation, *, staff_link: bool) -> dict[str, Any]:
    return {
        "client": {"name": quotation.client.name},
        "quotation": {
            "number": quotation.display_number,
            "title": quotation.title,
            "total": format_money(quotation.total, quotation.currency),
            "valid_until": formats.date_format(quotation.valid_until, "j F Y"),
            "url": quotation_staff_url(quotation)
            if staff_link
            else quotation_public_url(quotation),
            "reason": "",
            "signer": quotation.signer_name,
        },
    }


def quotation_email(quotation: Quotation) -> str:
    """The quotation's e-mail address: the inquiry's contact, else the client's."""
    if quotation.inquiry_id and quotation.inquiry and quotation.inquiry.contact_email:
        return quotation.inquiry.contact_email
    return quotation.client.email


def quotation_channel(quotation: Quotation) -> tuple[str, str] | None:
    """``(channel, address)`` the quotation goes by: e-mail, else SMS to its
    phone (the customer's own channel rule); None when there is neither."""
    return customer_channel(
        email=quotation_email(quotation), phone=quotation_phone(quotation), client=quotation.client
    )


def quotation_recipient(quotation: Quotation) -> str:
    """Where the quotation goes: its e-mail address, else (SMS) its phone;
    "" when there is neither."""
    chosen = quotation_channel(quotation)
    return chosen[1] if chosen else ""


def quotation_phone(quotation: Quotation) -> str:
    """The phone a quotation is texted to when there is no e-mail address."""
    if quotation.inquiry_id and quotation.inquiry and quotation.inquiry.contact_phone:
        return quotation.inquiry.contact_phone
    return str(quotation.client.phone or "")


def quotation_sent(quotation: Quotation, *, idempotency_key: str = "") -> None:
    """To the client, with the stored PDF attached (read at send time). A
    resend passes its own key; the first e-mail is ``quotation:<id>:sent``."""
    _queue_customer(
        template_key="quotation_sent",
        client=quotation.client,
        email=quotation_email(quotation),
        phone=quotation_phone(quotation),
        context=quotation_context(quotation, staff_link=False),
        idempotency_key=idempotency_key or f"quotation:{quotation.pk}:sent",
        related=quotation,
        attachments=[
            {
                "storage": "private",
                "name": quotation.pdf_file,
                "filename": quotation.pdf_filename,
                "mimetype": "application/pdf",
            }
        ],
    )


def _to_owner(q: Quotation, key: str, event: str, **extra: Any) -> None:
    quotation = q
    owner = quotation.owner
    if owner is None or not owner.email:
        from apps.core.selectors import company_settings

        company = company_settings()
        if not company.email:
            return
        to, name = company.email, company.name
    else:
        to, name = owner.email, _staff_name(owner)
    context = quotation_context(quotation, staff_link=True)
    for key_name, value in extra.items():
        if isinstance(value, dict) and isinstance(context.get(key_name), dict):
            context[key_name].update(value)
        else:
            context[key_name] = value
    _queue(
        template_key=key,
        to=to,
        to_name=name,
        context={**context, "staff": {"name": name}},
        idempotency_key=f"quotation:{quotation.pk}:{event}",
        related=quotation,
    )


def quotation_accepted(quotation: Quotation, invoice: Any) -> None:
    _to_owner(
        quotation,
        "quotation_accepted",
        "accepted",
        invoice={"number": invoice.number if invoice else ""},
    )


def quotation_rejected(quotation: Quotation) -> None:
    reason = quotation.get_rejection_reason_display()
    if quotation.rejection_note:
        reason = f"{reason}: {quotation.rejection_note}"
    _to_owner(quotation, "quotation_rejected", "rejected", quotation={"reason": reason})


def quotation_changes_requested(quotation: Quotation) -> None:
    stamp = quotation.changes_requested_at.isoformat() if quotation.changes_requested_at else ""
    _to_owner(
        quotation,
        "quotation_changes_requested",
        f"changes:{stamp}",
        message=quotation.change_request,
    )


def offers_confirmation(client: Any, email: str) -> None:
    """The link that turns a ticked "send me offers" box into consent."""
    from apps.leads.links import offers_confirmation_url

    _queue(
        template_key="offers_confirm",
        client=client,
        to=email,
        to_name=client.name,
        context={
            "client": {"name": client.name},
            "confirm_url": offers_confirmation_url(client, email),
        },
        idempotency_key=f"offers:{client.pk}:{email}:{timezone.localdate().isoformat()}",
    )
