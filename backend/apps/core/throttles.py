"""The write limits every door shares: anonymous writes per client address
(rate ``anon_write``), signed-in writes per account (``user_write``; the
registration is open, so an account is no licence to flood the calendar or
the sales inbox). The API uses these classes as they are; the website's
forms count with the same rules and rates in counters of their own
(``cache_format``). Counters live in the default cache: Redis in production,
so a limit holds across every worker process."""

from __future__ import annotations

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


class AnonWriteThrottle(AnonRateThrottle):
    """Anonymous POST/PUT/PATCH/DELETE per client address; reads are free."""

    scope = "anon_write"

    def allow_request(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        return super().allow_request(request, view)


class UserWriteThrottle(UserRateThrottle):
    """Signed-in POST/PUT/PATCH/DELETE per account, whatever the address;
    anonymous writes are AnonWriteThrottle's. Registration is open, so an
    account is no licence to flood the calendar or the sales inbox."""

    scope = "user_write"

    def get_cache_key(self, request, view):
        if request.method in SAFE_METHODS or not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


# The public write endpoints (bookings, inquiries, replies, quote answers…):
# anonymous callers per address, signed-in callers per account.
WRITE_THROTTLES = [AnonWriteThrottle, UserWriteThrottle]
