"""Quotations: build, send, revise, and the customer's decision.

Status: draft → sent → accepted | rejected | expired, and superseded when a
newer version replaces it. Content is editable only in draft; a sent
quotation is changed by revising it (a new version); an accepted one is
locked for good. Every decision locks the quotation row first, so a double
click, two tabs or two devices produce one outcome (and one invoice)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from apps.billing.services import create_invoice_from_quotation
from apps.core.exceptions import DomainError
from apps.core.names import clean_person_name
from apps.core.numbering import next_number
from apps.core.selectors import company_settings
from apps.core.services import diff_fields, record_audit, snapshot
from apps.core.tasks import enqueue_on_commit
from apps.leads import lead_messages, quotation_pdf
from apps.leads.models import (
    Booking,
    Client,
    ClientSite,
    Inquiry,
    InquiryResponse,
    InquiryStatus,
    PdfStatus,
    Quotation,
    QuotationLine,
    QuotationStatus,
    RejectionReason,
    ResponseKind,
)
from apps.leads.services import pricing
from apps.leads.services.attachments import private_storage
from apps.leads.services.inquiries import advance_inquiry
from apps.users.models import User

QUOTATION_SERIES = "Q"


class QuotationError(DomainError):
    """A quotation request that cannot be met; ``field`` names what to change."""


class QuotationStateError(QuotationError):
    """The quotation is not in a state that allows this (already decided, replaced…)."""

    code = "quotation_state"
    conflict = True


# The one table of allowed status changes.
TRANSITIONS: dict[str, frozenset[str]] = {
    QuotationStatus.DRAFT: frozenset({QuotationStatus.SENT}),
    QuotationStatus.SENT: frozenset(
        {
            QuotationStatus.ACCEPTED,
            QuotationStatus.REJECTED,
            QuotationStatus.EXPIRED,
            QuotationStatus.SUPERSEDED,
        }
    ),
    QuotationStatus.REJECTED: frozenset({QuotationStatus.SUPERSEDED}),
    QuotationStatus.EXPIRED: frozenset({QuotationStatus.SUPERSEDED}),
    QuotationStatus.ACCEPTED: frozenset(),
    QuotationStatus.SUPERSEDED: frozenset(),
}

_STAMPS: dict[str, str] = {
    QuotationStatus.SENT: "sent_at",
    QuotationStatus.ACCEPTED: "accepted_at",
    QuotationStatus.REJECTED: "rejected_at",
    QuotationStatus.EXPIRED: "expired_at",
    QuotationStatus.SUPERSEDED: "superseded_at",
}

EDITABLE_FIELDS = ("title", "valid_until", "terms", "notes", "internal_notes", "site", "owner")


def can_transition(quotation: Quotation, to_status: str) -> bool:
    return to_status in TRANSITIONS.get(quotation.status, frozenset())


def _status_message(quotation: Quotation) -> str:
    messages: dict[str, str] = {
        QuotationStatus.DRAFT: _("This quotation has not been sent yet."),
        QuotationStatus.ACCEPTED: _("This quotation has already been accepted."),
        QuotationStatus.REJECTED: _("This quotation has already been rejected."),
        QuotationStatus.EXPIRED: _("This quotation has expired."),
        QuotationStatus.SUPERSEDED: _("This quotation was replaced by a newer version."),
    }
    return messages.get(quotation.status, _("This quotation cannot be changed now."))


def _transition(quotation: Quotation, to_status: str) -> list[str]:
    if not can_transition(quotation, to_status):
        raise QuotationStateError("status", _status_message(quotation))
    quotation.status = to_status
    stamp = _STAMPS[to_status]
    setattr(quotation, stamp, timezone.now())
    return ["status", stamp, "updated_at"]


def is_past_validity(quotation: Quotation, *, today: dt.date | None = None) -> bool:
    return quotation.valid_until < (today or timezone.localdate())


# Statuses a new version can be made from (a draft is edited instead; an
# accepted quotation is locked).
REVISABLE = (QuotationStatus.SENT, QuotationStatus.REJECTED, QuotationStatus.EXPIRED)


def available_actions(quotation: Quotation) -> frozenset[str]:
    """What staff may do to this quotation now, by its state alone (the
    caller adds permissions): edit, send, resend, revise, expire, retry_pdf.
    The services below refuse exactly what this leaves out; resend may still
    be refused for a moment right after an e-mail went (RESEND_PAUSE)."""
    status = quotation.status
    actions = set()
    if status == QuotationStatus.DRAFT:
        actions |= {"edit", "send"}
    if (
        status == QuotationStatus.SENT
        and quotation.pdf_status == PdfStatus.READY
        and quotation.sent_email_queued_at is not None
        and not is_past_validity(quotation)
    ):
        actions.add("resend")
    if status in REVISABLE:
        actions.add("revise")
    if can_transition(quotation, QuotationStatus.EXPIRED):
        actions.add("expire")
    if status != QuotationStatus.DRAFT and quotation.pdf_status == PdfStatus.FAILED:
        actions.add("retry_pdf")
    return frozenset(actions)


def _locked(quotation: Quotation | Any) -> Quotation:
    pk = quotation.pk if isinstance(quotation, Quotation) else quotation
    return (
        Quotation.objects.select_for_update(of=("self",))
        .select_related("client", "inquiry", "owner")
        .get(pk=pk)
    )


def _write_lines(quotation: Quotation, lines: list[dict[str, Any]]) -> list[QuotationLine]:
    QuotationLine.objects.filter(quotation=quotation).delete()
    rows = []
    for position, line in enumerate(lines):
        amounts = pricing.line_amounts(
            quantity=line["quantity"],
            unit_price=line["unit_price"],
            discount_percent=line["discount_percent"],
            tax_rate=line["tax_rate"],
        )
        rows.append(
            QuotationLine(
                quotation=quotation,
                position=position,
                service=line["service"],
                description=line["description"],
                quantity=line["quantity"],
                unit=line["unit"],
                unit_price=line["unit_price"],
                discount_percent=line["discount_percent"],
                tax_rate=line["tax_rate"],
                is_optional=line["is_optional"],
                # Optional items are out of the price until the client ticks them.
                is_selected=not line["is_optional"],
                gross_amount=amounts.gross,
                discount_amount=amounts.discount,
                net_amount=amounts.net,
                tax_amount=amounts.tax,
                line_total=amounts.total,
            )
        )
    QuotationLine.objects.bulk_create(rows)
    return rows


def _store_totals(quotation: Quotation, lines: Iterable[QuotationLine]) -> list[str]:
    totals = pricing.totals_of(lines)
    quotation.subtotal = totals.subtotal
    quotation.discount_total = totals.discount
    quotation.tax_total = totals.tax
    quotation.total = totals.total
    return ["subtotal", "discount_total", "tax_total", "total"]


def _check_belongs(
    client: Client, *, inquiry: Inquiry | None, booking: Booking | None, site: ClientSite | None
) -> None:
    if inquiry is not None and inquiry.client_id != client.pk:
        raise QuotationError("inquiry", _("That inquiry belongs to another client."))
    if booking is not None and booking.client_id != client.pk:
        raise QuotationError("booking", _("That booking belongs to another client."))
    if site is not None and site.client_id != client.pk:
        raise QuotationError("site", _("That site belongs to another client."))


def _check_owner(owner: User | None) -> None:
    """A quotation belongs to someone who can act on it: active staff."""
    if owner is not None and not (owner.is_active and owner.is_staff_member):
        raise QuotationError("owner", _("A quotation belongs to active staff."))


def latest_valid_until(today: dt.date | None = None) -> dt.date:
    """The furthest validity date a quotation may be given (prices, stock and
    exchange rates do not hold for ever): ``QUOTATION_MAX_VALIDITY_DAYS`` ahead."""
    return (today or timezone.localdate()) + dt.timedelta(days=settings.QUOTATION_MAX_VALIDITY_DAYS)


def default_valid_until() -> dt.date:
    days = min(company_settings().quote_validity_days, settings.QUOTATION_MAX_VALIDITY_DAYS)
    return timezone.localdate() + dt.timedelta(days=days)


def check_valid_until(valid_until: dt.date) -> None:
    """A validity date chosen by staff: not past, and not beyond the bound.
    Raises QuotationError naming ``valid_until``."""
    today = timezone.localdate()
    if valid_until < today:
        raise QuotationError("valid_until", _("The validity date has passed."))
    latest = latest_valid_until(today)
    if valid_until > latest:
        raise QuotationError(
            "valid_until",
            _("A quotation can be valid until %(date)s at the latest (%(days)d days ahead).")
            % {
                "date": date_format(latest, "DATE_FORMAT"),
                "days": settings.QUOTATION_MAX_VALIDITY_DAYS,
            },
        )


def create_quotation(
    *,
    client: Client,
    lines: list[dict[str, Any]],
    actor: User,
    inquiry: Inquiry | None = None,
    booking: Booking | None = None,
    site: ClientSite | None = None,
    title: str = "",
    valid_until: dt.date | None = None,
    terms: str | None = None,
    notes: str = "",
    internal_notes: str = "",
    owner: User | None = None,
) -> Quotation:
    """A draft quotation with its lines priced by the server.

    ``lines``: dicts with description, quantity, unit, unit_price,
    discount_percent, tax_rate (one of settings.QUOTATION_TAX_RATES),
    is_optional and optionally service; any totals given are ignored.
    Numbered Q-YYYY-NNNN in the same transaction (no gaps, no duplicates)."""
    _check_belongs(client, inquiry=inquiry, booking=booking, site=site)
    _check_owner(owner)
    cleaned = pricing.clean_lines(lines)
    company = company_settings()
    if valid_until is not None:
        check_valid_until(valid_until)
    with transaction.atomic():
        quotation = Quotation(
            number=next_number(QUOTATION_SERIES),
            version=1,
            client=client,
            inquiry=inquiry,
            booking=booking,
            site=site,
            title=(title or "").strip()[:200],
            currency=company.currency,
            valid_until=valid_until or default_valid_until(),
            terms=company.quote_terms if terms is None else terms,
            notes=notes,
            internal_notes=internal_notes,
            owner=owner or (inquiry.assignee if inquiry and inquiry.assignee_id else actor),
            created_by=actor,
        )
        quotation.save(force_insert=True)
        rows = _write_lines(quotation, cleaned)
        quotation.save(update_fields=[*_store_totals(quotation, rows), "updated_at"])
        record_audit(
            actor=actor,
            action="quotation.created",
            target=quotation,
            changes={"total": quotation.total, "lines": len(rows), "inquiry": inquiry},
        )
        return quotation


def update_draft_quotation(
    *, quotation: Quotation, actor: User, lines: list[dict[str, Any]] | None = None, **changes: Any
) -> Quotation:
    """Change a draft's lines or details. Refused once sent (revise instead)."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable on a quotation: {', '.join(sorted(unknown))}")
    cleaned = pricing.clean_lines(lines) if lines is not None else None
    with transaction.atomic():
        quotation = _locked(quotation)
        if not quotation.is_editable:
            raise QuotationStateError(
                "status",
                _("Only a draft can be edited; revise the quotation to change it.")
                if quotation.status != QuotationStatus.ACCEPTED
                else _("An accepted quotation cannot be changed."),
            )
        if "site" in changes:
            _check_belongs(quotation.client, inquiry=None, booking=None, site=changes["site"])
        if "owner" in changes and changes["owner"] != quotation.owner:
            _check_owner(changes["owner"])
        if changes.get("valid_until") is not None:
            check_valid_until(changes["valid_until"])
        if changes.get("valid_until", True) is None:
            changes.pop("valid_until")
        before = snapshot(quotation, changes)
        for field, value in changes.items():
            setattr(quotation, field, value.strip() if isinstance(value, str) else value)
        fields = [*changes, "updated_at"]
        diff: dict[str, Any] = dict(diff_fields(before, snapshot(quotation, changes)))
        if cleaned is not None:
            old_total = quotation.total
            rows = _write_lines(quotation, cleaned)
            fields += _store_totals(quotation, rows)
            diff["lines"] = len(rows)
            if old_total != quotation.total:
                diff["total"] = [str(old_total), str(quotation.total)]
        quotation.save(update_fields=fields)
        record_audit(actor=actor, action="quotation.updated", target=quotation, changes=diff)
        return quotation


