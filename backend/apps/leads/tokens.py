"""Tracking links for bookings made without an account.

A token is the booking's id and token version, signed with the site's secret:
unguessable, tied to one booking, and revoked for all links at once by
bumping the version (e.g. when a customer reports a forwarded e-mail)."""

from __future__ import annotations

from django.core import signing

from apps.leads.models import Booking

_SALT = "leads.booking.access"


def booking_access_token(booking: Booking) -> str:
    return signing.dumps(
        {"b": str(booking.pk), "v": booking.token_version}, salt=_SALT, compress=True
    )


def booking_id_from_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(token, salt=_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or "b" not in data or "v" not in data:
        return None
    return str(data["b"]), int(data["v"])
