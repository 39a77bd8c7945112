"""Rate limits. Counters live in the default cache: Redis in production, so a
limit holds across every worker process."""

from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle


class AnonWriteThrottle(AnonRateThrottle):
    """Anonymous POST/PUT/PATCH/DELETE per client address; reads are free."""

    scope = "anon_write"

    def allow_request(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return True
        return super().allow_request(request, view)


class AuthEndpointThrottle(SimpleRateThrottle):
    """Sign-in, registration and password reset, per client address, signed in or not."""

    scope = "auth"

    def get_cache_key(self, request, view):
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
