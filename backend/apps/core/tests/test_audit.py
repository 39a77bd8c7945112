"""The audit trail: who, what, where, and never a secret."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from apps.core import request_meta
from apps.core.models import AuditLog, CompanySettings
from apps.core.services import diff_fields, prune_audit_log, record_audit

pytestmark = pytest.mark.django_db


def test_record_audit_takes_ip_and_agent_from_the_current_request(admin_user):
    token = request_meta.bind(
        request_meta.RequestMeta(request_id="rid-0000001", ip="198.51.100.4", user_agent="UA/1")
    )
    try:
        entry = record_audit(
            actor=admin_user,
            action="thing.done",
            target=admin_user,
            changes={"role": ["staff", "admin"]},
        )
    finally:
        request_meta.reset(token)
    assert entry.ip == "198.51.100.4"
    assert entry.user_agent == "UA/1"
    assert entry.request_id == "rid-0000001"
    assert entry.actor == admin_user and entry.actor_label == admin_user.email
    assert entry.target_type == "users.user" and entry.target_id == str(admin_user.pk)


def test_record_audit_masks_secrets():
    entry = record_audit(actor=None, action="x", changes={"password": ["a", "b"], "token": "t"})
    assert entry.changes == {"password": "***", "token": "***"}
    assert entry.actor is None and entry.actor_label == ""


def test_diff_fields_lists_only_changes_as_json():
    changes = diff_fields(
        {"a": 1, "b": Decimal("16.00"), "c": dt.date(2026, 1, 1)},
        {"a": 1, "b": Decimal("18.00"), "c": dt.date(2026, 1, 2)},
    )
    assert changes == {"b": ["16.00", "18.00"], "c": ["2026-01-01", "2026-01-02"]}


def test_audit_entry_outlives_its_target(client_user):
    record_audit(actor=None, action="user.deleted", target=client_user)
    client_user.delete()
    assert AuditLog.objects.get(action="user.deleted").target_label


@pytest.mark.date_sensitive
def test_prune_keeps_recent_entries():
    old = record_audit(actor=None, action="old")
    AuditLog.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=800))
    record_audit(actor=None, action="new")
    assert prune_audit_log(older_than_days=730) == 1
    assert list(AuditLog.objects.values_list("action", flat=True)) == ["new"]


def test_company_settings_defaults_come_from_settings(settings):
    company = CompanySettings.get_solo()
    assert company.currency == settings.COMPANY_CURRENCY
    assert company.vat_rate == settings.COMPANY_VAT_RATE
