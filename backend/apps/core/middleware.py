"""Request id and request logging."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from apps.core import request_meta

logger = logging.getLogger("apps.request")

REQUEST_ID_HEADER = "X-Request-ID"


class RequestIdMiddleware:
    """Accepts a safe incoming X-Request-ID or makes one, returns it on the
    response, and binds it (with the client address) for logs and audit."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = request_meta.request_id_from(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_meta.bind(
            request_meta.RequestMeta(
                request_id=request_id,
                ip=request_meta.client_ip(request),
                user_agent=request_meta.user_agent(request),
                method=request.method or "",
                path=request.path,
            )
        )
        try:
            response = self.get_response(request)
        finally:
            request_meta.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


class RequestLogMiddleware:
    """One log line a request: method, path, status, duration and user.

    The query string is left out: it can hold tokens (quote links, resets)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        started = time.perf_counter()
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request_meta.set_user_id(str(user.pk))
        response = self.get_response(request)
        # DRF authenticates inside the view; pick the user up afterwards too.
        user = getattr(request, "user", None)
        user_id = str(user.pk) if user is not None and user.is_authenticated else None
        if user_id:
            request_meta.set_user_id(user_id)
        duration_ms = round((time.perf_counter() - started) * 1000, 1)
        level = logging.WARNING if response.status_code >= 500 else logging.INFO
        logger.log(
            level,
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "status": response.status_code,
                "duration_ms": duration_ms,
                "user_id": user_id,
                "method": request.method,
                "path": request.path,
            },
        )
        return response


class PermissionsPolicyMiddleware:
    """Adds the Permissions-Policy header (settings.PERMISSIONS_POLICY) to
    every response that does not set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.conf import settings

        response = self.get_response(request)
        policy = getattr(settings, "PERMISSIONS_POLICY", "")
        if policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = policy
        return response
