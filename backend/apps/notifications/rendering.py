"""Rendering staff-editable templates safely.

Staff templates run in a sandboxed engine of their own: no template loaders,
no ``{% load %}``, ``{% include %}`` or ``{% extends %}``, and only the
variables the sending code passes. The HTML body is rendered with
autoescaping on (a client who calls themselves ``<script>`` stays text);
subject, plain text and SMS are rendered with autoescaping off, because
they are not HTML. The HTML body is then wrapped in the branded layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template import Context, Engine, TemplateSyntaxError
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from apps.core.selectors import company_settings

_ENGINE = Engine(
    dirs=[],
    app_dirs=False,
    loaders=[],
    libraries={},
    autoescape=True,
    string_if_invalid="",
    debug=False,
)
_FORBIDDEN = re.compile(r"{%\s*(load|include|extends|block|debug|ssi|templatetag)\b")
_PLAIN = "{%% autoescape off %%}%s{%% endautoescape %%}"


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    html: str
    text: str


@lru_cache(maxsize=512)
def _compile(source: str, *, plain: bool):
    forbidden = _FORBIDDEN.search(source or "")
    if forbidden:
        raise TemplateSyntaxError(f"The tag '{forbidden.group(1)}' is not allowed in messages.")
    return _ENGINE.from_string(_PLAIN % source if plain else source)


def render_string(source: str, context: dict[str, Any], *, plain: bool) -> str:
    return _compile(source, plain=plain).render(Context(context, autoescape=not plain))


def validate_source(source: str, *, field: str, sample: dict[str, Any], plain: bool) -> None:
    """Raise ValidationError naming ``field`` when the template cannot compile or render."""
    try:
        render_string(source, sample, plain=plain)
    except TemplateSyntaxError as exc:
        raise ValidationError({field: [f"This template has an error: {exc}"]}) from exc
    except Exception as exc:  # a filter that blows up on the sample data
        raise ValidationError({field: [f"This template fails when rendered: {exc}"]}) from exc


def company_context(*, whatsapp: bool = True) -> dict[str, Any]:
    company = company_settings()
    phone = str(company.phone_primary or "")
    wa = str(company.whatsapp_number or "").lstrip("+")
    return {
        "name": company.name,
        "tagline": company.tagline,
        "phone": phone,
        "email": company.email,
        "address": company.address,
        "whatsapp_url": f"https://wa.me/{wa}" if (wa and whatsapp) else "",
        "logo_url": f"{settings.SITE_URL}{company.logo.url}" if company.logo else "",
    }


def one_line(text: str) -> str:
    return " ".join(text.split())[:255]


def render_email(
    *, subject: str, body_html: str, body_text: str, context: dict[str, Any]
) -> RenderedMessage:
    """Subject, full HTML (inside the layout) and full text (with footer)."""
    rendered_subject = one_line(render_string(subject, context, plain=True))
    html_content = render_string(body_html, context, plain=False)
    text_content = render_string(body_text, context, plain=True).strip()
    layout = {
        "subject": rendered_subject,
        "company": context.get("company", {}),
        "unsubscribe_url": context.get("unsubscribe_url", ""),
    }
    html = render_to_string(
        "notifications/email/layout.html",
        {**layout, "content": mark_safe(html_content)},  # noqa: S308 - rendered with autoescape above
    )
    text = render_to_string("notifications/email/layout.txt", {**layout, "content": text_content})
    return RenderedMessage(subject=rendered_subject, html=html, text=text.strip() + "\n")


def render_sms(*, source: str, context: dict[str, Any]) -> str:
    return " ".join(render_string(source, context, plain=True).split())
