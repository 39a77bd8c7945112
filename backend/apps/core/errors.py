"""Error pages in the site's look. They never show the exception's details.

Under /api/ the same handlers answer JSON in the API's one error shape
(``{"detail", "code", "errors"}``, see apps.api.errors): an unknown API path,
a malformed id in it, or a crash must not hand a script an HTML page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PATH_PREFIX = "/api/"


def is_api_request(request: HttpRequest) -> bool:
    return request.path.startswith(API_PATH_PREFIX) or request.path == API_PATH_PREFIX.rstrip("/")


def api_error(status: int, code: str, detail: str) -> JsonResponse:
    return JsonResponse({"detail": detail, "code": code, "errors": {}}, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    if is_api_request(request):
        return api_error(400, "bad_request", _("The request could not be understood."))
    return render(request, "400.html", status=400)


@requires_csrf_token
def permission_denied(request, exception=None):
    if is_api_request(request):
        return api_error(
            403, "permission_denied", _("You do not have permission to perform this action.")
        )
    return render(request, "403.html", status=403)


@requires_csrf_token
def page_not_found(request, exception=None):
    if is_api_request(request):
        return api_error(404, "not_found", _("Not found."))
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    if is_api_request(request):
        return api_error(500, "server_error", _("A server error occurred."))
    # No context processors: the database may be what failed.
    return HttpResponseServerError(get_template("500.html").render({}))