def send_quotation(*, quotation: Quotation, actor: User) -> Quotation:
    """Send a draft: it is locked from here on. The PDF is rendered first
    (background task, retried), and the e-mail with the PDF attached and the
    token link is queued when the PDF is stored (``render_quotation_pdf``)."""
    with transaction.atomic():
        quotation = _locked(quotation)
        if quotation.status != QuotationStatus.DRAFT:
            raise QuotationStateError("status", _status_message(quotation))
        if not quotation.lines.exists():
            raise QuotationError("lines", _("Add at least one line before sending."))
        recipient = lead_messages.quotation_recipient(quotation)
        if not recipient:
            raise QuotationError(
                "client", _("The client has no e-mail address or phone number to send it to.")
            )
        if is_past_validity(quotation):
            raise QuotationError("valid_until", _("The validity date has passed; change it."))
        fields = _transition(quotation, QuotationStatus.SENT)
        quotation.pdf_status = PdfStatus.PENDING
        quotation.pdf_error = ""
        quotation.save(update_fields=[*fields, "pdf_status", "pdf_error"])
        if quotation.inquiry_id:
            advance_inquiry(quotation.inquiry_id, InquiryStatus.QUOTED, actor=actor)
        record_audit(
            actor=actor,
            action="quotation.sent",
            target=quotation,
            changes={"to": recipient, "total": quotation.total},
        )
        _enqueue_pdf(quotation)
        return quotation


