"""Message templates: the shipped defaults, staff edits, previews and test sends."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction

from apps.core.services import record_audit, snapshot
from apps.notifications.catalog import (
    CATALOG,
    message_kind,
)
from apps.notifications.defaults import default_texts, sample_context, validate_template_fields
from apps.notifications.models import (
    Channel,
    EmailTemplate,
    Notification,
)
from apps.notifications.rendering import (
    RenderedMessage,
    render_email,
    render_sms,
)
from apps.notifications.selectors import template_texts
from apps.notifications.services.queueing import _clean_email, _create_notification


def load_email_templates(*, overwrite: bool = False) -> dict[str, int]:
    """Create or refresh the templates from the shipped files.

    A template staff changed (``is_customised``) is kept unless ``overwrite``."""
    counts = {"created": 0, "updated": 0, "kept": 0}
    for key in CATALOG:
        texts = default_texts(key)
        template = EmailTemplate.objects.filter(key=key).first()
        if template is None:
            EmailTemplate.objects.create(key=key, **texts)
            counts["created"] += 1
            continue
        if template.is_customised and not overwrite:
            counts["kept"] += 1
            continue
        changed = [f for f, v in texts.items() if getattr(template, f) != v]
        if changed or template.is_customised:
            for field in changed:
                setattr(template, field, texts[field])
            template.is_customised = False
            template.save(update_fields=[*changed, "is_customised", "updated_at"])
            counts["updated"] += 1
        else:
            counts["kept"] += 1
    return counts


TEMPLATE_FIELDS = ("subject", "body_html", "body_text", "sms_text")


@transaction.atomic
def update_email_template(*, template: EmailTemplate, actor: Any, **changes: str) -> EmailTemplate:
    """Save staff edits; a template that does not compile or render is refused
    with a ValidationError naming the field."""
    unknown = set(changes) - set(TEMPLATE_FIELDS)
    if unknown:
        raise ValueError(f"Not a template field: {', '.join(sorted(unknown))}")
    template = EmailTemplate.objects.select_for_update().get(pk=template.pk)
    before = snapshot(template, changes)
    for field, value in changes.items():
        setattr(template, field, value)
    template.full_clean()
    changed = [f for f in changes if before[f] != getattr(template, f)]
    if not changed:
        return template
    template.is_customised = True
    template.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    template.save(update_fields=[*changed, "is_customised", "updated_by", "updated_at"])
    record_audit(
        actor=actor,
        action="email_template.updated",
        target=template,
        changes=dict.fromkeys(changed, "changed"),
    )
    return template


@transaction.atomic
def reset_email_template(*, template: EmailTemplate, actor: Any) -> EmailTemplate:
    """Back to the shipped default."""
    texts = default_texts(template.key)
    for field in TEMPLATE_FIELDS:
        setattr(template, field, texts[field])
    template.is_customised = False
    template.updated_by = actor if getattr(actor, "is_authenticated", False) else None
    template.save()
    record_audit(actor=actor, action="email_template.reset", target=template)
    return template


def preview_email_template(
    *,
    key: str,
    subject: str,
    body_html: str,
    body_text: str,
    sms_text: str = "",
) -> dict[str, str]:
    """Render unsaved texts with the sample data (validated first)."""
    message_kind(key)
    validate_template_fields(
        key, subject=subject, body_html=body_html, body_text=body_text, sms_text=sms_text
    )
    context = sample_context(key)
    rendered = render_email(
        subject=subject, body_html=body_html, body_text=body_text, context=context
    )
    sms = render_sms(source=sms_text or body_text, context=context) if sms_text else ""
    return {"subject": rendered.subject, "html": rendered.html, "text": rendered.text, "sms": sms}


def send_test_email(
    *,
    key: str,
    to: str,
    actor: Any,
    subject: str | None = None,
    body_html: str | None = None,
    body_text: str | None = None,
) -> Notification:
    """Send a template (saved, or the unsaved texts given) with sample data."""
    texts = template_texts(key=key)
    overrides = {"subject": subject, "body_html": body_html, "body_text": body_text}
    texts.update({k: v for k, v in overrides.items() if v is not None})
    preview = preview_email_template(
        key=key,
        subject=texts["subject"],
        body_html=texts["body_html"],
        body_text=texts["body_text"],
    )
    rendered = RenderedMessage(
        subject=f"[TEST] {preview['subject']}"[:255], html=preview["html"], text=preview["text"]
    )
    with transaction.atomic():
        return _create_notification(
            channel=Channel.EMAIL,
            template_key=key,
            to=_clean_email(to),
            to_name=getattr(actor, "full_name", "") or "",
            rendered=rendered,
            context={"test": True},
            idempotency_key=f"test:{uuid.uuid4()}",
            actor=actor,
            audit_action="notification.test_sent",
        )
