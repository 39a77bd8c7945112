"""Where a client-portal page sits: its breadcrumb trail."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def portal_crumbs(*items) -> list[tuple[object, str | None]]:
    """ "My account", then ``items`` (label, url), the current page's url None."""
    return [(_("My account"), reverse("client_portal:dashboard")), *items]