def _enqueue_pdf(quotation: Quotation) -> None:
    # Function-level: apps.leads.tasks imports the services at module level,
    # so a module-level import here would close the services ↔ tasks cycle.
    from apps.leads.tasks import render_quotation_pdf

    enqueue_on_commit(render_quotation_pdf, str(quotation.pk))


def retry_quotation_pdf(*, quotation: Quotation, actor: Any) -> Quotation:
    """Staff press "PDF failed — retry": render again (and send when due)."""
    with transaction.atomic():
        quotation = _locked(quotation)
        if quotation.status == QuotationStatus.DRAFT:
            raise QuotationStateError("status", _("A draft's PDF is rendered on preview."))
        if "retry_pdf" not in available_actions(quotation):
            # Ready, or already rendering: a second render would only race it.
            return quotation
        quotation.pdf_status = PdfStatus.PENDING
        quotation.pdf_error = ""
        quotation.save(update_fields=["pdf_status", "pdf_error", "updated_at"])
        record_audit(actor=actor, action="quotation.pdf_retried", target=quotation)
        _enqueue_pdf(quotation)
        return quotation


RESEND_PAUSE = dt.timedelta(minutes=2)


def resend_quotation(*, quotation: Quotation, actor: User) -> Quotation:
    """E-mail a sent quotation to the client again: the same stored PDF and
    token link, as a new ``quotation_sent`` message (its own idempotency
    key, so the outbox sends it). Refused while the first e-mail is still
    waiting for the PDF, once the quotation is decided, replaced or past its
    date, and within two minutes of the last e-mail (a double click sends
    once)."""
    with transaction.atomic():
        quotation = _locked(quotation)
        if quotation.status != QuotationStatus.SENT:
            raise QuotationStateError("status", _status_message(quotation))
        if is_past_validity(quotation):
            raise QuotationStateError(
                "valid_until", _("The validity date has passed; revise the quotation instead.")
            )
        if quotation.pdf_status != PdfStatus.READY or quotation.sent_email_queued_at is None:
            raise QuotationStateError(
                "pdf", _("The PDF is still being prepared; the e-mail goes as soon as it is ready.")
            )
        now = timezone.now()
        if now - quotation.sent_email_queued_at < RESEND_PAUSE:
            raise QuotationStateError(
                "status", _("It was e-mailed a moment ago; wait a few minutes before resending.")
            )
        recipient = lead_messages.quotation_recipient(quotation)
        if not recipient:
            raise QuotationError(
                "client", _("The client has no e-mail address or phone number to send it to.")
            )
        lead_messages.quotation_sent(
            quotation, idempotency_key=f"quotation:{quotation.pk}:resent:{now.isoformat()}"
        )
        quotation.sent_email_queued_at = now
        quotation.save(update_fields=["sent_email_queued_at", "updated_at"])
        record_audit(
            actor=actor, action="quotation.resent", target=quotation, changes={"to": recipient}
        )
        return quotation


