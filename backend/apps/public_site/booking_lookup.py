"""``/bookings/find/``: a customer who lost the link finds their booking by
its reference plus the e-mail or phone number they booked with (a phone is
compared normalised, so 0722… and +254722… match). A wrong answer says the
same whatever was wrong, and attempts are limited per address."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache

from apps.leads import selectors as lead_selectors
from apps.leads.tokens import booking_access_token
from apps.public_site.booking_forms import FindBookingForm
from apps.public_site.throttles import BookingLookupThrottle


@method_decorator(never_cache, name="dispatch")
class FindBookingView(View):
    template_name = "public_site/booking/find.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, self.template_name, {"form": FindBookingForm()})

    def post(self, request: HttpRequest) -> HttpResponse:
        form = FindBookingForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, {"form": form}, status=400)
        # DRF's throttles read only request.user and request.META: a Django request will do.
        if not BookingLookupThrottle().allow_request(request, None):  # type: ignore[arg-type]
            form.add_error(
                None, _("Too many tries from your connection. Please wait an hour or call us.")
            )
            return render(request, self.template_name, {"form": form}, status=429)
        booking = lead_selectors.booking_for_reference_and_contact(
            reference=form.cleaned_data["reference"], contact=form.cleaned_data["contact"]
        )
        if booking is None:
            form.add_error(
                None,
                _(
                    "We could not find a booking with that reference and that e-mail or "
                    "phone number. Check both against our message, or call us."
                ),
            )
            return render(request, self.template_name, {"form": form}, status=400)
        return redirect("public_site:booking-track", token=booking_access_token(booking))
