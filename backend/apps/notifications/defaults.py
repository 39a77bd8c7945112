"""The default texts shipped in ``email_templates/<key>/`` and the sample
context used to check and preview a template."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError

from apps.notifications.catalog import MARKETING, message_kind
from apps.notifications.rendering import company_context, validate_source

DEFAULTS_DIR = Path(__file__).resolve().parent / "email_templates"


def default_texts(key: str) -> dict[str, str]:
    folder = DEFAULTS_DIR / key

    def read(name: str) -> str:
        path = folder / name
        return path.read_text(encoding="utf-8").strip() if path.exists() else ""

    kind = message_kind(key)
    return {
        "name": kind.name,
        "description": kind.description,
        "subject": read("subject.txt"),
        "body_html": read("body.html"),
        "body_text": read("body.txt"),
        "sms_text": read("sms.txt"),
    }


def sample_context(key: str) -> dict[str, Any]:
    kind = message_kind(key)
    context: dict[str, Any] = {
        **kind.sample,
        "company": company_context(),
        "recipient_name": (kind.sample.get("client") or kind.sample.get("user") or {}).get(
            "name", ""
        ),
        "site_url": settings.SITE_URL,
    }
    if kind.kind == MARKETING:
        context["unsubscribe_url"] = f"{settings.SITE_URL}/notifications/unsubscribe/sample/"
    return context


def validate_template_fields(
    key: str, *, subject: str, body_html: str, body_text: str, sms_text: str = ""
) -> None:
    """Every field must compile and render with the sample data; errors name the field."""
    if not subject.strip():
        raise ValidationError({"subject": ["A subject is required."]})
    sample = sample_context(key)
    errors: dict[str, list[str]] = {}
    for field, source, plain in (
        ("subject", subject, True),
        ("body_html", body_html, False),
        ("body_text", body_text, True),
        ("sms_text", sms_text, True),
    ):
        try:
            validate_source(source, field=field, sample=sample, plain=plain)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
