from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from apps.core.models import CompanySettings
from apps.core.selectors import company_settings

COOKIE_CONSENT_COOKIE = "cookie_consent"


def request_company_settings(request: HttpRequest) -> CompanySettings:
    """The company's settings, read once per request: the context processor
    and a view that needs them too (JSON-LD, prices) share one query."""
    cached = getattr(request, "_company_settings", None)
    if cached is None:
        cached = company_settings()
        request._company_settings = cached  # type: ignore[attr-defined]
    return cached


def company(request: HttpRequest) -> dict[str, object]:
    """The company's details for every template (header, footer, e-mails)."""
    return {"company": request_company_settings(request)}


def site(request: HttpRequest) -> dict[str, object]:
    """What the base layouts need on every page: the public address (for
    canonical and Open Graph links) and whether cookies were answered."""
    return {
        "SITE_URL": settings.SITE_URL,
        "cookie_consent": request.COOKIES.get(COOKIE_CONSENT_COOKIE, ""),
    }
