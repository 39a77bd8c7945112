"""People's names, as every door takes them (bookings, inquiries, clients,
registration, profiles, quotation signatures): trimmed, normalised to
Unicode NFC, and holding at least one letter or digit a reader can see.

A name of only a zero-width space, a Hangul filler or a braille blank looks
empty on every page, e-mail and PDF that shows it, yet passes ``.strip()``;
NFC makes "é" typed as e + combining accent match "é" typed as one letter,
so the same person is matched and searched alike."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Characters Unicode classes as letters that render blank (Hangul fillers).
_BLANK_GLYPHS = frozenset("\u115f\u1160\u3164\uffa0")
# What trimming removes at either end, besides whitespace: format characters
# (Cf: zero-width space and joiners, bidi marks, the BOM…) and controls (Cc).
_TRIMMED_CATEGORIES = ("Cf", "Cc", "Zs", "Zl", "Zp")


def _is_visible(char: str) -> bool:
    return unicodedata.category(char)[0] in "LN" and char not in _BLANK_GLYPHS


def _trim(value: str) -> str:
    start, end = 0, len(value)
    while start < end and (
        value[start].isspace() or unicodedata.category(value[start]) in _TRIMMED_CATEGORIES
    ):
        start += 1
    while end > start and (
        value[end - 1].isspace() or unicodedata.category(value[end - 1]) in _TRIMMED_CATEGORIES
    ):
        end -= 1
    return value[start:end]


def has_visible_letter(value: str) -> bool:
    return any(_is_visible(char) for char in value)


def clean_person_name(
    value: str | None,
    *,
    field: str = "name",
    required: bool = True,
    error: Callable[[str, str], Exception] | None = None,
    missing: str | None = None,
) -> str:
    """``value`` trimmed and in NFC. Raises a ValidationError naming ``field``
    (or ``error(field, message)``, for a service whose doors expect its own
    DomainError) when the name is invisible, or empty although ``required``
    (said with ``missing`` when given). An optional name left blank comes
    back as ""."""
    typed = unicodedata.normalize("NFC", value or "")
    name = _trim(typed)
    if not typed.strip() and not required:
        return ""
    if not has_visible_letter(name):
        if typed.strip():
            message = _("Type a name with letters, not only spaces or symbols.")
        else:
            message = missing or _("Tell us your name.")
        if error is not None:
            raise error(field, message)
        raise ValidationError({field: [message]})
    return name
