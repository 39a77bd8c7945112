"""E-mail templates: shipped defaults, staff edits kept, broken ones refused."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from apps.notifications.catalog import CATALOG
from apps.notifications.defaults import default_texts
from apps.notifications.models import EmailTemplate
from apps.notifications.services import (
    load_email_templates,
    preview_email_template,
    queue_notification,
    update_email_template,
)

pytestmark = pytest.mark.django_db

REQUIRED_KEYS = {
    "booking_received", "booking_confirmed", "booking_rescheduled", "booking_cancelled",
    "booking_reminder", "booking_completed", "inquiry_received", "inquiry_assigned",
    "inquiry_reply", "quotation_sent", "quotation_accepted", "quotation_rejected",
    "invoice_issued", "invoice_reminder", "payment_received", "verify_email",
    "password_reset", "staff_invite", "campaign",
}  # fmt: skip


def test_every_required_template_is_loaded_by_the_migration():
    assert set(EmailTemplate.objects.values_list("key", flat=True)) >= REQUIRED_KEYS
    assert set(CATALOG) >= REQUIRED_KEYS


@pytest.mark.parametrize("key", sorted(REQUIRED_KEYS))
def test_every_default_renders_with_its_documented_sample(key):
    texts = default_texts(key)
    preview = preview_email_template(
        key=key,
        subject=texts["subject"],
        body_html=texts["body_html"],
        body_text=texts["body_text"],
        sms_text=texts["sms_text"],
    )
    assert preview["subject"] and "{{" not in preview["subject"]
    assert "Global Cool-Light" in preview["html"]  # the branded layout
    assert preview["text"].strip()
    assert CATALOG[key].variables  # documented


def test_reloading_keeps_staff_edits_and_refreshes_the_rest(admin_user):
    template = EmailTemplate.objects.get(key="booking_confirmed")
    update_email_template(template=template, actor=admin_user, subject="See you {{ booking.date }}")
    EmailTemplate.objects.filter(key="booking_received").update(subject="stale default")
    EmailTemplate.objects.filter(key="staff_invite").delete()
    counts = load_email_templates()
    assert counts["created"] == 1 and counts["updated"] == 1
    assert (
        EmailTemplate.objects.get(key="booking_confirmed").subject == "See you {{ booking.date }}"
    )
    assert (
        EmailTemplate.objects.get(key="booking_received").subject
        == default_texts("booking_received")["subject"]
    )


def test_a_staff_edit_shows_in_the_next_message(admin_user, django_capture_on_commit_callbacks):
    template = EmailTemplate.objects.get(key="inquiry_received")
    update_email_template(
        template=template, actor=admin_user, subject="Asante {{ client.name }}, we got it"
    )
    with django_capture_on_commit_callbacks(execute=True):
        queue_notification(
            template_key="inquiry_received",
            to="a@example.co.ke",
            context={"client": {"name": "Ali"}, "inquiry": {"reference": "INQ-1"}},
        )
    assert mail.outbox[0].subject == "Asante Ali, we got it"
    template.refresh_from_db()
    assert template.is_customised and template.updated_by == admin_user


@pytest.mark.parametrize(
    ("field", "source", "message"),
    [
        ("body_html", "<p>{% if client.name %}unclosed</p>", "has an error"),
        ("subject", "Hello {{ client.name|nosuchfilter }}", "has an error"),
        ("body_text", "{% include 'secrets.txt' %}", "not allowed"),
        ("body_html", "{% load static %}", "not allowed"),
    ],
)
def test_a_broken_template_is_refused_with_the_error(admin_user, field, source, message):
    template = EmailTemplate.objects.get(key="booking_confirmed")
    before = getattr(template, field)
    with pytest.raises(ValidationError) as exc:
        update_email_template(template=template, actor=admin_user, **{field: source})
    assert message in " ".join(exc.value.message_dict[field])
    template.refresh_from_db()
    assert getattr(template, field) == before
