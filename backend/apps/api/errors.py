"""One error shape for every 4xx the API returns:

    {"detail": "human summary", "code": "machine_code", "errors": {"field": ["message"]}}

``errors`` is always present; it is empty when no field is to blame, and
``non_field_errors`` holds problems with the request as a whole.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from apps.core.exceptions import DomainError


def _as_lists(detail: Any) -> Any:
    if isinstance(detail, dict):
        return {str(key): _as_lists(value) for key, value in detail.items()}
    if isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            return [str(item) for item in detail]
        return [_as_lists(item) for item in detail]
    return [str(detail)]


def django_validation_error_to_drf(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        detail = {
            ("non_field_errors" if key == "__all__" else key): value
            for key, value in exc.message_dict.items()
        }
        return exceptions.ValidationError(detail)
    return exceptions.ValidationError({"non_field_errors": exc.messages})


def _domain_error_response(exc: DomainError) -> Response:
    body = {
        "detail": exc.message,
        "code": exc.code,
        "errors": {exc.field or "non_field_errors": [exc.message]},
        **exc.extra,
    }
    return Response(
        body, status=status.HTTP_409_CONFLICT if exc.conflict else status.HTTP_400_BAD_REQUEST
    )


# Django raises these lazily, when a view first reads the body (request.data);
# left alone they would end in Django's generic 400 page.
_OVERSIZED_REQUESTS: dict[type[Exception], tuple[str, Any]] = {
    RequestDataTooBig: ("request_too_big", gettext_lazy("The request body is too large.")),
    TooManyFieldsSent: ("too_many_fields", gettext_lazy("The request has too many fields.")),
    TooManyFilesSent: ("too_many_files", gettext_lazy("The request has too many files.")),
}


def _oversized_request_response(exc: Exception) -> Response | None:
    for kind, (code, message) in _OVERSIZED_REQUESTS.items():
        if isinstance(exc, kind):
            body = {"detail": str(message), "code": code, "errors": {}}
            return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return None


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DomainError):
        return _domain_error_response(exc)
    oversized = _oversized_request_response(exc)
    if oversized is not None:
        return oversized
    if isinstance(exc, DjangoValidationError):
        exc = django_validation_error_to_drf(exc)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # a 500: Django's handler logs it and answers without details

    if isinstance(exc, exceptions.ValidationError):
        detail = exc.detail
        if isinstance(detail, list):
            errors = {"non_field_errors": _as_lists(detail)}
        else:
            errors = _as_lists(detail)
        response.data = {
            "detail": _("Some of the data sent is not valid."),
            "code": "invalid",
            "errors": errors,
        }
        return response

    if isinstance(exc, exceptions.APIException):
        codes = exc.get_codes()
        detail = exc.detail
        if isinstance(detail, dict):  # e.g. SimpleJWT: {"detail", "code", "messages"}
            code = str(detail.get("code", exc.default_code))
            message = detail.get("detail", exc.default_detail)
        else:
            code = codes if isinstance(codes, str) else exc.default_code
            message = detail if isinstance(detail, str) else exc.default_detail
        response.data = {"detail": str(message), "code": code, "errors": {}}
        if isinstance(exc, exceptions.Throttled) and exc.wait is not None:
            response.data["retry_after"] = int(exc.wait)
        if isinstance(exc, exceptions.ParseError):
            response.status_code = status.HTTP_400_BAD_REQUEST
    return response
