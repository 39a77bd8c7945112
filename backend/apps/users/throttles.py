"""The per-address limit on sign-in, registration and password reset.

One rule for every door: the API's auth endpoints and the web sign-in form
count against the same counter (scope ``auth``, rate
``REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["auth"]``, env ``THROTTLE_AUTH``),
so an address spraying one password over many accounts is stopped whichever
door it uses. The per-account lock-out is django-axes' (apps.users.lockout).
Counters live in the default cache: Redis in production, so the limit holds
across every worker process."""

from __future__ import annotations

from django.http import HttpRequest
from rest_framework.throttling import SimpleRateThrottle


class SignInThrottle(SimpleRateThrottle):
    """Writes per client address, signed in or not; reads are free."""

    scope = "auth"

    def get_cache_key(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def sign_in_retry_after(request: HttpRequest) -> int | None:
    """Counts this attempt; when the address has used up its attempts, the
    seconds to wait (at least 1), otherwise None."""
    throttle = SignInThrottle()
    # DRF's throttles read only request.user and request.META: a Django request will do.
    if throttle.allow_request(request, None):  # type: ignore[arg-type]
        return None
    return max(1, int(throttle.wait() or 1))
