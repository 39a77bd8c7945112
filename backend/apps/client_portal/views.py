"""The client portal's pages. Every view goes through ClientPortalMixin and
reads only the signed-in client's records."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from apps.accounts.forms import PasswordChangeForm
from apps.client_portal import forms
from apps.client_portal.access import ClientPortalMixin
from apps.client_portal.booking_views import upcoming_bookings
from apps.client_portal.inquiry_views import decorate
from apps.client_portal.navigation import portal_crumbs
from apps.client_portal.quote_views import decorate_quote
from apps.core.forms import apply_service_errors
from apps.leads import selectors as lead_selectors
from apps.leads import services as lead_services
from apps.users import services as user_services

SECTIONS = {
    "bookings": (
        gettext_lazy("Bookings"),
        "calendar",
        gettext_lazy("Your visits: upcoming and past, with their status."),
    ),
    "inquiries": (
        gettext_lazy("Requests"),
        "chat",
        gettext_lazy("Your quote requests and questions, with our replies."),
    ),
    "quotes": (
        gettext_lazy("Quotes"),
        "document",
        gettext_lazy("Quotes we sent you, to accept or decline, and their PDFs."),
    ),
    "invoices": (
        gettext_lazy("Invoices"),
        "receipt",
        gettext_lazy("Your invoices and payments, with PDFs."),
    ),
    "sites": (
        gettext_lazy("Sites & equipment"),
        "building",
        gettext_lazy("Your premises and the units we installed or service there."),
    ),
}


class DashboardView(ClientPortalMixin, TemplateView):
    template_name = "client_portal/dashboard.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            nav_active="dashboard",
            client=lead_selectors.client_of_user(user=self.request.user),
            sections=[(key, *values) for key, values in SECTIONS.items()],
            upcoming_bookings=list(upcoming_bookings(self.request.user)[:3]),
            awaiting_quotes=[
                decorate_quote(q)
                for q in lead_selectors.quotations_awaiting_answer(self.request.user)[:3]
            ],
            new_replies=[
                decorate(i) for i in lead_selectors.inquiries_with_new_reply(self.request.user)[:3]
            ],
            **kwargs,
        )


class SectionView(ClientPortalMixin, TemplateView):
    template_name = "client_portal/section.html"
    section = ""

    def get_context_data(self, **kwargs):
        label, icon, summary = SECTIONS[self.section]
        return super().get_context_data(
            nav_active=self.section,
            label=label,
            icon=icon,
            summary=summary,
            crumbs=portal_crumbs((label, None)),
            **kwargs,
        )


class ProfileView(ClientPortalMixin, View):
    """One page, several forms; each posts to its own URL and, on an error,
    this page comes back with that form's input and errors."""

    template_name = "client_portal/profile.html"

    def render_page(self, request, status=200, **bound):
        user = request.user
        client = lead_selectors.client_of_user(user=user)
        prefs_initial = {
            "accepts_email": client.accepts_email if client else True,
            "accepts_sms": client.accepts_sms if client else True,
            "accepts_whatsapp": client.accepts_whatsapp if client else True,
            "marketing_opt_in": client.marketing_opt_in if client else False,
        }
        context = {
            "nav_active": "profile",
            "crumbs": portal_crumbs((_("Profile"), None)),
            "profile_form": bound.get("profile_form")
            or forms.ProfileForm(initial={"full_name": user.full_name, "phone": user.phone}),
            "email_form": bound.get("email_form") or forms.EmailChangeForm(),
            "password_form": bound.get("password_form") or PasswordChangeForm(),
            "preferences_form": bound.get("preferences_form")
            or forms.PreferencesForm(initial=prefs_initial),
            "two_factor": user_services.has_two_factor(user),
            "client": client,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request):
        return self.render_page(request)


class ProfileDetailsView(ProfileView):
    def post(self, request):
        form = forms.ProfileForm(request.POST)
        if form.is_valid():
            try:
                user_services.update_profile(
                    user=request.user,
                    full_name=form.cleaned_data["full_name"],
                    phone=form.cleaned_data["phone"] or "",
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("Your details are saved."))
                return redirect("client_portal:profile")
        return self.render_page(request, status=400, profile_form=form)


class ProfileEmailView(ProfileView):
    def post(self, request):
        form = forms.EmailChangeForm(request.POST)
        if form.is_valid():
            try:
                user_services.request_email_change(
                    user=request.user,
                    new_email=form.cleaned_data["email"],
                    password=form.cleaned_data["password"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("We sent a link to %(email)s. Your address changes when you open it.")
                    % {"email": form.cleaned_data["email"]},
                )
                return redirect("client_portal:profile")
        return self.render_page(request, status=400, email_form=form)


class ProfilePreferencesView(ProfileView):
    def post(self, request):
        form = forms.PreferencesForm(request.POST)
        if form.is_valid():
            lead_services.update_own_contact_preferences(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your preferences are saved."))
            return redirect("client_portal:profile")
        return self.render_page(request, status=400, preferences_form=form)
