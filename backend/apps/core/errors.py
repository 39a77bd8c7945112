"""Error pages in the site's look. They never show the exception's details.

Under /api/ the same handlers answer JSON in the API's one error shape
(``{"detail", "code", "errors"}``, see apps.api.errors): an unknown API path,
a malformed id in it, or a crash must not hand a script an HTML page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.middleware.common import CommonMiddleware
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import Resolver404, resolve
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


def api_not_found() -> JsonResponse:
    return api_error(404, "not_found", _("Not found."))


@requires_csrf_token
def page_not_found(request, exception=None):
    if is_api_request(request):
        return api_not_found()
    return render(request, "404.html", status=404)


def _is_real_route(path: str) -> bool:
    try:
        return resolve(path).func is not unknown_api_path
    except Resolver404:
        return False


def unknown_api_path(request: HttpRequest) -> HttpResponse:
    """The last route under /api/: whatever no API route matched. Under DEBUG
    Django answers an unmatched path with its technical HTML 404 page and
    never calls handler404, so the API's JSON 404 is answered here, in every
    setting. A real route named without its trailing slash is still sent to
    it, as CommonMiddleware's APPEND_SLASH would (the catch-all matching
    every path stops the middleware from seeing a 404)."""
    path = request.path_info
    if settings.APPEND_SLASH and not path.endswith("/") and _is_real_route(f"{path}/"):
        middleware = CommonMiddleware(lambda request: HttpResponse())
        return middleware.response_redirect_class(middleware.get_full_path_with_slash(request))
    return api_not_found()


@requires_csrf_token
def server_error(request):
    if is_api_request(request):
        return api_error(500, "server_error", _("A server error occurred."))
    # No context processors: the database may be what failed.
    return HttpResponseServerError(get_template("500.html").render({}))
