"""What a locked-out person is told (django-axes calls this)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.shortcuts import render
from django.utils.translation import gettext as _

from apps.core.errors import api_error, is_api_request


def lockout_message() -> str:
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return _(
        "Too many failed sign-in attempts. For your security, sign-in is paused for "
        "%(minutes)d minutes. You can reset your password meanwhile."
    ) % {"minutes": minutes}


def lockout_response(request: HttpRequest, *args: Any, **kwargs: Any):
    if is_api_request(request):
        return api_error(429, "locked_out", lockout_message())
    return render(request, "users/locked_out.html", {"message": lockout_message()}, status=429)