def store_quotation_pdf(*, quotation_id: Any) -> Quotation | None:
    """Render and store this version's PDF (stable name ``Q-2026-0001-v1.pdf``),
    keep its SHA-256, and queue the ``quotation_sent`` e-mail with it when the
    quotation is sent and the e-mail has not gone yet. Safe to run twice:
    a version whose PDF is stored is not rendered again (the sent document
    never changes under its hash)."""
    quotation = Quotation.objects.filter(pk=quotation_id).first()
    if quotation is None or quotation.status == QuotationStatus.DRAFT:
        return quotation
    storage = private_storage()
    if quotation.pdf_status != PdfStatus.READY or not quotation.pdf_file:
        # Outside the lock: may take a second.
        data = quotation_pdf.render_quotation_pdf_bytes(quotation)
        name = f"quotations/{quotation.pk}/{quotation.pdf_filename}"
        with transaction.atomic():
            quotation = _locked(quotation)
            if quotation.pdf_status != PdfStatus.READY or not quotation.pdf_file:
                if storage.exists(name):
                    storage.delete(name)
                saved = storage.save(name, ContentFile(data))
                quotation.pdf_file = saved
                quotation.pdf_status = PdfStatus.READY
                quotation.pdf_error = ""
                quotation.pdf_rendered_at = timezone.now()
                quotation.pdf_sha256 = hashlib.sha256(data).hexdigest()
                quotation.save(
                    update_fields=[
                        "pdf_file",
                        "pdf_status",
                        "pdf_error",
                        "pdf_rendered_at",
                        "pdf_sha256",
                        "updated_at",
                    ]
                )
    with transaction.atomic():
        quotation = _locked(quotation)
        if quotation.status == QuotationStatus.SENT and quotation.sent_email_queued_at is None:
            lead_messages.quotation_sent(quotation)
            quotation.sent_email_queued_at = timezone.now()
            quotation.save(update_fields=["sent_email_queued_at", "updated_at"])
    return quotation


