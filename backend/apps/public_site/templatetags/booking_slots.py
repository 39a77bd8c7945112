"""Template helpers of the booking pages, and ``{% next_free_slot service %}``
for the service pages.

    {% load booking_slots %}
    {% next_free_slot service %}

renders "Next free visit: Tue 3 Mar, 08:00–10:00" with a link that opens
"Book a service" on that window (or nothing for a service that is not
bookable online). The answer is cached for NEXT_SLOT_CACHE_SECONDS per
service; the booking flow checks the window again anyway."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.core.cache import cache
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from apps.leads.selectors import next_free_slots
from apps.public_site.booking_calendar import slot_value as _slot_value

register = template.Library()

NEXT_SLOT_CACHE_SECONDS = 120


@register.simple_tag
def slot_value(day: dt.date, window_id: Any) -> str:
    return _slot_value(day, window_id)


@register.filter
def phone_pretty(value: Any) -> str:
    """``+254 712 345678`` from what a booking stored (E.164 text)."""
    import phonenumbers

    text = str(value or "")
    try:
        number = phonenumbers.parse(text, "KE")
    except phonenumbers.NumberParseException:
        return text
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


@register.filter
def visit_length(minutes: Any) -> str:
    """``About 2 hours``, ``About 45 minutes``, ``A full day``."""
    try:
        minutes = int(minutes)
    except (TypeError, ValueError):
        return ""
    if minutes >= 8 * 60:
        return _("A full day or more")
    if minutes < 60:
        return _("About %(n)d minutes") % {"n": minutes}
    hours = minutes / 60
    if hours == int(hours):
        n = int(hours)
        return ngettext("About %(n)d hour", "About %(n)d hours", n) % {"n": n}
    return _("About %(n)s hours") % {"n": f"{hours:.1f}".rstrip("0").rstrip(".")}


def next_free_slot_for(service: Any) -> dict[str, Any] | None:
    """The next free window of a bookable service, cached briefly:
    ``{"start": aware datetime, "label": "08:00–10:00", "url": "/book/?…"}``."""
    if not getattr(service, "can_be_booked", False):
        return None
    key = f"public_site:next-free-slot:{service.pk}:{timezone.localdate().isoformat()}"
    now = timezone.now()
    cached = cache.get(key)
    # The age is checked against our own clock as well as left to the cache's
    # expiry, so the bound holds whatever clock the cache server keeps.
    if cached and now - cached["at"] <= dt.timedelta(seconds=NEXT_SLOT_CACHE_SECONDS):
        found = cached["slot"]
    else:
        slots = next_free_slots(service, limit=1)
        found = (
            {"start": slots[0].start, "label": slots[0].label, "window_id": slots[0].window_id}
            if slots
            else {}
        )
        cache.set(key, {"at": now, "slot": found}, NEXT_SLOT_CACHE_SECONDS)
    if not found:
        return None
    query = QueryDict(mutable=True)
    query["service"] = service.slug
    query["slot"] = _slot_value(timezone.localtime(found["start"]).date(), found["window_id"])
    return {**found, "url": f"{reverse('public_site:book')}?{query.urlencode()}"}


@register.inclusion_tag("public_site/booking/_next_free_slot.html")
def next_free_slot(service: Any) -> dict[str, Any]:
    return {"service": service, "next_slot": next_free_slot_for(service)}
