"""Rate limits. Counters live in the default cache: Redis in production, so a
limit holds across every worker process. The write limits are the ones the
website shares (apps.core.throttles)."""

from apps.core.throttles import (
    SAFE_METHODS,
    WRITE_THROTTLES,
    AnonWriteThrottle,
    UserWriteThrottle,
)
from apps.users.throttles import SignInThrottle

__all__ = [
    "SAFE_METHODS",
    "WRITE_THROTTLES",
    "AnonWriteThrottle",
    "AuthEndpointThrottle",
    "UserWriteThrottle",
]

# Sign-in, registration and password reset, per client address: the rule is
# the domain's, shared with the web sign-in form.
AuthEndpointThrottle = SignInThrottle
