"""How often one visitor may send the website's inquiry forms (the contact
form and "Request a quote"): ``CONTACT_MESSAGES_PER_HOUR`` per client address,
or per account when signed in; and try "Find my booking":
``BOOKING_LOOKUPS_PER_HOUR`` per address. Counted in the default cache (Redis in
production, so the limit holds across workers), apart from the API's limits."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.throttling import SimpleRateThrottle

from apps.core.request_meta import client_ip

THROTTLED_MESSAGE = _(
    "We have received several messages from you in the last hour. Please call us instead."
)


class HourlyWebThrottle(SimpleRateThrottle):
    """A website form's limit: ``per_hour_setting`` attempts an hour per
    client address (the proxy-aware ``client_ip``), in counters apart from
    the API's."""

    cache_format = "throttle_web_%(scope)s_%(ident)s"
    per_hour_setting = ""

    def get_rate(self) -> str:
        return f"{getattr(settings, self.per_hour_setting)}/hour"

    def ident(self, request) -> str:
        return client_ip(request) or self.get_ident(request)

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident(request)}


class WebInquiryThrottle(HourlyWebThrottle):
    scope = "web_inquiry"
    per_hour_setting = "CONTACT_MESSAGES_PER_HOUR"

    def ident(self, request) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return f"user-{user.pk}"
        return super().ident(request)


class BookingLookupThrottle(HourlyWebThrottle):
    """ "Find my booking" tries, per address whoever is signed in: someone
    else's reference is what is being guessed."""

    scope = "web_booking_lookup"
    per_hour_setting = "BOOKING_LOOKUPS_PER_HOUR"


def inquiry_throttled(request: HttpRequest) -> bool:
    """True when this visitor has used up their inquiries for now; otherwise
    the attempt is counted."""
    # DRF's throttles read only request.user and request.META: a Django request will do.
    return not WebInquiryThrottle().allow_request(request, None)  # type: ignore[arg-type]
