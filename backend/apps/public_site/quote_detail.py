"""One quotation as its client sees it, and the three answers a client can
give: the block and the actions the token page (``/quotes/<token>/``) and the
client portal's quote page share, so both show the same thing and go
through the same forms and services (``accept_quotation``,
``reject_quotation``, ``request_changes``) with the IP and browser recorded."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import gettext as _

from apps.core.exceptions import DomainError
from apps.core.request_meta import client_ip, user_agent
from apps.leads import services
from apps.leads.models import Quotation
from apps.leads.services.pricing import format_money, tax_breakdown
from apps.leads.services.quotations import decision_state
from apps.public_site.quote_forms import AcceptForm, ChangesForm, RejectForm

ACTIONS = ("accept", "reject", "changes")


def optional_choices(quotation: Quotation) -> list[tuple[int, str]]:
    return [
        (line.pk, f"{line.description} (+ {format_money(line.line_total, quotation.currency)})")
        for line in quotation.lines.all()
        if line.is_optional
    ]


def book_visit_url(quotation: Quotation) -> str:
    """Where "Book the installation visit" goes: the booking page with the
    quotation's first service that can be booked online chosen. Empty when
    none can (a survey-first service, or only free-text lines): staff then
    call to plan the work, as the accepted box says."""
    for line in quotation.lines.all():
        if line.service_id and line.service is not None and line.service.can_be_booked:
            return f"/book/?service={line.service.slug}"
    return ""


def quote_context(
    quotation: Quotation,
    *,
    pdf_url: str,
    forms: dict[str, Any] | None = None,
    newer_url: str = "",
) -> dict[str, Any]:
    """Everything ``public_site/quotes/_detail.html`` needs. ``forms`` holds
    the one bound form that failed (its errors and input are shown)."""
    lines = list(quotation.lines.all())
    forms = forms or {}

    def money(amount):
        return format_money(amount, quotation.currency)

    return {
        "q": quotation,
        "state": decision_state(quotation),
        "lines": [
            {"line": li, "unit_price": money(li.unit_price), "amount": money(li.net_amount)}
            for li in lines
            if not li.is_optional
        ],
        "optional_lines": [
            {"line": li, "unit_price": money(li.unit_price), "total": money(li.line_total)}
            for li in lines
            if li.is_optional
        ],
        "taxes": [
            {"rate": rate.normalize(), "tax": money(tax)}
            for rate, _net, tax in tax_breakdown(lines)
        ],
        "subtotal": money(quotation.subtotal),
        "discount": money(quotation.discount_total),
        "tax": money(quotation.tax_total),
        "total": money(quotation.total),
        "newer": getattr(quotation, "superseded_by", None),
        "newer_url": newer_url,
        "book_visit_url": book_visit_url(quotation),
        "pdf_url": pdf_url,
        "accept_form": forms.get("accept")
        or AcceptForm(optional_choices=optional_choices(quotation)),
        "reject_form": forms.get("reject") or RejectForm(),
        "changes_form": forms.get("changes") or ChangesForm(),
        "open_form": next(iter(forms), ""),
    }


def decide(request: HttpRequest, quotation: Quotation, action: str) -> tuple[bool, Any]:
    """Carry out the POSTed answer (``action`` is one of ACTIONS and the
    quotation is open). Returns ``(done, form)``: ``done`` with a flash
    message set; else the bound form with its errors, or ``None`` when the
    quotation was decided meanwhile (another tab, another device) and the
    page should just show its new state."""
    meta: dict[str, Any] = {"ip": client_ip(request), "user_agent": user_agent(request)}
    user = request.user
    meta["actor"] = user if user.is_authenticated and getattr(user, "is_client", False) else None
    form: Any
    if action == "accept":
        form = AcceptForm(request.POST, optional_choices=optional_choices(quotation))
    elif action == "reject":
        form = RejectForm(request.POST)
    else:
        form = ChangesForm(request.POST)
    if not form.is_valid():
        return False, form
    data = form.cleaned_data
    try:
        if action == "accept":
            services.accept_quotation(
                quotation=quotation,
                signer_name=data["signer_name"],
                chosen_optional_line_ids=data.get("optional_lines") or [],
                **meta,
            )
            messages.success(request, _("Thank you: you have accepted the quotation."))
        elif action == "reject":
            services.reject_quotation(
                quotation=quotation,
                reason_code=data["reason_code"],
                reason_text=data["reason_text"],
                **meta,
            )
            messages.info(request, _("Thank you for letting us know."))
        else:
            services.request_changes(quotation=quotation, message=data["message"], **meta)
            messages.success(request, _("Thank you: we will send you a revised quotation."))
    except DomainError as exc:
        if exc.conflict:
            return False, None
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        return False, form
    return True, form
