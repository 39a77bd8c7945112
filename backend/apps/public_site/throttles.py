"""How often one visitor may send the website's inquiry forms (the contact
form and "Request a quote"): ``CONTACT_MESSAGES_PER_HOUR`` per client address,
or per account when signed in. Counted in the default cache (Redis in
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


class WebInquiryThrottle(SimpleRateThrottle):
    scope = "web_inquiry"
    cache_format = "throttle_web_%(scope)s_%(ident)s"

    def get_rate(self) -> str:
        return f"{settings.CONTACT_MESSAGES_PER_HOUR}/hour"

    def get_cache_key(self, request, view) -> str:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            ident = f"user-{user.pk}"
        else:
            ident = client_ip(request) or self.get_ident(request)
        return self.cache_format % {"scope": self.scope, "ident": ident}


def inquiry_throttled(request: HttpRequest) -> bool:
    """True when this visitor has used up their inquiries for now; otherwise
    the attempt is counted."""
    # DRF's throttles read only request.user and request.META: a Django request will do.
    return not WebInquiryThrottle().allow_request(request, None)  # type: ignore[arg-type]
