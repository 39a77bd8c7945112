"""Reads owned by the core app."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db.models import QuerySet

from apps.core.models import AuditLog, CompanySettings


def audit_actions() -> list[str]:
    """Every action name in the log, for the audit page's filter."""
    return list(AuditLog.objects.order_by("action").values_list("action", flat=True).distinct())


def company_settings() -> CompanySettings:
    """The company's settings row (created with defaults on first use)."""
    return CompanySettings.get_solo()


def audit_entries(
    *,
    actor_id: uuid.UUID | None = None,
    actor_query: str | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditLog]:
    qs = AuditLog.objects.select_related("actor")
    if actor_id:
        qs = qs.filter(actor_id=actor_id)
    if actor_query:
        qs = qs.filter(actor_label__icontains=actor_query.strip())
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


MIN_SEARCH_LENGTH = 2


def global_search(*, user, query: str, limit: int = 5) -> list[tuple[object, list]]:
    """``[(source label, [SearchHit, …]), …]`` for the sources this person may
    see, skipping empty ones. Queries shorter than two characters find nothing."""
    from apps.core import search

    query = (query or "").strip()
    if len(query) < MIN_SEARCH_LENGTH:
        return []
    groups = []
    for source in search.sources():
        if not user.has_perm(source.permission):
            continue
        hits = source.find(query, limit, user)
        if hits:
            groups.append((source.label, hits))
    return groups
