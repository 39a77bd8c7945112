"""Rate limits. Counters live in the default cache: Redis in production, so a
limit holds across every worker process."""

from rest_framework.throttling import AnonRateThrottle, UserRateThrottle

from apps.users.throttles import SignInThrottle

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


# Sign-in, registration and password reset, per client address: the rule is
# the domain's, shared with the web sign-in form.
AuthEndpointThrottle = SignInThrottle
