"""The client's quotations: the list (the current version of each; drafts
never), one quotation with its lines, totals, terms and PDF, and the answers
(accept with their name, decline with a reason, ask for changes) through the
same forms and services as the e-mailed link's page (``quote_detail``).

Every read starts from ``quotations_for_client(request.user)``, so another
client's quotation, or a draft, is a 404. The detail path is the one
``apps.leads.links.PORTAL_QUOTATION_PATH`` names."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.client_portal.access import ClientPortalMixin
from apps.client_portal.navigation import portal_crumbs
from apps.leads import selectors as lead_selectors
from apps.leads.file_responses import quotation_pdf_response
from apps.leads.models import PdfStatus, Quotation, QuotationStatus
from apps.leads.services.quotations import decision_state
from apps.public_site import quote_detail

PAGE_SIZE = 10
SHOW = {"open": gettext_lazy("Awaiting your answer"), "all": gettext_lazy("All quotes")}
STATES = {
    "open": ("sent", gettext_lazy("Awaiting your answer")),
    "expired": ("expired", gettext_lazy("Expired")),
    "accepted": ("accepted", gettext_lazy("Accepted")),
    "rejected": ("rejected", gettext_lazy("Declined")),
    "superseded": ("pending", gettext_lazy("Being revised")),
}


def decorate_quote(quotation: Quotation) -> Quotation:
    state = decision_state(quotation)
    badge, label = STATES.get(state, ("", quotation.get_status_display()))
    quotation.state, quotation.badge, quotation.state_label = state, badge, label  # type: ignore[attr-defined]
    return quotation


class QuoteListView(ClientPortalMixin, TemplateView):
    """``/portal/quotes/?show=open|all&q=``. Queries (after the session and
    user): company settings, the two tab counts in one, the page."""

    template_name = "client_portal/quotes/list.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        show = self.request.GET.get("show", "")
        search = self.request.GET.get("q", "").strip()[:100]
        base = lead_selectors.quotations_for_client(user, current_only=True)
        if search:
            base = base.filter(Q(number__icontains=search) | Q(title__icontains=search))
        counts = base.aggregate(
            open=Count("pk", filter=lead_selectors.awaiting_answer()), all=Count("pk")
        )
        if show not in SHOW:
            # Straight to what needs an answer, when something does.
            show = "open" if counts["open"] else "all"
        qs = base.filter(lead_selectors.awaiting_answer()) if show == "open" else base
        paginator = Paginator(qs.order_by("-created_at"), PAGE_SIZE)
        paginator.count = counts[show]  # type: ignore[misc]
        page = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            nav_active="quotes",
            show=show,
            search=search,
            tabs=[(key, label, counts[key]) for key, label in SHOW.items()],
            page=page,
            quotes=[decorate_quote(q) for q in page.object_list],
            crumbs=portal_crumbs((_("Quotes"), None)),
            **kwargs,
        )


class QuoteDetailView(ClientPortalMixin, View):
    """``/portal/quotes/<id>/``: GET shows; POST carries out ``action``
    (accept, reject, changes) while the quotation is open."""

    template_name = "client_portal/quotes/detail.html"

    def get_quotation(self, request: HttpRequest, pk) -> Quotation:
        if not lead_selectors.quotations_for_client(request.user).filter(pk=pk).exists():
            raise Http404("no such quotation of yours")
        quotation = lead_selectors.quotation_detail(pk)
        if quotation is None:
            raise Http404("no such quotation of yours")
        return quotation

    def render_page(self, request: HttpRequest, quotation: Quotation, forms=None, status=200):
        newer = getattr(quotation, "superseded_by", None)
        context = quote_detail.quote_context(
            quotation,
            pdf_url=reverse("client_portal:quote-pdf", args=[quotation.pk])
            if quotation.pdf_status == PdfStatus.READY
            else "",
            forms=forms,
            newer_url=reverse("client_portal:quote-detail", args=[newer.pk])
            if newer is not None and newer.status != QuotationStatus.DRAFT
            else "",
        )
        context.update(
            nav_active="quotes",
            in_portal=True,
            inquiry_url=reverse("client_portal:inquiry-detail", args=[quotation.inquiry.reference])
            if quotation.inquiry is not None
            else "",
            crumbs=portal_crumbs(
                (_("Quotes"), reverse("client_portal:quotes")), (quotation.display_number, None)
            ),
        )
        return render(request, self.template_name, context, status=status)

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        return self.render_page(request, self.get_quotation(request, pk))

    def post(self, request: HttpRequest, pk) -> HttpResponse:
        quotation = self.get_quotation(request, pk)
        action = request.POST.get("action", "")
        if action not in quote_detail.ACTIONS or decision_state(quotation) != "open":
            # Decided, replaced or expired meanwhile: the page says so.
            return redirect("client_portal:quote-detail", pk=pk)
        done, form = quote_detail.decide(request, quotation, action)
        if done or form is None:
            return redirect("client_portal:quote-detail", pk=pk)
        return self.render_page(request, quotation, forms={action: form}, status=400)


class QuotePdfView(ClientPortalMixin, View):
    """The stored PDF of one of the client's quotations (never a draft)."""

    def get(self, request: HttpRequest, pk) -> HttpResponse:
        quotation = lead_selectors.quotations_for_client(request.user).filter(pk=pk).first()
        if quotation is None:
            raise Http404("no such quotation of yours")
        return quotation_pdf_response(quotation, preview_allowed=False)