def mark_pdf_failed(*, quotation_id: Any, error: str) -> None:
    """The render task gave up: the quotation shows "PDF failed — retry"."""
    with transaction.atomic():
        quotation = Quotation.objects.select_for_update().filter(pk=quotation_id).first()
        if quotation is None or quotation.pdf_status == PdfStatus.READY:
            return
        quotation.pdf_status = PdfStatus.FAILED
        quotation.pdf_error = error[:500]
        quotation.save(update_fields=["pdf_status", "pdf_error", "updated_at"])
        record_audit(
            actor=None,
            action="quotation.pdf_failed",
            target=quotation,
            changes={"error": error[:200]},
        )


def revise_quotation(*, quotation: Quotation, actor: User) -> Quotation:
    """A new draft version with the same number and lines; the old version
    is superseded (its link then says it was replaced)."""
    with transaction.atomic():
        old = _locked(quotation)
        if "revise" not in available_actions(old):
            raise QuotationStateError(
                "status",
                _("Only a sent, rejected or expired quotation can be revised.")
                if old.status != QuotationStatus.ACCEPTED
                else _("An accepted quotation cannot be changed."),
            )
        old.save(update_fields=_transition(old, QuotationStatus.SUPERSEDED))
        new = Quotation(
            number=old.number,
            version=old.version + 1,
            supersedes=old,
            client=old.client,
            inquiry=old.inquiry,
            booking=old.booking,
            site=old.site,
            title=old.title,
            currency=old.currency,
            valid_until=max(old.valid_until, default_valid_until()),
            terms=old.terms,
            notes=old.notes,
            internal_notes=old.internal_notes,
            owner=old.owner,
            created_by=actor,
        )
        new.save(force_insert=True)
        lines = [
            {
                "service": line.service,
                "description": line.description,
                "quantity": line.quantity,
                "unit": line.unit,
                "unit_price": line.unit_price,
                "discount_percent": line.discount_percent,
                "tax_rate": line.tax_rate,
                "is_optional": line.is_optional,
            }
            for line in old.lines.select_related("service")
        ]
        rows = _write_lines(new, lines)
        new.save(update_fields=[*_store_totals(new, rows), "updated_at"])
        record_audit(
            actor=actor,
            action="quotation.revised",
            target=new,
            changes={"supersedes": old.display_number, "version": new.version},
        )
        record_audit(
            actor=actor,
            action="quotation.superseded",
            target=old,
            changes={"by_version": new.version},
        )
        return new


