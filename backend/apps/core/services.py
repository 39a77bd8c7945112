"""Writes owned by the core app: the audit trail and the company's settings."""

from __future__ import annotations

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from apps.core import request_meta
from apps.core.models import AuditLog, CompanySettings

# Never copied into the audit trail, whatever a caller passes.
_SECRET_FIELDS = frozenset({"password", "token", "secret", "otp_secret", "refresh", "access"})


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return str(value.pk)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(v) for v in value]
    if hasattr(value, "name") and hasattr(value, "url"):  # file fields
        return getattr(value, "name", "") or ""
    return str(value)


def diff_fields(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for the fields whose value changed."""
    changed: dict[str, list[Any]] = {}
    for key in sorted(set(before) | set(after)):
        old, new = _jsonable(before.get(key)), _jsonable(after.get(key))
        if old != new:
            changed[key] = [old, new]
    return changed


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    return {name: getattr(instance, name) for name in fields}


def record_audit(
    *,
    actor: Any | None,
    action: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    changes: dict[str, Any] | None = None,
    ip: str | None = None,
    user_agent: str | None = None,
) -> AuditLog:
    """Append one entry to the audit log.

    Called by every service that changes something on a person's behalf.
    IP, user agent and request id come from the current request when the
    caller does not pass them; secret-looking fields are masked."""
    meta = request_meta.current()
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:255]
    clean_changes = {
        key: ("***" if key.lower() in _SECRET_FIELDS else _jsonable(value))
        for key, value in (changes or {}).items()
    }
    is_person = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditLog.objects.create(
        actor=actor if is_person else None,
        actor_label=(getattr(actor, "email", "") if is_person else "")[:254],
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label[:255],
        changes=clean_changes,
        ip=ip if ip is not None else (meta.ip if meta else None),
        user_agent=(user_agent if user_agent is not None else (meta.user_agent if meta else ""))[
            :512
        ],
        request_id=meta.request_id if meta else "",
    )


COMPANY_SETTINGS_FIELDS = (
    "name",
    "tagline",
    "address",
    "phone_primary",
    "phone_secondary",
    "email",
    "whatsapp_number",
    "business_hours",
    "currency",
    "vat_rate",
    "kra_pin",
    "quote_validity_days",
    "invoice_due_days",
    "quote_terms",
    "invoice_terms",
    "logo",
)


@transaction.atomic
def update_company_settings(*, actor: Any, **changes: Any) -> CompanySettings:
    """Change the company's settings, validated as a whole, with an audit entry."""
    unknown = set(changes) - set(COMPANY_SETTINGS_FIELDS)
    if unknown:
        raise ValueError(f"Not a company setting: {', '.join(sorted(unknown))}")
    CompanySettings.get_solo()  # make sure the row exists before locking it
    company = CompanySettings.objects.select_for_update().get(
        pk=CompanySettings.singleton_instance_id
    )
    before = snapshot(company, changes)
    for field, value in changes.items():
        setattr(company, field, value)
    company.full_clean()
    company.save()
    record_audit(
        actor=actor,
        action="company_settings.updated",
        target=company,
        changes=diff_fields(before, snapshot(company, changes)),
    )
    return company


def record_export(*, actor: Any, name: str, target_type: str, filters: dict[str, Any]) -> None:
    """A staff member took a list out of the system (CSV): who, which list,
    and the filters that chose its rows, so a data leak can be traced."""
    record_audit(
        actor=actor,
        action=f"{name}.exported",
        target_type=target_type,
        changes={k: v for k, v in filters.items() if v not in ("", None, [], False)},
    )


def prune_audit_log(*, older_than_days: int) -> int:
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    deleted, _ = AuditLog.objects.filter(created_at__lt=cutoff).delete()
    return deleted
