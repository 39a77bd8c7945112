"""Quotations: pricing on the server, the status rules, versions, the PDF
hand-off to e-mail, and the customer's decision (with the draft invoice)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from apps.billing.models import Invoice, InvoiceStatus
from apps.billing.selectors import invoice_for_quotation
from apps.billing.services import create_invoice_from_quotation
from apps.core.exceptions import DomainError
from apps.core.models import AuditLog
from apps.leads.models import (
    InquiryStatus,
    PdfStatus,
    QuotationStatus,
    RejectionReason,
)
from apps.leads.services import (
    QuotationStateError,
    accept_quotation,
    create_inquiry,
    expire_quotations,
    mark_expired,
    reject_quotation,
    request_changes,
    revise_quotation,
    send_quotation,
    update_draft_quotation,
)
from apps.leads.tests.conftest import LINES
from apps.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.date_sensitive
def test_totals_are_computed_per_line_with_half_up_rounding(make_quotation):
    quotation = make_quotation()
    lines = list(quotation.lines.all())
    # 2 × 45,000 = 90,000; 10 % off = 9,000; net 81,000; VAT 16 % = 12,960.
    assert (lines[0].gross_amount, lines[0].discount_amount) == (
        Decimal("90000.00"),
        Decimal("9000.00"),
    )
    assert (lines[0].tax_amount, lines[0].line_total) == (Decimal("12960.00"), Decimal("93960.00"))
    # 3.5 × 1,250.50 = 4,376.75; VAT 700.28 (700.28 exactly 700.2800 → 700.28).
    assert lines[1].gross_amount == Decimal("4376.75")
    assert lines[1].tax_amount == Decimal("700.28")
    # The optional line is out of the price until the client ticks it.
    assert lines[2].is_optional and not lines[2].is_selected
    assert quotation.subtotal == Decimal("94376.75")
    assert quotation.discount_total == Decimal("9000.00")
    assert quotation.tax_total == Decimal("13660.28")
    assert quotation.total == Decimal("99037.03")
    assert quotation.number.startswith(f"Q-{timezone.localdate().year}-")
    assert quotation.status == QuotationStatus.DRAFT


def test_half_cent_rounds_up(make_quotation):
    quotation = make_quotation(
        lines=[{"description": "x", "quantity": "1", "unit_price": "0.05", "tax_rate": "16"}]
    )
    # 0.05 × 16 % = 0.008 → 0.01 (half-up at cents).
    assert quotation.lines.get().tax_amount == Decimal("0.01")


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"quantity": "-1"}, "lines[0].quantity"),
        ({"quantity": "0"}, "lines[0].quantity"),
        ({"unit_price": "-5"}, "lines[0].unit_price"),
        ({"unit_price": "abc"}, "lines[0].unit_price"),
        ({"unit_price": "NaN"}, "lines[0].unit_price"),
        ({"tax_rate": "8"}, "lines[0].tax_rate"),
        ({"discount_percent": "120"}, "lines[0].discount_percent"),
        ({"description": ""}, "lines[0].description"),
    ],
)
def test_bad_lines_are_refused_naming_the_field(make_quotation, change, field):
    line = {**LINES[0], **change}
    with pytest.raises(DomainError) as caught:
        make_quotation(lines=[line])
    assert caught.value.field == field


def test_totals_sent_by_the_client_are_ignored(make_quotation):
    line = {**LINES[0], "line_total": "1.00", "total": "1.00", "tax_amount": "0"}
    quotation = make_quotation(lines=[line])
    assert quotation.total == Decimal("93960.00")


def test_numbers_are_sequential(make_quotation):
    first, second = make_quotation(), make_quotation()
    a, b = int(first.number.rsplit("-", 1)[1]), int(second.number.rsplit("-", 1)[1])
    assert b == a + 1


def test_draft_is_editable_sent_is_locked(make_quotation, sales_user):
    quotation = make_quotation()
    update_draft_quotation(
        quotation=quotation, actor=sales_user, title="Two bedrooms", lines=[LINES[1]]
    )
    quotation.refresh_from_db()
    assert quotation.title == "Two bedrooms"
    assert quotation.total == Decimal("5077.03")
    send_quotation(quotation=quotation, actor=sales_user)
    with pytest.raises(QuotationStateError):
        update_draft_quotation(quotation=quotation, actor=sales_user, title="Changed")


def test_sending_renders_the_pdf_then_emails_it_attached(sent_quotation):
    assert sent_quotation.status == QuotationStatus.SENT
    assert sent_quotation.pdf_status == PdfStatus.READY
    assert sent_quotation.pdf_file.endswith(f"{sent_quotation.number}-v1.pdf")
    assert len(sent_quotation.pdf_sha256) == 64
    note = Notification.objects.get(template_key="quotation_sent")
    assert note.attachments[0]["filename"] == f"{sent_quotation.number}-v1.pdf"
    from apps.notifications.services import sweep_outbox

    sweep_outbox(time_budget=5)  # deliver (the grace period is past in the sweep below)
    Notification.objects.filter(pk=note.pk).update(next_attempt_at=timezone.now())
    sweep_outbox(time_budget=5)
    sent = [m for m in mail.outbox if sent_quotation.number in m.subject]
    assert sent, "the quotation e-mail was not sent"
    name, content, mimetype = sent[0].attachments[0]
    assert name == f"{sent_quotation.number}-v1.pdf"
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    import hashlib

    assert hashlib.sha256(content).hexdigest() == sent_quotation.pdf_sha256
    assert "/quotes/" in sent[0].body


def test_pdf_failure_is_retried_then_shown(
    make_quotation, sales_user, monkeypatch, settings, send, run_on_commit
):
    settings.QUOTATION_PDF_MAX_RETRIES = 2
    calls = []

    def broken(quotation):
        calls.append(1)
        raise OSError("fonts missing")

    monkeypatch.setattr("apps.leads.quotation_pdf.render_quotation_pdf_bytes", broken)
    quotation = send(make_quotation())
    # The first attempt failed and asked Celery for a retry (eager mode does
    # not replay it): still pending, nothing e-mailed.
    assert len(calls) == 1
    assert quotation.pdf_status == PdfStatus.PENDING
    # The last allowed attempt fails too: the quotation shows the failure.
    from apps.leads.tasks import render_quotation_pdf

    render_quotation_pdf.apply(args=[str(quotation.pk)], retries=2)
    quotation.refresh_from_db()
    assert len(calls) == 2
    assert quotation.pdf_status == PdfStatus.FAILED
    assert "fonts missing" in quotation.pdf_error
    assert not Notification.objects.filter(template_key="quotation_sent").exists()
    # Staff press retry once rendering works again: PDF stored and the e-mail queued.
    monkeypatch.undo()
    from apps.leads.services import retry_quotation_pdf

    with run_on_commit():
        retry_quotation_pdf(quotation=quotation, actor=sales_user)
    quotation.refresh_from_db()
    assert quotation.pdf_status == PdfStatus.READY
    assert Notification.objects.filter(template_key="quotation_sent").count() == 1


@pytest.mark.date_sensitive
def test_accept_records_signature_chooses_options_and_makes_the_draft_invoice(
    sent_quotation, sales_user
):
    optional = sent_quotation.lines.get(is_optional=True)
    accept_quotation(
        quotation=sent_quotation,
        signer_name="  Hassan   Ali ",
        chosen_optional_line_ids=[optional.pk],
        ip="197.248.1.2",
        user_agent="Mozilla/5.0",
    )
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.ACCEPTED
    assert sent_quotation.signer_name == "Hassan Ali"
    assert sent_quotation.signer_ip == "197.248.1.2"
    assert sent_quotation.accepted_at is not None
    assert sent_quotation.total == Decimal("99037.03") + Decimal("12000.00")
    invoice = Invoice.objects.get(quotation=sent_quotation)
    assert invoice.status == InvoiceStatus.DRAFT
    assert invoice.total == sent_quotation.total
    assert invoice.lines.count() == 3
    assert invoice.number.startswith(f"INV-{timezone.localdate().year}-")
    assert Notification.objects.filter(
        template_key="quotation_accepted", to_address=sales_user.email
    ).exists()
    entry = AuditLog.objects.get(action="quotation.accepted")
    assert entry.ip == "197.248.1.2"
    # Locked for good.
    with pytest.raises(QuotationStateError):
        accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")
    with pytest.raises(QuotationStateError):
        revise_quotation(quotation=sent_quotation, actor=sales_user)
    assert Invoice.objects.count() == 1


def test_a_void_invoice_is_not_the_quotations_invoice(sent_quotation):
    """One rule for every caller: the quotation's invoice is its live one; a
    void invoice is left out, and the hand-off then makes a new draft."""
    accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")
    first = Invoice.objects.get()
    assert invoice_for_quotation(quotation=sent_quotation) == first
    assert create_invoice_from_quotation(quotation=sent_quotation) == first
    Invoice.objects.filter(pk=first.pk).update(status=InvoiceStatus.VOID)
    assert invoice_for_quotation(quotation=sent_quotation) is None
    second = create_invoice_from_quotation(quotation=sent_quotation)
    assert second != first
    assert invoice_for_quotation(quotation=sent_quotation) == second


def test_optional_items_not_chosen_stay_out_of_the_invoice(sent_quotation):
    accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")
    invoice = Invoice.objects.get()
    assert invoice.lines.count() == 2
    assert invoice.total == Decimal("99037.03")


def test_choosing_a_line_of_another_quotation_is_refused(sent_quotation, make_quotation):
    other = make_quotation().lines.get(is_optional=True)
    with pytest.raises(DomainError) as caught:
        accept_quotation(
            quotation=sent_quotation, signer_name="Hassan Ali", chosen_optional_line_ids=[other.pk]
        )
    assert caught.value.field == "optional_lines"


def test_reject_needs_a_reason_from_the_list(sent_quotation, sales_user):
    with pytest.raises(DomainError) as caught:
        reject_quotation(quotation=sent_quotation, reason_code="because")
    assert caught.value.field == "reason_code"
    with pytest.raises(DomainError) as caught:
        reject_quotation(quotation=sent_quotation, reason_code=RejectionReason.OTHER)
    assert caught.value.field == "reason_text"
    reject_quotation(
        quotation=sent_quotation, reason_code=RejectionReason.PRICE, reason_text="Too dear"
    )
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.REJECTED
    note = Notification.objects.get(template_key="quotation_rejected")
    assert note.to_address == sales_user.email
    assert "Too dear" in note.body_text


def test_revision_supersedes_and_copies_lines(sent_quotation, sales_user, send):
    new = revise_quotation(quotation=sent_quotation, actor=sales_user)
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.SUPERSEDED
    assert new.supersedes == sent_quotation
    assert (new.number, new.version, new.status) == (sent_quotation.number, 2, "draft")
    assert new.lines.count() == 3 and new.total == sent_quotation.total
    assert str(new) == f"{new.number} v2"
    with pytest.raises(QuotationStateError):
        accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")
    new = send(new)
    assert new.pdf_file.endswith(f"{new.number}-v2.pdf")


@pytest.mark.date_sensitive
def test_expiry_runs_once_and_blocks_acceptance(sent_quotation, sales_user):
    later = sent_quotation.valid_until + dt.timedelta(days=1)
    assert expire_quotations(today=later) == 1
    assert expire_quotations(today=later) == 0
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.EXPIRED
    with pytest.raises(QuotationStateError):
        accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")
    # Expired can be revised into a fresh version.
    assert revise_quotation(quotation=sent_quotation, actor=sales_user).version == 2


@pytest.mark.date_sensitive
def test_a_sent_quote_past_its_date_cannot_be_accepted_before_the_task_runs(sent_quotation):
    type(sent_quotation).objects.filter(pk=sent_quotation.pk).update(
        valid_until=timezone.localdate() - dt.timedelta(days=1)
    )
    with pytest.raises(QuotationStateError):
        accept_quotation(quotation=sent_quotation, signer_name="Hassan Ali")


def test_staff_mark_expired(sent_quotation, sales_user):
    mark_expired(quotation=sent_quotation, actor=sales_user)
    sent_quotation.refresh_from_db()
    assert sent_quotation.status == QuotationStatus.EXPIRED
    assert AuditLog.objects.filter(action="quotation.expired", actor=sales_user).exists()


def test_full_flow_from_inquiry_to_won(sales_user, lead_client, send):
    inquiry = create_inquiry(
        name="Hassan Ali", email="hassan@nyalifresh.example", message="Cold room please"
    )
    assert inquiry.assignee == sales_user  # the only Sales user (round-robin)
    from apps.leads.services import create_quotation

    quotation = create_quotation(
        client=inquiry.client, inquiry=inquiry, lines=[LINES[0]], actor=sales_user
    )
    assert quotation.owner == sales_user
    send(quotation)
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.QUOTED
    request_changes(quotation=quotation, message="Smaller unit please")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.IN_PROGRESS
    assert inquiry.responses.filter(body__contains="Smaller unit").exists()
    assert Notification.objects.filter(template_key="quotation_changes_requested").exists()
    accept_quotation(quotation=quotation, signer_name="Hassan Ali")
    inquiry.refresh_from_db()
    assert inquiry.status == InquiryStatus.WON
    actions = set(AuditLog.objects.values_list("action", flat=True))
    assert {
        "inquiry.created",
        "quotation.created",
        "quotation.sent",
        "quotation.changes_requested",
        "quotation.accepted",
        "invoice.created",
        "inquiry.status_changed",
    } <= actions


def test_quotation_for_another_clients_inquiry_is_refused(make_quotation, db):
    other = create_inquiry(name="Someone Else", email="else@example.com", message="Hi")
    with pytest.raises(DomainError) as caught:
        make_quotation(inquiry=other)
    assert caught.value.field == "inquiry"


@pytest.mark.real_pdf
def test_rendering_a_pdf_keeps_pillow_strict_about_truncated_images(make_quotation):
    from PIL import ImageFile

    from apps.leads.quotation_pdf import render_quotation_pdf_bytes

    render_quotation_pdf_bytes(make_quotation())
    assert ImageFile.LOAD_TRUNCATED_IMAGES is False


def test_available_actions_follow_the_state_and_the_services_agree(
    make_quotation, send, sales_user, run_on_commit
):
    """One table of what staff may do; the services refuse what it leaves out."""
    from apps.leads.models import PdfStatus, QuotationStatus
    from apps.leads.services import available_actions, retry_quotation_pdf, revise_quotation

    draft = make_quotation()
    assert available_actions(draft) == {"edit", "send"}
    sent = send(draft)
    assert available_actions(sent) == {"resend", "revise", "expire"}
    # A PDF still rendering offers no retry, and a retry then starts no second render.
    type(sent).objects.filter(pk=sent.pk).update(pdf_status=PdfStatus.PENDING)
    sent.refresh_from_db()
    assert "retry_pdf" not in available_actions(sent)
    with run_on_commit():
        retry_quotation_pdf(quotation=sent, actor=sales_user)
    assert not AuditLog.objects.filter(action="quotation.pdf_retried").exists()
    type(sent).objects.filter(pk=sent.pk).update(pdf_status=PdfStatus.FAILED)
    sent.refresh_from_db()
    assert "retry_pdf" in available_actions(sent) and "resend" not in available_actions(sent)
    type(sent).objects.filter(pk=sent.pk).update(status=QuotationStatus.ACCEPTED)
    sent.refresh_from_db()
    assert "revise" not in available_actions(sent)
    with pytest.raises(DomainError):
        revise_quotation(quotation=sent, actor=sales_user)


def test_a_quotation_belongs_to_active_staff(make_quotation, sales_user, client_user):
    """The owner is checked by the service, whatever door sets it."""
    from apps.leads.services import update_draft_quotation

    with pytest.raises(DomainError) as caught:
        make_quotation(owner=client_user)
    assert caught.value.field == "owner"
    draft = make_quotation()
    with pytest.raises(DomainError):
        update_draft_quotation(quotation=draft, actor=sales_user, owner=client_user)
    sales_user.is_active = False
    sales_user.save()
    with pytest.raises(DomainError):
        make_quotation(owner=sales_user)