def decision_state(quotation: Quotation) -> str:
    """Whether the client can still answer: "open", or why not (accepted,
    rejected, expired, superseded, draft). A sent quotation past its date is
    "expired" even before the nightly task marks it."""
    if quotation.status == QuotationStatus.SENT:
        return "expired" if is_past_validity(quotation) else "open"
    return str(quotation.status)


def _check_open(quotation: Quotation) -> None:
    state = decision_state(quotation)
    if state == "expired":
        raise QuotationStateError("status", _("This quotation has expired."))
    if state != "open":
        raise QuotationStateError("status", _status_message(quotation))


def accept_quotation(
    *,
    quotation: Quotation,
    signer_name: str,
    chosen_optional_line_ids: Iterable[Any] = (),
    ip: str | None = None,
    user_agent: str = "",
    actor: Any = None,
) -> Quotation:
    """The client accepts: the typed full name is the signature; the chosen
    optional lines join the price. Records IP, browser and time, makes the
    draft invoice from the accepted lines, wins the inquiry, and tells the
    salesperson (``quotation_accepted``). A second accept is refused (409)."""
    signer_name = " ".join(
        clean_person_name(
            signer_name,
            field="signer_name",
            error=QuotationError,
            missing=_("Type your full name to sign."),
        ).split()
    )
    if len(signer_name) < 3:
        raise QuotationError("signer_name", _("Type your full name to sign."))
    if len(signer_name) > 150:
        raise QuotationError("signer_name", _("Keep the name under 150 characters."))
    try:
        chosen = {int(x) for x in chosen_optional_line_ids}
    except (TypeError, ValueError):
        raise QuotationError("optional_lines", _("Choose from the optional items.")) from None
    with transaction.atomic():
        quotation = _locked(quotation)
        _check_open(quotation)
        lines = list(quotation.lines.all())
        optional_ids = {line.pk for line in lines if line.is_optional}
        if chosen - optional_ids:
            raise QuotationError("optional_lines", _("Choose from the optional items."))
        for line in lines:
            if line.is_optional:
                line.is_selected = line.pk in chosen
        QuotationLine.objects.bulk_update([li for li in lines if li.is_optional], ["is_selected"])
        fields = _transition(quotation, QuotationStatus.ACCEPTED)
        fields += _store_totals(quotation, lines)
        quotation.signer_name = signer_name
        quotation.signer_ip = ip or None
        quotation.signer_user_agent = (user_agent or "")[:512]
        quotation.save(update_fields=[*fields, "signer_name", "signer_ip", "signer_user_agent"])
        invoice = create_invoice_from_quotation(quotation=quotation, actor=actor)
        if quotation.inquiry_id:
            advance_inquiry(
                quotation.inquiry_id,
                InquiryStatus.WON,
                actor=actor,
                note=f"{quotation.display_number} accepted",
            )
        record_audit(
            actor=actor,
            action="quotation.accepted",
            target=quotation,
            changes={
                "signer_name": signer_name,
                "optional_lines": sorted(chosen),
                "total": quotation.total,
                "invoice": invoice.number,
            },
            ip=ip,
            user_agent=user_agent,
        )
        lead_messages.quotation_accepted(quotation, invoice)
        return quotation


def reject_quotation(
    *,
    quotation: Quotation,
    reason_code: str,
    reason_text: str = "",
    ip: str | None = None,
    user_agent: str = "",
    actor: Any = None,
) -> Quotation:
    """The client declines, with a reason from the list (and words, required
    for "another reason"). Tells the salesperson (``quotation_rejected``)."""
    reason_text = (reason_text or "").strip()
    if reason_code not in RejectionReason.values:
        raise QuotationError("reason_code", _("Choose a reason from the list."))
    if reason_code == RejectionReason.OTHER and not reason_text:
        raise QuotationError("reason_text", _("Tell us the reason."))
    if len(reason_text) > 2000:
        raise QuotationError("reason_text", _("Keep it under 2,000 characters."))
    with transaction.atomic():
        quotation = _locked(quotation)
        _check_open(quotation)
        fields = _transition(quotation, QuotationStatus.REJECTED)
        quotation.rejection_reason = reason_code
        quotation.rejection_note = reason_text
        quotation.signer_ip = ip or None
        quotation.signer_user_agent = (user_agent or "")[:512]
        quotation.save(
            update_fields=[
                *fields,
                "rejection_reason",
                "rejection_note",
                "signer_ip",
                "signer_user_agent",
            ]
        )
        record_audit(
            actor=actor,
            action="quotation.rejected",
            target=quotation,
            changes={"reason": reason_code, "note": reason_text},
            ip=ip,
            user_agent=user_agent,
        )
        lead_messages.quotation_rejected(quotation)
        return quotation


