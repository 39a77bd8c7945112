"""What a refused form post answers (``CSRF_FAILURE_VIEW``).

Django's own page is a developer's page ("Forbidden (403) CSRF verification
failed", and under DEBUG the whole explanation of the check). A customer who
meets it, for example after leaving a quotation open for a day or with
cookies blocked, needs the site's page in its layout that says what happened
and what to do: go back, reload, try again. Under ``/api/`` the answer is JSON
in the API's one error shape instead.

The reason Django gives is logged by the CSRF middleware
(``django.security.csrf``) and never shown."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

from apps.core.errors import api_error, is_api_request


def _back_url(request: HttpRequest) -> str:
    """The page the form was on, when the browser said so and it is ours (the
    site-wide ``same-origin`` referrer policy sends it on our own forms)."""
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api_request(request):
        return api_error(
            403,
            "csrf_failed",
            _("The security check of this request failed. Reload the page and try again."),
        )
    response = render(request, "403_csrf.html", {"back_url": _back_url(request)}, status=403)
    response["Cache-Control"] = "private, no-store"
    return response
