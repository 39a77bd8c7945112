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


# --- Inquiries: the link and API token given to someone without an account ---

_INQUIRY_SALT = "leads.inquiry.access"


def inquiry_access_token(inquiry) -> str:
    return signing.dumps(
        {"i": str(inquiry.pk), "v": inquiry.token_version}, salt=_INQUIRY_SALT, compress=True
    )


def inquiry_id_from_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(token, salt=_INQUIRY_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or "i" not in data or "v" not in data:
        return None
    return str(data["i"]), int(data["v"])


# --- Quotations: the /quotes/<token>/ link --------------------------------------
#
# A quotation token is the quotation row's id and version, signed (HMAC) with
# the site's secret under its own salt. It is unguessable and opens exactly one
# document: a revision is a new row with a new id, so the old link keeps
# showing the old version ("replaced by version 2") and can no longer act on
# it. Being derived, not stored, it can be rebuilt for the PDF's QR code and a
# resent e-mail without keeping a secret in the database. Whether it may still
# *act* (accept, reject, ask for changes) is decided by the quotation's state:
# sent and within its validity.

_QUOTATION_SALT = "leads.quotation.access"


def quotation_access_token(quotation) -> str:
    return signing.dumps(
        {"q": str(quotation.pk), "v": quotation.version}, salt=_QUOTATION_SALT, compress=True
    )


def quotation_id_from_token(token: str) -> tuple[str, int] | None:
    try:
        data = signing.loads(token, salt=_QUOTATION_SALT)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or "q" not in data or "v" not in data:
        return None
    try:
        return str(data["q"]), int(data["v"])
    except (TypeError, ValueError):
        return None


# --- Marketing consent asked for on a public form ------------------------------
#
# Ticking "send me offers" on a form anyone can fill in proves nothing about
# who owns the address typed; consent is recorded only when the link sent to
# that address is followed. The token names the client and the address, and
# expires.

_OFFERS_SALT = "leads.offers.confirm"
OFFERS_TOKEN_MAX_AGE = 14 * 24 * 3600


def offers_confirmation_token(client, email: str) -> str:
    return signing.dumps({"c": str(client.pk), "e": email}, salt=_OFFERS_SALT, compress=True)


def offers_from_token(token: str) -> tuple[str, str] | None:
    """The client id and address a confirmation link was made for, if it is
    genuine and not older than OFFERS_TOKEN_MAX_AGE."""
    try:
        data = signing.loads(token, salt=_OFFERS_SALT, max_age=OFFERS_TOKEN_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(data, dict) or "c" not in data or "e" not in data:
        return None
    return str(data["c"]), str(data["e"])
