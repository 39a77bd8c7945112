"""Phone numbers in E.164, read with the company's default region (KE)."""

from __future__ import annotations

import phonenumbers
from django.conf import settings
from django.core.exceptions import ValidationError


def to_e164(raw: object, *, region: str | None = None) -> str:
    """``"0722 555 111"`` → ``"+254722555111"``; ValidationError when not a valid number."""
    text = str(raw or "").strip()
    if not text:
        raise ValidationError("A phone number is required.")
    try:
        number = phonenumbers.parse(text, region or settings.PHONENUMBER_DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(f"“{text}” is not a phone number.") from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(f"“{text}” is not a valid phone number.")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
