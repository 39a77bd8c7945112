"""``/quote/``: "Request a quote", and its confirmation page.

One form: the service (preselected with ``?service=<slug>``, as the service
pages link), contact details, where, what is needed, up to five photos or
PDFs, and the offers opt-in. A valid request goes through ``create_inquiry``
(source: the quote request form), which checks the files by their content,
routes the request to a salesperson and confirms by e-mail; the customer
lands on ``/quote/sent/<token>/`` with the reference.

Everything typed survives an error. Files cannot be put back into a file
input, so files that pass the checks while another field has an error are
kept server-side for this session (``kept_uploads``) and shown as "kept";
a file that fails the checks is named in the error next to the field."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from apps.catalog.selectors import public_services
from apps.core.exceptions import DomainError
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.leads.models import InquirySource
from apps.leads.services.attachments import AttachmentError, validate_attachments
from apps.leads.tokens import inquiry_access_token
from apps.public_site import kept_uploads
from apps.public_site.quote_request_forms import QuoteRequestForm, attachment_limits
from apps.public_site.throttles import THROTTLED_MESSAGE, inquiry_throttled

no_cache = method_decorator(never_cache, name="dispatch")


def signed_in_client(request: HttpRequest):
    user = request.user
    return user if user.is_authenticated and user.is_active and user.is_client else None


def _initial(request: HttpRequest, services: dict) -> dict:
    """``?service=`` and, for a signed-in client, their contact details."""
    initial = {}
    slug = request.GET.get("service", "").strip()
    if slug in services:
        initial["service"] = slug
    user = signed_in_client(request)
    if user is not None:
        client = lead_selectors.client_of_user(user=user)
        phone = (client.phone if client else None) or user.phone
        initial.update(
            name=(client.name if client else "") or user.full_name,
            email=(client.email if client else "") or user.email,
            phone=phone.as_national if getattr(phone, "as_national", None) else phone or "",
            location=(client.town if client else "") or "",
        )
    return {key: value for key, value in initial.items() if value}


@no_cache
class QuoteRequestView(View):
    template_name = "public_site/quotes/request.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        # A fresh visit starts empty: files kept from an abandoned attempt go.
        kept_uploads.forget(request)
        services = list(public_services())
        form = QuoteRequestForm(
            services=services, initial=_initial(request, {s.slug: s for s in services})
        )
        return self.render(request, form, kept=[], status=200)

    def post(self, request: HttpRequest) -> HttpResponse:
        services = list(public_services())
        held = kept_uploads.kept(request)
        chosen = set(request.POST.getlist("keep")) & {k.token for k in held}
        form = QuoteRequestForm(
            request.POST, request.FILES, services=services, kept_count=len(chosen)
        )
        if form.is_spam:
            # Robots are told it worked; nothing is stored or sent.
            kept_uploads.forget(request)
            return render(request, "public_site/quotes/request_sent.html", {"inquiry": None})
        if form.is_valid():
            if inquiry_throttled(request):
                form.add_error(None, THROTTLED_MESSAGE)
                return self.render(request, form, kept=self._kept(request, chosen), status=429)
            try:
                inquiry = self.create(request, form, chosen)
            except DomainError as exc:
                field = exc.field if exc.field in form.fields else None
                form.add_error(field, exc.message)
                if field != "attachments":
                    self.hold_new_files(request, form, chosen)
                return self.render(request, form, kept=self._kept(request, chosen), status=400)
            kept_uploads.forget(request)
            return redirect("public_site:quote-sent", token=inquiry_access_token(inquiry))
        if "attachments" not in form.errors:
            self.hold_new_files(request, form, chosen)
        return self.render(request, form, kept=self._kept(request, chosen), status=400)

    # --- steps -----------------------------------------------------------------

    def create(self, request: HttpRequest, form: QuoteRequestForm, chosen: set[str]):
        data = form.cleaned_data
        user = signed_in_client(request)
        return lead_services.create_inquiry(
            name=data["name"],
            email=data["email"],
            phone=data["phone"],
            message=data["message"],
            service=data["service"],
            site_address=data["location"],
            source=InquirySource.WEBSITE_FORM,
            attachments=[*kept_uploads.reopen(request, list(chosen)), *data["attachments"]],
            user=user,
            actor=user,
            marketing_opt_in=data["marketing_opt_in"],
        )

    def hold_new_files(self, request: HttpRequest, form: QuoteRequestForm, chosen: set[str]):
        """Another field is wrong: check the new files now and keep the good
        ones for the next try (a bad file is named next to the field)."""
        files = [f for f in request.FILES.getlist("attachments") if f]
        if not files:
            return
        try:
            clean = validate_attachments(files, already=len(chosen))
        except AttachmentError as exc:
            form.add_error("attachments", exc.message)
            return
        if inquiry_throttled(request):
            form.add_error("attachments", _("Please choose your files again when you send."))
            return
        chosen.update(k.token for k in kept_uploads.keep(request, clean))

    @staticmethod
    def _kept(request: HttpRequest, chosen: set[str]) -> list:
        """The kept files still ticked; unticked ones are deleted now."""
        kept_uploads.forget(request, keep_tokens=list(chosen))
        return kept_uploads.kept(request)

    def render(self, request: HttpRequest, form: QuoteRequestForm, *, kept: list, status: int):
        service = None
        value = form["service"].value()
        if value:
            service = form.services.get(str(value))
        context = {
            "form": form,
            "kept": kept,
            "room": max(attachment_limits()["count"] - len(kept), 0),
            "service": service,
            "crumbs": [(_("Home"), reverse("public_site:home")), (_("Request a quote"), None)],
        }
        return render(request, self.template_name, context, status=status)


@no_cache
class QuoteRequestSentView(View):
    """The confirmation, opened with the inquiry's token (unguessable)."""

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        inquiry = lead_selectors.inquiry_for_token(token)
        if inquiry is None:
            raise Http404("no such quote request")
        user = request.user
        owner = bool(
            user.is_authenticated
            and inquiry.client.user_id
            and inquiry.client.user_id == user.pk
            and getattr(user, "is_client", False)
        )
        response = render(
            request,
            "public_site/quotes/request_sent.html",
            {
                "inquiry": inquiry,
                "portal_url": reverse("client_portal:inquiry-detail", args=[inquiry.reference])
                if owner
                else "",
            },
        )
        response["X-Robots-Tag"] = "noindex"
        return response
