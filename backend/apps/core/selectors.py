"""Reads owned by the core app."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import QuerySet

from apps.core.models import AuditLog, CompanySettings


def company_settings() -> CompanySettings:
    """The company's settings row (created with defaults on first use)."""
    return CompanySettings.get_solo()


def audit_entries(
    *,
    actor_id: uuid.UUID | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditLog]:
    qs = AuditLog.objects.select_related("actor")
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if action:
        qs = qs.filter(action__startswith=action)
    if target_type:
        qs = qs.filter(target_type=target_type)
    if target_id:
        qs = qs.filter(target_id=target_id)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    return qs.order_by("-created_at", "-id")