def request_changes(
    *,
    quotation: Quotation,
    message: str,
    ip: str | None = None,
    user_agent: str = "",
    actor: Any = None,
) -> Quotation:
    """The client asks for changes: the message goes into the inquiry's thread
    (the inquiry is taken up again) and to the salesperson. The quotation
    stays open until staff revise it."""
    message = (message or "").strip()
    if not message:
        raise QuotationError("message", _("Tell us what you would like changed."))
    if len(message) > 5000:
        raise QuotationError("message", _("Keep it under 5,000 characters."))
    with transaction.atomic():
        quotation = _locked(quotation)
        _check_open(quotation)
        quotation.changes_requested_at = timezone.now()
        quotation.change_request = message
        quotation.save(update_fields=["changes_requested_at", "change_request", "updated_at"])
        if quotation.inquiry_id:
            InquiryResponse.objects.create(
                inquiry_id=quotation.inquiry_id,
                kind=ResponseKind.CLIENT_REPLY,
                author=actor if getattr(actor, "is_authenticated", False) else None,
                author_name=quotation.client.name,
                body=_("Changes asked for on %(number)s:\n\n%(message)s")
                % {"number": quotation.display_number, "message": message},
            )
            advance_inquiry(
                quotation.inquiry_id,
                InquiryStatus.IN_PROGRESS,
                actor=actor,
                note=f"changes asked for on {quotation.display_number}",
            )
        record_audit(
            actor=actor,
            action="quotation.changes_requested",
            target=quotation,
            changes={"message": message[:500]},
            ip=ip,
            user_agent=user_agent,
        )
        lead_messages.quotation_changes_requested(quotation)
        return quotation


def mark_expired(*, quotation: Quotation, actor: Any) -> Quotation:
    """Staff close a sent quotation as expired (also what the daily task does)."""
    with transaction.atomic():
        quotation = _locked(quotation)
        if quotation.status == QuotationStatus.EXPIRED:
            return quotation
        quotation.save(update_fields=_transition(quotation, QuotationStatus.EXPIRED))
        record_audit(
            actor=actor,
            action="quotation.expired",
            target=quotation,
            changes={"valid_until": quotation.valid_until},
        )
        return quotation


def expire_quotations(*, today: dt.date | None = None) -> int:
    """Daily: every sent quotation past its validity date becomes expired.
    Safe to run twice (only *sent* rows match); rows being decided right now
    are skipped and caught the next day."""
    today = today or timezone.localdate()
    count = 0
    with transaction.atomic():
        overdue = list(
            Quotation.objects.select_for_update(skip_locked=True)
            .filter(status=QuotationStatus.SENT, valid_until__lt=today)
            .order_by("pk")
        )
        for quotation in overdue:
            quotation.save(update_fields=_transition(quotation, QuotationStatus.EXPIRED))
            record_audit(
                actor=None,
                action="quotation.expired",
                target=quotation,
                changes={"valid_until": quotation.valid_until},
            )
            count += 1
    return count


def requeue_stuck_pdfs(*, older_than_minutes: int = 15) -> int:
    """Safety net for a lost render task: pending PDFs older than this are enqueued again."""
    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    ids = list(
        Quotation.objects.filter(pdf_status=PdfStatus.PENDING, updated_at__lt=cutoff)
        .exclude(status=QuotationStatus.DRAFT)
        .values_list("pk", flat=True)
    )
    # Function-level: apps.leads.tasks imports the services at module level,
    # so a module-level import here would close the services ↔ tasks cycle.
    from apps.leads.tasks import render_quotation_pdf

    for pk in ids:
        render_quotation_pdf.apply_async(args=[str(pk)])
    return len(ids)
