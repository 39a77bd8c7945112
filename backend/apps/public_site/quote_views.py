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

from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views import View

from apps.leads import selectors
from apps.leads.file_responses import quotation_pdf_response
from apps.leads.models import PdfStatus, Quotation
from apps.leads.services.quotations import decision_state
from apps.public_site import quote_detail


class QuotePageView(View):
    template_name = "public_site/quotes/quote.html"

    def _load(self, token: str) -> Quotation | None:
        return selectors.quotation_for_token(token)

    def _render(
        self, request, quotation: Quotation | None, token: str, forms: dict[str, Any] | None = None
    ) -> HttpResponse:
        if quotation is None:
            response = TemplateResponse(request, self.template_name, {"invalid": True}, status=404)
            response["X-Robots-Tag"] = "noindex"
            return response
        context = quote_detail.quote_context(
            quotation,
            pdf_url=reverse("public_site:quote-pdf", args=[token])
            if quotation.pdf_status == PdfStatus.READY
            else "",
            forms=forms,
        )
        response = TemplateResponse(
            request, self.template_name, context, status=400 if forms else 200
        )
        response["X-Robots-Tag"] = "noindex"
        return response

    def get(self, request, token: str):
        return self._render(request, self._load(token), token)

    def post(self, request, token: str):
        quotation = self._load(token)
        action = request.POST.get("action", "")
        if quotation is None or action not in quote_detail.ACTIONS:
            return self._render(request, quotation, token)
        if decision_state(quotation) != "open":
            return self._render(request, quotation, token)  # the page explains why
        done, form = quote_detail.decide(request, quotation, action)
        if done:
            return HttpResponseRedirect(request.path)
        if form is None:  # decided meanwhile (another tab, another device)
            return self._render(request, self._load(token), token)
        return self._render(request, quotation, token, forms={action: form})


class QuotePdfView(View):
    """The stored PDF of the version the token names."""

    def get(self, request, token: str):
        quotation = selectors.quotation_for_token(token)
        if quotation is None:
            raise Http404
        return quotation_pdf_response(quotation, preview_allowed=False)
