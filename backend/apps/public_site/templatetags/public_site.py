"""``{% load public_site %}``: JSON-LD blocks and small helpers of the public pages."""

from __future__ import annotations

import json
from typing import Any

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# As django.utils.html.json_script: nothing in the data can close the element.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def json_ld(data: Any) -> SafeString:
    """``<script type="application/ld+json">``: a data block, which the
    Content-Security-Policy does not treat as script (it is never run)."""
    if not data:
        return mark_safe("")
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    # Safe: JSON with <, > and & escaped cannot leave the element.
    escaped = mark_safe(text.translate(_JSON_ESCAPES))  # noqa: S308
    return format_html('<script type="application/ld+json">{}</script>', escaped)


@register.filter
def stars(rating: Any) -> range:
    """``{% for i in t.rating|stars %}`` draws one star per point (1 to 5)."""
    try:
        value = max(0, min(5, int(rating)))
    except (TypeError, ValueError):
        value = 0
    return range(value)
