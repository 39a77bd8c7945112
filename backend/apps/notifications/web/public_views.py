"""Public pages of the notifications engine: the one-click unsubscribe.

An interface module (no rules here: it calls services). It will move to
``apps.public_site`` when that app grows; the URL stays the same.

GET shows what the link does and a button (mail scanners open every link,
so a GET never changes anything); POST unsubscribes. The POST needs no
session or CSRF token: mail providers send RFC 8058 one-click requests
(``List-Unsubscribe=One-Click``) without cookies, and the signed token in
the URL is what authorises it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.notifications.services import client_from_unsubscribe_token, unsubscribe


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    if request.method == "GET":
        client = client_from_unsubscribe_token(token)
        if client is None:
            return render(request, "notifications/public/unsubscribe_invalid.html", status=400)
        return render(
            request,
            "notifications/public/unsubscribe_confirm.html",
            {"client": client, "already": not client.marketing_opt_in},
        )
    try:
        client, changed = unsubscribe(token=token)
    except ValidationError:
        return render(request, "notifications/public/unsubscribe_invalid.html", status=400)
    return render(
        request,
        "notifications/public/unsubscribe_done.html",
        {"client": client, "changed": changed},
    )
