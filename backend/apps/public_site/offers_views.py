"""/offers/confirm/<token>/: the link e-mailed when someone ticks "send me
offers" on a public form. GET only shows what the button does (mail
scanners open every link); POST records the consent through
``confirm_marketing_consent``. A link that is not valid any more answers 400
with a page that says what to do."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import View

from apps.core.exceptions import DomainError
from apps.leads import services as lead_services
from apps.leads.services.clients import client_for_offers_token
from apps.public_site import seo
from apps.public_site.views import home_crumb

TEMPLATE = "public_site/offers_confirm.html"


class OffersConfirmView(View):
    def _render(self, request, *, state: str, client=None, status: int = 200):
        crumbs = [home_crumb(), (_("Offers"), None)]
        context = {
            "state": state,
            "client": client,
            "crumbs": crumbs,
            "seo": seo.page_seo(
                request,
                title=_("Offers and maintenance tips"),
                description=_("Confirm that you want offers from us."),
                robots="noindex, nofollow",
                crumbs=crumbs,
            ),
        }
        response = render(request, TEMPLATE, context, status=status)
        response["Cache-Control"] = "private, no-store"
        return response

    def get(self, request, token: str):
        client = client_for_offers_token(token)
        if client is None:
            return self._render(request, state="invalid", status=400)
        state = "already" if client.marketing_opt_in else "ask"
        return self._render(request, state=state, client=client)

    def post(self, request, token: str):
        try:
            client, changed = lead_services.confirm_marketing_consent(token=token)
        except DomainError:
            return self._render(request, state="invalid", status=400)
        return self._render(request, state="done" if changed else "already", client=client)
