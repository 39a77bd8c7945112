from __future__ import annotations

from django.http import HttpRequest

from apps.core.selectors import company_settings


def company(request: HttpRequest) -> dict[str, object]:
    """The company's details for every template (header, footer, e-mails)."""
    return {"company": company_settings()}
