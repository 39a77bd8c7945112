"""Public pages of the notifications engine: the one-click unsubscribe.

An interface module (no rules here: it calls services), drawn in the public
site's layout.

GET shows what the link does and a button (mail scanners open every link,
so a GET never changes anything); POST unsubscribes. The POST needs no
session or CSRF token: mail providers send RFC 8058 one-click requests
(``List-Unsubscribe=One-Click``) without cookies, and the signed token in
the URL is what authorises it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from apps.notifications.services import client_from_unsubscribe_token, unsubscribe
from apps.public_site import seo
from apps.public_site.views import home_crumb


def _page(request, *, state: str, client=None, status: int = 200):
    crumbs = [home_crumb(), (_("Unsubscribe"), None)]
    context = {
        "state": state,
        "client": client,
        "crumbs": crumbs,
        "seo": seo.page_seo(
            request,
            title=_("Unsubscribe from news and offers"),
            description=_("Stop getting news and offers from us."),
            robots="noindex, nofollow",
            crumbs=crumbs,
        ),
    }
    response = render(request, "notifications/public/unsubscribe.html", context, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe_view(request, token: str):
    if request.method == "GET":
        client = client_from_unsubscribe_token(token)
        if client is None:
            return _page(request, state="invalid", status=400)
        return _page(
            request, state="already" if not client.marketing_opt_in else "ask", client=client
        )
    try:
        client, changed = unsubscribe(token=token)
    except ValidationError:
        return _page(request, state="invalid", status=400)
    return _page(request, state="done" if changed else "already", client=client)
