"""Sanitising of rich text written by staff (service, project, page and post
bodies). Called by the write services, never by ``save()``: what is stored is
already safe, so templates may mark it safe and API clients may render it."""

from __future__ import annotations

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "strong", "b", "em", "i", "u", "s", "small", "sub", "sup",
        "h2", "h3", "h4", "blockquote", "code", "pre",
        "ul", "ol", "li",
        "a",
        "table", "thead", "tbody", "tr", "th", "td", "caption",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


def sanitize_html(value: str | None) -> str:
    """Keep the allow-listed tags and attributes; drop scripts, styles, event
    handlers, comments and ``javascript:`` links. Links get
    ``rel="noopener noreferrer"``."""
    if not value:
        return ""
    return nh3.clean(
        value,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
