from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from apps.core.selectors import company_settings

COOKIE_CONSENT_COOKIE = "cookie_consent"


def company(request: HttpRequest) -> dict[str, object]:
    """The company's details for every template (header, footer, e-mails)."""
    return {"company": company_settings()}


def site(request: HttpRequest) -> dict[str, object]:
    """What the base layouts need on every page: the public address (for
    canonical and Open Graph links) and whether cookies were answered."""
    return {
        "SITE_URL": settings.SITE_URL,
        "cookie_consent": request.COOKIES.get(COOKIE_CONSENT_COOKIE, ""),
    }
