"""/quotes/<token>/: the quotation a customer opens from the e-mail or the
PDF's QR code, without an account.

GET only shows (mail scanners open every link): the quotation, its optional
items, totals, validity, terms, the PDF, and the Accept / Reject / Ask for
changes forms. POST does the one action named by ``action`` through the
leads services. A link that can no longer act (decided, replaced, expired)
still answers 200 with a page that says so; a link that is not valid at all
answers 404 with a page that says so."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View

from apps.core.exceptions import DomainError
from apps.core.request_meta import client_ip, user_agent
from apps.leads import selectors, services
from apps.leads.file_responses import quotation_pdf_response
from apps.leads.models import PdfStatus, Quotation, QuotationStatus
from apps.leads.services.pricing import format_money, tax_breakdown
from apps.leads.services.quotations import is_past_validity
from apps.public_site.quote_forms import AcceptForm, ChangesForm, RejectForm

ACTIONS = ("accept", "reject", "changes")


def _state(quotation: Quotation) -> str:
    """What the page can offer: "open", or why it cannot act any more."""
    if quotation.status == QuotationStatus.SENT:
        return "expired" if is_past_validity(quotation) else "open"
    return str(quotation.status)


def _optional_choices(quotation: Quotation) -> list[tuple[int, str]]:
    return [
        (line.pk, f"{line.description} (+ {format_money(line.line_total, quotation.currency)})")
        for line in quotation.lines.all()
        if line.is_optional
    ]


def _book_url(quotation: Quotation) -> str:
    for line in quotation.lines.all():
        if line.service_id and line.service is not None:
            return f"/book/?service={line.service.slug}"
    return "/book/"


class QuotePageView(View):
    template_name = "public_site/quotes/quote.html"

    def _load(self, token: str) -> Quotation | None:
        quotation = selectors.quotation_for_token(token)
        if quotation is None or quotation.status == QuotationStatus.DRAFT:
            return None
        return quotation

    def _render(
        self, request, quotation: Quotation | None, token: str, forms: dict[str, Any] | None = None
    ) -> HttpResponse:
        if quotation is None:
            response = TemplateResponse(request, self.template_name, {"invalid": True}, status=404)
            response["X-Robots-Tag"] = "noindex"
            return response
        lines = list(quotation.lines.all())
        money = lambda amount: format_money(amount, quotation.currency)  # noqa: E731
        choices = _optional_choices(quotation)
        forms = forms or {}
        context = {
            "q": quotation,
            "token": token,
            "state": _state(quotation),
            "lines": [
                {"line": li, "unit_price": money(li.unit_price), "amount": money(li.net_amount)}
                for li in lines
                if not li.is_optional
            ],
            "optional_lines": [
                {
                    "line": li,
                    "unit_price": money(li.unit_price),
                    "total": money(li.line_total),
                }
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
            "book_visit_url": _book_url(quotation),
            "pdf_url": reverse("public_site:quote-pdf", args=[token])
            if quotation.pdf_status == PdfStatus.READY
            else "",
            "accept_form": forms.get("accept") or AcceptForm(optional_choices=choices),
            "reject_form": forms.get("reject") or RejectForm(),
            "changes_form": forms.get("changes") or ChangesForm(),
            "open_form": next(iter(forms), ""),
        }
        response = TemplateResponse(
            request, self.template_name, context, status=400 if forms else 200
        )
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"  # the token must not leak in Referer
        return response

    def get(self, request, token: str):
        return self._render(request, self._load(token), token)

    def post(self, request, token: str):
        quotation = self._load(token)
        action = request.POST.get("action", "")
        if quotation is None or action not in ACTIONS:
            return self._render(request, quotation, token)
        if _state(quotation) != "open":
            return self._render(request, quotation, token)  # the page explains why
        meta = {"ip": client_ip(request), "user_agent": user_agent(request), "actor": None}
        if request.user.is_authenticated and request.user.is_client:
            meta["actor"] = request.user
        form: Any
        try:
            if action == "accept":
                form = AcceptForm(request.POST, optional_choices=_optional_choices(quotation))
                if form.is_valid():
                    services.accept_quotation(
                        quotation=quotation,
                        signer_name=form.cleaned_data["signer_name"],
                        chosen_optional_line_ids=form.cleaned_data.get("optional_lines") or [],
                        **meta,
                    )
                    messages.success(request, _("Thank you: you have accepted the quotation."))
                    return HttpResponseRedirect(request.path)
            elif action == "reject":
                form = RejectForm(request.POST)
                if form.is_valid():
                    services.reject_quotation(
                        quotation=quotation,
                        reason_code=form.cleaned_data["reason_code"],
                        reason_text=form.cleaned_data["reason_text"],
                        **meta,
                    )
                    messages.info(request, _("Thank you for letting us know."))
                    return HttpResponseRedirect(request.path)
            else:
                form = ChangesForm(request.POST)
                if form.is_valid():
                    services.request_changes(
                        quotation=quotation, message=form.cleaned_data["message"], **meta
                    )
                    messages.success(request, _("Thank you: we will send you a revised quotation."))
                    return HttpResponseRedirect(request.path)
        except DomainError as exc:
            if exc.conflict:  # decided meanwhile (another tab, another device)
                return self._render(request, self._load(token), token)
            field = exc.field if exc.field in form.fields else None
            form.add_error(field, exc.message)
        return self._render(request, quotation, token, forms={action: form})


class QuotePdfView(View):
    """The stored PDF of the version the token names."""

    def get(self, request, token: str):
        quotation = selectors.quotation_for_token(token)
        if quotation is None:
            raise Http404
        return quotation_pdf_response(quotation, preview_allowed=False)
