"""The public website's pages. Content comes from the domain apps as they land."""

from __future__ import annotations

from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView

from apps.core.context_processors import COOKIE_CONSENT_COOKIE

CONSENT_CHOICES = ("essential", "all")
CONSENT_MAX_AGE = 60 * 60 * 24 * 365


class HomeView(TemplateView):
    template_name = "public_site/home.html"


class PlaceholderPageView(TemplateView):
    template_name = "public_site/placeholder.html"
    page_title = ""
    summary = ""

    def get_context_data(self, **kwargs):
        crumbs = [(_("Home"), reverse("public_site:home")), (self.page_title, None)]
        return super().get_context_data(
            page_title=self.page_title, summary=self.summary, crumbs=crumbs, **kwargs
        )


class CookieConsentView(View):
    """Remembers the visitor's answer to the cookie banner. Works without
    JavaScript: the banner is a form. Nothing non-essential is set before
    the answer is "all" (analytics reads ``cookie_consent`` in templates)."""

    def post(self, request):
        choice = request.POST.get("choice", "")
        target = request.POST.get("next") or "/"
        if not url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            target = "/"
        response = HttpResponseRedirect(target)
        if choice in CONSENT_CHOICES:
            response.set_cookie(
                COOKIE_CONSENT_COOKIE,
                choice,
                max_age=CONSENT_MAX_AGE,
                samesite="Lax",
                secure=request.is_secure(),
                httponly=True,
            )
        return response
