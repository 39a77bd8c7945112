"""Where a person goes after signing in."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

ADMIN_PREFIX = "/admin/"
PORTAL_PREFIX = "/portal/"


def home_for(user) -> str:
    if user.is_staff_member:
        return reverse("admin_portal:dashboard")
    return reverse("client_portal:dashboard")


def safe_next(request, target: str | None) -> str | None:
    if not target:
        return None
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return None
    return target


def destination_after_login(request, user, target: str | None) -> str:
    """``next`` when it is on this site and in the person's own portal,
    otherwise the portal that fits their role."""
    target = safe_next(request, target)
    if target and (
        (target.startswith(ADMIN_PREFIX) and not user.is_staff_member)
        or (target.startswith(PORTAL_PREFIX) and not user.is_client)
        or target.startswith("/accounts/login")
    ):
        target = None
    return target or home_for(user)
